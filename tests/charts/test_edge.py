"""Edge chart builders on small real-shaped frames, and the page's chart set on the
offline snapshot (TOPS bases kept apart, Copilot+ line, findings in titles)."""

from __future__ import annotations

import pandas as pd
import pytest

from charts import edge as charts
from charts.pages import edge as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse
from warehouse.queries import edge as q

NPUS = pd.DataFrame(
    {
        "label": [
            "Intel Core Ultra 200V (Lunar Lake)",
            "NVIDIA Jetson AGX Orin",
            "Hailo Hailo-10H",
        ],
        "tops": [48.0, 275.0, 20.0],
        "tops_basis": [q.INT8_BASIS, q.STATED_BASIS, q.INT8_BASIS],
        "note": ["INT8 basis per gamerssight.com", "'up to 275 sparse INT8 TOPS at MAXN'", None],
    }
)
BENCH = pd.DataFrame(
    {
        "label": [
            "Llama 3.2 1B Instruct · w4",
            "Llama 3.2 1B Instruct · w4",
            "Llama 3 8B Instruct · w4a16",
        ],
        "device": ["Snapdragon 8 Elite QRD", "SA8295P ADP", "Snapdragon 8 Elite QRD"],
        "engine": ["Qualcomm Genie (QNN)"] * 3,
        "prompt_text": ["TTFT prompt: up to 128 tokens"] * 3,
        "output_tokens_per_s": [33.74, 11.0, 12.93],
    }
)


def test_tops_bars_keep_bases_apart_and_draw_the_reference_line() -> None:
    fig = charts.tops_bars(
        NPUS,
        title="Only 2 of 3",
        reference_tops=40.0,
        reference_label="Copilot+ PC minimum: 40 NPU TOPS",
        basis_colors=chart_set.BASIS_COLORS,
    )
    assert [t.name for t in fig.data] == [q.INT8_BASIS, q.STATED_BASIS]  # INT8 listed first
    assert list(fig.data[0].y) == ["Intel Core Ultra 200V (Lunar Lake)", "Hailo Hailo-10H"]
    assert fig.data[0].marker.color != fig.data[1].marker.color
    line = fig.layout.shapes[0]
    assert line.x0 == line.x1 == 40.0 and line.line.dash == "dash"
    assert line.name == "Copilot+ PC minimum: 40 NPU TOPS" and line.showlegend
    assert fig.layout.xaxis.title.text.startswith("TOPS")
    assert "sparse INT8" in fig.data[1].customdata[0][0]  # the note is in the hover


def test_tops_legend_shows_even_with_one_basis() -> None:
    fig = charts.tops_bars(NPUS[NPUS["tops_basis"] == q.STATED_BASIS], title="t")
    assert fig.layout.showlegend is True and fig.data[0].name == q.STATED_BASIS


def test_measurement_bars_group_devices_per_model() -> None:
    fig = charts.measurement_bars(
        BENCH, value="output_tokens_per_s", x_title="Output tokens/s (decode)", title="Decode speed"
    )
    assert fig.layout.barmode == "group"
    assert sorted(t.name for t in fig.data) == ["SA8295P ADP", "Snapdragon 8 Elite QRD"]
    assert list(fig.layout.yaxis.categoryarray) == [
        "Llama 3 8B Instruct · w4a16",
        "Llama 3.2 1B Instruct · w4",
    ]
    assert fig.layout.xaxis.title.text == "Output tokens/s (decode)"
    elite = next(t for t in fig.data if t.name == "Snapdragon 8 Elite QRD")
    assert list(elite.x) == [33.74, 12.93]


@pytest.mark.parametrize("builder", ["tops_bars", "measurement_bars"])
def test_empty_frames_say_so(builder: str) -> None:
    kwargs = {"title": "t"} | ({"value": "v", "x_title": "x"} if builder != "tops_bars" else {})
    fig = getattr(charts, builder)(pd.DataFrame(), **kwargs)
    assert fig.layout.annotations and not fig.data


# --- chart set on the offline snapshot ---------------------------------------------


@pytest.fixture(scope="module")
def load(offline_warehouse: Warehouse):
    return direct_loader(offline_warehouse)


def test_tops_chart_counts_int8_figures_and_cites_copilot(load) -> None:
    spec = chart_set.specs(load)[0]
    n_int8 = int((spec.data["tops_basis"] == q.INT8_BASIS).sum())
    assert spec.title.startswith(f"Only {n_int8} of {len(spec.data)} NPU TOPS figures")
    assert spec.data["tops"].notna().all()
    assert "Copilot+ 40 TOPS minimum: data/reference/README.md" in spec.source
    assert "Snapdragon X Elite" in spec.source  # its note quotes the requirement
    assert "No TOPS published:" in spec.subtitle and "Tensor G4" in spec.subtitle
    assert "curated reference, see citation per row" in spec.source
    plotted = sorted(x for trace in spec.figure.data for x in trace.x)
    assert plotted == sorted(spec.data["tops"])


def test_default_engine_is_the_largest_comparable_set(load) -> None:
    engines = load(q.engines)
    assert chart_set.default_engines(load) == (engines["engine"].iloc[0],)
    tokens, ttft = chart_set.specs(load)[1:]
    assert set(tokens.data["engine"]) == {engines["engine"].iloc[0]}
    fastest = tokens.data.loc[tokens.data["output_tokens_per_s"].idxmax()]
    assert f"fastest: {fastest['device']} on {fastest['model']}" in tokens.title
    assert "prompts of up to 128 tokens" in ttft.subtitle
    assert ttft.as_of == "2026-02-11"  # Qualcomm AI Hub perf.yaml commit date


def test_engine_and_vendor_filters_change_the_charts(load) -> None:
    everything = chart_set.specs(load, engines=(), vendors=("Apple",))
    assert set(everything[0].data["vendor"]) == {"Apple"}
    assert everything[0].title.startswith("None of the 7 NPU TOPS figures")
    assert everything[1].data["engine"].nunique() > 2
    assert "Engine: all engines" in everything[1].subtitle
