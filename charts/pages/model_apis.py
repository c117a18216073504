"""Chart set of the Model APIs & inference providers page: one model across providers,
price vs output speed with the Pareto frontier, price history, the biggest price moves
and the price of intelligence."""

from __future__ import annotations

from typing import Any

import pandas as pd

from charts import prices as charts
from charts.provenance import Loader
from charts.spec import ChartSpec
from charts.theme import money
from market.pricing import pareto_mask, price_of_intelligence
from warehouse.queries import prices as q

DEFAULTS: dict[str, Any] = {
    "model": "",  # "" = the model offered by the most providers
    "history_models": (),  # () = the chosen model
    "speed_scope": "model",  # model | all
    "min_index": 40.0,  # Artificial Analysis intelligence index threshold
    "movers": 20,
}
SPEED_SCOPES = {"model": "Chosen model only", "all": "All models"}
STALE_DAYS = 120  # a price carries forward this long in the price-of-intelligence series


def default_model(load: Loader) -> str:
    """The model listed by the most providers (ties: alphabetical)."""
    choices = load(q.model_choices)
    return "" if choices.empty else str(choices["model_id"].iloc[0])


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """All charts of the page for ``params`` (see DEFAULTS)."""
    p = {**DEFAULTS, **params}
    model = p["model"] or default_model(load)
    history = tuple(p["history_models"]) or ((model,) if model else ())
    return [
        comparison_spec(load, model),
        speed_spec(load, model, p["speed_scope"]),
        history_spec(load, history),
        movers_spec(load, int(p["movers"])),
        intelligence_spec(load, float(p["min_index"])),
    ]


def comparison_spec(load: Loader, model: str) -> ChartSpec:
    data = load(q.model_across_providers, model_id=model) if model else pd.DataFrame()
    cols = [
        "provider",
        "model_id",
        "blended_usd_per_mtok",
        "input_usd_per_mtok",
        "output_usd_per_mtok",
        "cached_input_usd_per_mtok",
        "observed_at",
        "source_id",
        "is_router",
        "in_window",
        "disagree",
        "undated",
        "fx_currency",
    ]
    data = data[cols] if not data.empty else pd.DataFrame(columns=cols)
    title = comparison_title(data, model)
    subtitle = (
        f"Model: {model or 'none'} · current paid list prices (free tiers left out), "
        "USD per 1M tokens"
    )
    note = router_note(data)
    subtitle += f" · {note}" if note else ""
    shown = data.assign(provider=[display_provider(r) for r in data.itertuples()])
    return ChartSpec.from_data(
        load,
        name="model-across-providers",
        data=data,
        title=title,
        figure=charts.provider_bars(shown, title=title, subtitle=subtitle),
        subtitle=subtitle,
        method="Current price of each provider for the model by the current-price rule "
        "(warehouse.views: listed, dated before undated, newest, then source precedence); "
        "blended = 0.75 x input + 0.25 x output. The cheapest provider is chosen among "
        "providers that serve the model (routers such as OpenRouter are channels, shown "
        f"marked) with prices observed within {q.COMPARE_WINDOW_DAYS} days of the newest.",
    )


def display_provider(row: Any) -> str:
    """Provider label on charts: routers, prices converted from another currency and
    flagged prices say so."""
    label = str(row.provider)
    if bool(row.is_router):
        label += " (router)"
    currency = getattr(row, "fx_currency", None)
    if isinstance(currency, str) and currency:
        label += f" ({currency} list)"
    if bool(row.disagree):
        label += " ⚠"
    return label


def comparison_title(data: pd.DataFrame, model: str) -> str:
    priced = data.dropna(subset=["blended_usd_per_mtok"])
    serving = priced[~priced["is_router"].astype(bool) & priced["in_window"].astype(bool)]
    if serving.empty:
        if priced.empty:
            return (
                f"No provider lists both an input and an output price for {model or 'this model'}"
            )
        return f"{model} is listed only by routers: {', '.join(priced['provider'])}"
    lo, hi = serving.iloc[0], serving.iloc[-1]
    dates = pd.to_datetime(serving["observed_at"])
    when = (
        f"observed {dates.min():%Y-%m-%d}"
        if dates.min().date() == dates.max().date()
        else f"observed {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
    )
    if len(serving) == 1:
        head = (
            f"{model} is priced by one serving provider: {lo['provider']} at "
            f"{money(lo['blended_usd_per_mtok'])} blended ({when})"
        )
    else:
        spread = (
            hi["blended_usd_per_mtok"] / lo["blended_usd_per_mtok"]
            if lo["blended_usd_per_mtok"] > 0
            else float("nan")
        )
        spread_txt = f", {spread:,.1f}× spread" if pd.notna(spread) else ""
        head = (
            f"{lo['provider']} is the cheapest of {len(serving)} providers serving {model}: "
            f"{money(lo['blended_usd_per_mtok'])} vs {money(hi['blended_usd_per_mtok'])} "
            f"at {hi['provider']} ({when}{spread_txt})"
        )
    if bool(lo.get("disagree", False)):
        head += f"; ⚠ sources disagree on {lo['provider']}'s price (see 'Where sources disagree')"
    return head


def router_note(data: pd.DataFrame) -> str:
    """'routers (channels, not ranked): OpenRouter $0.316 (2026-08-08)' or ''."""
    priced = data.dropna(subset=["blended_usd_per_mtok"])
    routers = priced[priced["is_router"].astype(bool)]
    if routers.empty:
        return ""
    listed = ", ".join(
        f"{r.provider} {money(r.blended_usd_per_mtok)} ({pd.Timestamp(r.observed_at):%Y-%m-%d})"
        for r in routers.itertuples()
    )
    return f"routers (channels, not ranked): {listed}"


def speed_spec(load: Loader, model: str, scope: str) -> ChartSpec:
    only_model = scope != "all"
    raw = load(q.price_speed, model_id=model if only_model else "")
    data = (
        raw.assign(pareto=pareto_mask(raw, "blended_usd_per_mtok", "output_tps"))
        if not raw.empty
        else raw.assign(pareto=pd.Series(dtype=bool))
    )
    title = speed_title(data, model if only_model else "")
    subtitle = (
        f"Model: {model}" if only_model else "All models"
    ) + " · one point per priced OpenRouter endpoint, latest scrape · paid endpoints only"
    return ChartSpec.from_data(
        load,
        name="price-vs-speed",
        data=data,
        title=title,
        figure=charts.price_speed(data, title=title, subtitle=subtitle, label_frontier=only_model),
        subtitle=subtitle,
        method="One point is one real offer: the p50 output tokens/s of one OpenRouter "
        "endpoint over its rolling stats window and the blended price of that same endpoint "
        "in the same scrape. The price source keeps one price per provider and model (its "
        "cheapest endpoint), so a provider's dearer endpoints (e.g. a 'Fast' tier) have no "
        "tracked price and are not plotted. Frontier: no other point is both cheaper and "
        "faster (market.pricing.pareto_mask).",
    )


def speed_title(data: pd.DataFrame, model: str) -> str:
    if data.empty:
        where = f"for {model}" if model else "at all"
        return f"No OpenRouter endpoint has both a paid price and a measured speed {where}"
    front = data[data["pareto"]]
    fastest = data.loc[data["output_tps"].idxmax()]
    what = "priced endpoints" if model else "priced provider × model endpoints"
    head = f"{len(front)} of {len(data)} {what} are on the price–speed frontier"
    if model:
        head = f"{model}: {head}"
    name = fastest.get("endpoint_label", fastest["provider"])
    if name != fastest["provider"]:
        name = f"{fastest['provider']} (endpoint {name})"
    return (
        f"{head}; fastest is {name} at {fastest['output_tps']:,.0f} "
        f"tokens/s for {money(fastest['blended_usd_per_mtok'])} "
        f"({pd.Timestamp(fastest['observed_at']):%Y-%m-%d})"
    )


def history_spec(load: Loader, models: tuple[str, ...]) -> ChartSpec:
    data = load(q.price_history, model_ids=models)
    title = history_title(data, models)
    subtitle = (
        f"Models: {', '.join(models) or 'none'} · every observed day, USD per 1M tokens · "
        "providers serving the model (routers left out)"
    )
    return ChartSpec.from_data(
        load,
        name="price-history",
        data=data,
        title=title,
        figure=charts.price_history(data, title=title, subtitle=subtitle),
        subtitle=subtitle,
        method="Blended price of each provider's listing on each day a source observed it "
        "(lowest where two sources report the same day). Sources snapshot on different "
        "days, so a line joins the days observed, not a daily series.",
    )


def history_title(data: pd.DataFrame, models: tuple[str, ...]) -> str:
    if data.empty:
        return f"No price history for {', '.join(models) or 'the chosen model'}"
    if len(models) == 1:
        return "Cheapest blended price of " + _model_history(data, models[0], long=True)
    dates = pd.to_datetime(data["observed_at"])
    parts = [_model_history(data[data["model_id"] == m], m, long=False) for m in models]
    return (
        f"Cheapest blended price, first to last observed day "
        f"({dates.min():%Y-%m-%d} … {dates.max():%Y-%m-%d}): " + ", ".join(parts)
    )


def _model_history(data: pd.DataFrame, model: str, long: bool) -> str:
    """How the cheapest price of each observed day moved: a sentence (``long``) or
    'model -12%'."""
    if data.empty:
        return f"{model} no data"
    days = data.groupby("observed_at")["blended_usd_per_mtok"].min().sort_index()
    first, last = days.iloc[0], days.iloc[-1]
    if not long:
        if len(days) == 1:
            return f"{model} one day only"
        return f"{model} {last / first - 1:+.0%}" if first > 0 else f"{model} from $0"
    if len(days) == 1:
        return f"{model}: {money(first)} on the one day observed ({days.index[0]:%Y-%m-%d})"
    d0, d1 = f"{days.index[0]:%Y-%m-%d}", f"{days.index[-1]:%Y-%m-%d}"
    if last == first:
        return f"{model} stayed at {money(first)} ({d0} to {d1})"
    verb = "fell" if last < first else "rose"
    return f"{model} {verb} from {money(first)} ({d0}) to {money(last)} ({d1})"


def movers_spec(load: Loader, limit: int) -> ChartSpec:
    data = load(q.price_change_log, limit=limit)
    title = movers_title(data)
    subtitle = (
        f"The {limit} largest relative moves, input and output prices of text-generation "
        "listings, all sources; fine-tunes (ft:) and moving aliases (-latest) left out"
    )
    return ChartSpec.from_data(
        load,
        name="biggest-price-moves",
        data=data,
        title=title,
        figure=charts.change_dots(data, title=title, subtitle=subtitle),
        subtitle=subtitle,
        method="Changes between consecutive observations of the same source x provider x model "
        "x price type (warehouse view price_changes), largest |% change| first; each row "
        "gives both observation dates. Deprecated models are not flagged by the sources "
        "loaded, so a legacy model's move can still appear.",
        date_col="first_seen",
    )


def movers_title(data: pd.DataFrame) -> str:
    if data.empty:
        return "No price changes observed yet"
    top = data.iloc[0]
    cuts = int((data["pct_change"] < 0).sum())
    return (
        f"Largest move: {top['provider']} {top['model_id']} {top['price_type']} "
        f"{top['pct_change']:+,.0f}% {since_label(top)}; "
        f"{cuts} of the {len(data)} largest moves are cuts"
    )


def since_label(row: pd.Series) -> str:
    """'since the last refresh' only when the old value came from the source's previous
    refresh; otherwise the real dates ('2025-10-04 → 2026-07-24')."""
    old, new = pd.Timestamp(row["last_seen_old"]), pd.Timestamp(row["first_seen"])
    if bool(row.get("since_last_refresh", False)):
        return f"since the last refresh ({old:%Y-%m-%d} → {new:%Y-%m-%d})"
    return f"since {old:%Y-%m-%d} (to {new:%Y-%m-%d})"


def intelligence_spec(load: Loader, min_index: float) -> ChartSpec:
    per_model = load(q.cheapest_by_period, min_index=min_index, stale_days=STALE_DAYS)
    data = with_roles(per_model, min_index)
    title = intelligence_title(data, min_index)
    subtitle = (
        f"Models with an Artificial Analysis intelligence index ≥ {min_index:g}, "
        "cheapest non-zero blended price per month"
    )
    return ChartSpec.from_data(
        load,
        name="price-of-intelligence",
        data=data,
        title=title,
        figure=charts.price_of_intelligence(data, title=title, subtitle=subtitle),
        subtitle=subtitle,
        method="a16z 'LLMflation' method (market.pricing.price_of_intelligence): per month, the "
        "cheapest model at or above the index. Prices: each series' last observation in the "
        f"month, else its last one in the {STALE_DAYS} days before (carried forward). Index: "
        "the model's latest Artificial Analysis index as republished by OpenRouter, applied "
        "to all its prices; only models whose id matches an indexed model count, so months "
        "before the index captures cover fewer models.",
    )


def with_roles(per_model: pd.DataFrame, min_index: float) -> pd.DataFrame:
    """``per_model`` plus ``role`` = 'cheapest' for each period's cheapest model."""
    if per_model.empty:
        return per_model.assign(role=pd.Series(dtype=str))
    best = price_of_intelligence(
        per_model,
        min_index,
        period_col="period",
        model_col="model_id",
        price_col="blended_usd_per_mtok",
        index_col="aa_intelligence_index",
    )
    keys = set(zip(best["period"], best["model_id"], strict=True))
    role = [
        "cheapest" if k in keys else "other"
        for k in zip(per_model["period"], per_model["model_id"], strict=True)
    ]
    return per_model.assign(role=role)


def intelligence_title(data: pd.DataFrame, min_index: float) -> str:
    best = data[data["role"] == "cheapest"].sort_values("period") if not data.empty else data
    if best.empty:
        return f"No priced model reaches an intelligence index of {min_index:g}"
    last = best.iloc[-1]
    seen = pd.Timestamp(last["observed_at"])
    carried = (
        f", last observed {seen:%Y-%m-%d}"
        if seen.to_period("M") != last["period"].to_period("M")
        else ""
    )
    head = (
        f"Intelligence index ≥ {min_index:g} costs {money(last['blended_usd_per_mtok'])} "
        f"per 1M tokens ({last['model_id']} at {last['provider']}, {last['period']:%b %Y}"
        f"{carried})"
    )
    if len(best) < 2:
        return head + "; only one month of data"
    first = best.iloc[0]
    change = last["blended_usd_per_mtok"] / first["blended_usd_per_mtok"] - 1
    return head + f", {change:+.0%} since {first['period']:%b %Y}"
