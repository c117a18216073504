"""What AppTest cannot see: in a real browser, a hostile saved-scenario name and hostile
link parameters render as text: no live link, no remote image (GFM autolinks bare URLs
even when the Markdown is escaped, so this is checked on the rendered page)."""

from __future__ import annotations

import urllib.parse

import pytest

from market.scenarios import PRESETS
from warehouse import userstate
from warehouse.connection import Warehouse
from warehouse.queries.scenarios import params_to_json

NAME = '![x](https://evil.example/i.png) <a href="https://evil.example">a</a> www.e.x'
PARAM = "[x](https://evil.example/p) https://evil.example/bare :material/home: me@evil.example"


def _evil(page) -> tuple[list, list]:  # noqa: ANN001 - a Playwright page
    main = '[data-testid="stMain"]'
    hrefs = page.eval_on_selector_all(f"{main} a", "els => els.map(e => e.href)")
    srcs = page.eval_on_selector_all(f"{main} img", "els => els.map(e => e.src)")

    def elsewhere(urls: list[str]) -> list[str]:  # our own page links carry the query
        hosts = [(u, urllib.parse.urlparse(u).netloc) for u in urls]
        return [u for u, host in hosts if "evil" in host or host.endswith("e.x")]

    return elsewhere(hrefs), elsewhere(srcs)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "query", "shown"),
    [
        ("scenarios", {"scn_b": f"saved:{userstate.clean_name(NAME)}"}, "Memo pack of these"),
        ("model_apis", {"api_prov": PARAM, "api_sort": PARAM, "api_q": PARAM}, "Ignored link"),
    ],
)
def test_hostile_text_is_not_live(
    streamlit_url: str,
    browser,  # noqa: ANN001
    offline_warehouse: Warehouse,
    path: str,
    query: dict,
    shown: str,
) -> None:
    userstate.save_scenario(
        offline_warehouse, NAME, params_to_json(PRESETS["edge"].params), overwrite=True
    )
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{streamlit_url}/{path}?{urllib.parse.urlencode(query)}")
        page.get_by_text(shown).first.wait_for(timeout=90_000)
        page.wait_for_function(
            "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
        )
        page.wait_for_timeout(1500)
        assert page.get_by_text("evil.example").count() > 0  # the text is there ...
        assert _evil(page) == ([], [])  # ... but no link and no image
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
