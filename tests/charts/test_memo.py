"""Memo packs: the ZIP holds exactly what SOURCES.md lists (charts in PNG + SVG, the
CSVs), SOURCES.md names each source with its license from the warehouse, the as-of
dates and the method notes; without a browser the pack still has CSVs + SOURCES.md.
Also the app side: chart_block's downloads and the page's memo-pack button."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from charts import export, memo, registry
from charts.provenance import direct_loader
from charts.spec import ChartSpec
from tests.charts.test_export import make_spec, need_browser, png_size
from warehouse.connection import Warehouse
from warehouse.queries import meta

SOURCES = pd.DataFrame(
    {
        "source_id": ["litellm", "llm_prices", "gpu_tracker"],
        "title": ["LiteLLM model prices", "llm-prices.com", "GPU pricing tracker"],
        "kind": ["json"] * 3,
        "url": ["https://example.org/litellm", "", ""],
        "license": ["MIT", "", "none in repo"],
        "attribution": ["BerriAI/litellm", "Simon Willison", "cherielilili"],
        "description": [""] * 3,
    }
)


def fake_render(jobs: list[export.Job]) -> list[bytes]:
    return [f"{job.fmt}:{job.spec.name}".encode() for job in jobs]


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def spec_with_sources(name: str, ids: list[str], source: str = "LiteLLM model prices") -> ChartSpec:
    spec = make_spec(name=name, title=f"Finding of {name}", source=source)
    spec.data = spec.data.assign(source_id=(ids * 3)[: len(spec.data)])
    return spec


def test_zip_holds_exactly_what_sources_md_lists() -> None:
    specs = [
        spec_with_sources("prices", ["litellm"]),
        spec_with_sources("prices", ["llm_prices"], source="llm-prices.com"),  # same name
        replace(make_spec(name="empty"), data=pd.DataFrame()),
    ]
    pack = memo.build_pack(specs, name="Model APIs", sources=SOURCES, render=fake_render)
    files = unzip(pack.to_zip())
    text = files["SOURCES.md"].decode()
    assert set(files) == memo.listed_files(text) | {"SOURCES.md"}
    assert set(files) == {
        "prices.png",
        "prices.svg",
        "prices.csv",
        "prices-2.png",
        "prices-2.svg",
        "prices-2.csv",
        "SOURCES.md",
    }
    assert files["prices-2.png"] == b"png:prices-2"
    assert pd.read_csv(io.BytesIO(files["prices.csv"]))["provider"].tolist() == [
        "Provider A",
        "Provider B",
        "Provider C",
    ]


def test_sources_md_names_sources_licenses_as_of_and_methods() -> None:
    specs = [spec_with_sources("a", ["litellm"]), spec_with_sources("b", ["gpu_tracker"], "x")]
    text = (
        memo.build_pack(specs, name="P", sources=SOURCES, render=fake_render)
        .files["SOURCES.md"]
        .decode()
    )
    assert "- **LiteLLM model prices** (`litellm`): license: MIT" in text
    assert "- **GPU pricing tracker** (`gpu_tracker`): license: none in repo" in text
    assert "llm_prices" not in text  # not behind any chart
    assert text.count("- As of: 2025-01-31") == 2
    assert "- Method: Latest list price per provider." in text
    assert "  - LiteLLM model prices: MIT" in text


def test_sources_matched_by_title_when_data_has_no_source_id() -> None:
    spec = make_spec(source="GPU pricing tracker; llm-prices.com")
    rows = memo.source_rows(spec, SOURCES)
    assert sorted(rows["source_id"]) == ["gpu_tracker", "llm_prices"]


def test_without_browser_the_pack_has_csvs_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    export.CACHE.clear()
    pack = memo.build_pack([make_spec()], name="P", sources=SOURCES)
    files = unzip(pack.to_zip())
    assert set(files) == {"test-chart.csv", "SOURCES.md"}
    text = files["SOURCES.md"].decode()
    assert "No images in this pack" in text and "apt-get install -y chromium" in text
    assert memo.listed_files(text) == {"test-chart.csv"}


def test_real_pack_of_a_page_renders_png_and_svg(offline_warehouse: Warehouse) -> None:
    need_browser()
    page = "edge" if "edge" in registry.pages() else registry.pages()[0]
    load = direct_loader(offline_warehouse)
    specs = registry.specs_for(page, load)
    pack = memo.build_pack(specs, name=page, sources=meta.sources(offline_warehouse))
    files = unzip(pack.to_zip())
    charts = memo.unique_specs(specs)
    assert charts and not pack.note
    assert set(files) == memo.listed_files(files["SOURCES.md"].decode()) | {"SOURCES.md"}
    for spec in charts:
        assert png_size(files[f"{spec.name}.png"]) == (1920, 1080)
        svg = files[f"{spec.name}.svg"].decode()
        assert svg.lstrip().startswith("<svg") and "Inference Atlas" in svg
    text = files["SOURCES.md"].decode()
    licenses = meta.sources(offline_warehouse).set_index("source_id")["license"]
    used = {i for s in charts if "source_id" in s.data for i in s.data["source_id"].dropna()}
    for source_id in used:
        assert f"(`{source_id}`): license: {licenses[source_id]}" in text


# ------------------------------------------------------------------ the app side


def _script() -> None:
    import pandas as pd
    import plotly.graph_objects as go

    from charts.spec import ChartSpec
    from ui.charts import chart_block
    from ui.memo import page_pack

    data = pd.DataFrame({"provider": ["=cmd", "B"], "usd_per_mtok": [1.0, 2.0]})
    for name in ("first", "second"):
        spec = ChartSpec(
            name=name,
            figure=go.Figure(go.Bar(x=data["provider"], y=data["usd_per_mtok"])),
            data=data,
            title=f"Finding {name}",
            source="Test",
            as_of="2025-01-31",
        )
        chart_block(spec, key=name)
    page_pack("Test page")


def _labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_chart_block_offers_csv_images_and_page_pack(
    app_env: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_browser()
    at = AppTest.from_function(_script, default_timeout=60)
    at.run()
    assert not at.exception
    labels = _labels(at)
    assert labels.count("CSV") == 2
    assert labels.count("PNG") == labels.count("SVG") == labels.count("PDF") == 2
    assert "Memo pack (ZIP)" in labels
    assert [r.label for r in at.radio] == ["Image aspect"]
    at.radio[0].set_value("4:3").run()
    assert not at.exception and "Memo pack (ZIP)" in _labels(at)


def test_app_without_browser_says_what_to_install(
    app_env: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = AppTest.from_function(_script, default_timeout=60)
    at.run()
    assert not at.exception
    labels = _labels(at)
    assert labels.count("CSV") == 2 and "PNG" not in labels
    captions = " ".join(c.value for c in at.caption)
    assert "apt-get install -y chromium" in captions
