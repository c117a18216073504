"""Memo exports in the app: the image aspect setting, the per-page record of rendered
charts, the "Memo pack (ZIP)" download, and the memo tray.

The tray holds the charts chosen with "Add to memo" under any chart, across pages (in
the session), in an order the user can change, mirrored in the link as
``?memo=<page>/<chart>,…`` so a shared link rebuilds it (charts from a link are drawn
at their page's defaults; ids that no longer exist are listed and skipped). "Download
memo" gives the PowerPoint deck and the PDF (``charts.deck``), rendered on click.

``chart_block`` records every chart it shows (``record``); ``page_pack(title)``, called
by app.py after ``page.run()``, offers that page's charts as one ZIP. Nothing is rendered
until the user clicks: the download's data is a callable (Streamlit's deferred
download), and all images of a pack are drawn in one browser session.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from charts import deck, export, registry
from charts.memo import PACK_FORMATS, build_pack, unique_specs
from charts.spec import ChartSpec, slug
from ui.data import load
from warehouse.queries import meta

ASPECT_KEY = "memo.aspect"
_RECORD_KEY = "_memo.charts"
TRAY_KEY = "_memo.tray"  # ordered chart ids
_SPECS_KEY = "_memo.tray_specs"  # chart id -> the ChartSpec as the user saw it
_PAGE_KEY = "_memo.page"  # the chart-set name of the page being run
_LINKED_KEY = "_memo.from_link"  # the ?memo= link was read (once per session)
_SKIPPED_KEY = "_memo.skipped"
LINK_PARAM = "memo"
DEFAULT_PAGE = "landscape"


def aspect() -> str:
    """The image aspect chosen in the sidebar (16:9 until the user picks 4:3)."""
    value = st.session_state.get(ASPECT_KEY)
    return value if value in export.ASPECTS else export.DEFAULT_ASPECT


def _page_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def record(spec: ChartSpec, key: str) -> None:
    """Remember a chart shown in this run of the current page (for its memo pack)."""
    charts: dict[tuple[str, str], ChartSpec] = st.session_state.setdefault(_RECORD_KEY, {})
    charts[_page_id(), key] = spec


def recorded() -> list[ChartSpec]:
    """The charts recorded on the current page in this run, in the order shown."""
    charts: dict[tuple[str, str], ChartSpec] = st.session_state.get(_RECORD_KEY, {})
    page = _page_id()
    return [spec for (pid, _), spec in charts.items() if pid == page]


def pack_zip(specs: Sequence[ChartSpec], name: str, sources: pd.DataFrame, ratio: str) -> bytes:
    """The memo pack's bytes (called on click, outside the script run)."""
    return build_pack(specs, name=name, sources=sources, aspect=ratio).to_zip()


def memo_pack_button(specs: Sequence[ChartSpec], name: str, *, key: str | None = None) -> None:
    """A "Memo pack (ZIP)" download of ``specs`` (e.g. a saved scenario's charts): every
    chart in PNG + SVG, the CSVs and SOURCES.md. Renders only when clicked."""
    charts = unique_specs(specs)
    if not charts:
        st.caption("No charts with data to pack.")
        return
    ratio = aspect()
    st.download_button(
        "Memo pack (ZIP)",
        data=partial(pack_zip, tuple(charts), name, load(meta.sources), ratio),
        file_name=f"{slug(name)}-memo-pack.zip",
        mime="application/zip",
        key=key or f"memo-pack-{slug(name)}",
        on_click="ignore",
        icon=":material/folder_zip:",
        help=f"{len(charts)} chart(s) as {'/'.join(f.upper() for f in PACK_FORMATS)} "
        f"({ratio}) + CSV + SOURCES.md (sources, licenses, as-of dates, methods)",
    )
    problem = export.browser_problem()
    if problem:
        st.caption(f"Without a browser the pack holds the CSVs and SOURCES.md only. {problem}")


def page_pack(title: str) -> None:
    """Sidebar section for the page that just ran: aspect choice + its memo pack.
    Call once per run after ``page.run()``; it also starts the next run's record."""
    specs = recorded()
    st.session_state[_RECORD_KEY] = {}
    with st.sidebar:
        st.markdown("**Memo export**")
        st.radio(
            "Image aspect",
            list(export.ASPECTS),
            key=ASPECT_KEY,
            horizontal=True,
            help="Size of PNG/SVG/PDF downloads and memo packs (PNG at 2× scale).",
        )
        if specs:
            memo_pack_button(specs, title, key="memo-pack-page")
        else:
            st.caption("No charts on this page.")


# ---------------------------------------------------------------- the memo tray


def tray() -> list[str]:
    """The chart ids in the tray, in deck order."""
    return st.session_state.setdefault(TRAY_KEY, [])


def begin_page(url_path: str) -> None:
    """Call before ``page.run()``: names the page for chart ids (the default page has an
    empty URL path) and, on a session's first run, fills the tray from ``?memo=``."""
    st.session_state[_PAGE_KEY] = url_path or DEFAULT_PAGE
    if not st.session_state.get(_LINKED_KEY):
        st.session_state[_LINKED_KEY] = True
        raw = st.query_params.get(LINK_PARAM, "")
        ids = [i.strip() for i in raw.split(",") if i.strip()]
        st.session_state[TRAY_KEY] = list(dict.fromkeys(ids))


def chart_id(spec: ChartSpec) -> str:
    return registry.chart_id(st.session_state.get(_PAGE_KEY, DEFAULT_PAGE), spec.name)


def _add(cid: str, spec: ChartSpec) -> None:
    if cid not in tray():
        tray().append(cid)
    st.session_state.setdefault(_SPECS_KEY, {})[cid] = spec


def _remove(cid: str) -> None:
    if cid in tray():
        tray().remove(cid)


def _move(cid: str, step: int) -> None:
    ids = tray()
    i = ids.index(cid)
    j = min(max(i + step, 0), len(ids) - 1)
    ids[i], ids[j] = ids[j], ids[i]


def add_button(spec: ChartSpec, key: str, container: Any = st) -> None:
    """ "Add to memo" under a chart (or "In memo: remove" once it is in the tray)."""
    cid = chart_id(spec)
    if cid in tray():
        st.session_state.setdefault(_SPECS_KEY, {})[cid] = spec  # keep the latest filters
        container.button(
            "In memo: remove",
            key=f"memo-add-{key}",
            on_click=_remove,
            args=(cid,),
            icon=":material/check:",
            help=f"Chart {cid} is slide {tray().index(cid) + 1} of the memo; click to remove it.",
        )
    else:
        container.button(
            "Add to memo",
            key=f"memo-add-{key}",
            on_click=_add,
            args=(cid, spec),
            icon=":material/add:",
            help="Add this chart, with its current filters, to the memo deck in the sidebar.",
        )


def _resolve() -> list[ChartSpec]:
    """The tray's charts: as seen by the user, else (ids from a link) drawn at their
    page's defaults. Ids that name no chart any more are dropped and remembered."""
    specs: dict[str, ChartSpec] = st.session_state.setdefault(_SPECS_KEY, {})
    unknown = [cid for cid in tray() if cid not in specs]
    if unknown:
        found, missing = registry.resolve(unknown, load)
        for spec, cid in zip(found, [c for c in unknown if c not in missing], strict=True):
            specs[cid] = spec
        if missing:
            st.session_state[_SKIPPED_KEY] = missing
            st.session_state[TRAY_KEY] = [c for c in tray() if c not in missing]
    return [specs[cid] for cid in tray()]


def deck_bytes(specs: Sequence[ChartSpec], sources: pd.DataFrame, ratio: str, fmt: str) -> bytes:
    """The deck (``fmt`` pptx) or PDF (``fmt`` pdf), built on click."""
    built = deck.build(specs, sources, pptx=fmt == "pptx", pdf=fmt == "pdf", aspect=ratio)
    data = built.pptx if fmt == "pptx" else built.pdf
    return data or b""


def _sync_link() -> None:
    value = ",".join(tray())
    if value:
        st.query_params[LINK_PARAM] = value
    elif LINK_PARAM in st.query_params:
        del st.query_params[LINK_PARAM]


def tray_panel() -> None:
    """Sidebar: the tray's charts (reorder, remove), the two downloads, the link."""
    specs = _resolve()
    _sync_link()
    with st.sidebar:
        st.markdown(f"**Memo deck** ({len(specs)} chart{'s' if len(specs) != 1 else ''})")
        skipped = st.session_state.pop(_SKIPPED_KEY, None)
        if skipped:
            st.warning(
                "Skipped from the link (these charts no longer exist): " + ", ".join(skipped),
                icon=":material/link_off:",
            )
        for n, (cid, spec) in enumerate(zip(tray(), specs, strict=True), start=1):
            row = st.container(horizontal=True, gap="small", vertical_alignment="center")
            row.text(f"{n}. {spec.title}", help=cid)
            row.button(
                "",
                key=f"memo-up-{cid}",
                icon=":material/arrow_upward:",
                on_click=_move,
                args=(cid, -1),
                disabled=n == 1,
                help="Move up",
            )
            row.button(
                "",
                key=f"memo-down-{cid}",
                icon=":material/arrow_downward:",
                on_click=_move,
                args=(cid, 1),
                disabled=n == len(specs),
                help="Move down",
            )
            row.button(
                "",
                key=f"memo-rm-{cid}",
                icon=":material/close:",
                on_click=_remove,
                args=(cid,),
                help="Remove from the memo",
            )
        _deck_downloads(specs)


def _deck_downloads(specs: list[ChartSpec]) -> None:
    problem = export.browser_problem()
    why = "Add charts with “Add to memo” under any chart first." if not specs else problem
    ratio = aspect()
    sources = load(meta.sources) if specs else pd.DataFrame()
    for fmt, label, mime in (
        ("pptx", "Download memo (PowerPoint)", deck.PPTX_MIME),
        ("pdf", "Download memo (PDF)", export.MIME["pdf"]),
    ):
        st.download_button(
            label,
            data=partial(deck_bytes, tuple(specs), sources, ratio, fmt) if not why else b"",
            file_name=f"inference-atlas-memo.{fmt}",
            mime=mime,
            key=f"memo-deck-{fmt}",
            on_click="ignore",
            disabled=bool(why),
            icon=":material/slideshow:" if fmt == "pptx" else ":material/picture_as_pdf:",
            help=why
            or f"{len(specs)} slide(s) + sources ({ratio}): finding as title, filters as "
            "subtitle, source and as-of footer, method in the notes",
        )
    if why:
        st.caption(why)
    elif specs:
        st.caption("Share this memo: the page link now carries it (`?memo=`).")
