"""Market-concentration arithmetic: HHI, CR-n, numbers-equivalent, merger deltas, what-ifs.

Pure functions, no I/O. Formulas and published test vectors follow ``ECONOMICS.md`` §1
(Inference Atlas reference notes).

Units
    Shares are **percent** (0-100) by default, so HHI runs 0-10,000 (DOJ convention).
    Fractions (0-1) are accepted only when the caller says so with ``scale="fraction"``;
    they are converted to percent on entry, so every output is in percent / HHI points.

Shares that sum to less than 100
    The residual ``100 - sum(shares)`` is handled by the explicit ``outside`` argument:

    * ``"atomistic"`` (default): the residual is an unlisted fringe of infinitesimally small
      firms (or an outside good) and contributes 0 to HHI. Published share tables usually
      list the leaders and lump the rest into "others", so this gives the lower bound of the
      true HHI and never invents a concentration the data does not show.
    * ``"renormalize"``: shares are rescaled to sum to 100 over the listed firms only, like
      the R ``antitrust`` package's ``insideonly = TRUE`` (the outside good is excluded).

    ECONOMICS.md §1.1 example: 20/25/30 with a 25 residual gives HHI 1,925 (atomistic) and
    3,422 (renormalized); the dashboard must expose the choice.

Guideline screens (US 2023 MG, US 2010 HMG, EU 2004 HMG) are data (:data:`REGIMES`, each
threshold with its comparison and the guideline's own words) applied by :func:`assess`.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Scale = Literal["percent", "fraction"]
OutsideTreatment = Literal["atomistic", "renormalize"]
SharesInput = Mapping[str, float] | Sequence[float]

#: Allowed excess of the share total over 100 (percentage points), for float noise only.
TOTAL_TOLERANCE = 1e-6
HHI_MAX = 10_000.0


class ShareError(ValueError):
    """Market shares are not usable; the message names the offending firm and value."""


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _named(shares: SharesInput) -> dict[str, object]:
    if isinstance(shares, Mapping):
        return {str(name): value for name, value in shares.items()}
    if isinstance(shares, (str, bytes)) or not isinstance(shares, Iterable):
        raise ShareError(
            f"shares must be a mapping firm -> share or a list of numbers, got {shares!r}"
        )
    return {f"firm {i + 1}": value for i, value in enumerate(shares)}


def validate_shares(shares: SharesInput, *, scale: Scale = "percent") -> dict[str, float]:
    """Check shares and return them as ``{firm: percent}``.

    Raises :class:`ShareError` if a share is not a finite number, is negative, or if the
    total exceeds 100 % (1.0 with ``scale="fraction"``) by more than float noise.
    Unnamed shares (a plain list) are named "firm 1", "firm 2", ...
    """
    if scale not in ("percent", "fraction"):
        raise ShareError(f"scale must be 'percent' or 'fraction', got {scale!r}")
    factor = 100.0 if scale == "fraction" else 1.0
    unit = "a fraction between 0 and 1" if scale == "fraction" else "percent (0-100)"
    out: dict[str, float] = {}
    for name, value in _named(shares).items():
        # _is_number's test, spelled out so the type checker narrows `value`
        if (
            not isinstance(value, numbers.Real)
            or isinstance(value, bool)
            or not math.isfinite(float(value))
        ):
            raise ShareError(f"share of {name!r} must be a finite number in {unit}, got {value!r}")
        if value < 0:
            raise ShareError(f"share of {name!r} is negative ({value}); shares must be >= 0")
        out[name] = float(value) * factor
    total = sum(out.values())
    if total > 100.0 + TOTAL_TOLERANCE:
        largest = max(out, key=out.__getitem__)
        shown = total / factor
        raise ShareError(
            f"shares sum to {shown:g} in {unit}, more than the whole market "
            f"(largest: {largest!r} at {out[largest] / factor:g}); check units "
            f"(pass scale='fraction' for 0-1 shares) or double counting"
        )
    return out


def effective_shares(
    shares: SharesInput, *, scale: Scale = "percent", outside: OutsideTreatment = "atomistic"
) -> dict[str, float]:
    """Validated percent shares after applying the ``outside`` treatment (see module doc)."""
    pct = validate_shares(shares, scale=scale)
    if outside == "atomistic":
        return pct
    if outside != "renormalize":
        raise ShareError(f"outside must be 'atomistic' or 'renormalize', got {outside!r}")
    total = sum(pct.values())
    if total <= 0:
        raise ShareError("cannot renormalize: all listed shares are zero")
    return {name: 100.0 * value / total for name, value in pct.items()}


def hhi(
    shares: SharesInput, *, scale: Scale = "percent", outside: OutsideTreatment = "atomistic"
) -> float:
    """Herfindahl-Hirschman index, sum of squared percent shares (0-10,000).

    Example (DOJ explainer, ECONOMICS.md §1.1): 30, 30, 20, 20 -> 2,600.
    """
    return sum(s * s for s in effective_shares(shares, scale=scale, outside=outside).values())


def concentration_ratio(
    shares: SharesInput,
    n: int = 4,
    *,
    scale: Scale = "percent",
    outside: OutsideTreatment = "atomistic",
) -> float:
    """CR-n: combined percent share of the ``n`` largest listed firms (Census CR4/CR8...)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive whole number of firms, got {n!r}")
    pct = effective_shares(shares, scale=scale, outside=outside)
    return sum(sorted(pct.values(), reverse=True)[:n])


def numbers_equivalent(hhi_points: float) -> float:
    """10,000 / HHI: the number of equal-sized firms that would give this HHI.

    McAfee & Lewis §17.1: economists "use 1/HHI as a proxy for the number of firms".
    HHI 0 (only atomistic firms) gives ``math.inf``.
    """
    if not _is_number(hhi_points) or not 0 <= hhi_points <= HHI_MAX + 1e-6:
        raise ValueError(f"HHI must be a number between 0 and 10,000 points, got {hhi_points!r}")
    return math.inf if hhi_points == 0 else HHI_MAX / hhi_points


def delta_hhi_pair(share_1: float, share_2: float) -> float:
    """ΔHHI of merging two firms with percent shares s1 and s2: 2·s1·s2 (others irrelevant)."""
    validate_shares({"first firm": share_1, "second firm": share_2})
    return 2.0 * share_1 * share_2


def merge(shares: Mapping[str, float], merging: Sequence[str], name: str | None = None) -> dict:
    """Combine the ``merging`` firms into one firm (named ``name`` or "A + B"), first position."""
    missing = [firm for firm in merging if firm not in shares]
    if missing:
        raise ShareError(f"merging firm(s) {missing} not among the listed firms {list(shares)}")
    if len(set(merging)) < 2:
        raise ShareError(f"a merger needs at least two distinct firms, got {list(merging)}")
    merged_name = name or " + ".join(merging)
    out = {merged_name: sum(shares[firm] for firm in merging)}
    out.update({k: v for k, v in shares.items() if k not in merging})
    return out


@dataclass(frozen=True)
class MergerConcentration:
    """Pre/post HHI of a merger, in percent-share points."""

    pre_hhi: float
    post_hhi: float
    delta_hhi: float
    merged_share: float
    merged_name: str


def merger_concentration(
    shares: SharesInput,
    merging: Sequence[str],
    *,
    scale: Scale = "percent",
    outside: OutsideTreatment = "atomistic",
) -> MergerConcentration:
    """Recompute HHI after merging any number of firms; ΔHHI = post − pre.

    For two firms this equals 2·s1·s2; for k firms it is 2·Σ_{i<j} s_i·s_j.
    """
    pct = effective_shares(shares, scale=scale, outside=outside)
    merged = merge(pct, merging)
    merged_name = next(iter(merged))
    pre = sum(s * s for s in pct.values())
    post = sum(s * s for s in merged.values())
    return MergerConcentration(pre, post, post - pre, merged[merged_name], merged_name)


def shift_share(
    shares: SharesInput, source: str, target: str, points: float, *, scale: Scale = "percent"
) -> dict[str, float]:
    """Move ``points`` percentage points from firm ``source`` to firm ``target``.

    ``target`` may be a new firm. Returns percent shares.
    """
    pct = validate_shares(shares, scale=scale)
    if source not in pct:
        raise ShareError(f"firm {source!r} is not listed; listed firms: {list(pct)}")
    moved = validate_shares({f"shift from {source}": points}, scale=scale)[f"shift from {source}"]
    if moved > pct[source] + TOTAL_TOLERANCE:
        raise ShareError(
            f"cannot move {moved:g} points from {source!r}: it only has {pct[source]:g}"
        )
    out = dict(pct)
    out[source] = max(0.0, pct[source] - moved)
    out[target] = out.get(target, 0.0) + moved
    return out


def enter(
    shares: SharesInput,
    entrant: str,
    share: float,
    *,
    take_from: Sequence[str] | Mapping[str, float] | None = None,
    scale: Scale = "percent",
) -> dict[str, float]:
    """Add ``entrant`` with ``share`` (same scale as ``shares``); returns percent shares.

    Where the entrant's share comes from:

    * ``take_from=None``: proportionally from the whole market, including the unlisted
      residual (every incumbent and the fringe keep ``1 - share/100`` of their share).
    * a list of firm names: proportionally from those firms only.
    * a mapping firm -> points: exactly those amounts; they must add up to ``share``.
    """
    pct = validate_shares(shares, scale=scale)
    if entrant in pct:
        raise ShareError(f"entrant {entrant!r} is already a listed firm")
    x = validate_shares({entrant: share}, scale=scale)[entrant]
    if isinstance(take_from, str):
        take_from = [take_from]
    if take_from is None:
        out = {name: s * (1.0 - x / 100.0) for name, s in pct.items()}
    elif isinstance(take_from, Mapping):
        taken = validate_shares(take_from, scale=scale)
        if abs(sum(taken.values()) - x) > TOTAL_TOLERANCE:
            raise ShareError(
                f"take_from amounts sum to {sum(taken.values()):g} points, "
                f"but the entrant's share is {x:g}"
            )
        out = dict(pct)
        for name, pts in taken.items():
            out = shift_share(out, name, entrant, pts)
        return out
    else:
        pool = sum(pct[_listed(pct, name)] for name in take_from)
        if x > pool + TOTAL_TOLERANCE:
            raise ShareError(f"firms {list(take_from)} hold {pool:g} points, less than {x:g}")
        out = {n: s - (x * s / pool if n in take_from and pool else 0.0) for n, s in pct.items()}
    out[entrant] = x
    return out


def exit_firm(
    shares: SharesInput, leaver: str, *, include_residual: bool = True, scale: Scale = "percent"
) -> dict[str, float]:
    """Remove ``leaver``; its customers spread proportionally to the others' shares.

    With ``include_residual=True`` (default) the unlisted residual (fringe) also gains in
    proportion to its size, mirroring :func:`enter`; with ``False`` only listed firms gain.
    """
    pct = validate_shares(shares, scale=scale)
    gone = pct.pop(_listed(pct, leaver))
    base = (100.0 - gone) if include_residual else sum(pct.values())
    if base <= 0:
        raise ShareError(f"{leaver!r} is the whole market; nobody is left to take its customers")
    return {name: s + gone * s / base for name, s in pct.items()}


def _listed(pct: Mapping[str, float], name: str) -> str:
    if name not in pct:
        raise ShareError(f"firm {name!r} is not listed; listed firms: {list(pct)}")
    return name


# --- Guideline screens ------------------------------------------------------------------------
# Boundary semantics follow each guideline's own words (ECONOMICS.md §1.2-1.4, §1.6):
# "in excess of" / "more than" / "above" / "over"  -> strictly greater (>)
# "less than" / "below"                            -> strictly less (<)
# "between X and Y"                                -> inclusive at both ends (>= X, <= Y)
# HHI and ΔHHI are rounded to 1e-6 points before comparing, so float noise from fraction
# inputs (e.g. 0.3 * 100 = 30.000000000000004) never decides a boundary.

Comparison = Literal[">", ">=", "<", "<="]
Level = Literal["presumption", "concern", "none", "unlikely"]
_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


@dataclass(frozen=True)
class Threshold:
    """One guideline threshold: ``x <op> value``, with the guideline's own wording."""

    value: float
    op: Comparison
    wording: str

    def met(self, x: float) -> bool:
        return _OPS[self.op](round(x, 6), self.value)


@dataclass(frozen=True)
class Regime:
    """A set of concentration screens with its thresholds and citation."""

    key: str
    name: str
    citation: str
    thresholds: Mapping[str, Threshold]
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    """Outcome of one regime's screens for one merger.

    ``level``: "presumption" (US: presumed to lessen competition / enhance market power),
    "concern" (2010: "potentially raise significant competitive concerns"; EU: outside the
    HHI zones where concerns are unlikely), "unlikely" (a safe zone applies) or "none"
    (no screen fires, but no safe zone either). ``triggered`` is True for the first two.
    """

    regime: str
    regime_name: str
    band: str
    level: Level
    triggered: bool
    reason: str
    citation: str
    post_hhi: float
    delta_hhi: float
    merged_share: float | None


US2023 = Regime(
    key="us2023",
    name="US Merger Guidelines (2023)",
    citation=(
        "U.S. DOJ & FTC, Merger Guidelines (Dec. 18, 2023), Guideline 1 and §2.1; thresholds as "
        "quoted from the DOJ HHI explainer (justice.gov/atr/herfindahl-hirschman-index) and "
        "Mondaq's summary (ECONOMICS.md §1.2)"
    ),
    thresholds={
        "moderate": Threshold(
            1000, ">=", "between 1,000 and 1,800 points: moderately concentrated"
        ),
        "high": Threshold(1800, ">", "in excess of 1,800 points: highly concentrated"),
        "delta": Threshold(100, ">", "increase the HHI by more than 100 points"),
        "share": Threshold(30, ">", "a merged firm with a share over thirty percent"),
    },
    note=(
        "No safe harbor in 2023. The 30% test is read as strictly 'over' 30%; Mondaq "
        "summarizes it as '30% or more' and the primary text was not verified (ECONOMICS.md §1.2)."
    ),
)
US2010 = Regime(
    key="us2010",
    name="US Horizontal Merger Guidelines (2010)",
    citation="U.S. DOJ & FTC, Horizontal Merger Guidelines (Aug. 19, 2010), §5.3 (ECONOMICS.md §1.3)",
    thresholds={
        "moderate": Threshold(1500, ">=", "HHI between 1,500 and 2,500: moderately concentrated"),
        "high": Threshold(2500, ">", "HHI above 2,500: highly concentrated"),
        "small_delta": Threshold(100, "<", "increase in the HHI of less than 100 points"),
        "moderate_delta": Threshold(100, ">", "increase in the HHI of more than 100 points"),
        "high_delta": Threshold(200, ">", "increase in the HHI of more than 200 points"),
    },
    note="ΔHHI of exactly 100 in a moderately concentrated market falls between the tests.",
)
EU2004 = Regime(
    key="eu2004",
    name="EU Horizontal Merger Guidelines (2004)",
    citation=(
        "European Commission, Guidelines on the assessment of horizontal mergers, OJ C 31, "
        "5.2.2004, paras 19-20, CELEX 52004XC0205(02) (ECONOMICS.md §1.4)"
    ),
    thresholds={
        "low": Threshold(1000, "<", "post-merger HHI below 1,000"),
        "middle": Threshold(2000, "<=", "post-merger HHI between 1,000 and 2,000"),
        "middle_delta": Threshold(250, "<", "a delta below 250"),
        "high_delta": Threshold(150, "<", "post-merger HHI above 2,000 and a delta below 150"),
    },
    note="Even inside the zones the Commission reserves 'special circumstances' (para 20).",
)
REGIMES: dict[str, Regime] = {r.key: r for r in (US2023, US2010, EU2004)}


def _band(reg: Regime, h: float) -> str:
    t = reg.thresholds
    if t["high"].met(h):
        return "highly concentrated"
    return "moderately concentrated" if t["moderate"].met(h) else "unconcentrated"


def _us2023(h: float, d: float, s: float | None) -> tuple[str, Level, str]:
    t, band = US2023.thresholds, _band(US2023, h)
    if t["delta"].met(d) and t["high"].met(h):
        return band, "presumption", "HHI over 1,800 and ΔHHI over 100: presumed illegal"
    if t["delta"].met(d) and s is not None and t["share"].met(s):
        why = f"merged share {s:.4g}% over 30% and ΔHHI over 100: presumed illegal"
        return band, "presumption", why
    skipped = " (merged share not supplied)" if s is None else ""
    why = f"no structural presumption{skipped}; 2023 has no safe harbor"
    return band, "none", why


def _us2010(h: float, d: float, s: float | None) -> tuple[str, Level, str]:
    t, band = US2010.thresholds, _band(US2010, h)
    if band == "unconcentrated":
        return band, "unlikely", "unconcentrated: unlikely to have adverse competitive effects"
    if t["small_delta"].met(d):
        return band, "unlikely", "ΔHHI under 100: unlikely to have adverse competitive effects"
    if band == "highly concentrated" and t["high_delta"].met(d):
        return band, "presumption", "ΔHHI over 200: presumed likely to enhance market power"
    if band == "highly concentrated" or t["moderate_delta"].met(d):
        return band, "concern", "potentially raises significant competitive concerns"
    return band, "none", "ΔHHI exactly 100 is neither 'less than' nor 'more than' 100"


def _eu2004(h: float, d: float, s: float | None) -> tuple[str, Level, str]:
    t = EU2004.thresholds
    if t["low"].met(h):
        return "HHI below 1,000", "unlikely", "concerns unlikely"
    middle = t["middle"].met(h)
    band = "HHI 1,000-2,000" if middle else "HHI above 2,000"
    test = t["middle_delta"] if middle else t["high_delta"]
    if test.met(d):
        return band, "unlikely", f"delta below {test.value:,.0f}: concerns unlikely (para 20)"
    return band, "concern", f"delta not below {test.value:,.0f}: outside the safe zones"


_ASSESSORS = {"us2023": _us2023, "us2010": _us2010, "eu2004": _eu2004}


def assess(
    regime: str, post_hhi: float, delta_hhi: float, merged_share: float | None = None
) -> Verdict:
    """Apply one regime's screens to a post-merger HHI, ΔHHI and merged percent share.

    These are structural screens from the guidelines' text, not a legal conclusion.
    """
    if regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}; choose one of {sorted(REGIMES)}")
    for label, value, top in (
        ("post-merger HHI", post_hhi, HHI_MAX),
        ("ΔHHI", delta_hhi, HHI_MAX),
        ("merged share", merged_share, 100.0),
    ):
        if value is not None and (not _is_number(value) or not 0 <= value <= top + 1e-6):
            raise ValueError(f"{label} must be a number between 0 and {top:,.0f}, got {value!r}")
    h, d, reg = float(post_hhi), float(delta_hhi), REGIMES[regime]
    band, level, why = _ASSESSORS[regime](h, d, merged_share)
    reason = f"{reg.name}: post-merger HHI {h:,.6g}, ΔHHI {d:,.6g}; {band}; {why}."
    triggered = level in ("presumption", "concern")
    return Verdict(
        reg.key, reg.name, band, level, triggered, reason, reg.citation, h, d, merged_share
    )


def assess_merger(
    shares: SharesInput,
    merging: Sequence[str],
    *,
    regimes: Iterable[str] = ("us2023", "us2010", "eu2004"),
    scale: Scale = "percent",
    outside: OutsideTreatment = "atomistic",
) -> list[Verdict]:
    """Compute the merger's concentration change and one :class:`Verdict` per regime."""
    mc = merger_concentration(shares, merging, scale=scale, outside=outside)
    return [assess(r, mc.post_hhi, mc.delta_hhi, mc.merged_share) for r in regimes]


#: A share group gets an HHI and a guideline band only when it lists at least this many
#: firms and at least this share of the market (percent); otherwise the listed firms say
#: too little about the unlisted rest for a band to mean anything.
MIN_FIRMS = 3
MIN_LISTED_PCT = 50.0


def hhi_bounds(shares: SharesInput, *, scale: Scale = "percent") -> tuple[float, float]:
    """(lower, upper) HHI consistent with the listed shares: the unlisted rest as an
    atomistic fringe (adds 0) or as one firm (adds rest²).

    Example: Anthropic 24% alone -> (576, 576 + 76² = 6,352)."""
    pct = validate_shares(shares, scale=scale)
    low = sum(s * s for s in pct.values())
    rest = max(0.0, 100.0 - sum(pct.values()))
    return low, low + rest * rest


def insufficient_reason(
    shares: SharesInput,
    *,
    scale: Scale = "percent",
    min_firms: int = MIN_FIRMS,
    min_listed_pct: float = MIN_LISTED_PCT,
) -> str:
    """Why the listed shares are too few for a meaningful HHI band ('' when enough)."""
    pct = validate_shares(shares, scale=scale)
    listed = sum(pct.values())
    gaps = []
    if len(pct) < min_firms:
        gaps.append(f"{len(pct)} firm{'s' if len(pct) != 1 else ''} listed (needs {min_firms})")
    if listed < min_listed_pct:
        gaps.append(f"{listed:.3g}% of the market listed (needs {min_listed_pct:g}%)")
    return "; ".join(gaps)
