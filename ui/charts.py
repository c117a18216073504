"""Render a ChartSpec: the chart, its source caption and its downloads (CSV of the
plotted data; PNG/SVG/PDF in the memo theme, drawn only when clicked)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from charts import export
from charts.csv import safe_csv
from charts.spec import ChartSpec
from charts.text import defang
from ui import memo
from ui.text import md

NO_BROWSER_SHORT = (
    f"PNG/SVG/PDF need Chromium, which is not installed: `{export.INSTALL_HINT}`. "
    "The CSV works without it."
)


def chart_block(spec: ChartSpec, *, key: str, empty_message: str = "") -> None:
    """Chart + caption "Source: …, as of …" + "Add to memo" + downloads; records the
    chart for the page's memo pack."""
    if spec.data.empty:
        st.info(
            empty_message
            or f"No data for this selection ({md(spec.title)}). Widen the filters to see results."
        )
        return
    st.plotly_chart(defang(spec.figure), width="stretch", key=f"chart-{key}")
    st.caption(md(spec.caption()))
    memo.record(spec, key)
    downloads(spec, key=key)


def downloads(spec: ChartSpec, *, key: str) -> None:
    """One row: "Add to memo", the CSV (always) and the memo-theme images (if a browser
    is installed).

    Images are deferred downloads: ``data`` is a callable Streamlit runs on click, so a
    page load never starts a browser; rendered bytes are cached in charts.export."""
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    memo.add_button(spec, key, row)
    row.download_button(
        "CSV",
        data=safe_csv(spec.data),
        file_name=export.file_name(spec, "csv"),
        mime=export.MIME["csv"],
        key=f"csv-{key}",
        on_click="ignore",
        icon=":material/download:",
        help="Exactly the plotted data (spreadsheet-safe)",
    )
    if export.browser_problem():
        row.caption(NO_BROWSER_SHORT)
        return
    ratio = memo.aspect()
    for fmt in export.FORMATS:
        row.download_button(
            fmt.upper(),
            data=partial(export.render, spec, fmt, ratio),
            file_name=export.file_name(spec, fmt),
            mime=export.MIME[fmt],
            key=f"{fmt}-{key}",
            on_click="ignore",
            icon=":material/image:",
            help=f"Memo-ready {fmt.upper()} ({ratio}{', 2× scale' if fmt == 'png' else ''}): "
            "finding as title, filters as subtitle, source and as-of in the footer",
        )
