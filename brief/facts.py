"""The facts of a brief: what moved in ``[start, end]`` (data dates), computed from the
query frames of ``warehouse.queries.brief``. Pure: no Streamlit, no files, no network.

Rules, stated once:
- price moves: text listings only; routers (``canon.channels.is_router``), fine-tunes
  (``ft:…``) and aliases (``…-latest``, moving pointers to another model) left out;
  consecutive observations of one (source, provider, model, price type) on two days;
  ordered by the model's usage share (where ranked), then by the size of the move.
- a listing is current at a date while its source's newest list of that provider
  (up to that date, within the year before the period) still has it; a model/provider is new when first seen in the
  period by a source that had lists before it (a new source's first list is new
  coverage, not news), removed when current before ``start`` and not at ``end``.
- quality tiers: the Artificial Analysis intelligence index (``TIERS``); the cheapest
  listing is the lowest non-zero 3:1 blended price among current listings.
- GPU moves: median on-demand USD per GPU-hour per GPU over the providers seen in both
  the period and the equally long period before it (at least ``MIN_GPU_PROVIDERS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from canon.channels import is_router
from warehouse.queries import brief as q

DEFAULT_THRESHOLD_PCT = 5.0
DEFAULT_DAYS = 7
STALE_DAYS = 14
MIN_GPU_PROVIDERS = 2
# (label, lowest index included, highest index excluded)
TIERS: tuple[tuple[str, float, float], ...] = (
    ("Frontier (index >= 50)", 50.0, float("inf")),
    ("Strong (40 to < 50)", 40.0, 50.0),
    ("Mid (30 to < 40)", 30.0, 40.0),
    ("Entry (< 30)", float("-inf"), 30.0),
)
TIER_RULE = (
    "Quality tiers by the Artificial Analysis intelligence index of the model "
    "(its latest published value): Frontier >= 50, Strong 40 to < 50, Mid 30 to < 40, "
    "Entry < 30. Cheapest = lowest non-zero 3:1 blended price (0.75 x input + 0.25 x "
    "output, USD per 1M tokens) among current text listings, routers excluded."
)

Query = Callable[..., pd.DataFrame]  # a loader: query(fn, **kwargs) -> DataFrame


def is_alias(model_id: str) -> bool:
    """A moving pointer (``gpt-4o-latest``, ``mistral-large-latest``) rather than a model."""
    return model_id.endswith("-latest") or model_id.endswith(":latest") or model_id == "latest"


def excluded(provider: str, model_id: str) -> bool:
    """Routers, fine-tunes and aliases: not what a brief's price facts count."""
    return is_router(provider) or model_id.startswith("ft:") or is_alias(model_id)


def keep(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``df`` (with provider and model_id) that are not ``excluded``."""
    if df.empty:
        return df
    mask = [not excluded(p, m) for p, m in zip(df["provider"], df["model_id"], strict=True)]
    return df[mask].reset_index(drop=True)


@dataclass
class Brief:
    start: date
    end: date
    runs_since: pd.Timestamp
    threshold_pct: float
    generated_at: pd.Timestamp
    price_moves: pd.DataFrame
    new_models: pd.DataFrame
    removed_models: pd.DataFrame
    new_providers: pd.DataFrame
    removed_providers: pd.DataFrame
    cheapest: pd.DataFrame
    gpu_moves: pd.DataFrame
    benchmarks: pd.DataFrame
    run_problems: pd.DataFrame
    stale: pd.DataFrame
    extra: dict[str, Any] = field(default_factory=dict)

    def sections(self) -> dict[str, pd.DataFrame]:
        return {
            "price_moves": self.price_moves,
            "new_models": self.new_models,
            "removed_models": self.removed_models,
            "new_providers": self.new_providers,
            "removed_providers": self.removed_providers,
            "cheapest": self.cheapest,
            "gpu_moves": self.gpu_moves,
            "benchmarks": self.benchmarks,
            "run_problems": self.run_problems,
            "stale": self.stale,
        }

    def has_market_data(self) -> bool:
        """Anything in the period's data (source health is not market data)."""
        market: tuple[str, ...] = ("price_moves", "new_models", "removed_models", "new_providers")
        market += ("removed_providers", "gpu_moves")
        if len(self.benchmarks) and (~self.benchmarks["new_source"].astype(bool)).any():
            return True
        changed_tier = bool(len(self.cheapest)) and bool(self.cheapest["changed"].any())
        return changed_tier or any(len(self.sections()[k]) for k in market)

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def default_period(newest: date | None, previous_end: date | None) -> tuple[date, date]:
    """Since the previous brief (the day after its end) up to the newest data day; the
    last ``DEFAULT_DAYS`` days of data for a first brief."""
    end = newest or date.today()
    start = previous_end + timedelta(days=1) if previous_end else end - timedelta(DEFAULT_DAYS - 1)
    return min(start, end), end


def build(
    query: Query,
    start: date,
    end: date,
    *,
    threshold_pct: float = DEFAULT_THRESHOLD_PCT,
    runs_since: pd.Timestamp | None = None,
    now: pd.Timestamp | None = None,
) -> Brief:
    """Every fact of the brief for ``[start, end]``. ``runs_since``: the refresh runs
    whose failures and held rows are reported (default: the last ``DEFAULT_DAYS`` days)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    now = now if now is not None else pd.Timestamp.now(tz="UTC").tz_localize(None)
    if runs_since is None:  # whole hours: the same cache key on every rerun of the page
        runs_since = (now - pd.Timedelta(days=DEFAULT_DAYS)).floor("h")
    series = keep(query(q.series_spans, start=start, end=end))
    new_m, gone_m, new_p, gone_p = listing_changes(listing_spans(series), start)
    state = series_state(series, query(q.series_changes, start=start, end=end))
    index = query(q.model_index)
    return Brief(
        start=start,
        end=end,
        runs_since=runs_since,
        threshold_pct=threshold_pct,
        generated_at=now,
        price_moves=price_moves(
            query(q.price_moves, start=start, end=end, min_abs_pct=threshold_pct)
        ),
        new_models=new_m,
        removed_models=gone_m,
        new_providers=new_p,
        removed_providers=gone_p,
        cheapest=cheapest_changes(blended(state, index, "before"), blended(state, index, "at")),
        gpu_moves=gpu_moves(query(q.gpu_offers, start=start, end=end)),
        benchmarks=query(q.new_benchmarks, start=start, end=end),
        run_problems=query(q.run_problems, since=runs_since),
        stale=stale_sources(query(q.newest_data), end),
    )


def price_moves(df: pd.DataFrame) -> pd.DataFrame:
    """Routers, fine-tunes and aliases out; the query's order (usage, then size) kept."""
    return keep(df)


SERIES = ["source_id", "provider", "model_id"]


def listing_spans(series: pd.DataFrame) -> pd.DataFrame:
    """Per listing (source, provider, model): first day, last day before the period and
    up to its end; the source's newest list of the provider before and up to the end
    (the newest day any of its series was seen); the source's first day ever."""
    if series.empty:
        cols = [*SERIES, "first_at", "last_before", "last_at", "snap_before", "snap_at"]
        return pd.DataFrame(columns=[*cols, "source_first_at"])
    g = series.groupby(SERIES, as_index=False)
    spans = g.agg(
        first_at=("first_at", "min"), last_before=("last_before", "max"), last_at=("last_at", "max")
    )
    snaps = spans.groupby(["source_id", "provider"], as_index=False).agg(
        snap_before=("last_before", "max"), snap_at=("last_at", "max")
    )
    first = series.groupby("source_id", as_index=False).agg(
        source_first_at=("source_first_at", "min")
    )
    return spans.merge(snaps, on=["source_id", "provider"]).merge(first, on="source_id")


def _prices_on(targets: pd.DataFrame, changes: pd.DataFrame) -> pd.Series:
    """Each changed series' price on one of its observed days (``targets``: series keys
    + ``day``), from its changes: the lowest value seen that day, else the value in force
    since its latest change point before the day, else the value before its first change."""
    keys = [*SERIES, "price_type"]
    cols = [*keys, "day", "v"]
    points = pd.concat(
        [
            changes[[*keys, "first_seen", "new_usd_per_mtok"]].set_axis(cols, axis=1),
            changes[[*keys, "last_seen_old", "old_usd_per_mtok"]].set_axis(cols, axis=1),
        ]
    )
    points = points.groupby([*keys, "day"], as_index=False)["v"].min().sort_values("day")
    t = targets.reset_index().sort_values("day")
    back = pd.merge_asof(t, points, on="day", by=keys, direction="backward")
    ahead = pd.merge_asof(t, points, on="day", by=keys, direction="forward")
    return pd.Series(back["v"].fillna(ahead["v"]).to_numpy(), index=t["index"].to_numpy())


def _days(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    for col in cols:
        df[col] = pd.to_datetime(df[col]).astype("datetime64[us]")
    return df


def series_state(series: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """Input/output series with their price on their last day before the period
    (``usd_before``) and up to its end (``usd_at``), and whether each is current then
    (the source's newest list of the provider still has it)."""
    s = series[series["price_type"].isin(q.HEADLINE_TYPES)].copy()
    spans = listing_spans(series)[[*SERIES, "snap_before", "snap_at"]]
    s = s.merge(spans, on=SERIES)
    s["usd_before"] = s["usd_at"] = s["min_usd_per_mtok"]
    changed = s[s["min_usd_per_mtok"] != s["max_usd_per_mtok"]]
    if len(changed) and len(changes):
        changes = _days(changes.copy(), ["first_seen", "last_seen_old"])
        keys = [*SERIES, "price_type"]
        for col, day in (("usd_before", "last_before"), ("usd_at", "last_at")):
            targets = changed[changed[day].notna()][[*keys, day]].rename(columns={day: "day"})
            prices = _prices_on(_days(targets, ["day"]), changes).dropna()
            s.loc[prices.index, col] = prices
    s["current_before"] = s["last_before"].notna() & (s["last_before"] == s["snap_before"])
    s["current_at"] = s["last_at"] == s["snap_at"]
    return s


def blended(state: pd.DataFrame, index: pd.DataFrame, when: str) -> pd.DataFrame:
    """Per current listing ``when`` ("before" the period or "at" its end): the 3:1
    blended price (``market.pricing``) and the model's intelligence index."""
    from market.pricing import BLEND_INPUT_WEIGHT as W

    cur = state[state[f"current_{when}"]]
    day = "last_before" if when == "before" else "last_at"
    wide = cur.pivot_table(index=SERIES, columns="price_type", values=f"usd_{when}", aggfunc="min")
    if not set(q.HEADLINE_TYPES) <= set(wide.columns):
        return pd.DataFrame(
            columns=[*SERIES, "observed_at", "blended_usd_per_mtok", "aa_intelligence_index"]
        )
    wide = wide.dropna(subset=list(q.HEADLINE_TYPES)).reset_index()
    wide["blended_usd_per_mtok"] = W * wide["input"] + (1 - W) * wide["output"]
    seen = cur.groupby(SERIES, as_index=False)[day].max().rename(columns={day: "observed_at"})
    out = wide.merge(seen, on=SERIES).merge(index, on="model_id", how="left")
    return out[[*SERIES, "observed_at", "blended_usd_per_mtok", "aa_intelligence_index"]]


def listing_changes(
    spans: pd.DataFrame, start: date
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(new models, removed models, new providers, removed providers) from
    ``listing_spans`` rows (already without routers, fine-tunes and aliases)."""
    cols_m = ["model_id", "providers", "sources", "day"]
    cols_p = ["provider", "models", "sources", "day"]
    if spans.empty:
        return (pd.DataFrame(columns=c) for c in (cols_m, cols_m, cols_p, cols_p))  # type: ignore[return-value]
    s = spans.copy()
    t0 = pd.Timestamp(start)
    s["now"] = s["last_at"] == s["snap_at"]
    s["before"] = s["last_before"].notna() & (s["last_before"] == s["snap_before"])
    # New in the market, not new coverage: first seen in a source that had lists before.
    s["new"] = (s["first_at"] >= t0) & (s["source_first_at"] < t0)
    out = []
    for key, other in (("model_id", "provider"), ("provider", "model_id")):
        g = s.groupby(key)
        first = g["first_at"].min()
        now, before = g["now"].any(), g["before"].any()
        new_keys = first[(first >= t0) & g["new"].any()].index
        gone_keys = before[before & ~now].index
        plural = "providers" if other == "provider" else "models"
        new = _listed(s[s[key].isin(new_keys) & s["new"]], key, other, plural, "first_at")
        gone_rows = s[s[key].isin(gone_keys) & s["before"]]
        gone = _listed(gone_rows, key, other, plural, "last_at", newest=True)
        out += [new, gone]
    return out[0], out[1], out[2], out[3]


def _listed(
    rows: pd.DataFrame, key: str, other: str, plural: str, day_col: str, newest: bool = False
) -> pd.DataFrame:
    """One row per ``key``: the ``other`` names and sources, and the day (first seen,
    or last seen for a removal). Sorted by how many ``other`` names, then by name."""
    if rows.empty:
        return pd.DataFrame(columns=[key, plural, "sources", "day", "source_id"])
    g = rows.groupby(key)
    out = pd.DataFrame(
        {
            plural: g[other].agg(lambda v: ", ".join(sorted(set(v)))),
            "n": g[other].nunique(),
            "sources": g["source_id"].agg(lambda v: ", ".join(sorted(set(v)))),
            "day": (g[day_col].max() if newest else g[day_col].min()).dt.date,
        }
    ).reset_index()
    out["source_id"] = out["sources"].str.replace(", ", ",")
    out = out.sort_values(["n", key], ascending=[False, True]).drop(columns="n")
    return out.reset_index(drop=True)


def tier_of(index: float) -> str | None:
    for label, low, high in TIERS:
        if low <= index < high:
            return label
    return None


def _cheapest(df: pd.DataFrame) -> pd.DataFrame:
    d = df[df["aa_intelligence_index"].notna() & (df["blended_usd_per_mtok"] > 0)].copy()
    if d.empty:
        return d.assign(tier=pd.Series(dtype=str))
    d["tier"] = d["aa_intelligence_index"].map(tier_of)
    d = d.sort_values(["tier", "blended_usd_per_mtok", "model_id", "provider", "source_id"])
    return d.groupby("tier", as_index=False).head(1).set_index("tier")


def cheapest_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Per tier: the cheapest listing at the end of the period and the one the day
    before it started; ``changed`` when the model or provider differs."""
    b, a = _cheapest(before), _cheapest(after)
    rows = []
    for label, _, _ in TIERS:
        if label not in a.index:
            continue
        now = a.loc[label]
        was = b.loc[label] if label in b.index else None
        rows.append(
            {
                "tier": label,
                "model_id": now["model_id"],
                "provider": now["provider"],
                "blended_usd_per_mtok": float(now["blended_usd_per_mtok"]),
                "aa_intelligence_index": float(now["aa_intelligence_index"]),
                "observed_at": now["observed_at"],
                "source_id": now["source_id"],
                "was_model_id": None if was is None else was["model_id"],
                "was_provider": None if was is None else was["provider"],
                "was_blended_usd_per_mtok": None
                if was is None
                else float(was["blended_usd_per_mtok"]),
                "changed": was is None
                or (was["model_id"], was["provider"]) != (now["model_id"], now["provider"]),
            }
        )
    return pd.DataFrame(rows)


def gpu_moves(offers: pd.DataFrame) -> pd.DataFrame:
    """Per GPU: median on-demand USD per GPU-hour over the providers in both periods,
    previous -> current, percent; only GPUs whose median moved, biggest move first."""
    cols = ["gpu", "n_providers", "providers", "old_median", "new_median", "pct_change"]
    if offers.empty:
        return pd.DataFrame(columns=[*cols, "observed_at", "source_id"])
    wide = offers.pivot_table(
        index=["gpu", "provider"], columns="period", values="usd_per_gpu_hour", aggfunc="min"
    )
    if not {"previous", "current"} <= set(wide.columns):
        return pd.DataFrame(columns=[*cols, "observed_at", "source_id"])
    both = wide.dropna(subset=["previous", "current"]).reset_index()
    rows = []
    for gpu, g in both.groupby("gpu"):
        if len(g) < MIN_GPU_PROVIDERS:
            continue
        old, new = float(g["previous"].median()), float(g["current"].median())
        if old <= 0 or round(new, 4) == round(old, 4):
            continue
        cur = offers[(offers["gpu"] == gpu) & (offers["period"] == "current")]
        cur = cur[cur["provider"].isin(g["provider"])]
        rows.append(
            {
                "gpu": gpu,
                "n_providers": len(g),
                "providers": ", ".join(sorted(g["provider"])),
                "old_median": old,
                "new_median": new,
                "pct_change": 100.0 * (new - old) / old,
                "observed_at": cur["observed_at"].max(),
                "source_id": ",".join(sorted(set(",".join(cur["source_id"]).split(",")))),
            }
        )
    out = pd.DataFrame(rows, columns=[*cols, "observed_at", "source_id"])
    if out.empty:
        return out
    order = out["pct_change"].abs().sort_values(ascending=False).index
    return out.loc[order].reset_index(drop=True)


def stale_sources(newest: pd.DataFrame, end: date, days: int = STALE_DAYS) -> pd.DataFrame:
    """Non-curated sources whose newest data is more than ``days`` days older than
    the brief's end."""
    if newest.empty:
        return newest.assign(age_days=pd.Series(dtype=int))
    d = newest[newest["kind"].fillna("") != "curated"].copy()
    d["age_days"] = (pd.Timestamp(end) - pd.to_datetime(d["newest"]).dt.normalize()).dt.days
    return d[d["age_days"] > days].sort_values(["age_days", "source_id"], ascending=[False, True])
