"""Merger simulator and share what-ifs of the Concentration page: ΔHHI and guideline
verdicts, pairwise diversion/GUPPI/UPP, a logit-Bertrand simulation and its price-effects
chart, and share-shift / entry / exit what-ifs.

Pure logic, no Streamlit. Kept outside ``charts/pages/``: every public module there is
discovered by :mod:`charts.registry` as a page chart set (``specs`` and ``DEFAULTS``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from charts import concentration as charts
from charts.pages import concentration as cs
from charts.provenance import Loader
from charts.spec import ChartSpec
from market import concentration as mc
from market import merger as mg


@dataclass
class MergerOutcome:
    """Everything the merger simulator shows; ``errors`` maps a section (concentration,
    screens, logit) to the message explaining why it could not be computed."""

    concentration: mc.MergerConcentration | None = None
    verdicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    screens: pd.DataFrame = field(default_factory=pd.DataFrame)
    logit: mg.LogitMergerResult | None = None
    errors: dict[str, str] = field(default_factory=dict)


def margin_errors(margins: dict[str, float]) -> list[str]:
    """A message per margin outside [0, 1) (a gross margin (p − c)/p)."""
    return [
        f"Margin of '{firm}' must be a gross margin (p − c)/p in [0, 1), got {m:g}"
        + (": 1 or more would mean zero or negative marginal cost." if m >= 1 else ".")
        for firm, m in margins.items()
        if not (isinstance(m, int | float) and math.isfinite(m) and 0 <= m < 1)
    ]


def analyse_merger(
    shares: dict[str, float],
    merging: tuple[str, ...],
    *,
    outside: mc.OutsideTreatment,
    prices: dict[str, float],
    margins: dict[str, float],
    efficiency: float = 0.0,
    alpha: float | None = None,
    outside_share: float = 10.0,
) -> MergerOutcome:
    """Concentration change and verdicts, pairwise diversion/GUPPI/UPP, and a logit-Bertrand
    simulation (α from ``alpha``, or calibrated from the first merging firm's margin when
    ``alpha`` is None) whose inside shares are rescaled to leave ``outside_share`` percent."""
    out = MergerOutcome()
    try:
        out.concentration = mc.merger_concentration(shares, merging, outside=outside)
        verdicts = mc.assess_merger(shares, merging, outside=outside)
        out.verdicts = pd.DataFrame([v.__dict__ for v in verdicts])
    except (mc.ShareError, ValueError) as exc:
        out.errors["concentration"] = str(exc)
        return out
    bad = margin_errors(margins)
    if bad:
        out.errors["screens"] = out.errors["logit"] = " ".join(bad)
        return out
    try:
        eff = dict.fromkeys(merging, efficiency)
        rows: list[mg.PairScreen] = []
        for i, a in enumerate(merging):
            for b in merging[i + 1 :]:
                rows += mg.pair_screens(shares, (a, b), prices, margins, eff, outside=outside)
        out.screens = pd.DataFrame([s.__dict__ for s in rows])
    except (mg.MergerInputError, mc.ShareError) as exc:
        out.errors["screens"] = str(exc)
    try:
        out.logit = _simulate(shares, merging, prices, margins, alpha, outside_share)
    except (mg.MergerInputError, mc.ShareError, ValueError) as exc:
        out.errors["logit"] = str(exc)
    return out


def _simulate(
    shares: dict[str, float],
    merging: tuple[str, ...],
    prices: dict[str, float],
    margins: dict[str, float],
    alpha: float | None,
    outside_share: float,
) -> mg.LogitMergerResult:
    if not 0 < outside_share < 100:
        raise ValueError(f"outside-good share must be between 0 and 100%, got {outside_share:g}")
    inside = {k: v for k, v in shares.items() if v > 0}
    scale = (100.0 - outside_share) / sum(inside.values())
    scaled = {k: v * scale for k, v in inside.items()}
    calibration = None if alpha is not None else (merging[0], margins[merging[0]])
    return mg.simulate_logit_merger(
        scaled, {k: prices[k] for k in scaled}, merging, alpha=alpha, calibration=calibration
    )


def price_effects_spec(
    load: Loader, rows: pd.DataFrame, result: mg.LogitMergerResult, merging: tuple[str, ...]
) -> ChartSpec:
    """Post-merger price change per product from the logit-Bertrand simulation."""
    data = pd.DataFrame({
        "product": list(result.products),
        "price_change_pct": [result.price_change_pct[k] for k in result.products],
        "pre_price": [result.pre_prices[k] for k in result.products],
        "post_price": [result.post_prices[k] for k in result.products],
        "merging": [k in merging for k in result.products],
    })  # fmt: skip
    rise = data[data["merging"]]["price_change_pct"]
    title = (f"Logit simulation: merging firms' prices rise {rise.min():.2f}–{rise.max():.2f}%"
             if len(rise) else "Logit simulation")  # fmt: skip
    subtitle = (f"α = {result.alpha:.4g}; outside good {100 * result.outside_share_pre:.3g}% "
                f"of buyers · {cs.group_context(rows, False)}")  # fmt: skip
    source, as_of = cs.source_of(load, rows)
    return ChartSpec(
        name="merger-price-effects",
        figure=charts.price_effects(data, title=title, subtitle=subtitle),
        data=data, title=title, subtitle=subtitle, as_of=as_of,
        source=f"Inference Atlas logit-Bertrand merger simulation (ECONOMICS.md §2.1-2.2) on "
        f"shares from {source}",
        method="Logit demand calibrated to shares and prices; Bertrand costs from pre-merger "
        "FOCs; post-merger prices solve the FOCs with joint ownership. A screen, not a forecast.",
    )  # fmt: skip


# --- What-ifs: share shift, entry, exit ------------------------------------------------------


def whatif(shares: dict[str, float], kind: str, **kw: Any) -> dict[str, float]:
    """Shares after a ``shift`` (source, target, points), ``entry`` (entrant, share,
    take_from) or ``exit`` (leaver, include_residual); raises ShareError with the reason."""
    if kind == "shift":
        return mc.shift_share(shares, kw["source"], kw["target"], kw["points"])
    if kind == "entry":
        if not str(kw["entrant"]).strip():
            raise mc.ShareError("give the entrant a name")
        return mc.enter(shares, kw["entrant"], kw["share"], take_from=kw.get("take_from") or None)
    if kind == "exit":
        return mc.exit_firm(shares, kw["leaver"], include_residual=kw["include_residual"])
    raise ValueError(f"unknown what-if {kind!r}")


def whatif_spec(
    load: Loader,
    rows: pd.DataFrame,
    before: dict[str, float],
    after: dict[str, float],
    outside: mc.OutsideTreatment,
    regime: str,
    what: str,
) -> ChartSpec:
    """Each firm's share before and after a what-if; the title gives the HHI move."""
    firms = list(dict.fromkeys([*before, *after]))
    data = pd.DataFrame({
        "company": firms,
        "before_pct": [before.get(f, math.nan) for f in firms],
        "after_pct": [after.get(f, math.nan) for f in firms],
    })  # fmt: skip
    h0, h1 = cs.stats(before, outside)["hhi"], cs.stats(after, outside)["hhi"]
    band = cs.band_of(regime, h1)
    title = f"{what}: HHI {h0:,.0f} → {h1:,.0f} ({h1 - h0:+,.0f}), {band}"
    subtitle = f"{cs.group_context(rows, False)} · {cs.OUTSIDE_LABELS[outside].split(':')[0]}"
    source, as_of = cs.source_of(load, rows)
    return ChartSpec(
        name="share-what-if", figure=charts.before_after(data, title=title, subtitle=subtitle),
        data=data, title=title, subtitle=subtitle, as_of=as_of,
        source=f"Inference Atlas what-if on shares from {source}",
        method="market.concentration shift_share / enter / exit_firm; HHI = Σ share².",
    )  # fmt: skip
