"""Value-flow scenarios: where a dollar of AI-app spend ends up, layer by layer.

Pure functions, no I/O. The model is the money-conserving flow graph proposed in
``ECONOMICS.md`` §5 (Inference Atlas reference notes)::

    End users -A-> AI apps -+-> (apps retain A - I)
                            +-> Edge devices                 e·I
                            +-> Vertically integrated  ----> Clouds   v(1-e)·I
                            +-> Model APIs (keep m_api) ---> Clouds   (1-m_api)·C
                            +-> Inference providers (keep m_ip) -> Clouds (1-m_ip)·O
    Clouds (inflow K, keep m_c·K) -> Energy & facilities (1-h)(1-m_c)·K
                                  -> Nvidia / AMD / Custom ASICs  σ·h(1-m_c)·K

with C = (1-o)(1-v)(1-e)·I, O = o(1-v)(1-e)·I, K = v(1-e)I + (1-m_api)C + (1-m_ip)O.
Vertical integration skips the model-API / inference-provider margin layer (double
marginalization, ECONOMICS.md §5.4), which is why more integration sends more money down
to the hardware. Outputs are illustrations of the assumptions, not forecasts (§7).

Inference spend over time (derived here, matching §5.1). With constant-elasticity token
demand Q ∝ P^(-η) and the constant-capability price per token falling by a factor ``d``
each year, P_t = P_0·d^(-t), spend P·Q ∝ P^(1-η), so

    I_t = min(A, ι·A·d^(t(η-1)))

η = 1 keeps spend flat, η > 1 makes it grow as prices fall, η < 1 makes it shrink.
End-user spend A is exogenous (a slider), and the inference bill cannot exceed it.
Default d = 10×/yr is a16z's "LLMflation" figure (ECONOMICS.md §4).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
import math
from dataclasses import dataclass, field
from typing import Any

ASSUMPTION = "assumption"
_E5 = "ECONOMICS.md §5.2"


class ScenarioError(ValueError):
    """A scenario parameter or encoded scenario is invalid; the message says which and why."""


def _param(default: float, lo: float, hi: float, key: str, label: str, source: str) -> Any:
    meta = {"bounds": (lo, hi), "key": key, "label": label, "source": source}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class ValueFlowParams:
    """All inputs of the value-flow model; every field carries bounds and its source.

    Read the metadata with :func:`parameter_specs`. Fractions are 0-1; money is $B/yr.
    """

    app_spend: float = _param(
        37.0, 0.0, 100_000.0, "A", "End-user spend on AI apps ($B/yr)",
        "Menlo Ventures: enterprise GenAI spend $37B in 2025, via chokepoints.ai "
        f"(secondary), {_E5}; upper bound is an assumption",
    )  # fmt: skip
    inference_ratio: float = _param(
        0.23, 0.0, 1.0, "i", "Inference cost / app revenue",
        f"Together AI blog: inference ≈ 23% of revenue at scaling-stage AI companies, {_E5}",
    )  # fmt: skip
    edge_share: float = _param(
        0.05, 0.0, 1.0, "e", "Edge (on-device) share of inference",
        f"{ASSUMPTION} ({_E5} proposal; Deloitte: most compute stays in data centers)",
    )  # fmt: skip
    vi_share: float = _param(
        0.5, 0.0, 1.0, "v", "Vertically integrated share of cloud inference",
        f"{ASSUMPTION} ({_E5} proposal; see implied_vi_share for an HHI link, §5.4)",
    )  # fmt: skip
    open_share: float = _param(
        0.20, 0.0, 1.0, "o", "Open-weight share of non-integrated spend ($)",
        f"{ASSUMPTION} ({_E5}: OpenRouter open-weight ≈ 1/3 of tokens, less by $)",
    )  # fmt: skip
    api_margin: float = _param(
        0.50, 0.0, 1.0, "ma", "Model-API gross margin", f"{ASSUMPTION} ({_E5}: none disclosed)"
    )
    provider_margin: float = _param(
        0.30, 0.0, 1.0, "mi", "Inference-provider gross margin",
        f"{ASSUMPTION} ({_E5}: 'race to the bottom' framing, Activant)",
    )  # fmt: skip
    cloud_margin: float = _param(
        0.50, 0.0, 1.0, "mc", "Cloud gross margin on AI compute",
        f"Sequoia, 'AI's $600B Question' (Jun 20 2024): 50% gross margin, {_E5}",
    )  # fmt: skip
    accelerator_cost_share: float = _param(
        0.50, 0.0, 1.0, "h", "Accelerator share of data-center cost",
        f"Sequoia (Jun 20 2024): 'GPUs are half of the total cost of ownership', {_E5}",
    )  # fmt: skip
    accelerator_margin: float = _param(
        0.75, 0.0, 1.0, "mh", "Accelerator gross margin (informational)",
        f"Nvidia FY2025 GAAP gross margin 75.0% (secondary), {_E5}",
    )  # fmt: skip
    nvidia_split: float = _param(
        0.85, 0.0, 1.0, "sn", "Nvidia share of accelerator revenue",
        "ECONOMICS.md §3.1 derived (Nvidia 85% / ASIC 11% / AMD 4%)",
    )  # fmt: skip
    amd_split: float = _param(
        0.04, 0.0, 1.0, "sa", "AMD share of accelerator revenue", "ECONOMICS.md §3.1 derived"
    )
    asic_split: float = _param(
        0.11, 0.0, 1.0, "ss", "Custom-ASIC share of accelerator revenue",
        "ECONOMICS.md §3.1: Morgan Stanley, ASICs 11% of AI accelerator sales in 2024",
    )  # fmt: skip
    price_decline: float = _param(
        10.0, 1.0, 1000.0, "d", "Price decline per year at constant capability (×)",
        "a16z 'LLMflation' (Nov 2024): 10× per year; Epoch AI: 9×-900× (ECONOMICS.md §4)",
    )  # fmt: skip
    elasticity: float = _param(
        1.0, 0.0, 3.0, "n", "Price elasticity of token demand (η)",
        f"{ASSUMPTION} ({_E5}: η = 1 keeps spend flat; bounds are an assumption)",
    )  # fmt: skip
    years: float = _param(0.0, 0.0, 10.0, "t", "Years from base", ASSUMPTION)

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            lo, hi = f.metadata["bounds"]
            label = f.metadata["label"]
            shown = _short(value)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ScenarioError(f"{f.name} ({label}) must be a number, got {shown}")
            try:  # a 400-digit integer from a link is a number, but no float
                finite = math.isfinite(value)
            except OverflowError:
                finite = False
            if not (finite and lo <= value <= hi):
                raise ScenarioError(
                    f"{f.name} ({label}) must be between {lo:g} and {hi:g}, got {shown}"
                )
        split = self.nvidia_split + self.amd_split + self.asic_split
        if abs(split - 1.0) > 1e-9:
            raise ScenarioError(
                f"accelerator vendor split must sum to 1: Nvidia {self.nvidia_split:g} + "
                f"AMD {self.amd_split:g} + ASIC {self.asic_split:g} = {split:g}"
            )


def _short(value: object, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters (values can come from a link)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**limit:
        return f"an integer of {len(str(abs(value))):,} digits"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def parameter_specs() -> list[dict[str, Any]]:
    """One dict per parameter: name, key, label, default, bounds, source (for the UI)."""
    return [
        {"name": f.name, "default": f.default, **f.metadata}
        for f in dataclasses.fields(ValueFlowParams)
    ]


# --- Flow computation ------------------------------------------------------------------------

USERS, APPS, EDGE = "End users", "AI apps", "Edge devices"
VI, API, PROVIDERS = "Vertically integrated (in-house)", "Model APIs", "Inference providers"
CLOUDS, ENERGY = "Clouds", "Energy & facilities"
NVIDIA, AMD, ASIC = "Nvidia", "AMD", "Custom ASICs"
NODES = (USERS, APPS, EDGE, VI, API, PROVIDERS, CLOUDS, ENERGY, NVIDIA, AMD, ASIC)
ACCELERATORS = (NVIDIA, AMD, ASIC)


@dataclass(frozen=True)
class Node:
    """Money at one layer ($B/yr): inflow = retained + outflow.

    ``gross_profit`` is set for accelerator vendors only: accelerator margin × revenue, an
    informational split of ``retained``, not a further flow.
    """

    name: str
    inflow: float
    retained: float
    outflow: float
    gross_profit: float | None = None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    value: float


@dataclass(frozen=True)
class ValueFlow:
    """Result of :func:`value_flow`: nodes (retained $ per layer) and edges (flows)."""

    params: ValueFlowParams
    inference_spend: float
    nodes: dict[str, Node]
    edges: tuple[Edge, ...]

    def retained(self, name: str) -> float:
        return self.nodes[name].retained

    @property
    def accelerator_revenue(self) -> float:
        return sum(self.nodes[n].retained for n in ACCELERATORS)

    def sankey(self) -> dict[str, list]:
        """Plotly-style Sankey lists (labels, source/target indices, values); zero flows dropped."""
        index = {name: i for i, name in enumerate(NODES)}
        shown = [e for e in self.edges if e.value > 0]
        return {
            "labels": list(NODES),
            "source": [index[e.source] for e in shown],
            "target": [index[e.target] for e in shown],
            "value": [e.value for e in shown],
        }


def spend_factor(price_decline: float, elasticity: float, years: float) -> float:
    """Multiplier on inference spend after ``years``: d^(t(η−1)) (see module docstring)."""
    return price_decline ** (years * (elasticity - 1.0))


def inference_spend(p: ValueFlowParams) -> float:
    """I_t = min(A, ι·A·d^(t(η−1))), in $B/yr."""
    factor = spend_factor(p.price_decline, p.elasticity, p.years)
    return p.app_spend * min(1.0, p.inference_ratio * factor)


def value_flow(p: ValueFlowParams | None = None) -> ValueFlow:
    """Compute every flow of the §5.1 graph for one parameter set."""
    p = p or ValueFlowParams()
    a, i = p.app_spend, inference_spend(p)
    e, v, o = p.edge_share, p.vi_share, p.open_share
    edge, in_house = e * i, v * (1 - e) * i
    api, prov = (1 - o) * (1 - v) * (1 - e) * i, o * (1 - v) * (1 - e) * i
    k = in_house + (1 - p.api_margin) * api + (1 - p.provider_margin) * prov
    compute = (1 - p.cloud_margin) * k
    splits = dict(zip(ACCELERATORS, (p.nvidia_split, p.amd_split, p.asic_split), strict=True))
    edges = (
        Edge(USERS, APPS, a),
        Edge(APPS, EDGE, edge),
        Edge(APPS, VI, in_house),
        Edge(APPS, API, api),
        Edge(APPS, PROVIDERS, prov),
        Edge(VI, CLOUDS, in_house),
        Edge(API, CLOUDS, (1 - p.api_margin) * api),
        Edge(PROVIDERS, CLOUDS, (1 - p.provider_margin) * prov),
        Edge(CLOUDS, ENERGY, (1 - p.accelerator_cost_share) * compute),
        *(Edge(CLOUDS, n, s * p.accelerator_cost_share * compute) for n, s in splits.items()),
    )
    retained = {
        USERS: 0.0, APPS: a - i, EDGE: edge, VI: 0.0, API: p.api_margin * api,
        PROVIDERS: p.provider_margin * prov, CLOUDS: p.cloud_margin * k,
        ENERGY: (1 - p.accelerator_cost_share) * compute,
        **{n: s * p.accelerator_cost_share * compute for n, s in splits.items()},
    }  # fmt: skip
    return ValueFlow(p, i, _nodes(edges, retained, a, p.accelerator_margin), edges)


def _nodes(edges: tuple[Edge, ...], retained: dict, spend: float, hw_margin: float) -> dict:
    inflow = {n: (spend if n == USERS else 0.0) for n in NODES}
    outflow = dict.fromkeys(NODES, 0.0)
    for e in edges:
        outflow[e.source] += e.value
        inflow[e.target] += e.value
    return {
        n: Node(n, inflow[n], retained[n], outflow[n],
                hw_margin * retained[n] if n in ACCELERATORS else None)
        for n in NODES
    }  # fmt: skip


def value_flow_path(p: ValueFlowParams, horizon_years: int) -> list[ValueFlow]:
    """Flows for t = 0, 1, ..., horizon_years (other parameters held fixed)."""
    if not isinstance(horizon_years, int) or not 0 <= horizon_years <= 10:
        raise ScenarioError(f"horizon must be a whole number of years 0-10, got {horizon_years!r}")
    return [value_flow(dataclasses.replace(p, years=float(t))) for t in range(horizon_years + 1)]


def implied_vi_share(app_hhi: float, n_vi: int) -> float:
    """Largest VI share consistent with an app-market HHI: min(1, √(n·HHI/10,000)) (§5.4).

    n_vi equal vertically integrated firms plus an atomistic fringe give HHI = 10,000·v²/n.
    """
    if not (0 <= app_hhi <= 10_000) or not isinstance(n_vi, int) or n_vi < 1:
        raise ScenarioError(f"need 0 <= HHI <= 10,000 and n_vi >= 1, got {app_hhi!r}, {n_vi!r}")
    return min(1.0, math.sqrt(n_vi * app_hhi / 10_000.0))


def min_app_hhi(vi_share: float, n_vi: int) -> float:
    """Lowest app-market HHI compatible with VI share v held by n_vi firms: 10,000·v²/n."""
    if not (0 <= vi_share <= 1) or not isinstance(n_vi, int) or n_vi < 1:
        raise ScenarioError(f"need 0 <= v <= 1 and n_vi >= 1, got {vi_share!r}, {n_vi!r}")
    return 10_000.0 * vi_share**2 / n_vi


# --- Presets: the essay's three futures ------------------------------------------------------

ESSAY = (
    "Essay on the AI inference market (Felicis Ventures author), §6 'The Market Moving "
    "Forward', shared/reference/000_bad84d978e113372.txt"
)


@dataclass(frozen=True)
class Preset:
    """A named parameter set: the essay's sentence, what changed from defaults and why."""

    key: str
    title: str
    quote: str
    changes: dict[str, str]
    params: ValueFlowParams
    source: str = ESSAY


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "concentrated",
            "Concentrated, vertically integrated apps",
            "If the AI application market ends up heavily concentrated in the hands of a few "
            "players in OpenAI, Microsoft, and Google, then inference value will flow to the "
            "hardware underlying these vertically integrated companies.",
            {"vi_share": "0.735 = implied_vi_share(HHI 1,800, 3 firms): the 2023 MG "
             "highly-concentrated threshold held by the essay's three players (§5.4, derived)"},
            ValueFlowParams(vi_share=round(implied_vi_share(1800.0, 3), 3)),
        ),
        Preset(
            "fragmented",
            "Fragmented apps on managed inference",
            "If the AI application market ends up fragmented, with many companies owning "
            "smaller pieces of the market, inference is more up for grabs. These smaller, "
            "non-vertically-integrated companies, will pay for the managed services of "
            "inference providers.",
            {"vi_share": f"0.2, {ASSUMPTION}",
             "open_share": "0.33: OpenRouter open-weight ≈ one-third of tokens (ECONOMICS.md "
             f"§3.3), {ASSUMPTION} that dollars follow tokens when apps are fragmented"},
            ValueFlowParams(vi_share=0.2, open_share=0.33),
        ),
        Preset(
            "edge",
            "Inference moves to the edge",
            "If these applications can utilize simple enough models to run on edge, then this "
            "opens the door for inference hardware at the edge.",
            {"edge_share": f"0.5, {ASSUMPTION} (no credible on-device share found, §3.6)"},
            ValueFlowParams(edge_share=0.5),
        ),
    )
}  # fmt: skip


# --- URL-safe scenario codes -----------------------------------------------------------------

CODE_VERSION = "v1"
MAX_CODE_LENGTH = 1024
_FIELDS = dataclasses.fields(ValueFlowParams)
_BY_KEY = {f.metadata["key"]: f for f in _FIELDS}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _checksum(body: str) -> str:
    return _b64(hashlib.sha256(f"atlas-scenario-{CODE_VERSION}:{body}".encode()).digest()[:6])


def encode_scenario(p: ValueFlowParams) -> str:
    """Compact URL-safe code for ``p`` (only non-default fields), e.g. for st.query_params.

    Format ``v1.<base64url JSON>.<checksum>``. The checksum detects edited or truncated
    links; it is not a signature (anyone can compute it), so decoding also re-validates
    every value against its bounds.
    """
    changed = {
        f.metadata["key"]: getattr(p, f.name) for f in _FIELDS if getattr(p, f.name) != f.default
    }
    body = _b64(json.dumps(changed, separators=(",", ":"), sort_keys=True).encode())
    return f"{CODE_VERSION}.{body}.{_checksum(body)}"


def decode_scenario(code: str) -> ValueFlowParams:
    """Inverse of :func:`encode_scenario`; raises :class:`ScenarioError` on any tampering."""
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH:
        raise ScenarioError("scenario code must be a string of at most 1024 characters")
    parts = code.split(".")
    if len(parts) != 3 or parts[0] != CODE_VERSION:
        raise ScenarioError(f"scenario code must look like '{CODE_VERSION}.<data>.<checksum>'")
    _, body, check = parts
    if not hmac.compare_digest(check, _checksum(body)):
        raise ScenarioError("scenario code was modified or truncated (checksum mismatch)")
    try:
        data = json.loads(_unb64(body))
    except (binascii.Error, ValueError, RecursionError) as exc:
        raise ScenarioError(f"scenario code data is unreadable: {_short(str(exc), 120)}") from exc
    if not isinstance(data, dict):
        raise ScenarioError("scenario code data must be a set of named parameters")
    unknown = sorted(set(data) - set(_BY_KEY))
    if unknown:
        raise ScenarioError(f"scenario code has unknown parameter keys {unknown}")
    return ValueFlowParams(**{_BY_KEY[k].name: v for k, v in data.items()})
