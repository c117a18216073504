"""Helpers for the page tests: open the app (or one page) in AppTest and read what it drew.

Plain functions, imported as ``from tests.app.conftest import open_page, chart_titles``;
the warehouse the app reads is chosen by a fixture (``app_env`` in tests/conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_app(**query: str) -> AppTest:
    """The app, run once on its default page with ``query`` as the link parameters.

    The parameters are set before that first run, the way a shared link arrives.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


def open_page(page: str, **query: str) -> AppTest:
    """The app switched to ``app_pages/<page>.py`` and run with ``query`` as the link
    parameters (set after the first run of the app, before the first run of the page)."""
    at = open_app()
    at.switch_page(f"app_pages/{page}.py")
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


def chart_titles(at: AppTest, part: str = "text") -> list[str]:
    """The Plotly charts' titles (or, with ``part="subtitle"``, their subtitles) in page
    order, line breaks as spaces."""
    out = []
    for chart in at.get("plotly_chart"):
        title = json.loads(chart.proto.spec)["layout"]["title"]
        text = title["text"] if part == "text" else title.get("subtitle", {}).get("text", "")
        out.append(text.replace("<br>", " "))
    return out


def metrics(at: AppTest) -> dict[str, str]:
    """The page's ``st.metric`` values by label."""
    return {m.label: m.value for m in at.metric}
