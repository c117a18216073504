"""A brief as one Markdown document (charts embedded as PNG data URIs) and the same as
HTML. The summary paragraph is assembled only from strings the sections print, so
every number in it is one of the listed facts (tests check this).

Source and user text (model, provider, source names) is escaped: it shows as text,
never as Markdown or HTML.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Sequence

import pandas as pd
from markdown_it import MarkdownIt

from brief.facts import MIN_GPU_PROVIDERS, STALE_DAYS, TIER_RULE, Brief
from charts.export import BRAND

MAX_ROWS = 30  # rows per table in the document; the JSON next to it has every row
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~])")


def esc(text: object) -> str:
    """Markdown-escape source/user text (so ``*``, ``|``, ``<b>`` show as typed)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def usd(value: float) -> str:
    """USD: cents from $1 up; under $1 three significant digits, at least two decimals
    (``$0.50``, ``$0.22``, ``$0.0375``)."""
    if pd.isna(value):
        return "n/a"
    if abs(value) >= 1 or value == 0:
        return f"${value:,.2f}"
    digits = 2 - math.floor(math.log10(abs(value)))
    text = f"{value:.{digits}f}"
    while text.endswith("0") and len(text.split(".")[1]) > 2:
        text = text[:-1]
    return f"${text}"


def pct(value: float) -> str:
    return f"{value:+.1f}%"


def day(value: object) -> str:
    return pd.Timestamp(value).date().isoformat() if pd.notna(value) else "n/a"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _table(headers: Sequence[str], rows: list[list[str]], total: int) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(r) + " |" for r in rows[:MAX_ROWS]]
    if total > MAX_ROWS:
        out += ["", f"…and {total - MAX_ROWS} more (every row is in the brief's JSON file)."]
    return out


# ---------------------------------------------------------------- sections


def _move_line(r: pd.Series) -> list[str]:
    value = r["usage_share_pct"]
    share = "not ranked" if pd.isna(value) else "<0.01%" if value < 0.01 else f"{value:.2f}%"
    return [
        esc(r["provider"]),
        esc(r["model_id"]),
        r["price_type"],
        usd(r["old_usd_per_mtok"]),
        usd(r["new_usd_per_mtok"]),
        pct(r["pct_change"]),
        share,
        esc(r["source_id"]),
        f"{day(r['last_seen_old'])} → {day(r['first_seen'])}",
    ]


def price_section(b: Brief) -> tuple[list[str], dict[str, str]]:
    m = b.price_moves
    cuts, rises = int((m["pct_change"] < 0).sum()), int((m["pct_change"] > 0).sum())
    facts = {"n": _plural(len(m), "move"), "cuts": _plural(cuts, "cut")}
    facts["rises"] = _plural(rises, "rise")
    out = [f"## Text-model price moves of at least {b.threshold_pct:g}%", ""]
    out += [f"{facts['n']}: {facts['cuts']}, {facts['rises']}.", ""]
    out.append(
        "Consecutive observations of one (source, provider, model, price type) on two "
        "different days; text models only; routers, fine-tunes (ft:…) and aliases (…-latest) "
        "excluded. Ordered by the model's token share on the usage ranking, then by size."
    )
    if len(m):
        first = m.iloc[0]
        facts["top"] = (
            f"{esc(first['model_id'])} on {esc(first['provider'])} ({first['price_type']}) "
            f"{usd(first['old_usd_per_mtok'])} → {usd(first['new_usd_per_mtok'])} per 1M tokens "
            f"({pct(first['pct_change'])}, {day(first['first_seen'])})"
        )
        out += ["", "{chart:brief-price-moves}", ""]
        headers = ["Provider", "Model", "Price", "Old (USD/1M tok)", "New (USD/1M tok)"]
        headers += ["Change", "Usage share", "Source", "Dates (old → new)"]
        out += _table(headers, [_move_line(r) for _, r in m.iterrows()], len(m))
    return out, facts


def listing_section(b: Brief) -> tuple[list[str], dict[str, str]]:
    facts = {
        "new_m": _plural(len(b.new_models), "new model"),
        "gone_m": f"{len(b.removed_models)} removed",
        "new_p": _plural(len(b.new_providers), "new provider"),
        "gone_p": f"{len(b.removed_providers)} removed",
    }
    out = ["## New and removed models and providers", ""]
    out.append(
        "A listing is current while its source's newest list of that provider still has it; "
        "routers, fine-tunes and aliases excluded."
    )
    parts = (
        (b.new_models, "model_id", "providers", f"Models: {facts['new_m']}", "First seen"),
        (b.removed_models, "model_id", "providers", f"Models: {facts['gone_m']}", "Last seen"),
        (b.new_providers, "provider", "models", f"Providers: {facts['new_p']}", "First seen"),
        (b.removed_providers, "provider", "models", f"Providers: {facts['gone_p']}", "Last seen"),
    )
    for df, key, other, heading, when in parts:
        out += ["", f"### {heading}", ""]
        if len(df):
            rows = [
                [esc(r[key]), esc(_clip(r[other])), esc(r["sources"]), day(r["day"])]
                for _, r in df.iterrows()
            ]
            out += _table(
                [key.replace("_id", "").title(), other.title(), "Source", when], rows, len(df)
            )
    return out, facts


def _clip(text: str, n: int = 120) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def cheapest_section(b: Brief) -> tuple[list[str], dict[str, str]]:
    c = b.cheapest
    changed = c[c["changed"]] if len(c) else c
    out = ["## Cheapest model per quality tier", "", TIER_RULE, ""]
    facts: dict[str, str] = {}
    if not len(c):
        return out + ["No text listing with an intelligence index and a price at the end."], facts
    rows = []
    for _, r in c.iterrows():
        was = (
            f"{esc(r['was_model_id'])} ({esc(r['was_provider'])}, "
            f"{usd(r['was_blended_usd_per_mtok'])})"
            if pd.notna(r["was_model_id"])
            else "none"
        )
        rows.append(
            [
                r["tier"],
                esc(r["model_id"]),
                esc(r["provider"]),
                usd(r["blended_usd_per_mtok"]),
                f"{r['aa_intelligence_index']:.1f}",
                "**new**" if r["changed"] else "same",
                was,
                esc(r["source_id"]),
                day(r["observed_at"]),
            ]
        )
    headers = ["Tier", "Cheapest model", "Provider", "Blended (USD/1M tok)", "Index"]
    out += _table([*headers, "Change", "Before", "Source", "Seen"], rows, len(rows))
    facts["cheapest"] = "; ".join(
        f"{r['tier'].split(' (')[0]}: {esc(r['model_id'])} ({esc(r['provider'])}, "
        f"{usd(r['blended_usd_per_mtok'])})"
        for _, r in changed.iterrows()
    )
    return out, facts


def gpu_section(b: Brief) -> tuple[list[str], dict[str, str]]:
    g = b.gpu_moves
    facts = {"n": _plural(len(g), "GPU")}
    out = ["## GPU on-demand price medians", ""]
    out.append(
        f"{facts['n']} with a moved median USD per GPU-hour, over the providers seen both in "
        f"this period and in the equally long period before it (at least {MIN_GPU_PROVIDERS} "
        "providers)."
    )
    if len(g):
        first = g.iloc[0]
        facts["top"] = (
            f"{esc(first['gpu'])} {usd(first['old_median'])} → {usd(first['new_median'])} "
            f"per GPU-hour ({pct(first['pct_change'])})"
        )
        out += ["", "{chart:brief-gpu-moves}", ""]
        rows = [
            [
                esc(r["gpu"]),
                usd(r["old_median"]),
                usd(r["new_median"]),
                pct(r["pct_change"]),
                str(r["n_providers"]),
                esc(_clip(r["providers"])),
                esc(r["source_id"]),
            ]
            for _, r in g.iterrows()
        ]
        headers = ["GPU", "Median before (USD/GPU-h)", "Median now (USD/GPU-h)", "Change"]
        out += _table([*headers, "Providers", "Which", "Source"], rows, len(g))
    return out, facts


def benchmark_section(b: Brief) -> tuple[list[str], dict[str, str]]:
    d = b.benchmarks
    fresh = d["new_source"].astype(bool) if len(d) else pd.Series(dtype=bool)
    n = int(d.loc[~fresh, "n_results"].sum()) if len(d) else 0
    facts = {"n": _plural(n, "new benchmark result")}
    out = ["## New benchmark results", "", f"{facts['n']} observed in the period."]
    if fresh.any():
        first = ", ".join(sorted(set(d.loc[fresh, "source_id"])))
        out.append(
            f" Not counted: the first load of a source new in the period ({esc(first)}): "
            "new coverage, not new results."
        )
    if len(d):
        rows = [
            [
                esc(r["source_id"]),
                esc(r["metric"]),
                esc(r["unit"]),
                str(r["n_results"]),
                str(r["n_models"]),
                str(r["n_hardware"]),
                f"{day(r['first_at'])} → {day(r['last_at'])}",
                "first load (not counted)" if r["new_source"] else "",
            ]
            for _, r in d.iterrows()
        ]
        headers = ["Source", "Metric", "Unit", "Results", "Models", "Hardware", "Days", "Note"]
        out += [""] + _table(headers, rows, len(d))
    return out, facts


def health_section(b: Brief) -> tuple[list[str], dict[str, str]]:
    p = b.run_problems
    failed = p[p["status"] == "failed"] if len(p) else p
    held = p[(p["status"] != "failed") & (p["rows_held"].fillna(0) > 0)] if len(p) else p
    facts = {
        "failed": f"{failed['source_id'].nunique() if len(failed) else 0} failed",
        "held": f"{held['source_id'].nunique() if len(held) else 0} holding rows back as suspect",
        "stale": f"{len(b.stale)} stale",
    }
    since = b.runs_since.strftime("%Y-%m-%d %H:%M")
    out = ["## Source health", ""]
    out.append(
        f"Refresh runs since {since} UTC: sources {facts['failed']}, "
        f"{facts['held']}; {facts['stale']} (newest data more than {STALE_DAYS} days before "
        f"{b.end.isoformat()})."
    )
    if len(p):
        rows = [
            [
                esc(r["source_id"]),
                r["status"],
                str(int(r["rows_held"] or 0)),
                esc(_clip(str(r["error"] or r["held_example"] or ""))),
                pd.Timestamp(r["started_at"]).strftime("%Y-%m-%d %H:%M"),
            ]
            for _, r in p.iterrows()
        ]
        out += [""] + _table(
            ["Source", "Status", "Rows held", "Error / example", "Run"], rows, len(p)
        )
    if len(b.stale):
        rows = [
            [esc(r["source_id"]), esc(r["title"] or ""), day(r["newest"]), str(r["age_days"])]
            for _, r in b.stale.iterrows()
        ]
        out += ["", "### Stale sources", ""]
        out += _table(["Source", "Title", "Newest data", "Days old"], rows, len(b.stale))
    return out, facts


# ---------------------------------------------------------------- document


def summary(b: Brief, f: dict[str, dict[str, str]]) -> str:
    """One paragraph from the sections' own fact strings (no other numbers)."""
    if not b.has_market_data():
        newest = b.extra.get("newest")
        tail = f" The newest data in the warehouse is from {newest}." if newest else ""
        return (
            f"No market data in {b.label}: no text-model price move, listing change, GPU "
            f"median move or benchmark result falls in this range.{tail}"
        )
        # (source health below is still reported)
    p, lst, g = f["prices"], f["listings"], f["gpu"]
    text = [f"From {b.start.isoformat()} to {b.end.isoformat()}: {p['n']} of at least "]
    text.append(f"{b.threshold_pct:g}% in text-model prices ({p['cuts']}, {p['rises']})")
    text.append(f"; the most-used: {p['top']}." if "top" in p else ".")
    text.append(f" Listings: {lst['new_m']} ({lst['gone_m']}), {lst['new_p']} ({lst['gone_p']}).")
    if f["cheapest"].get("cheapest"):
        text.append(f" New cheapest per tier: {f['cheapest']['cheapest']}.")
    if "top" in g:
        text.append(f" GPU medians moved for {g['n']}; largest: {g['top']}.")
    text.append(f" {f['benchmarks']['n'].capitalize()}.")
    h = f["health"]
    text.append(f" Sources: {h['failed']}, {h['held']}, {h['stale']}.")
    return "".join(text)


def markdown(
    b: Brief, images: dict[str, bytes] | None = None, note: str = "", *, placeholders: bool = False
) -> str:
    """The whole brief as Markdown; ``images`` (chart name -> PNG) are embedded.
    ``placeholders``: keep ``{chart:<name>}`` lines where the charts go (the app draws
    them itself, see ``split_at_charts``)."""
    images = images or {}
    parts = {
        "prices": price_section(b),
        "listings": listing_section(b),
        "cheapest": cheapest_section(b),
        "gpu": gpu_section(b),
        "benchmarks": benchmark_section(b),
        "health": health_section(b),
    }
    facts = {k: v[1] for k, v in parts.items()}
    stamp = b.generated_at.strftime("%Y-%m-%d %H:%M")
    head = [
        f"# {BRAND} weekly brief: {b.label}",
        "",
        f"Data dates {b.start.isoformat()} to {b.end.isoformat()} (inclusive, the data's own "
        f"dates). Generated {stamp} UTC. Prices in USD per 1M tokens; GPUs in USD per GPU-hour.",
        "",
        "## Summary",
        "",
        summary(b, facts),
    ]
    if note:
        head += ["", f"*Charts not embedded: {esc(note)}*"]
    body: list[str] = []
    for lines, _ in parts.values():
        body += [""] + lines
    text = "\n".join(head + body) + "\n"
    if placeholders:
        return text
    return _CHART.sub(lambda m: _image(m.group(1), images), text)


_CHART = re.compile(r"\{chart:([\w-]+)\}")


def split_at_charts(md: str) -> list[tuple[str, str]]:
    """``[(markdown, chart name after it or "")…]`` of a document with placeholders."""
    parts = _CHART.split(md)
    return [(parts[i], parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]


def _image(name: str, images: dict[str, bytes]) -> str:
    data = images.get(name)
    if not data:
        return ""
    return f"![{name}](data:image/png;base64,{base64.b64encode(data).decode('ascii')})"


def body_without_summary(md: str) -> str:
    """The document minus its summary paragraph (what the summary's numbers must be in)."""
    head, _, rest = md.partition("## Summary")
    return head + rest.split("\n## ", 1)[-1]


def summary_of(md: str) -> str:
    """The summary paragraph as plain text (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", md.partition("## Summary\n\n")[2].split("\n\n", 1)[0])


_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
_CSS = (
    "body{font-family:Inter,Helvetica,Arial,sans-serif;max-width:980px;margin:2em auto;"
    "padding:0 1em;color:#222}table{border-collapse:collapse;font-size:13px;margin:.5em 0}"
    "td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}th{background:#f4f4f4}"
    "img{max-width:100%}h1{font-size:24px}h2{font-size:19px;margin-top:1.6em}"
)


def to_html(md: str, title: str) -> str:
    """The Markdown as a standalone HTML page (raw HTML in the text is escaped)."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        + _MD.render(md)
        + "</body></html>\n"
    )
