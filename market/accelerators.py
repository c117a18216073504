"""Per-accelerator inputs of the unit-economics page: cited defaults, validation of the
user-edited inputs table, and the per-row results (cost per 1M tokens rented and owned,
memory fit, implied margin ranges, sensitivity grid). Pure: no I/O, no Streamlit.

Only numbers that a reference gives are here: ECONOMICS.md §6.2 (Inference Atlas reference
notes, "Benchmarks seen") and the example owned-hardware parameters of §6.1, which that
document marks as a PROPOSAL. Everything else comes from the warehouse at run time (Epoch
AI specs in ``hardware``, MLPerf rows in ``benchmarks``, rental prices in ``gpu_prices``)
or is left blank for the user to enter. ``key`` is the canonical GPU id used by
``gpu_prices.gpu``, ``hardware.accelerator`` and ``benchmarks.hardware``.

Throughput figures come from different benchmarks (model, precision, batch, software,
tokens counted), so they are not like-for-like; each carries its workload and citation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, SupportsFloat, SupportsIndex

import numpy as np
import pandas as pd

from market import tco

OUTPUT = "output"
INPUT_OUTPUT = "input+output"
NOT_STATED = "not stated"
TOKEN_COUNTS = (OUTPUT, INPUT_OUTPUT, NOT_STATED)

OFFLINE = "offline"
SERVER = "server"
WORKLOADS = {
    OFFLINE: "Offline / max throughput (batched)",
    SERVER: "Server / latency-bounded (interactive)",
}

_ECON = "via ECONOMICS.md §6.2"
DEPLOYBASE = f"deploybase.ai MI300X vs H100 spec table (Oct 7 2025), {_ECON}"
TRT_LLM = f"NVIDIA TensorRT-LLM blog 'H100 vs A100' (v0.5.0), {_ECON}"
AIMULTIPLE = f"AIMultiple multi-GPU benchmark (Oct 15 2025), {_ECON}"
AZURE = (
    "Azure ND GB200 v6, Microsoft Tech Community (unverified MLPerf v4.1 submission); "
    f"per-GPU figure derived {_ECON}"
)
# Share of the benchmark model's parameters within which a figure counts as "this size".
SIZE_TOLERANCE = 1.5


@dataclass(frozen=True)
class Throughput:
    """A published throughput figure: tokens per second per GPU on one workload."""

    tokens_per_s: float
    model: str  # the benchmark model, e.g. "GPT-J 6B"
    params_b: float  # its parameter count in billions, from its name
    scenario: str  # OFFLINE, SERVER or "" when the source does not say
    counts: str  # which tokens the figure counts (TOKEN_COUNTS)
    workload: str  # model, precision, batch, lengths, software as published
    source: str

    def matches(self, params_b: float, scenario: str) -> bool:
        """Measured on a model of about ``params_b`` billion parameters in ``scenario``
        (a figure without a stated scenario matches either)."""
        ratio = max(params_b, self.params_b) / min(params_b, self.params_b)
        return ratio <= SIZE_TOLERANCE and self.scenario in (scenario, "")


@dataclass(frozen=True)
class Accelerator:
    """Display label and the §6.2 figures for one accelerator (None = not given there)."""

    key: str
    label: str
    memory_gb: float | None = None
    tdp_w: float | None = None
    spec_source: str = ""
    throughputs: tuple[Throughput, ...] = ()


_TRT = "GPT-J 6B, {}, batch 64, 128 in / 128 out tokens, TensorRT-LLM v0.5.0"
_AIM = "Llama-3.1-8B-Instruct, vLLM, 1 GPU, saturated offline"
_AZ = "Llama 2 70B, one GB200 NVL72 (72 GPUs): 865,000 tok/s ÷ 72; scenario not stated"

# fmt: off
ACCELERATORS: tuple[Accelerator, ...] = (
    Accelerator("H100_SXM", "H100 SXM", 80, 700, DEPLOYBASE, (
        Throughput(10_907, "GPT-J 6B", 6, OFFLINE, OUTPUT, _TRT.format("FP8"), TRT_LLM),)),
    Accelerator("H200", "H200"),
    Accelerator("B200", "B200"),
    Accelerator("GB200", "GB200", throughputs=(
        Throughput(12_000, "Llama 2 70B", 70, "", NOT_STATED, _AZ, AZURE),)),
    Accelerator("MI300X", "MI300X", 192, 750, DEPLOYBASE, (
        Throughput(18_752, "Llama-3.1-8B-Instruct", 8, OFFLINE, INPUT_OUTPUT, _AIM,
                   AIMULTIPLE),)),
    Accelerator("MI325X", "MI325X"),
    Accelerator("MI355X", "MI355X"),
    Accelerator("A100_SXM_80GB", "A100 80GB SXM", throughputs=(
        Throughput(3_679, "GPT-J 6B", 6, OFFLINE, OUTPUT,
                   _TRT.format("FP16") + " (A100 variant not stated in the source)", TRT_LLM),)),
)
# fmt: on
BY_KEY: dict[str, Accelerator] = {a.key: a for a in ACCELERATORS}

# MLPerf benchmarks (``benchmarks.model_id``, compared without separators and the accuracy
# suffix, so "llama2-70b-99.9" and "llama-2-70b-99" both match) whose size is in the name.
# Mixtral 8x7B is a mixture of experts, not comparable to a dense size: left out.
# DeepSeek-R1 (671B mixture of experts) is left out for the same reason.
MLPERF_MODELS: dict[str, tuple[str, float]] = {
    "llama270b": ("Llama 2 70B", 70),
    "llama318b": ("Llama 3.1 8B", 8),
    "llama31405b": ("Llama 3.1 405B", 405),
    "gptj": ("GPT-J 6B", 6),
}
MLPERF_COUNTS = OUTPUT  # LoadGen reports completed (generated) tokens per second
NEWEST = "newest"  # MLPerf round choice: the newest round with a result per accelerator
MEDIAN = "median submitter"  # MLPerf submitter choice
MLPERF_RULE = (
    "Default MLPerf figure per accelerator: the benchmark closest to the model size in the "
    "chosen scenario; the newest round with a result (or the chosen round); closed division "
    "(open only when an accelerator has no closed result, marked); each submitter's best "
    "per-accelerator result, then the median submitter (lower middle when even), or the "
    "chosen submitter. Per accelerator = system tokens/s ÷ accelerators (derived)."
)


def mlperf_model(model_id: str) -> tuple[str, float] | None:
    """(name, billions of parameters) for an MLPerf id such as "llama2-70b-99.9"."""
    base = re.sub(r"-99(\.9)?$", "", model_id.lower())
    return MLPERF_MODELS.get(re.sub(r"[^a-z0-9]", "", base))


def fit_mlperf(rows: pd.DataFrame, params_b: float, scenario: str) -> pd.DataFrame:
    """MLPerf rows of a benchmark within ``SIZE_TOLERANCE`` of ``params_b`` in
    ``scenario``, with ``benchmark`` (model name) and ``params_b`` added."""
    sized = rows.assign(
        benchmark=[(mlperf_model(m) or ("", math.nan))[0] for m in rows["model_id"]],
        params_b=[(mlperf_model(m) or ("", math.nan))[1] for m in rows["model_id"]],
    )
    ratio = np.maximum(sized["params_b"], params_b) / np.minimum(sized["params_b"], params_b)
    return sized[(ratio <= SIZE_TOLERANCE) & (sized["scenario"] == scenario)]


def mlperf_options(
    rows: pd.DataFrame, params_b: float, scenario: str
) -> tuple[list[str], list[str]]:
    """(round choices, submitter choices) with a result for the size and scenario; the
    first of each is the default rule (``NEWEST``, ``MEDIAN``)."""
    fit = fit_mlperf(rows, params_b, scenario)
    rounds = sorted(set(fit["round"]), key=_round_key, reverse=True)
    return [NEWEST, *rounds], [MEDIAN, *sorted(set(fit["provider"]))]


def pick_mlperf(
    rows: pd.DataFrame,
    params_b: float,
    scenario: str,
    round_: str = NEWEST,
    submitter: str = MEDIAN,
) -> pd.DataFrame:
    """One MLPerf row per accelerator by ``MLPERF_RULE`` (rows: ``token_throughput``
    columns). Adds ``benchmark`` (model name), ``params_b`` and ``n_submitters`` (how
    many submitters the median was taken over). Empty when nothing matches."""
    fit = fit_mlperf(rows, params_b, scenario)
    if round_ != NEWEST:
        fit = fit[fit["round"] == round_]
    if submitter != MEDIAN:
        fit = fit[fit["provider"] == submitter]
    picked = [_pick_one(part, params_b) for _, part in fit.groupby("hardware", sort=True)]
    if not picked:
        return fit.assign(n_submitters=pd.Series(dtype="int64")).iloc[0:0]
    return pd.DataFrame(picked).reset_index(drop=True)


def _pick_one(rows: pd.DataFrame, params_b: float) -> pd.Series:
    """The rule for one accelerator's rows (see ``MLPERF_RULE``)."""
    closest = (np.log(rows["params_b"] / params_b)).abs()
    rows = rows[closest == closest.min()]
    rows = rows[rows["model_id"] == min(rows["model_id"], key=lambda m: (len(m), m))]
    if (rows["division"] == "closed").any():
        rows = rows[rows["division"] == "closed"]
    rows = rows[rows["round"] == max(rows["round"], key=_round_key)]
    best = rows.sort_values(["tokens_per_s", "result_id"], ascending=[False, True])
    best = best.drop_duplicates("provider").sort_values(["tokens_per_s", "provider"])
    row = best.iloc[(len(best) - 1) // 2].copy()
    row["n_submitters"] = len(best)
    return row


def _round_key(name: str) -> tuple[int, ...]:
    """ "v5.1" -> (5, 1): rounds sort by number, not as text."""
    return tuple(int(n) for n in re.findall(r"\d+", name))


@dataclass(frozen=True)
class OwnedExample:
    """ECONOMICS.md §6.1's example owned-GPU parameters (marked PROPOSAL there)."""

    capex_usd: float = 30_000  # the example's H100 SXM capex; not used as a default
    life_years: float = 4
    pue: float = 1.3
    usd_per_kwh: float = 0.08
    opex_pct_of_capex: float = 0  # the example is "before facility, network and staff costs"
    label: str = "example parameters (PROPOSAL in ECONOMICS.md §6.1)"


OWNED_EXAMPLE = OwnedExample()


# --- validation of the inputs table ---------------------------------------------------------

USER = "user-entered"
# editable column -> the column holding its source
EDITABLE = {
    "usd_per_gpu_hour": "price_source",
    "tokens_per_s": "throughput_source",
    "counts": "throughput_source",
    "util_pct": "util_source",
    "capex_usd": "capex_source",
    "power_w": "power_source",
    "memory_gb": "memory_source",
}
# column -> (label, unit, rule, what to enter); rules: "nonneg", "pos", "util"
_RULES: dict[str, tuple[str, str, str, str]] = {
    "usd_per_gpu_hour": ("$/GPU-hour", " USD", "nonneg", "a price of 0 or more"),
    "tokens_per_s": (
        "throughput",
        " tokens/s",
        "pos",
        "a throughput above 0 tokens/s, or clear the cell to skip the row",
    ),
    "util_pct": ("utilization", "%", "util", "a percent above 0 and at most 100 (e.g. 60)"),
    "capex_usd": ("capex", " USD", "nonneg", "0 or more, or clear the cell"),
    "power_w": ("power", " W", "nonneg", "0 or more watts, or clear the cell"),
    "memory_gb": ("memory", " GB", "pos", "more than 0 GB, or clear the cell"),
}


def _number(value: object) -> float | None:
    """A finite float, None for blank; raises ValueError for text or infinity."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, (str, bytes, bytearray, SupportsFloat, SupportsIndex)):
        raise TypeError(f"not a number: {value!r}")
    number = float(value)  # ValueError for text
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _cell_problem(col: str, value: object) -> str | None:
    label, unit, rule, fix = _RULES[col]
    try:
        number = _number(value)
    except (TypeError, ValueError):
        return f"{label} '{value}' is not a number; enter {fix}"
    if number is None:
        return f"{label} is empty; enter {fix}" if rule == "util" else None
    bad = {"nonneg": number < 0, "pos": number <= 0, "util": not 0 < number <= 100}[rule]
    if not bad:
        return None
    above = " (above 100%)" if rule == "util" and number > 100 else ""
    return f"{label} is {number:g}{unit}{above}; enter {fix}"


def validate_inputs(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """(rows without problems, one message per bad row naming it and what to fix).

    Blank price, throughput, capex, power or memory are allowed (that result is just not
    computed). Errors: throughput of 0 or less, negative price, capex or power, memory of
    0 or less, utilization (percent) outside (0, 100], text in a number cell, an unknown
    "tokens counted" value. Number columns of the valid rows come back as floats."""
    errors: list[str] = []
    bad: list[Any] = []
    for index, row in df.iterrows():
        problems = [p for col in _RULES if col in df.columns if (p := _cell_problem(col, row[col]))]
        if "counts" in df.columns and row["counts"] not in TOKEN_COUNTS:
            problems.append(f"tokens counted must be one of {', '.join(TOKEN_COUNTS)}")
        if problems:
            errors.append(f"Row '{row['accelerator']}': " + "; ".join(problems) + ".")
            bad.append(index)
    valid = df.drop(index=bad)
    for col in _RULES:
        if col in valid.columns:
            valid[col] = pd.to_numeric(valid[col], errors="coerce").astype("float64")
    return valid, errors


def mark_edits(defaults: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """``edited`` with the source of every changed cell set to "user-entered" and an
    ``edited`` flag per row."""
    out = edited.copy()
    out["edited"] = False
    for col, source in EDITABLE.items():
        before, after = defaults[col], edited[col]
        same = before.isna() & after.isna()
        same |= before.astype(object).eq(after.astype(object)) & ~same
        out.loc[~same, source] = USER
        out["edited"] |= ~same
    return out


# --- per-row results -------------------------------------------------------------------------


_PROVENANCE = ("_source_id", "_citation", "observed_at", "edited")


def _has(value: object) -> bool:
    return value is not None and not pd.isna(value)


def unit_costs(
    inputs: pd.DataFrame,
    *,
    life_years: float,
    pue: float,
    usd_per_kwh: float,
    opex_pct: float,
) -> tuple[pd.DataFrame, list[str]]:
    """USD per 1M tokens per row, rented (its $/GPU-hour) and owned (capex, power, PUE,
    electricity and opex as % of capex a year, per hour), at the row's utilization (%),
    plus one message per row for which ``market.tco`` raised an InputError."""
    rows, errors = [], []
    for _, r in inputs.iterrows():
        out = r.to_dict()
        try:
            util = float(r["util_pct"]) / 100
            owned = np.nan
            if _has(r["capex_usd"]) and _has(r["power_w"]):
                hw = tco.OwnedHardware(
                    capex_usd=float(r["capex_usd"]),
                    life_years=float(life_years),
                    power_w=float(r["power_w"]),
                    pue=float(pue),
                    usd_per_kwh=float(usd_per_kwh),
                    opex_share_of_capex_per_year=float(opex_pct) / 100,
                )
                owned = tco.owned_hourly_cost(hw).total
            out["owned_usd_per_gpu_hour"] = owned
            for basis, hourly in (("rented", r["usd_per_gpu_hour"]), ("owned", owned)):
                out[f"{basis}_usd_per_mtok"] = (
                    tco.cost_per_million_tokens(float(hourly), float(r["tokens_per_s"]), util)
                    if _has(hourly) and _has(r["tokens_per_s"])
                    else np.nan
                )
        except tco.InputError as err:
            errors.append(f"Row '{r['accelerator']}': {err}.")
            continue
        out["note"] = _missing(r)
        rows.append(out)
    return pd.DataFrame(rows), errors


def _missing(r: pd.Series) -> str:
    need = [
        what
        for col, what in (
            ("tokens_per_s", "throughput"),
            ("usd_per_gpu_hour", "$/GPU-hour"),
            ("capex_usd", "capex (owned)"),
            ("power_w", "power (owned)"),
        )
        if not _has(r[col])
    ]
    return f"enter {', '.join(need)} to compute" if need else ""


def memory_fit_table(
    inputs: pd.DataFrame,
    *,
    params_b: float,
    precision: str,
    kv_bytes_per_token: float,
    context_tokens: int,
    batch: int,
    overhead_pct: float,
) -> pd.DataFrame:
    """GPUs per replica per row: (weights + KV cache) x (1 + overhead) over GPU memory.
    Weights = parameters x bytes per parameter; KV = bytes per token x context x batch."""
    kv_gb = tco.kv_cache_gb(kv_bytes_per_token, int(context_tokens), int(batch))
    weights = tco.weights_gb(params_b, precision)
    overhead = float(overhead_pct) / 100
    rows = []
    for _, r in inputs.iterrows():
        gpus = None
        if _has(r["memory_gb"]):
            gpus = tco.memory_fit(
                params_b, precision, float(r["memory_gb"]), kv_gb=kv_gb, overhead_fraction=overhead
            ).gpus
        rows.append(
            {
                "accelerator": r["accelerator"],
                "memory_gb": r["memory_gb"],
                "weights_gb": weights,
                "kv_gb": kv_gb,
                "need_gb": (weights + kv_gb) * (1 + overhead),
                "gpus_per_replica": gpus,
                "memory_source": r["memory_source"],
            }
        )
    return pd.DataFrame(rows)


def margin_table(
    costs: pd.DataFrame,
    list_price: float | None,
    *,
    util_lo_pct: float,
    util_hi_pct: float,
    tput_spread_pct: float,
) -> tuple[pd.DataFrame, list[str]]:
    """Implied gross-margin range at ``list_price`` (USD per 1M output tokens) per row and
    basis over stated ranges: $/GPU-hour (rented: the providers' interquartile range
    widened to include the row's price; owned: the owned hourly cost), throughput +/-
    ``tput_spread_pct`` % and utilization ``util_lo_pct``-``util_hi_pct`` %. Only
    throughputs that count output tokens are compared with an output-token price; other
    rows get a note instead of a margin. Rows keep the cost row's provenance columns."""
    if list_price is None or costs.empty:
        return pd.DataFrame(), []
    spread = float(tput_spread_pct) / 100
    util = (float(util_lo_pct) / 100, float(util_hi_pct) / 100)
    rows, errors = [], []
    for _, c in costs[costs["tokens_per_s"].notna()].iterrows():
        tps = (float(c["tokens_per_s"]) * (1 - spread), float(c["tokens_per_s"]) * (1 + spread))
        keep = {k: c[k] for k in c.index if k.endswith(_PROVENANCE)}
        for basis in ("rented", "owned"):
            hourly = c["usd_per_gpu_hour" if basis == "rented" else "owned_usd_per_gpu_hour"]
            if not _has(hourly):
                continue
            band = _price_band(basis, float(hourly), c)
            row = keep | {
                "key": c["key"], "accelerator": c["accelerator"], "basis": basis,
                "counts": c["counts"], "usd_per_gpu_hour_low": band[0],
                "usd_per_gpu_hour_high": band[1], "tokens_per_s_low": tps[0],
                "tokens_per_s_high": tps[1], "util_low_pct": util[0] * 100,
                "util_high_pct": util[1] * 100, "list_usd_per_mtok": list_price,
            }  # fmt: skip
            if c["counts"] != OUTPUT:
                note = f"throughput counts {c['counts']} tokens: not comparable with output prices"
                rows.append(row | {"note": note})
                continue
            try:
                m = tco.implied_gross_margin(list_price, band, tps, util)
            except tco.InputError as err:
                errors.append(f"Margin ranges for '{c['accelerator']}': {err}.")
                continue
            rows.append(
                row
                | {
                    "cost_low": m.cost_low,
                    "cost_high": m.cost_high,
                    "margin_low": m.low,
                    "margin_high": m.high,
                    "note": m.note,
                }
            )
    return pd.DataFrame(rows), errors


def _price_band(basis: str, hourly: float, r: pd.Series) -> tuple[float, float]:
    if basis == "rented" and _has(r.get("p25_usd")) and _has(r.get("p75_usd")):
        return min(float(r["p25_usd"]), hourly), max(float(r["p75_usd"]), hourly)
    return hourly, hourly
