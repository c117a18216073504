"""Memo-theme exports: the memo figure (title, subtitle, footer, size), real PNG/SVG/PDF
renders through kaleido + Chromium (signatures, PNG pixel size, footer text, footer
below the tick labels), one browser session per batch, the no-browser message, and
spreadsheet-safe CSV."""

from __future__ import annotations

import io
import os
import re
import struct
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts import export
from charts.csv import safe_csv
from charts.spec import ChartSpec

CHROMIUM = Path("/usr/bin/chromium")
FOOTER = "Source: Test prices; as of 2025-01-31; Inference Atlas"


def need_browser() -> None:
    """Skip only where Chromium is missing outside CI; in CI it must be there."""
    if export.browser_path() is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("no Chromium in CI: .ci/run must apt-get install -y chromium")
    pytest.skip("Chromium not installed (apt-get install -y chromium)")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def make_spec(labels: list[str] | None = None, **kw: str) -> ChartSpec:
    labels = labels or ["Provider A", "Provider B", "Provider C"]
    data = pd.DataFrame({"provider": labels, "usd_per_mtok": [1.5 + i for i in range(len(labels))]})
    fig = go.Figure(go.Bar(x=data["usd_per_mtok"], y=data["provider"], orientation="h"))
    fig.update_layout(title="builder title", height=900)
    fig.update_xaxes(title_text="USD per 1M tokens")
    fields = dict(
        name="test-chart",
        title="Provider C is the most expensive at $3.50 per 1M tokens",
        source="Test prices",
        as_of="2025-01-31",
        subtitle="Models: all · input tokens",
        method="Latest list price per provider.",
    )
    fields.update(kw)
    return ChartSpec(figure=fig, data=data, **fields)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    export.CACHE.clear()
    export._BOXES.clear()


# ------------------------------------------------------------------ memo figure


def test_memo_figure_sets_finding_filters_footer_and_16_9_size() -> None:
    spec = make_spec()
    fig = export.memo_figure(spec)
    assert (fig.layout.width, fig.layout.height) == (960, 540)
    assert fig.layout.title.text.startswith(spec.title)
    assert "Models: all · input tokens" in fig.layout.title.text
    assert fig.layout.annotations[-1].text == FOOTER
    assert export.footer_text(spec) == FOOTER
    assert spec.figure.layout.title.text == "builder title"  # the app's figure is untouched
    assert spec.figure.layout.height == 900


def test_memo_figure_4_3_and_wrapped_long_texts() -> None:
    spec = make_spec(source="; ".join(f"Source number {i} with a long title" for i in range(12)))
    fig = export.memo_figure(spec, "4:3")
    assert (fig.layout.width, fig.layout.height) == (960, 720)
    lines = fig.layout.annotations[-1].text.split("<br>")
    assert len(lines) >= 3
    assert all(len(line) <= 960 / 5.6 for line in lines)
    assert lines[-1].endswith("Inference Atlas")


def test_markup_in_texts_is_escaped_and_breaks_are_rewrapped() -> None:
    spec = make_spec(title="A<br>B & <b>C</b>")
    text = export.memo_figure(spec).layout.title.text
    assert text.startswith("A B &amp; &lt;b&gt;C&lt;/b&gt;")


def test_long_ranking_shows_every_label() -> None:
    labels = [f"Accelerator {i:02d}" for i in range(30)]
    fig = export.memo_figure(make_spec(labels))
    assert fig.layout.yaxis.dtick == 1
    assert 8 <= fig.layout.yaxis.tickfont.size < 12


def test_plot_box_reads_plot_area_from_svg() -> None:
    svg = (
        '<g class="overplot"><g class="xy" transform="translate(215,100)" clip-path="x">'
        '<clipPath id="c" class="plotclip"><rect width="715" height="326"/></clipPath>'
    )
    assert export.plot_box(svg, 540) == export.PlotBox(left=215.0, bottom=114.0)
    assert export.plot_box("<svg></svg>", 540) is None


# ------------------------------------------------------------------ real renders


def test_png_svg_pdf_are_valid_memo_files() -> None:
    need_browser()
    spec = make_spec()
    jobs = [export.Job(spec, fmt) for fmt in export.FORMATS] + [export.Job(spec, "png", "4:3")]
    png, svg, pdf, png43 = export.render_many(jobs)
    assert png_size(png) == (960 * 2, 540 * 2)
    assert png_size(png43) == (960 * 2, 720 * 2)
    assert svg.lstrip().startswith(b"<svg")
    assert FOOTER in svg.decode("utf-8")
    assert "Provider C is the most expensive" in svg.decode("utf-8")
    assert pdf.startswith(b"%PDF")


def test_footer_sits_left_and_below_long_tick_labels() -> None:
    need_browser()
    labels = [f"Very long accelerator name number {i}" for i in range(6)]
    svg = export.render(make_spec(labels), "svg").decode("utf-8")
    x, y = map(
        float, re.search(r'class="annotation".*?translate\(([\d.]+),([\d.]+)\)', svg).groups()
    )
    xtitle_y = float(re.search(r'class="xtitle" x="[\d.]+" y="([\d.]+)"', svg).group(1))
    assert y > xtitle_y  # under the axis title, not over the tick labels
    assert x < 30  # aligned with the title at the left edge despite the wide labels


def test_a_batch_uses_one_browser_session_and_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    need_browser()
    import kaleido

    sessions: list[int] = []

    class Counting(kaleido.Kaleido):
        def __init__(self, *args: object, **kwargs: object) -> None:
            sessions.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(kaleido, "Kaleido", Counting)
    specs = [make_spec(name=f"c{i}", title=f"Finding {i}") for i in range(3)]
    first = export.render_many([export.Job(s, f) for s in specs for f in ("png", "svg")])
    assert len(sessions) == 1 and len(first) == 6
    again = export.render(specs[1], "svg")
    assert again == first[3] and len(sessions) == 1  # served from the cache


def test_a_batch_draws_the_same_image_as_a_cold_export() -> None:
    """Images of one session do not leak into each other (no page reload between them)."""
    need_browser()
    a = make_spec(["X", "Y"], name="a", title="Alpha finding")
    b = make_spec(name="b", title="Beta finding")
    batch = export.render_many([export.Job(a, "png"), export.Job(a, "pdf"), export.Job(b, "png")])
    export.CACHE.clear()
    export._BOXES.clear()
    assert export.render(b, "png") == batch[2]


# ------------------------------------------------------------------ no browser


def test_missing_browser_gives_the_install_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert export.browser_path() is None
    problem = export.browser_problem()
    assert "apt-get install -y chromium" in problem
    assert "/nonexistent/chromium" in problem and "CSV" in problem
    with pytest.raises(export.BrowserUnavailable, match="apt-get install -y chromium"):
        export.render(make_spec(), "png")


def test_browser_found_on_this_machine() -> None:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    assert export.browser_problem() is None
    assert export.browser_path() is not None


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported export"):
        export.render(make_spec(), "eps")


# ------------------------------------------------------------------ CSV


def test_csv_neutralizes_formula_injection() -> None:
    df = pd.DataFrame(
        {
            "provider": ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1:A2)", "Acme"],
            "usd_per_mtok": [1.0, -2.5, 3.0, 4.0, 5.0],
        }
    )
    back = pd.read_csv(io.BytesIO(safe_csv(df)))
    assert list(back["provider"]) == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1:A2)",
        "Acme",
    ]
    assert list(back["usd_per_mtok"]) == [1.0, -2.5, 3.0, 4.0, 5.0]  # numbers untouched
