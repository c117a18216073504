"""Text is text: the Markdown escaper, the code-span echo, Plotly link defanging and CSV
formula neutralisation, checked on the strings that broke them."""

from __future__ import annotations

import csv
import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from markdown_it import MarkdownIt

from charts.csv import neutralize, safe_csv
from charts.text import defang, plain
from ui.text import code, md, shorten

HOSTILE = [
    "[click](https://evil.example)",
    "![img](https://evil.example/i.png)",
    "<a href='https://evil.example'>x</a>",
    "<https://evil.example>",
    "https://evil.example/plain",
    "**bold** _it_ ~~gone~~ `code`",
    "# heading",
    "- list item",
    "1. ordered",
    ":red[colour] :material/home: $x^2$",
]
_MD = MarkdownIt("commonmark").enable(["strikethrough", "table"])


def _rendered(text: str) -> str:
    return _MD.renderInline(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_markdown_renders_no_markup(text: str) -> None:
    html = _rendered(md(text))
    for tag in ("<a ", "<img", "<strong", "<em", "<code", "<h1", "<li", "<s>"):
        assert tag not in html, html
    assert "\\[" not in html  # the escapes vanish when rendered: the reader sees the text


def test_escaping_keeps_ordinary_text_readable() -> None:
    text = "Source: GPU tracker (getdeploying.com); as of 2026-07-24, 34,204 rows at 5%."
    assert md(text) == text


@pytest.mark.parametrize("text", ["a`b", "``x``", "`", "", "x" * 500])
def test_code_span_cannot_be_closed_by_the_value(text: str) -> None:
    html = _rendered(f"before {code(text)} after")
    assert html.count("<code>") == 1 and html.endswith(" after")


def test_long_values_are_shortened_with_their_length() -> None:
    assert shorten("x" * 5_000, 10) == "xxxxxxxxxx… (5,000 characters)"
    assert len(code("y" * 5_000)) < 120


def test_plotly_links_become_text() -> None:
    fig = go.Figure(go.Bar(x=["<a href='https://evil.example'>A</a>", "B"], y=[1, 2]))
    fig.update_layout(title="Price of <A HREF=https://evil.example>x</a> per 1M tokens")
    safe = defang(fig)
    text = str(safe.to_plotly_json())
    assert "<a href" not in text.lower() and "&lt;a href" in text.lower()
    assert defang(go.Figure(go.Bar(x=["plain"], y=[1]))).data[0].x == ("plain",)
    assert plain("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1", "'  =1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r'=1"),  # the cell and the line after the bare \r
        ("X\r=2+3", "X\r'=2+3"),
        ("X\n@cmd", "X\n'@cmd"),
        ("a - b", "a - b"),
        ("safe", "safe"),
    ],
)
def test_csv_neutralisation(value: str, expected: str) -> None:
    assert neutralize(value) == expected


def test_a_bare_carriage_return_is_quoted_in_the_csv() -> None:
    out = safe_csv(pd.DataFrame({"name": ["X\r=2+3", "ok"], "usd": [1.5, -2.0]}))
    assert b'"X\r\'=2+3"' in out
    rows = list(csv.reader(io.StringIO(out.decode(), newline="")))
    assert rows == [["name", "usd"], ["X\r'=2+3", "1.5"], ["ok", "-2.0"]]
