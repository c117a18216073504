"""Inference Atlas: entry point. Declares the pages and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from charts import theme
from ui import memo, sidebar
from ui.data import ensure_built

st.set_page_config(
    page_title="Inference Atlas",
    page_icon=":material/hub:",
    layout="wide",
    initial_sidebar_state="expanded",
)
theme.register()
ensure_built()

PAGES = {
    "Market": [
        st.Page("pages/landscape.py", title="Landscape", icon=":material/map:", default=True),
        st.Page("pages/model_apis.py", title="Model APIs & providers", icon=":material/sell:"),
        st.Page("pages/benchmarks.py", title="Benchmarks", icon=":material/speed:"),
        st.Page("pages/clouds.py", title="AI clouds & hyperscalers", icon=":material/cloud:"),
        st.Page("pages/hardware.py", title="Hardware", icon=":material/memory:"),
        st.Page("pages/edge.py", title="Edge / on-device", icon=":material/smartphone:"),
    ],
    "Analysis": [
        st.Page("pages/concentration.py", title="Concentration", icon=":material/pie_chart:"),
        st.Page("pages/scenarios.py", title="Scenarios", icon=":material/account_tree:"),
        st.Page("pages/unit_economics.py", title="Unit economics", icon=":material/calculate:"),
    ],
    "Data": [
        st.Page("pages/data_sources.py", title="Data & sources", icon=":material/database:"),
    ],
}

page = st.navigation(PAGES)
# Filters live in the URL per page: when the user moves to another page, drop the
# previous page's parameters so a shared link carries only the current view.
if st.session_state.get("_atlas_page") not in (None, page.url_path):
    st.query_params.clear()
st.session_state["_atlas_page"] = page.url_path
sidebar.render()
page.run()
memo.page_pack(page.title)
