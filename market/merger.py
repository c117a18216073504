"""Unilateral-effects merger screens and a logit-Bertrand merger simulation.

Pure functions, no I/O; formulas from ``ECONOMICS.md`` §2 (Inference Atlas reference notes).

Everything here is a **screen, not a prediction** (ECONOMICS.md §2.4): results depend on
share-based (IIA) diversion, user-entered margins and the logit demand form. Crooke et al.
(1999) show that other demand curvatures give larger price effects from the same data, and
observed diversion can differ markedly from share-based diversion (Mathiesen et al. 2011).

Shares follow :mod:`market.concentration`: percent by default, ``scale="fraction"`` to pass
0-1 shares. The residual ``100 - sum(shares)`` is the outside good (or an atomistic fringe):
with ``outside="atomistic"`` (default) it absorbs diversion; with ``"renormalize"`` all
diversion is recaptured by the listed firms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from market.concentration import (
    OutsideTreatment,
    Scale,
    SharesInput,
    effective_shares,
    validate_shares,
)


class MergerInputError(ValueError):
    """A merger-screen or simulation input is outside its domain; the message says why."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise MergerInputError(message)


def _margin(name: str, value: float) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1
    _check(ok, f"{name} must be a gross margin (p - c)/p in [0, 1), got {value!r}")
    return float(value)


def _price(name: str, value: float) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    _check(ok and math.isfinite(value) and value > 0, f"{name} must be > 0, got {value!r}")
    return float(value)


# --- Share-based diversion, GUPPI, UPP ------------------------------------------------------


def diversion_ratios(
    shares: SharesInput, *, scale: Scale = "percent", outside: OutsideTreatment = "atomistic"
) -> dict[str, dict[str, float]]:
    """Logit (IIA) diversion ratios ``D[i][j] = s_j / (1 - s_i)`` (shares as fractions).

    Screen, not a prediction: diversion proportional to shares, as in the DOJ ``antitrust``
    R package (ECONOMICS.md §2.1). With ``outside="atomistic"`` the residual share leaks
    diversion, so ``sum_j D[i][j] = 1 - s_0/(1 - s_i) < 1``.
    """
    frac = {k: v / 100.0 for k, v in effective_shares(shares, scale=scale, outside=outside).items()}
    for name, s in frac.items():
        _check(s < 1.0, f"{name!r} has the whole market; diversion from it is undefined")
    return {i: {j: sj / (1.0 - si) for j, sj in frac.items() if j != i} for i, si in frac.items()}


def guppi(diversion: float, margin_partner: float, price_partner: float, price_own: float) -> float:
    """GUPPI_1 = D_12 · m_2 · p_2 / p_1 (value of diverted sales over revenue lost).

    A screen (Salop-Moresi; Farrell-Shapiro 2010), ECONOMICS.md §2.1. Returns a fraction.
    """
    _check(0 <= diversion <= 1, f"diversion ratio must be in [0, 1], got {diversion!r}")
    m2 = _margin("partner margin", margin_partner)
    return diversion * m2 * _price("partner price", price_partner) / _price("own price", price_own)


def upp(
    diversion: float,
    price_partner: float,
    margin_partner: float,
    price_own: float,
    margin_own: float,
    efficiency: float = 0.0,
) -> float:
    """Upward pricing pressure UPP_1 = D_12 · (p_2 − c_2) − E_1 · c_1 (Farrell-Shapiro 2010).

    Costs come from user-entered margins: c = p · (1 − m). ``efficiency`` E_1 is the
    proportional marginal-cost saving credited to product 1, in [0, 1). Positive UPP is a
    screen for upward pressure, not a predicted price change. Units: price units.
    """
    _check(0 <= diversion <= 1, f"diversion ratio must be in [0, 1], got {diversion!r}")
    _check(0 <= efficiency < 1, f"efficiency credit must be in [0, 1), got {efficiency!r}")
    p2, p1 = _price("partner price", price_partner), _price("own price", price_own)
    c2 = p2 * (1.0 - _margin("partner margin", margin_partner))
    c1 = p1 * (1.0 - _margin("own margin", margin_own))
    return diversion * (p2 - c2) - efficiency * c1


@dataclass(frozen=True)
class PairScreen:
    """Screens for a price rise of ``product`` after it merges with ``partner``."""

    product: str
    partner: str
    diversion: float
    guppi: float
    upp: float
    upp_share_of_price: float


def pair_screens(
    shares: SharesInput,
    pair: tuple[str, str],
    prices: Mapping[str, float],
    margins: Mapping[str, float],
    efficiencies: Mapping[str, float] | None = None,
    *,
    scale: Scale = "percent",
    outside: OutsideTreatment = "atomistic",
) -> tuple[PairScreen, PairScreen]:
    """GUPPI and UPP in both directions for a two-firm merger (share-based diversion)."""
    a, b = pair
    d = diversion_ratios(shares, scale=scale, outside=outside)
    _check(a in d and b in d and a != b, f"pair {pair} must name two distinct listed firms")
    for label, given in (("prices", prices), ("margins", margins)):
        _check(a in given and b in given, f"{label} must be given for both {a!r} and {b!r}")
    eff = efficiencies or {}
    out = []
    for own, other in ((a, b), (b, a)):
        dr = d[own][other]
        g = guppi(dr, margins[other], prices[other], prices[own])
        u = upp(dr, prices[other], margins[other], prices[own], margins[own], eff.get(own, 0.0))
        out.append(PairScreen(own, other, dr, g, u, u / prices[own]))
    return out[0], out[1]


def guppi_from_delta_hhi(delta_hhi: float, margin: float = 1.0, recapture: float = 0.85) -> float:
    """Symmetric-merger GUPPI implied by a ΔHHI (mergeron ``guppi_from_delta``).

    GUPPI = m · r · s/(1 − s) with s = sqrt(ΔHHI/2) in fraction units (ECONOMICS.md §2.1):
    ΔHHI 100, m 1, r 0.85 -> 0.0647.
    """
    _check(0 <= delta_hhi <= 5000, f"ΔHHI of a symmetric merger is 0-5,000, got {delta_hhi!r}")
    _check(0 <= margin <= 1 and 0 <= recapture <= 1, "margin and recapture must be in [0, 1]")
    s = math.sqrt(delta_hhi / 10_000.0 / 2.0)
    return margin * recapture * s / (1.0 - s)


# --- Logit-Bertrand merger simulation ----------------------------------------------------------


def logit_shares(prices: np.ndarray, delta: np.ndarray, alpha: float) -> np.ndarray:
    """Logit choice shares s_j = exp(δ_j + α p_j) / (1 + Σ_k exp(δ_k + α p_k))."""
    v = delta + alpha * prices
    top = max(float(v.max()), 0.0)
    e = np.exp(v - top)
    return e / (math.exp(-top) + e.sum())


def share_jacobian(shares: np.ndarray, alpha: float) -> np.ndarray:
    """J[j, l] = ∂s_l/∂p_j: α s_j (1 − s_j) on the diagonal, −α s_j s_l off it (symmetric)."""
    return alpha * (np.diag(shares) - np.outer(shares, shares))


def foc_residual(
    prices: np.ndarray, costs: np.ndarray, delta: np.ndarray, alpha: float, owner: np.ndarray
) -> np.ndarray:
    """Bertrand FOCs s_j + Σ_l Θ_jl ∂s_l/∂p_j (p_l − c_l); zero at an equilibrium."""
    s = logit_shares(prices, delta, alpha)
    return s + (owner * share_jacobian(s, alpha)) @ (prices - costs)


def _ownership(firms: Sequence[str]) -> np.ndarray:
    f = np.asarray(firms, dtype=object)
    return (f[:, None] == f[None, :]).astype(float)


def calibrate_alpha(
    shares: SharesInput,
    prices: Mapping[str, float],
    product: str,
    margin: float,
    *,
    owners: Mapping[str, str] | None = None,
    scale: Scale = "percent",
) -> float:
    """Price coefficient α from one observed margin: α = −1 / (m_j · p_j · (1 − S_k)).

    Logit-Bertrand markups are equal across a firm's products, p − c = 1/(−α(1 − S_k)),
    where S_k is the pre-merger share (fraction) of the firm k that owns ``product``.
    """
    frac = {k: v / 100.0 for k, v in validate_shares(shares, scale=scale).items()}
    _check(product in frac, f"product {product!r} is not among {list(frac)}")
    m = _margin(f"margin of {product!r}", margin)
    _check(m > 0, f"margin of {product!r} must be > 0 to calibrate α")
    own = owners or {}
    firm = own.get(product, product)
    firm_share = sum(s for k, s in frac.items() if own.get(k, k) == firm)
    return -1.0 / (m * _price(f"price of {product!r}", prices[product]) * (1.0 - firm_share))


@dataclass(frozen=True)
class LogitMergerResult:
    """Pre- and post-merger logit-Bertrand equilibrium, per product.

    Shares are fractions of all potential buyers (the rest buy the outside good);
    quantities are ``market_size`` × share; ``consumer_surplus_change`` is in
    price × quantity units (logit inclusive value, negative when prices rise);
    ``iterations`` counts the post-merger best-response rounds.
    """

    products: tuple[str, ...]
    owners_pre: tuple[str, ...]
    owners_post: tuple[str, ...]
    alpha: float
    market_size: float
    costs: dict[str, float]
    pre_prices: dict[str, float]
    post_prices: dict[str, float]
    price_change_pct: dict[str, float]
    pre_shares: dict[str, float]
    post_shares: dict[str, float]
    pre_quantities: dict[str, float]
    post_quantities: dict[str, float]
    outside_share_pre: float
    outside_share_post: float
    consumer_surplus_change: float
    foc_residual_pre: float
    foc_residual_post: float
    iterations: int


def _lambertw_exp(log_z: np.ndarray) -> np.ndarray:
    """Lambert W (principal branch) of ``exp(log_z)``, without overflowing ``exp``."""
    big = log_z > 500.0
    w = special.lambertw(np.exp(np.where(big, 0.0, log_z))).real
    if big.any():  # iterate w = log z − log w: the error shrinks ~1/w <= 1/490 per step
        w[big] = log_z[big]
        for _ in range(8):
            w[big] = log_z[big] - np.log(w[big])
    return w


def best_response_markups(
    markups: np.ndarray, log_attraction: np.ndarray, alpha: float
) -> np.ndarray:
    """Each firm's optimal common markup μ_f given its rivals' markups (logit demand).

    A firm sets one markup on all its products (logit-Bertrand). With A_f = Σ_{j∈f}
    exp(δ_j + α c_j) (``log_attraction`` = log A_f) and R_f = Σ_{g≠f} A_g exp(α μ_g), the
    firm's FOC μ_f (1 − S_f) = −1/α solves to μ_f = (1 + W(A_f / (e (1 + R_f)))) / −α.
    """
    t = log_attraction + alpha * markups
    top = max(float(t.max()), 0.0)
    others = 1.0 - np.eye(len(markups))
    rest = math.exp(-top) + others @ np.exp(t - top)  # (1 + R_f) · e^-top, no cancellation
    return (1.0 + _lambertw_exp(log_attraction - top - np.log(rest) - 1.0)) / -alpha


def _equilibrium_markups(
    mu0: np.ndarray, log_attraction: np.ndarray, alpha: float, tol: float, max_iter: int
) -> tuple[np.ndarray, int]:
    """Iterate best responses to the fixed point.

    ∂μ_f/∂μ_g = W_f/(1 + W_f) · A_g e^{αμ_g}/(1 + R_f) ≥ 0 and the row sums are below 1 on
    μ ≥ −1/α (where the best responses lie), so the map is a contraction: the equilibrium
    is unique and interior, and every start converges, at a rate below the largest
    post-merger firm share (W_f/(1 + W_f) = S_f at the equilibrium).
    """
    mu = mu0
    for i in range(1, max_iter + 1):
        new = best_response_markups(mu, log_attraction, alpha)
        if np.max(np.abs(new - mu)) <= tol * np.max(new):
            return new, i
        mu = new
    return mu, max_iter


def _solve_post(
    p0: np.ndarray, costs: np.ndarray, delta: np.ndarray, alpha: float, owners: tuple[str, ...]
) -> tuple[np.ndarray, int]:
    """Post-merger prices by best-response iteration from the pre-merger markups, checked
    to be interior: the raw FOCs s_j (1 + α (μ_j − Σ_l Θ_jl s_l μ_l)) also vanish as
    s_j -> 0, so a collapsed share can fake an equilibrium; the FOCs over s_j cannot."""
    firm_names = list(dict.fromkeys(owners))
    firm = np.array([firm_names.index(o) for o in owners])
    member = firm[None, :] == np.arange(len(firm_names))[:, None]  # firms x products
    log_a = special.logsumexp(np.where(member, delta + alpha * costs, -np.inf), axis=1)
    mu0 = np.where(member, p0 - costs, -np.inf).max(axis=1)
    mu, iterations = _equilibrium_markups(mu0, log_a, alpha, 1e-14, 10_000)
    p = costs + mu[firm]
    s = logit_shares(p, delta, alpha)
    normalised = math.inf  # a share of exactly 0 (or a non-finite price) is never interior
    if np.all(np.isfinite(p)) and np.all(s > 0):
        foc = foc_residual(p, costs, delta, alpha, _ownership(owners))
        normalised = float(np.max(np.abs(foc / s)))
    _check(
        normalised < 1e-8,
        f"no interior post-merger equilibrium found after {iterations} best-response rounds "
        f"(share-normalised FOC residual {normalised:.2e}, smallest share {s.min():.2e})",
    )
    return p, iterations


def _market(
    shares: Mapping[str, float], prices: Mapping[str, float], scale: Scale
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, float]:
    """Validated (product names, fraction shares, prices, outside share) for logit demand."""
    frac = {k: v / 100.0 for k, v in validate_shares(shares, scale=scale).items()}
    names = tuple(frac)
    _check(set(prices) == set(names), f"prices must be given for exactly {list(names)}")
    for name, s in frac.items():
        _check(s > 0, f"share of {name!r} must be > 0 for logit demand, got {s!r}")
    s0 = 1.0 - sum(frac.values())
    _check(s0 > 1e-9, "shares leave no outside good; logit simulation needs sum < 100%")
    p = np.array([_price(f"price of {n!r}", prices[n]) for n in names])
    return names, np.array([frac[n] for n in names]), p, s0


def _owners(
    names: tuple[str, ...], owners: Mapping[str, str] | None, merging: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Pre- and post-merger owner of each product; merged firm is named "A + B"."""
    pre = tuple((owners or {}).get(n, n) for n in names)
    _check(len(set(merging)) >= 2, f"a merger needs two distinct firms, got {list(merging)}")
    _check(set(merging) <= set(pre), f"merging firms {list(merging)} not among owners {pre}")
    merged = " + ".join(merging)
    return pre, tuple(merged if f in merging else f for f in pre)


def simulate_logit_merger(
    shares: Mapping[str, float],
    prices: Mapping[str, float],
    merging: Sequence[str],
    *,
    alpha: float | None = None,
    calibration: tuple[str, float] | None = None,
    owners: Mapping[str, str] | None = None,
    market_size: float = 1.0,
    scale: Scale = "percent",
) -> LogitMergerResult:
    """Calibrate logit demand and Bertrand costs from shares and prices, then merge.

    * ``shares``: product -> share of all potential buyers; the residual is the outside
      good and must be positive. ``prices``: product -> price (same keys).
    * ``alpha`` (< 0) or ``calibration=(product, margin)`` to back α out of one margin.
    * ``owners``: product -> pre-merger firm (default: each product is its own firm);
      ``merging``: the firms whose products are priced jointly after the merger.

    Marginal costs solve the pre-merger FOCs; post-merger prices solve the FOCs with the
    new ownership, found by best-response iteration on firm markups from the pre-merger
    ones (a contraction for logit demand, so the interior equilibrium is unique); raises
    MergerInputError if no interior equilibrium is reached.
    A screen-grade simulation (Werden-Froeb style, ECONOMICS.md §2.1-2.2), not a forecast.
    """
    names, s, p, s0 = _market(shares, prices, scale)
    size = _price("market_size", market_size)
    pre, post = _owners(names, owners, merging)
    _check((alpha is None) != (calibration is None), "give exactly one of alpha or calibration")
    if calibration is not None:
        product, margin = calibration
        alpha = calibrate_alpha(shares, prices, product, margin, owners=owners, scale=scale)
    ok = isinstance(alpha, (int, float)) and math.isfinite(alpha) and alpha < 0
    _check(ok, f"price coefficient alpha must be a finite negative number, got {alpha!r}")
    a = float(alpha)  # type: ignore[arg-type]
    delta = np.log(s / s0) - a * p
    theta_pre, theta_post = _ownership(pre), _ownership(post)
    costs = p + np.linalg.solve(theta_pre * share_jacobian(s, a), s)
    bad = [n for n, c in zip(names, costs, strict=True) if c <= 0]
    _check(not bad, f"implied marginal cost of {bad} is not positive; |alpha| is too small")
    p_post, iterations = _solve_post(p, costs, delta, a, post)
    s_post = logit_shares(p_post, delta, a)
    s0_post = 1.0 - float(s_post.sum())

    def by_name(arr: np.ndarray) -> dict[str, float]:
        return dict(zip(names, map(float, arr), strict=True))

    return LogitMergerResult(
        products=names,
        owners_pre=pre,
        owners_post=post,
        alpha=a,
        market_size=size,
        costs=by_name(costs),
        pre_prices=by_name(p),
        post_prices=by_name(p_post),
        price_change_pct=by_name(100.0 * (p_post / p - 1.0)),
        pre_shares=by_name(s),
        post_shares=by_name(s_post),
        pre_quantities=by_name(size * s),
        post_quantities=by_name(size * s_post),
        outside_share_pre=s0,
        outside_share_post=s0_post,
        consumer_surplus_change=size / -a * math.log(s0 / s0_post),
        foc_residual_pre=float(np.max(np.abs(foc_residual(p, costs, delta, a, theta_pre)))),
        foc_residual_post=float(np.max(np.abs(foc_residual(p_post, costs, delta, a, theta_post)))),
        iterations=iterations,
    )
