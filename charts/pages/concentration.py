"""Chart set and pure logic of the Concentration page: comparable share groups per segment,
validation of user-edited shares, HHI/CR4 against guideline bands, and every basis of a
segment side by side. The merger simulator and share what-ifs are in
:mod:`charts.concentration_whatif`.

No Streamlit here: the page and the batch exporter both call these functions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from charts import concentration as charts
from charts.pages.hardware import curated_provenance
from charts.provenance import Loader, provenance
from charts.spec import ChartSpec
from charts.theme import SEGMENT_LABELS
from market import concentration as mc
from warehouse.queries import concentration as q

DEFAULTS: dict[str, Any] = {
    "segment": "model_api",
    "group": "",  # "" = default_group() of the segment
    "outside": "atomistic",
    "regime": "us2023",
    "shares": (),  # () = the group's shares as loaded; else ((firm, pct), ...) edited
    "merging": (),  # () = the two largest firms
}
OUTSIDE_LABELS = {
    "atomistic": "Atomistic fringe: the unlisted rest adds 0 to HHI (a lower bound)",
    "renormalize": "Renormalize: listed firms rescaled to 100% (outside good excluded)",
}


def bands(regime: str) -> list[charts.Band]:
    """The guideline's HHI bands (from, to, name), read from market.concentration.REGIMES."""
    t = mc.REGIMES[regime].thresholds
    lo, hi = (t["low"].value, t["middle"].value) if regime == "eu2004" else (
        t["moderate"].value, t["high"].value)  # fmt: skip
    names = ("below", "between", "above") if regime == "eu2004" else (
        "unconcentrated", "moderate", "high")  # fmt: skip
    return [(0.0, lo, names[0]), (lo, hi, names[1]), (hi, mc.HHI_MAX, names[2])]


_GROUP_KEYS = ("group_label", "basis", "period", "origin", "market_definition")


def groups(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per comparable group (basis · period · market definition): firm count, listed
    total, newest source date, ``shares`` {firm: pct} of the rows that are firms' shares, and
    whether an HHI can be computed (``usable``) or why not (``why_not``). Plain loops over
    column lists: pandas row access costs milliseconds per call on these small frames."""
    names = (*_GROUP_KEYS, "company", "share_pct", "excluded_reason", "source_date")
    cols = {n: rows[n].tolist() for n in names}
    why_col = ["" if _missing(w) else str(w) for w in cols["excluded_reason"]]
    dates = ["" if _missing(d) else str(d) for d in cols["source_date"]]
    out: dict[str, dict[str, Any]] = {}
    for i, label in enumerate(cols["group_label"]):
        g = out.get(label)
        if g is None:
            g = out[label] = {
                **{k: cols[k][i] for k in _GROUP_KEYS},
                "firms": 0, "excluded": 0, "listed_pct": 0.0, "source_date": None,
                "why_not": "", "shares": {},
            }  # fmt: skip
        if not why_col[i]:
            g["firms"] += 1
            g["listed_pct"] += float(cols["share_pct"][i])
            g["shares"][str(cols["company"][i])] = float(cols["share_pct"][i])
        else:
            g["excluded"] += 1
            g["why_not"] = g["why_not"] or why_col[i]
        if dates[i] and (g["source_date"] is None or dates[i] > g["source_date"]):
            g["source_date"] = dates[i]
    for g in out.values():
        too_much = g["listed_pct"] > 100.0 + mc.TOTAL_TOLERANCE
        g["usable"] = g["firms"] > 0 and not too_much
        g["why_not"] = "shares exceed 100%" if too_much else ("" if g["firms"] else g["why_not"])
        # An HHI band only where the listed shares meet the minimum (market.concentration).
        g["insufficient"] = mc.insufficient_reason(g["shares"]) if g["usable"] else ""
        g["measurable"] = g["usable"] and not g["insufficient"]
        if g["insufficient"]:
            g["why_not"] = f"insufficient data: {g['insufficient']}"
    return list(out.values())


def listed_text(shares: dict[str, float], n: int = 3) -> str:
    """'Anthropic 24%' / 'A 40%, B 30% and 2 more' — what a group lists."""
    top = sorted(shares.items(), key=lambda kv: -kv[1])
    text = ", ".join(f"{k} {v:.3g}%" for k, v in top[:n])
    return text + (f" and {len(top) - n} more" if len(top) > n else "")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def default_group(gs: list[dict[str, Any]]) -> str:
    """Published before derived, no forecasts, largest listed total, newest source."""
    pool = [g for g in gs if g.get("measurable")] or [g for g in gs if g["usable"]] or gs
    if not pool:
        return ""

    def rank(g: dict[str, Any]) -> tuple:
        forecast = any(w in g["period"].lower() for w in ("forecast", "projected"))
        return (g["origin"] == "derived", forecast, -g["listed_pct"], _neg(g["source_date"]))

    return str(min(pool, key=rank)["group_label"])


def _neg(date: str | None) -> tuple[int, str]:
    """Sort key putting newer ISO dates first and missing dates last."""
    return (1, "") if not date else (0, "".join(chr(0x10FFFF - ord(c)) for c in date))


def group_rows(rows: pd.DataFrame, group: str) -> pd.DataFrame:
    return rows[rows["group_label"] == group].reset_index(drop=True)


def firm_shares(rows: pd.DataFrame) -> dict[str, float]:
    """Shares of the rows that are firms' shares (adoption, category and aggregate rows out)."""
    cols = (rows["company"].tolist(), rows["share_pct"].tolist(), rows["excluded_reason"].tolist())
    return {str(c): float(s) for c, s, why in zip(*cols, strict=True) if pd.isna(why)}


@dataclass
class Validated:
    """Result of :func:`validate_table`: usable shares and prices, or messages saying why not."""

    shares: dict[str, float] = field(default_factory=dict)
    prices: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))


def _number(value: object) -> float:
    """The cell as a float ("12.5", "12.5%", "1,000" accepted); NaN for anything else."""
    if isinstance(value, bool):
        return math.nan
    try:
        return float(str(value).replace(",", "").replace("%", "").strip())
    except ValueError:
        return math.nan


def validate_table(df: pd.DataFrame) -> Validated:
    """Validate an edited share table (columns ``company``, ``share_pct``, optional ``price``).

    Blank rows are ignored; a blank price means 1 (equal prices). Messages: a row without a
    company, a duplicate company, a missing or non-numeric share, a negative share or a
    total above 100% (both worded by market.concentration.ShareError), a price that is not a
    positive number."""
    out = Validated()
    for i, row in enumerate(df.to_dict("records"), start=1):
        raw_name, raw_share, raw_price = (row.get(k) for k in ("company", "share_pct", "price"))
        name = "" if _blank(raw_name) else str(raw_name).strip()
        if not name and _blank(raw_share):
            continue
        share = _number(raw_share)
        price = 1.0 if _blank(raw_price) else _number(raw_price)
        if not name:
            out.errors.append(f"Row {i} has a share but no company name.")
        elif name in out.shares:
            out.errors.append(f"'{name}' is listed twice; merge the rows into one share.")
        elif _blank(raw_share):
            out.errors.append(f"Share of '{name}' is empty: enter a number in percent (0-100).")
        elif math.isnan(share):
            out.errors.append(
                f"Share of '{name}' must be a number in percent (0-100), got {raw_share!r}."
            )
        else:
            out.shares[name] = share
            if math.isfinite(price) and price > 0:
                out.prices[name] = price
            else:
                out.errors.append(
                    f"Price of '{name}' must be a positive number, got {raw_price!r}."
                )
    if not out.errors:
        try:
            mc.validate_shares(out.shares)
        except mc.ShareError as exc:
            out.errors.append(f"{str(exc)[0].upper()}{str(exc)[1:]}.")
    if not out.shares and not out.errors:
        out.errors.append("The table is empty: enter at least one company with its share.")
    return out


def stats(shares: dict[str, float], outside: mc.OutsideTreatment) -> dict[str, Any]:
    """HHI, CR4, numbers-equivalent, listed total, unlisted 'other' and the band per regime."""
    h = mc.hhi(shares, outside=outside)
    listed = sum(shares.values())
    return {
        "bounds": mc.hhi_bounds(shares),
        "insufficient": mc.insufficient_reason(shares),
        "hhi": h,
        "cr4": mc.concentration_ratio(shares, 4, outside=outside),
        "equivalent": mc.numbers_equivalent(min(h, mc.HHI_MAX)),
        "listed": listed,
        "other": max(0.0, 100.0 - listed) if outside == "atomistic" else 0.0,
        "bands": {k: band_of(k, h) for k in mc.REGIMES},
    }


def source_of(load: Loader, rows: pd.DataFrame) -> tuple[str, str]:
    """Source text and as-of date for published and/or derived share rows."""
    parts, dates = [], []
    published = rows[rows["origin"] == "published"]
    derived = rows[rows["origin"] == "derived"]
    if not published.empty:
        text, as_of = curated_provenance(load, published)
        parts.append(text)
        dates.append(as_of)
    if not derived.empty:
        text, as_of = provenance(load, derived)
        parts.append(f"{text}; shares {q.derived_label(derived)}")
        dates.append(as_of)
    return "; ".join(parts) or "Inference Atlas warehouse", max(dates, default="")


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """The page's data charts for ``params`` (see DEFAULTS): every basis of the segment side
    by side, the chosen group's shares, and its HHI before/after merging two firms."""
    p = {**DEFAULTS, **params}
    rows = load(q.segment_shares, segment=p["segment"])
    group = p["group"] or default_group(groups(rows))
    chosen = group_rows(rows, group)
    shares = dict(p["shares"]) or firm_shares(chosen)
    merging = tuple(p["merging"]) or tuple(sorted(shares, key=shares.__getitem__)[::-1][:2])
    edited = bool(p["shares"]) and shares != firm_shares(chosen)
    return [
        comparison_spec(load, rows, p["segment"], p["outside"], p["regime"]),
        shares_spec(load, chosen, shares, p["outside"], edited),
        hhi_spec(load, chosen, shares, p["outside"], p["regime"], merging, edited),
    ]


def comparison_spec(
    load: Loader, rows: pd.DataFrame, segment: str, outside: mc.OutsideTreatment, regime: str
) -> ChartSpec:
    """HHI of every measurable group of the segment (enough firms and enough of the market
    listed): the same market on different bases. Each bar's label states the firms and
    share listed and the HHI bounds (fringe atomistic - the rest as one firm)."""
    gs = groups(rows)
    usable = [g for g in gs if g["measurable"]]
    short = [g for g in gs if g["usable"] and not g["measurable"]]
    labels: list[str] = []
    for g in usable:
        lo, hi = mc.hhi_bounds(g["shares"])
        label = _short(f"{g['basis']} · {g['period']} · {g['market_definition']}", 56)
        label += f" — {g['firms']} firms, {g['listed_pct']:.0f}% listed, HHI {lo:,.0f}–{hi:,.0f}"
        labels.append(label if label not in labels else f"{label} ({len(labels) + 1})")
    data = pd.DataFrame(
        [{"label": label, "basis": g["basis"], "hhi": stats(g["shares"], outside)["hhi"],
          "hhi_low": mc.hhi_bounds(g["shares"])[0], "hhi_high": mc.hhi_bounds(g["shares"])[1],
          "firms": g["firms"], "listed_pct": g["listed_pct"], "origin": g["origin"],
          "group_label": g["group_label"]} for label, g in zip(labels, usable, strict=True)],
        columns=["label", "basis", "hhi", "hhi_low", "hhi_high", "firms", "listed_pct",
                 "origin", "group_label"],
    )  # fmt: skip
    seg = SEGMENT_LABELS.get(segment, segment)
    rule = f"≥ {mc.MIN_FIRMS} firms and ≥ {mc.MIN_LISTED_PCT:g}% of the market listed"
    if data.empty:
        title = f"{seg}: no group of firm shares lists enough of the market for an HHI ({rule})"
    else:
        found = sorted({band_of(regime, h) for h in data["hhi"]}, key=list(BAND_ORDER).index)
        lo, hi = data["hhi"].min(), data["hhi"].max()
        title = f"{seg}: HHI runs {lo:,.0f}–{hi:,.0f} across " if len(data) > 1 else (
            f"{seg}: HHI {lo:,.0f} in ")  # fmt: skip
        title += f"{len(data)} group{'s' if len(data) > 1 else ''} with {rule}"
        title += f", from {found[0]} to {found[-1]}" if len(found) > 1 else f", all {found[0]}"
    if short:
        title += f"; {len(short)} group{'s' if len(short) > 1 else ''}: insufficient data"
    subtitle = f"{OUTSIDE_LABELS[outside].split(':')[0]} · bands: {mc.REGIMES[regime].name}"
    source, as_of = source_of(load, rows[rows["group_label"].isin(data["group_label"])])
    return ChartSpec(
        name=f"{segment}-hhi-by-basis",
        figure=charts.hhi_bands(data, bands=bands(regime), title=title, subtitle=subtitle,
                                color_by="basis"),  # fmt: skip
        data=data, title=title, source=source, as_of=as_of, subtitle=subtitle,
        method="HHI = Σ share² (percent) per comparable group (same basis, period and market "
        "definition); adoption, category and aggregate rows excluded (ECONOMICS.md §1.1). "
        f"A group gets an HHI and a band only with {rule}; the others are 'insufficient "
        "data'. Bounds: lower = the unlisted rest as an atomistic fringe, upper = the rest "
        "as one firm.",
    )  # fmt: skip


BAND_ORDER = {
    "unconcentrated": 0, "HHI below 1,000": 0, "moderately concentrated": 1,
    "HHI 1,000-2,000": 1, "highly concentrated": 2, "HHI above 2,000": 2,
}  # fmt: skip


def band_of(regime: str, h: float) -> str:
    """The guideline band of HHI ``h`` under ``regime`` (HHI capped at 10,000)."""
    return mc.assess(regime, min(h, mc.HHI_MAX), 0.0).band


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def shares_spec(
    load: Loader,
    rows: pd.DataFrame,
    shares: dict[str, float],
    outside: mc.OutsideTreatment,
    edited: bool,
) -> ChartSpec:
    """The group's firm shares plus the unlisted remainder ('Other, unlisted')."""
    eff = mc.effective_shares(shares, outside=outside) if shares else {}
    data = pd.DataFrame({"company": list(eff), "share_pct": list(eff.values()), "kind": "listed"})
    other = 100.0 - sum(eff.values())
    if other > 1e-9:
        other_row = {"company": "Other, unlisted", "share_pct": other, "kind": "other"}
        data = pd.concat([data, pd.DataFrame([other_row])], ignore_index=True)
    basis = rows["basis"].iloc[0] if not rows.empty else ""
    if eff:
        lead = max(eff, key=eff.__getitem__)
        title = f"{lead} leads with {eff[lead]:.3g}% ({basis} basis)"
    else:
        title = "No firm shares in this group"
    subtitle = group_context(rows, edited)
    source, as_of = source_of(load, rows)
    return ChartSpec(
        name="market-shares", figure=charts.share_bars(data, title=title, subtitle=subtitle),
        data=data, title=title, source=source, as_of=as_of, subtitle=subtitle,
        method="Shares as published or derived; the remainder to 100% is shown as 'other'.",
    )  # fmt: skip


def hhi_spec(
    load: Loader,
    rows: pd.DataFrame,
    shares: dict[str, float],
    outside: mc.OutsideTreatment,
    regime: str,
    merging: tuple[str, ...] = (),
    edited: bool = False,
) -> ChartSpec:
    """The market's HHI (and the post-merger HHI when ``merging`` names 2+ listed firms)."""
    items = []
    if shares:
        items.append({"label": "Market as listed", "hhi": stats(shares, outside)["hhi"]})
    if len(set(merging)) >= 2 and set(merging) <= set(shares):
        m = mc.merger_concentration(shares, merging, outside=outside)
        items.append({"label": f"After {m.merged_name}", "hhi": m.post_hhi})
    short = mc.insufficient_reason(shares) if shares else ""
    if short:
        items = []  # no band for a group that lists too little of the market
    data = pd.DataFrame(items, columns=["label", "hhi"])
    if short:
        lo, hi = mc.hhi_bounds(shares)
        title = (
            f"Insufficient data for an HHI band: {short}. Listed: {listed_text(shares)}; "
            f"HHI could be anywhere from {lo:,.0f} to {hi:,.0f}"
        )
    elif data.empty:
        title = "No firm shares to measure"
    else:
        band = band_of(regime, data["hhi"].iloc[0])
        lo, hi = mc.hhi_bounds(shares)
        title = f"HHI {data['hhi'].iloc[0]:,.0f}: {band} under the {mc.REGIMES[regime].name}"
        title += f" ({sum(shares.values()):.0f}% listed; bounds {lo:,.0f}–{hi:,.0f})"
        if len(data) > 1:
            title += f"; the merger adds {data['hhi'].iloc[1] - data['hhi'].iloc[0]:,.0f} points"
    subtitle = f"{group_context(rows, edited)} · {OUTSIDE_LABELS[outside].split(':')[0]}"
    source, as_of = source_of(load, rows)
    return ChartSpec(
        name="hhi-after-merger" if len(data) > 1 else "hhi-against-bands",
        figure=charts.hhi_bands(data, bands=bands(regime), title=title, subtitle=subtitle),
        data=data, title=title, source=source, as_of=as_of, subtitle=subtitle,
        method="HHI = Σ share²; post-merger HHI with the merging firms' shares combined; "
        f"bands of the {mc.REGIMES[regime].name} ({mc.REGIMES[regime].citation}).",
    )  # fmt: skip


def group_context(rows: pd.DataFrame, edited: bool) -> str:
    """Subtitle text naming the group's basis, period and market definition."""
    if rows.empty:
        return "No group selected"
    r = rows.iloc[0]
    text = f"{r['basis']} basis, {r['period']}: {r['market_definition']}"
    return text + (" · shares edited by the user" if edited else "")
