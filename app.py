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
        st.Page("app_pages/landscape.py", title="Landscape", icon=":material/map:", default=True),
        st.Page("app_pages/model_apis.py", title="Model APIs & providers", icon=":material/sell:"),
        st.Page("app_pages/benchmarks.py", title="Benchmarks", icon=":material/speed:"),
        st.Page("app_pages/clouds.py", title="AI clouds & hyperscalers", icon=":material/cloud:"),
        st.Page("app_pages/hardware.py", title="Hardware", icon=":material/memory:"),
        st.Page("app_pages/edge.py", title="Edge / on-device", icon=":material/smartphone:"),
    ],
    "Analysis": [
        st.Page("app_pages/concentration.py", title="Concentration", icon=":material/pie_chart:"),
        st.Page("app_pages/scenarios.py", title="Scenarios", icon=":material/account_tree:"),
        st.Page("app_pages/unit_economics.py", title="Unit economics", icon=":material/calculate:"),
    ],
    "Data": [
        st.Page("app_pages/brief.py", title="Weekly brief", icon=":material/newspaper:"),
        st.Page("app_pages/data_sources.py", title="Data & sources", icon=":material/database:"),
    ],
}

page = st.navigation(PAGES)
sidebar.render()
memo.begin_page(page.url_path)
page.run()
memo.page_pack(page.title)
memo.tray_panel()
