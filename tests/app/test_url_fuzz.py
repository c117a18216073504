"""Every page's link parameters, fuzzed: hostile Markdown/HTML, values repeated, numbers of
400 digits. No page may raise, and nothing echoed may render as a link, an image or HTML.

The keys come from the page files themselves (every ``key="…"``), so a new parameter is
fuzzed without editing this test."""

from __future__ import annotations

import json
import re

import pytest

from market import scenarios as sc
from tests.app.conftest import ROOT, open_page
from warehouse.connection import Warehouse

PAGES = sorted(p.stem for p in (ROOT / "app_pages").glob("*.py") if p.stem != "__init__")
HOSTILE = (
    '[x](https://evil.example) ![i](https://evil.example/i.png) <a href="https://evil.example">'
    "a</a> :red[r] $x$ `c` " + "A" * 5_000
)
REPEATED = "OpenAI,OpenAI,Anthropic,Anthropic,H100,H100,llm,llm"
HUGE = "9" * 400


def _huge_code() -> str:
    """A scenario code with a valid checksum whose value is a 400-digit integer."""
    body = sc._b64(json.dumps({"A": int(HUGE)}).encode())
    return f"{sc.CODE_VERSION}.{body}.{sc._checksum(body)}"


def _keys(page: str) -> list[str]:
    source = (ROOT / "app_pages" / f"{page}.py").read_text()
    return sorted(set(re.findall(r'key="([a-z][a-z0-9_]*)"', source)) | {"scenario"})


def _outside_code(text: str) -> str:
    """``text`` without its inline code spans (their content is shown literally)."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text)


def _shown(at) -> list[str]:  # noqa: ANN001 - an AppTest
    return [
        el.value
        for kind in ("markdown", "caption", "warning", "error", "info", "success")
        for el in at.get(kind)
        if isinstance(el.value, str)
    ]


@pytest.mark.parametrize("variant", ["hostile", "repeated or huge"])
@pytest.mark.parametrize("page", PAGES)
def test_link_parameters_never_raise_or_render(app_env: Warehouse, page: str, variant: str) -> None:
    keys = _keys(page)
    if variant == "hostile":
        query = dict.fromkeys(keys, HOSTILE)
    else:  # every other key repeated values, the rest 400-digit numbers (one page run)
        query = {k: (REPEATED, HUGE)[i % 2] for i, k in enumerate(keys)}
        query["scenario"] = _huge_code()
    at = open_page(page, **query)
    assert not at.exception, [e.value for e in at.exception]
    for text in _shown(at):
        live = _outside_code(text)
        assert "](https://evil" not in live and '<a href="https://evil' not in live, text[:300]
        if "A" * 100 in text or HUGE[:100] in text:  # an echoed value: shortened
            assert len(text) < 3_000, f"echoed in full: {text[:200]}…"
    for chart in at.get("plotly_chart"):
        assert "<a href" not in str(json.loads(chart.proto.spec))


def test_a_self_merge_link_says_so_instead_of_raising(app_env: Warehouse) -> None:
    """``?conc_merge=OpenAI,OpenAI`` raised StreamlitAPIException (duplicate default)."""
    at = open_page("concentration", conc_merge="OpenAI,OpenAI")
    assert not at.exception, [e.value for e in at.exception]
    notices = " ".join(w.value for w in at.warning)
    assert "conc_merge=OpenAI,OpenAI" in notices and "repeated" in notices
    assert at.multiselect(key="conc_merge").value == ["OpenAI"]
