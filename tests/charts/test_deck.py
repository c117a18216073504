"""The memo deck of real charts (the bundled snapshot's landscape and model API pages):
python-pptx opens it, one slide per chart plus the sources slide, each with its footer,
the finding as title, filters as subtitle, method and data date in the notes; the PDF
has as many pages; unknown ids are listed and skipped; an empty memo is refused."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from charts import deck, export, registry
from charts.deck_cli import run as deck_run
from charts.provenance import direct_loader
from charts.spec import ChartSpec
from tests.charts.test_export import make_spec, need_browser
from warehouse.connection import Warehouse
from warehouse.queries import meta

IDS = [
    "landscape/h100-on-demand-by-provider",
    "model_apis/price-vs-speed",
    "landscape/price-coverage-by-segment",
]


def pdf_pages(data: bytes) -> int:
    assert data[:5] == b"%PDF-"
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def _texts(slide) -> list[str]:  # noqa: ANN001
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


@pytest.fixture(scope="module")
def real_specs(offline_warehouse: Warehouse) -> list[ChartSpec]:
    specs, missing = registry.resolve(IDS, direct_loader(offline_warehouse))
    assert not missing
    return specs


def test_deck_and_pdf_of_real_charts(
    real_specs: list[ChartSpec], offline_warehouse: Warehouse
) -> None:
    need_browser()
    built = deck.build(real_specs, meta.sources(offline_warehouse))
    slides = list(Presentation(io.BytesIO(built.pptx)).slides)
    assert len(slides) == len(real_specs) + 1
    for spec, slide in zip(real_specs, slides, strict=False):
        texts = _texts(slide)
        assert texts[0] == spec.title and texts[1] == spec.subtitle
        assert texts[-1] == export.footer_text(spec) and spec.as_of in texts[-1]
        notes = slide.notes_slide.notes_text_frame.text
        assert (
            f"Method: {spec.method}" in notes
            and f"(newest observation plotted): {spec.as_of}" in notes
        )
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        assert Image.open(io.BytesIO(pictures[0].image.blob)).size == (1920, 1080)
    last = _texts(slides[-1])
    assert last[0] == deck.SOURCES_TITLE
    assert "GPU pricing tracker" in last[1] and "licence:" in last[1]
    assert last[-1].startswith(f"Source: the {len(real_specs)} chart(s) of this deck; as of ")
    assert pdf_pages(built.pdf) == len(real_specs) + 1


def test_no_charts_no_deck() -> None:
    empty = make_spec()
    empty.data = empty.data.iloc[0:0]
    with pytest.raises(deck.EmptyDeck, match="at least one chart"):
        deck.build([empty], meta_frame(), render=lambda jobs: [])


def meta_frame():  # noqa: ANN201
    import pandas as pd

    return pd.DataFrame(columns=["source_id", "title", "license", "attribution", "url"])


def test_deck_without_browser_renders_through_the_given_renderer() -> None:
    """The assembly alone (fake renderer = PNGs of a plain image): pages, slides, footers."""
    buf = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(buf, "PNG")
    png = buf.getvalue()
    specs = [make_spec(name=f"c{i}", title=f"Finding {i}") for i in range(3)]
    seen: list[list[export.Job]] = []

    def render(jobs):  # noqa: ANN001, ANN202
        seen.append(list(jobs))
        return [png] * len(jobs)

    built = deck.build(specs, meta_frame(), render=render)
    assert len(seen) == 1  # one render call (one browser session) for both files
    assert [j.chrome for j in seen[0]] == [False] * 3 + [True] * 4  # slides, pages, sources
    slides = list(Presentation(io.BytesIO(built.pptx)).slides)
    assert [_texts(s)[0] for s in slides] == [
        "Finding 0",
        "Finding 1",
        "Finding 2",
        deck.SOURCES_TITLE,
    ]
    assert all(_texts(s)[-1].startswith("Source: ") for s in slides)
    assert pdf_pages(built.pdf) == 4


def test_unknown_ids_are_listed_and_skipped(offline_warehouse: Warehouse) -> None:
    ids = ["landscape/market-map", "landscape/no-such-chart", "nopage/x", "garbage"]
    specs, missing = registry.resolve(ids, direct_loader(offline_warehouse))
    assert [s.name for s in specs] == ["market-map"]
    assert missing == ids[1:]


def test_deck_cli(offline_warehouse: Warehouse, tmp_path: Path) -> None:
    need_browser()
    import argparse

    out = io.StringIO()
    args = argparse.Namespace(
        ids=[IDS[0], "landscape/gone"],
        out=tmp_path / "memo.pptx",
        pdf=tmp_path / "memo.pdf",
        aspect="16:9",
        db=offline_warehouse.url,
    )
    assert deck_run(args, out) == 1  # written, but one id was unknown
    assert "skipped landscape/gone: no such chart" in out.getvalue()
    assert len(Presentation(str(tmp_path / "memo.pptx")).slides) == 2
    assert pdf_pages((tmp_path / "memo.pdf").read_bytes()) == 2
    args.ids = ["landscape/gone"]
    assert deck_run(args, io.StringIO()) == 2
