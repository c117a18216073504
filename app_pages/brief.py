"""Weekly brief: what moved in the market over a period (since the previous saved brief
by default), the same document ``python -m ingest brief`` writes, and the saved briefs."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from brief import facts, generate, render, store
from charts import export
from charts.brief import brief_specs
from ui.charts import chart_block
from ui.data import load

st.title("Weekly brief")
st.caption(
    "Text-model price cuts and rises, new and removed models and providers, the cheapest "
    "model per quality tier, GPU price medians, new benchmark results and source health, "
    "for a period of the data's own dates. The weekly cron writes the same document "
    "(`python -m ingest brief`) after each refresh."
)

folder = store.brief_dir()
d_start, d_end, runs_since, newest = generate.period(load, folder, None, None)
left, right = st.columns([2, 1])
picked = left.date_input(
    "Period (data dates, inclusive)",
    value=(d_start, d_end),
    max_value=max(d_end, date.today()),
    key="brief_range",
    help="Default: from the day after the previous saved brief to the newest data day "
    f"(or the last {facts.DEFAULT_DAYS} days of data for a first brief).",
)
threshold = right.number_input(
    "Smallest price move (%)",
    min_value=0.0,
    max_value=999.0,
    value=facts.DEFAULT_THRESHOLD_PCT,
    step=1.0,
    key="brief_threshold",
)
if not isinstance(picked, tuple) or len(picked) != 2:
    st.info("Pick the last day of the period too (click a second date in the calendar).")
    st.stop()
start, end = picked

b = facts.build(load, start, end, threshold_pct=threshold, runs_since=runs_since)
b.extra["newest"] = newest.isoformat() if newest else None
if not b.has_market_data():
    st.warning(render.summary_of(render.markdown(b)), icon=":material/event_busy:")

specs = {s.name: s for s in brief_specs(load, b.price_moves, b.gpu_moves, b.label)}
doc = render.markdown(b, placeholders=True)
for text, chart in render.split_at_charts(doc.split("\n", 2)[2]):  # title is the page's
    text = text.replace("\n### ", "\n##### ").replace("\n## ", "\n### ")  # under the page title
    st.markdown(text.replace("$", "\\$"))  # prices are text, not LaTeX
    if chart in specs:
        chart_block(specs[chart], key=chart)


def _document(fmt: str) -> bytes:
    """This brief with its charts embedded (rendered on click)."""
    images, note = {}, ""
    try:
        pngs = export.render_many([export.Job(s, "png") for s in specs.values()])
        images = dict(zip(specs, pngs, strict=True))
    except export.BrowserUnavailable as exc:
        note = str(exc)
    md = render.markdown(b, images, note)
    text = md if fmt == "md" else render.to_html(md, f"{export.BRAND} weekly brief: {b.label}")
    return text.encode("utf-8")


row = st.container(horizontal=True)
for fmt, mime in (("md", "text/markdown"), ("html", "text/html")):
    row.download_button(
        f"This brief ({fmt.upper()})",
        data=partial(_document, fmt),
        file_name=f"brief-{end.isoformat()}.{fmt}",
        mime=mime,
        on_click="ignore",
        key=f"brief-dl-{fmt}",
        icon=":material/download:",
    )

st.subheader("Saved briefs")
saved = store.saved(folder)
if not saved:
    st.caption(f"No saved brief yet in `{folder}`. The cron line in the README writes one weekly.")
for item in saved:
    with st.expander(f"{item.start.isoformat()} to {item.end.isoformat()}"):
        st.text(item.summary)
        cols = st.container(horizontal=True)
        for path, mime in ((item.md, "text/markdown"), (item.html, "text/html")):
            if path.exists():
                cols.download_button(
                    path.name,
                    data=path.read_bytes,
                    file_name=path.name,
                    mime=mime,
                    key=f"saved-{path.name}",
                    on_click="ignore",
                )
