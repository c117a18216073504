"""Render a ChartSpec: the chart, its source caption and its downloads."""

from __future__ import annotations

import streamlit as st

from charts.csv import safe_csv
from charts.spec import ChartSpec


def chart_block(spec: ChartSpec, *, key: str, empty_message: str = "") -> None:
    """Chart + caption "Source: …, as of …" + the plotted data as CSV."""
    if spec.data.empty:
        st.info(
            empty_message
            or f"No data for this selection ({spec.title}). Widen the filters to see results."
        )
        return
    st.plotly_chart(spec.figure, width="stretch", key=f"chart-{key}")
    st.caption(spec.caption())
    st.download_button(
        "Data (CSV)",
        data=safe_csv(spec.data),
        file_name=f"{spec.name}.csv",
        mime="text/csv",
        key=f"csv-{key}",
        on_click="ignore",
        icon=":material/download:",
    )
