"""Memo exports in the app: the image aspect setting, the per-page record of rendered
charts, and the "Memo pack (ZIP)" download.

``chart_block`` records every chart it shows (``record``); ``page_pack(title)``, called
by app.py after ``page.run()``, offers that page's charts as one ZIP. Nothing is rendered
until the user clicks: the download's data is a callable (Streamlit's deferred
download), and all images of a pack are drawn in one browser session.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from charts import export
from charts.memo import PACK_FORMATS, build_pack, unique_specs
from charts.spec import ChartSpec, slug
from ui.data import load
from warehouse.queries import meta

ASPECT_KEY = "memo.aspect"
_RECORD_KEY = "_memo.charts"


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
