"""Memo decks: charts as a PowerPoint deck (python-pptx) and the same as one PDF.

PPTX: one chart per slide (a 2x PNG of the chart alone), the finding as the title, the
filters as the subtitle, "Source …; as of …; Inference Atlas" as the footer, method and
data date in the speaker notes, then a sources slide with every source's licence. PDF:
one page per chart in the memo theme (title, subtitle and footer drawn on the image, as
in a single PNG export) and the sources page. Every image of a deck is rendered in ONE
browser session (``charts.export``); no Streamlit here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from charts import export
from charts.memo import Renderer, source_rows, unique_specs
from charts.spec import ChartSpec

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.45)
SOURCES_TITLE = "Sources and licences"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


class EmptyDeck(ValueError):
    """A deck needs at least one chart with data."""


@dataclass(frozen=True)
class SourceLine:
    title: str
    license: str
    attribution: str
    url: str

    def text(self) -> str:
        out = f"{self.title}: licence: {self.license or 'not stated'}"
        if self.attribution:
            out += f"; attribution: {self.attribution}"
        return out + (f"; {self.url}" if self.url else "")


def source_lines(specs: Sequence[ChartSpec], sources: pd.DataFrame) -> list[SourceLine]:
    """Every source behind the charts (``charts.memo.source_rows``), once, by id."""
    rows = [source_rows(spec, sources) for spec in specs]
    used = pd.concat(rows).drop_duplicates("source_id") if rows else sources.iloc[0:0]
    lines = [
        SourceLine(
            str(r.title or r.source_id),
            str(r.license or ""),
            str(r.attribution or ""),
            str(getattr(r, "url", "") or ""),
        )
        for r in used.sort_values("source_id").itertuples(index=False)
    ]
    return lines or [SourceLine("Inference Atlas warehouse (no source rows matched)", "", "", "")]


def notes_text(spec: ChartSpec) -> str:
    return (
        f"Method: {spec.method or 'n/a'}\nData date (newest observation plotted): "
        f"{spec.as_of or 'n/a'}\nSource: {spec.source or 'n/a'}\nFilters: {spec.subtitle or 'none'}"
        + (f"\nLicence: {spec.license}" if spec.license else "")
    )


def sources_footer(n_charts: int, stamp: str) -> str:
    return f"Source: the {n_charts} chart(s) of this deck; as of {stamp}; {export.BRAND}"


# ---------------------------------------------------------------- rendering


def jobs(specs: Sequence[ChartSpec], *, pptx: bool, pdf: bool, aspect: str) -> list[export.Job]:
    """What to render for the chosen files: bare PNGs for slides, memo PNGs for pages."""
    out = []
    if pptx:
        out += [export.Job(s, "png", aspect, chrome=False) for s in specs]
    if pdf:
        out += [export.Job(s, "png", aspect) for s in specs]
    return out


def render_images(
    specs: Sequence[ChartSpec],
    sources_page: ChartSpec | None,
    *,
    pptx: bool,
    pdf: bool,
    aspect: str,
    render: Renderer = export.render_many,
) -> tuple[list[bytes], list[bytes]]:
    """(slide images, PDF page images incl. the sources page) in one render call."""
    todo = jobs(specs, pptx=pptx, pdf=pdf, aspect=aspect)
    if pdf and sources_page is not None:
        todo.append(export.Job(sources_page, "png", aspect))
    images = render(todo)
    n = len(specs) if pptx else 0
    return images[:n], images[n:]


def sources_spec(specs: Sequence[ChartSpec], lines: Sequence[SourceLine], stamp: str) -> ChartSpec:
    """The sources page of the PDF as a table figure (rendered like any chart)."""
    fig = go.Figure(
        go.Table(
            columnwidth=[3, 2, 5],
            header=dict(values=["Source", "Licence", "Attribution / URL"], align="left"),
            cells=dict(
                values=[
                    [s.title for s in lines],
                    [s.license or "not stated" for s in lines],
                    [" ".join(p for p in (s.attribution, s.url) if p) for s in lines],
                ],
                align="left",
                font=dict(size=10),
                height=22,
            ),
        )
    )
    return ChartSpec(
        name="sources",
        figure=fig,
        data=pd.DataFrame({"source": [s.title for s in lines]}),
        title=SOURCES_TITLE,
        subtitle=f"Every source behind the {len(specs)} chart(s) of this memo",
        source="the sources listed",
        as_of=stamp,
    )


# ---------------------------------------------------------------- PPTX


def _text(slide, left, top, width, height, text: str, size: int, *, bold=False, grey=False):  # noqa: ANN001, ANN202
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    if grey:
        run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    return box


def _picture(slide, png: bytes) -> None:  # noqa: ANN001
    """The image as large as fits between the subtitle and the footer, centred."""
    top, bottom = Inches(1.55), SLIDE_H - Inches(0.75)
    box_w, box_h = SLIDE_W - 2 * MARGIN, bottom - top
    w_px, h_px = Image.open(io.BytesIO(png)).size
    scale = min(box_w / w_px, box_h / h_px)
    width, height = Emu(int(w_px * scale)), Emu(int(h_px * scale))
    left = Emu(int((SLIDE_W - width) / 2))
    slide.shapes.add_picture(io.BytesIO(png), left, top, width, height)


def pptx_bytes(
    specs: Sequence[ChartSpec], images: Sequence[bytes], lines: Sequence[SourceLine], stamp: str
) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]
    width = SLIDE_W - 2 * MARGIN
    footer_top = SLIDE_H - Inches(0.6)
    for spec, png in zip(specs, images, strict=True):
        slide = deck.slides.add_slide(blank)
        _text(slide, MARGIN, Inches(0.3), width, Inches(0.8), spec.title, 24, bold=True)
        _text(slide, MARGIN, Inches(1.05), width, Inches(0.45), spec.subtitle, 14, grey=True)
        _picture(slide, png)
        _text(
            slide, MARGIN, footer_top, width, Inches(0.4), export.footer_text(spec), 11, grey=True
        )
        slide.notes_slide.notes_text_frame.text = notes_text(spec)
    slide = deck.slides.add_slide(blank)
    _text(slide, MARGIN, Inches(0.3), width, Inches(0.8), SOURCES_TITLE, 24, bold=True)
    body = _text(slide, MARGIN, Inches(1.2), width, Inches(5.4), lines[0].text(), 12)
    for line in lines[1:]:
        para = body.text_frame.add_paragraph()
        para.text = line.text()
        para.font.size = Pt(12 if len(lines) < 12 else 9)
    footer = sources_footer(len(specs), stamp)
    _text(slide, MARGIN, footer_top, width, Inches(0.4), footer, 11, grey=True)
    slide.notes_slide.notes_text_frame.text = (
        "Licences as recorded in the warehouse's sources table."
    )
    buf = io.BytesIO()
    deck.save(buf)
    return buf.getvalue()


def pdf_bytes(pages: Sequence[bytes]) -> bytes:
    """The page images as one PDF (one page each, 192 dpi: a 2x PNG is 10 in wide)."""
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pages]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=192.0)
    return buf.getvalue()


# ---------------------------------------------------------------- entry points


@dataclass
class Deck:
    pptx: bytes | None
    pdf: bytes | None
    charts: list[ChartSpec]


def build(
    specs: Sequence[ChartSpec],
    sources: pd.DataFrame,
    *,
    pptx: bool = True,
    pdf: bool = True,
    aspect: str = export.DEFAULT_ASPECT,
    render: Renderer = export.render_many,
) -> Deck:
    """The deck and/or PDF of ``specs`` (charts without data are left out). Raises
    EmptyDeck without charts and BrowserUnavailable without a browser."""
    charts = unique_specs(specs)
    if not charts:
        raise EmptyDeck("A memo needs at least one chart with data: add charts first.")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = source_lines(charts, sources)
    page = sources_spec(charts, lines, stamp) if pdf else None
    slides, pages = render_images(charts, page, pptx=pptx, pdf=pdf, aspect=aspect, render=render)
    return Deck(
        pptx=pptx_bytes(charts, slides, lines, stamp) if pptx else None,
        pdf=pdf_bytes(pages) if pdf else None,
        charts=charts,
    )
