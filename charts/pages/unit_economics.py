"""Chart set of the Unit economics page: cost per 1M tokens per accelerator (rented and
owned), cost bands beside providers' list prices with implied margins, and the cost's
sensitivity to utilization and the GPU-hour price.

``default_inputs`` builds the per-accelerator inputs table (warehouse + the cited table in
``market.accelerators``) that the page lets the user edit; ``results`` and ``specs`` take
the validated table. Formulas: ``market.tco`` (ECONOMICS.md §6.1); rented and owned GPUs
are both paid for every hour, utilization is the busy share of hours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from charts import unit_economics as charts
from charts.provenance import Loader, provenance
from charts.spec import ChartSpec
from charts.theme import money
from market import accelerators as acc
from market import tco
from warehouse.queries import meta
from warehouse.queries import unit_economics as q

# model choice -> (label, KV shape in market.tco.KV_CONFIGS, billions of parameters)
MODELS: dict[str, tuple[str, str | None, float | None]] = {
    "70b": ("70B (Llama 3 70B shape)", "llama-3-70b", 70.0),
    "8b": ("8B (Llama 3 8B shape)", "llama-3-8b", 8.0),
    "custom": ("Custom size", None, None),
}
_L70 = tco.KV_CONFIGS["llama-3-70b"]
_EX = acc.OWNED_EXAMPLE
DEFAULTS: dict[str, Any] = {
    "model": "70b",
    "params_b": 70.0,  # custom size only (user-entered)
    "kv_elements": 2 * _L70.layers * _L70.kv_heads * _L70.head_dim,  # custom size only
    "precision": "fp16",
    "kv_precision": "fp16",
    "workload": acc.OFFLINE,
    "util_pct": 60,  # user-entered assumption
    # 128 in + 128 out tokens at batch 64: the TensorRT-LLM workload in ECONOMICS.md §6.2
    "context_tokens": 256,
    "batch": 64,
    "overhead_pct": 0.0,
    "life_years": _EX.life_years,
    "pue": _EX.pue,
    "usd_per_kwh": _EX.usd_per_kwh,
    "opex_pct": _EX.opex_pct_of_capex,
    "util_lo_pct": 40,  # margin ranges: user-entered assumptions
    "util_hi_pct": 80,
    "tput_spread_pct": 25,
    "sensitivity": "H200",
    "mlperf_round": acc.NEWEST,  # MLPerf round of the default throughputs
    "mlperf_submitter": acc.MEDIAN,
}
OWNED_KEYS = ("life_years", "pue", "usd_per_kwh", "opex_pct")
MARGIN_KEYS = ("util_lo_pct", "util_hi_pct", "tput_spread_pct")
NOT_LIKE_FOR_LIKE = "throughput figures come from different benchmarks: not like-for-like"


@dataclass(frozen=True)
class ModelShape:
    label: str
    params_b: float
    kv_bytes_per_token: float
    kv_source: str


def model_shape(p: dict[str, Any]) -> ModelShape:
    """Parameters and KV-cache bytes per token of the chosen model (custom: user-entered)."""
    label, kv_key, size = MODELS.get(p["model"], MODELS["70b"])
    if kv_key is None or size is None:
        per_token = float(p["kv_elements"]) * tco.BYTES_PER_PARAM[p["kv_precision"]]
        return ModelShape(f"{p['params_b']:g}B (custom)", float(p["params_b"]), per_token, acc.USER)
    kv = tco.KV_CONFIGS[kv_key]
    return ModelShape(label, size, kv.bytes_per_token(p["kv_precision"]), kv.source)


def editor_key(
    model: str,
    workload: str,
    params_b: float,
    mlperf_round: str = acc.NEWEST,
    mlperf_submitter: str = acc.MEDIAN,
) -> str:
    """Session key of the inputs editor: edits reset when the defaults' basis changes."""
    key = f"ue.inputs.{model}.{workload}.{params_b:g}"
    if (mlperf_round, mlperf_submitter) != (acc.NEWEST, acc.MEDIAN):
        key += f".{mlperf_round}.{mlperf_submitter}"
    return key


# --- default inputs ----------------------------------------------------------------------


def mlperf_rows(load: Loader) -> pd.DataFrame:
    """MLPerf tokens/s-per-accelerator rows of the page's accelerators (all rounds)."""
    return load(q.token_throughput, hardware=tuple(a.key for a in acc.ACCELERATORS))


def mlperf_choices(load: Loader, params_b: float, workload: str) -> tuple[list[str], list[str]]:
    """(round options, submitter options) with a result for the size and workload."""
    return acc.mlperf_options(mlperf_rows(load), params_b, workload)


def default_inputs(
    load: Loader,
    *,
    params_b: float,
    workload: str,
    util_pct: float,
    mlperf_round: str = acc.NEWEST,
    mlperf_submitter: str = acc.MEDIAN,
) -> pd.DataFrame:
    """One row per accelerator: its default inputs and, beside each, where it comes from."""
    keys = tuple(a.key for a in acc.ACCELERATORS)
    prices = load(q.gpu_price_summary, gpus=keys).set_index("gpu")
    hw = load(q.hardware_specs, accelerators=keys).set_index("accelerator")
    picked = acc.pick_mlperf(mlperf_rows(load), params_b, workload, mlperf_round, mlperf_submitter)
    titles = dict(load(meta.sources)[["source_id", "title"]].itertuples(index=False))
    open_division = set(picked.loc[picked["division"] != "closed", "hardware"])
    rows = []
    for a in acc.ACCELERATORS:
        price = prices.loc[a.key] if a.key in prices.index else None
        spec = hw.loc[a.key] if a.key in hw.index else None
        rows.append(
            {
                "key": a.key,
                # An open-division result may change the model (e.g. quantize it): say so
                # wherever the accelerator is named.
                "accelerator": a.label
                + (" (MLPerf open division)" if a.key in open_division else ""),
                "util_pct": float(util_pct),
                "util_source": acc.USER,
                "edited": False,
                **_price_fields(price, titles),
                **_throughput_fields(a, picked, params_b, workload, titles),
                **_spec_fields(a, spec, price, titles),
            }
        )
    return pd.DataFrame(rows)


def _titled(ids: str, titles: dict[str, str]) -> str:
    return "; ".join(titles.get(i, i) for i in sorted(set(ids.split(","))) if i)


def _price_fields(price: pd.Series | None, titles: dict[str, str]) -> dict[str, Any]:
    if price is None:
        return {
            "usd_per_gpu_hour": None,
            "n_providers": 0,
            "observed_at": pd.NaT,
            "price_source_id": "",
            "price_source": "no on-demand price in the warehouse: enter one",
        }
    n = int(price["n_providers"])
    what = (
        f"median of {n} providers' newest on-demand offers"
        if n > 1
        else "one provider's newest on-demand price, no second source"
    )
    return {
        "usd_per_gpu_hour": round(float(price["usd_per_gpu_hour"]), 4),
        "n_providers": n,
        "price_source": f"{what} ({_titled(price['source_id'], titles)}); newest "
        f"{pd.Timestamp(price['observed_at']).date().isoformat()}",
        **{c: float(price[c]) for c in ("min_usd", "p25_usd", "p75_usd", "max_usd")},
        "observed_at": price["observed_at"],
        "price_source_id": price["source_id"],
    }


def _mlperf_fields(b: pd.Series, titles: dict[str, str]) -> dict[str, Any]:
    """Throughput fields from one MLPerf row picked by ``acc.pick_mlperf``."""
    division = "" if b["division"] == "closed" else f" {b['division'].upper()} DIVISION"
    median = (
        f"median of {int(b['n_submitters'])} submitters' best"
        if int(b["n_submitters"]) > 1
        else "only submitter"
    )
    return {
        "tokens_per_s": float(b["tokens_per_s"]),
        "counts": acc.MLPERF_COUNTS,
        "benchmark_workload": (
            f"{b['benchmark']} (MLPerf {b['model_id']}), {b['scenario']}, {b['system']}, "
            f"{int(b['accelerators'])} accelerators, {b['precision']}, {b['software']}"
        ),
        "throughput_source": (
            f"{titles.get(b['source_id'], b['source_id'])}: {b['round']}{division} result "
            f"{b['result_id']} by {b['provider']} ({b['availability']}; {median}): "
            f"{float(b['raw_value']):,.1f} tokens/s ÷ {int(b['accelerators'])} accelerators "
            "(derived)"
        ),
        "throughput_source_id": b["source_id"],
        "throughput_citation": "",
        "mlperf_result": f"{b['round']} {b['result_id']} {b['scenario']}",
        "mlperf_url": b["details_url"],
    }


def _throughput_fields(
    a: acc.Accelerator,
    picked: pd.DataFrame,
    params_b: float,
    workload: str,
    titles: dict[str, str],
) -> dict[str, Any]:
    """The MLPerf figure ``acc.pick_mlperf`` chose for ``a``; else the closest-size cited
    figure of ECONOMICS.md §6.2 measured in ``workload`` (a stated scenario and output
    tokens preferred); blank when neither exists, with "output" as the tokens a
    user-entered figure counts."""
    mine = picked[picked["hardware"] == a.key]
    if not mine.empty:
        return _mlperf_fields(mine.iloc[0], titles)
    blank = {"throughput_source_id": "", "mlperf_result": "", "mlperf_url": ""}
    fits = [t for t in a.throughputs if t.matches(params_b, workload)]
    if not fits:
        return blank | {
            "tokens_per_s": None,
            "counts": acc.OUTPUT,  # what the user is asked to enter
            "benchmark_workload": "",
            "throughput_source": f"no {workload} figure for a ~{params_b:g}B model: enter "
            "output tokens/s per GPU",
            "throughput_citation": "",
        }
    t = min(
        fits,
        key=lambda f: (
            abs(math.log(f.params_b / params_b)),
            f.scenario == "",
            f.counts != acc.OUTPUT,
        ),
    )
    return blank | {
        "tokens_per_s": t.tokens_per_s,
        "counts": t.counts,
        "benchmark_workload": t.workload,
        "throughput_source": t.source,
        "throughput_citation": t.source,
    }


_SPEC_FIELDS = (
    ("capex", "price_usd", "release price"),
    ("power", "tdp_w", "TDP"),
    ("memory", "memory_gb", "memory"),
)
_SPEC_COLS = {"capex": "capex_usd", "power": "power_w", "memory": "memory_gb"}


def _spec_fields(
    a: acc.Accelerator, spec: pd.Series | None, price: pd.Series | None, titles: dict[str, str]
) -> dict[str, Any]:
    """Capex (Epoch release price), power (TDP) and memory: Epoch AI first, then
    ECONOMICS.md §6.2, then (memory only) what the GPU price sources list."""
    out: dict[str, Any] = {"spec_citation": "", "memory_source_id": ""}
    ids: list[str] = []
    for part, field, what in _SPEC_FIELDS:
        col = _SPEC_COLS[part]
        out[col], out[f"{part}_source"] = None, "not in the warehouse: enter one"
        if spec is not None and pd.notna(spec[field]):
            out[col] = float(spec[field])
            out[f"{part}_source"] = (
                f"{titles.get(spec['source_id'], spec['source_id'])}: {what} of {spec['name']}"
            )
            ids.append(str(spec["source_id"]))
    for part, value in (("power", a.tdp_w), ("memory", a.memory_gb)):
        if out[_SPEC_COLS[part]] is None and value is not None:
            out[_SPEC_COLS[part]], out[f"{part}_source"] = float(value), a.spec_source
            out["spec_citation"] = a.spec_source
    if out["memory_gb"] is None and price is not None and pd.notna(price["listed_memory_gb"]):
        out["memory_gb"] = float(price["listed_memory_gb"])
        out["memory_source"] = f"as listed by {_titled(price['memory_source_id'], titles)}"
        out["memory_source_id"] = price["memory_source_id"]
    out["spec_source_id"] = ",".join(sorted(set(ids)))
    return out


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    costs: pd.DataFrame
    memory: pd.DataFrame
    lists: pd.DataFrame  # comparable providers' list prices
    median_list: float | None
    margins: pd.DataFrame
    errors: list[str]


def results(load: Loader, inputs: pd.DataFrame, **params: Any) -> Results:
    """Unit costs, memory fit, comparable list prices and margins for validated inputs."""
    p = {**DEFAULTS, **params}
    shape = model_shape(p)
    costs, errors = acc.unit_costs(inputs, **{k: p[k] for k in OWNED_KEYS})
    try:
        memory = acc.memory_fit_table(
            inputs,
            params_b=shape.params_b,
            precision=p["precision"],
            kv_bytes_per_token=shape.kv_bytes_per_token,
            context_tokens=int(p["context_tokens"]),
            batch=int(p["batch"]),
            overhead_pct=float(p["overhead_pct"]),
        )
    except tco.InputError as err:
        memory = pd.DataFrame()
        errors = [*errors, f"Memory fit: {err}."]
    lists = load(q.comparable_list_prices, params_b=shape.params_b)
    median = float(lists["output_usd_per_mtok"].median()) if not lists.empty else None
    margins, margin_errors = acc.margin_table(costs, median, **{k: p[k] for k in MARGIN_KEYS})
    return Results(costs, memory, lists, median, margins, errors + margin_errors)


# --- chart specs ---------------------------------------------------------------------------


def specs(load: Loader, inputs: pd.DataFrame | None = None, **params: Any) -> list[ChartSpec]:
    """The page's charts for ``params`` (see DEFAULTS) and validated ``inputs`` (None: the
    default inputs)."""
    p = {**DEFAULTS, **params}
    shape = model_shape(p)
    if inputs is None:
        defaults = default_inputs(
            load,
            params_b=shape.params_b,
            workload=p["workload"],
            util_pct=p["util_pct"],
            mlperf_round=p["mlperf_round"],
            mlperf_submitter=p["mlperf_submitter"],
        )
        inputs, _ = acc.validate_inputs(defaults)
    res = results(load, inputs, **p)
    context = (
        f"{shape.label} · {p['precision']} weights · "
        f"{acc.WORKLOADS.get(p['workload'], p['workload'])} · {NOT_LIKE_FOR_LIKE}"
    )
    return [
        cost_spec(load, res.costs, len(acc.ACCELERATORS), shape, context),
        margin_spec(load, res, shape, context),
        sensitivity_spec(load, inputs, str(p["sensitivity"]), context),
    ]


def _source(load: Loader, data: pd.DataFrame) -> tuple[str, str]:
    """Warehouse sources + the cited references + "user-entered values" when edited."""
    names, as_of = provenance(load, data)
    cited = data["citations"].dropna() if "citations" in data else pd.Series(dtype=str)
    extra = sorted({c for cell in cited for c in str(cell).split(" | ") if c})
    if "edited" in data and data["edited"].eq(True).any():
        extra.append("user-entered values")
    return "; ".join([names, *extra]), as_of


def cost_spec(
    load: Loader, costs: pd.DataFrame, n_rows: int, shape: ModelShape, context: str
) -> ChartSpec:
    data = charts.cost_long(costs)
    if data.empty:
        title = (
            f"No accelerator has both a price and a throughput for a {shape.label} "
            "model: enter throughputs in the inputs table"
        )
    else:
        title = _cost_title(data, n_rows)
    source, as_of = _source(load, data)
    return ChartSpec(
        name="cost-per-million-tokens",
        figure=charts.cost_bars(data, title=title, subtitle=context),
        data=data,
        title=title,
        source=source,
        as_of=as_of,
        subtitle=context,
        method="USD per 1M tokens = USD per GPU-hour / (tokens/s per GPU x 3600 x "
        "utilization) x 1e6 (ECONOMICS.md §6.1); owned USD per GPU-hour = capex / (life x "
        "8760) + kW x PUE x USD/kWh + opex; tokens as each benchmark counts them.",
    )


def _cost_title(data: pd.DataFrame, n_rows: int) -> str:
    """The cheapest cost, among output-token figures when there are any."""
    output = data[data["counts"] == acc.OUTPUT]
    pool, unit = (output, "output tokens") if not output.empty else (data, "tokens")
    best = pool.loc[pool["usd_per_mtok"].astype(float).idxmin()]
    return (
        f"Lowest cost per 1M {unit}: {best['accelerator']} {best['basis']}, "
        f"{money(best['usd_per_mtok'])} at {best['utilization_pct']:g}% utilization "
        f"({data['accelerator'].nunique()} of {n_rows} accelerators have a cost for "
        "this size)"
    )


def margin_spec(load: Loader, res: Results, shape: ModelShape, context: str) -> ChartSpec:
    size = q.size_token(shape.params_b)
    data = charts.band_data(res.lists, res.margins)
    bands = data[data["kind"] == "cost band"]
    if res.median_list is None:
        title = f"No provider list prices found for {size.upper()}-class models"
    else:
        title = (
            f"Median {size.upper()}-class list price {money(res.median_list)} per "
            f"1M output tokens ({len(res.lists)} listings)"
        )
        if bands.empty:
            title += ": no cost band counts output tokens yet (enter a throughput)"
        else:
            rented = bands[bands["label"].str.endswith(" rented")]
            best = (rented if not rented.empty else bands).sort_values("usd_per_mtok_low").iloc[0]
            title += (
                f"; {best['label']} implies a {best['margin_low']:.0%} to "
                f"{best['margin_high']:.0%} gross margin under the stated ranges"
            )
    source, as_of = _source(load, data)
    return ChartSpec(
        name="list-prices-vs-cost-bands",
        figure=charts.margin_bands(
            data, title=title, subtitle=context, median_list=res.median_list
        ),
        data=data,
        title=title,
        source=source,
        as_of=as_of,
        subtitle=context,
        method=f"List prices: latest output price of every model whose id carries the size "
        f"token '{size}' (or models.params_b within 5%), free listings left out. Implied "
        "margin = 1 - cost / median list price over the stated ranges "
        "(market.tco.implied_gross_margin): an illustration, not a measured margin.",
    )


def sensitivity_spec(load: Loader, inputs: pd.DataFrame, key: str, context: str) -> ChartSpec:
    ready = inputs[inputs["tokens_per_s"].notna() & inputs["usd_per_gpu_hour"].notna()]
    chosen = ready[ready["key"] == key] if key in set(ready["key"]) else ready.head(1)
    if chosen.empty:
        grid = data = pd.DataFrame(columns=["utilization_pct", "usd_per_gpu_hour", "usd_per_mtok"])
        title = "No accelerator has both a throughput and a price to vary"
    else:
        row = chosen.iloc[0]
        grid = charts.sensitivity_data(row)
        info = charts.with_provenance(chosen)
        data = grid.assign(
            accelerator=row["accelerator"],
            tokens_per_s=row["tokens_per_s"],
            **{c: info[c].iloc[0] for c in ("source_id", "citations")},
            observed_at=row["observed_at"],
            edited=row.get("edited", False),
        )
        cost, price = grid["usd_per_mtok"], grid["usd_per_gpu_hour"]
        title = (
            f"{row['accelerator']} at {row['tokens_per_s']:,.0f} tokens/s: "
            f"{money(cost.min())} to {money(cost.max())} per 1M tokens "
            f"across ${price.min():,.2f}–${price.max():,.2f} per GPU-hour and "
            f"{grid['utilization_pct'].min()}–{grid['utilization_pct'].max()}% utilization"
        )
    source, as_of = _source(load, data)
    return ChartSpec(
        name="cost-sensitivity",
        figure=charts.sensitivity_heatmap(grid, title=title, subtitle=context),
        data=data,
        title=title,
        source=source,
        as_of=as_of,
        subtitle=context,
        method="market.tco.sensitivity_grid at the row's throughput; prices span the "
        "providers' lowest to highest newest on-demand price (and the row's price).",
    )
