"""Text is text: user- and source-derived strings shown without Markdown or HTML meaning.

Streamlit renders Markdown (links, images, ``:material/…:`` icons, ``:red[…]`` colours,
``$…$`` maths) in ``st.markdown``, captions, alerts and widget labels. Anything that did
not come from our own code goes through one of these before it reaches such a call:
- :func:`md` for prose: the characters that start Markdown or Streamlit constructs are
  backslash-escaped (links and images ``[ ]``, HTML and autolinks ``< >``, emphasis,
  code, maths, ``:name:`` shortcodes, ``http://`` and ``www.`` autolinks, a leading
  heading or list marker) and line breaks become spaces, so the text reads the same
  but nothing in it is interpreted;
- :func:`code` for echoed values: an inline code span whose fence is longer than any
  run of backticks inside, so the value cannot close it;
- :func:`shorten` to cut long echoed values, saying how long they were.
"""

from __future__ import annotations

import re

DEFAULT_LIMIT = 80
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~$@]|:(?=\S)|(?<=www)\.)", re.IGNORECASE)
# After escaping: "\:" (URL schemes, :icon: and :emoji: shortcodes), "w\." (www.), "\@".
_AUTOLINK = re.compile(r"\\:|w\\\.|\\@", re.IGNORECASE)
_ZWSP = "\u200b"
_LEADING = re.compile(r"^(\s*)([-+=]|\d+[.)])")
_BREAKS = re.compile(r"[\r\n\t\f\v\u2028\u2029]+")


def shorten(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, e.g. ``abc… (5,000 characters)``."""
    value = str(text)
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} characters)"


def md(text: object, limit: int | None = None) -> str:
    """``text`` escaped so Markdown shows it literally (optionally shortened first)."""
    value = str(text) if limit is None else shorten(text, limit)
    escaped = _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", value))
    # GFM links bare URLs and e-mail addresses, and Streamlit draws :icon: shortcodes,
    # whatever the escapes: a zero-width space after an escaped ":" or "@" and inside
    # "www." breaks the pattern without changing what one reads.
    escaped = _AUTOLINK.sub(_break_autolink, escaped)
    return _LEADING.sub(_escape_leading, escaped)


def _break_autolink(m: re.Match) -> str:
    text = m[0]
    return f"{text[0]}{_ZWSP}{text[1:]}" if text[0].lower() == "w" else f"{text}{_ZWSP}"


def _escape_leading(m: re.Match) -> str:
    """A list marker at the start: ``\\-`` or ``1\\.`` (a digit cannot be escaped)."""
    marker = m[2]
    if marker[0].isdigit():
        return f"{m[1]}{marker[:-1]}\\{marker[-1]}"
    return f"{m[1]}\\{marker}"


def code(text: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """``text`` as an inline code span (literal: no links, images or emphasis)."""
    value = _BREAKS.sub(" ", str(text) if limit is None else shorten(text, limit))
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value.strip() else ""
    return f"{fence}{pad}{value or ' '}{pad}{fence}"
