"""Build, render, save and (optionally) post one brief. No Streamlit: the CLI (cron)
and the app's Brief page share it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from brief import facts, render, store, webhook
from charts import export
from charts.brief import brief_specs
from charts.provenance import Loader
from charts.spec import ChartSpec


@dataclass
class Result:
    brief: facts.Brief
    markdown: str
    html: str
    summary: str
    specs: list[ChartSpec]
    saved: store.Saved | None = None
    deliveries: list[webhook.Delivery] | None = None
    chart_note: str = ""


def period(
    load: Loader, folder: Path, start: date | None, end: date | None
) -> tuple[date, date, pd.Timestamp | None, date | None]:
    """(start, end, runs_since, newest data day): a chosen range, or since the previous
    saved brief (whose generation time also starts the window of reported runs)."""
    from warehouse.queries import brief as q

    prev = store.previous(folder)
    newest = load(q.newest_day)["newest"].iloc[0]
    newest_day = pd.Timestamp(newest).date() if pd.notna(newest) else None
    d_start, d_end = facts.default_period(newest_day, prev.end if prev else None)
    runs_since = prev.generated_at if prev else None
    return start or d_start, end or d_end, runs_since, newest_day


def build(
    load: Loader,
    folder: Path,
    *,
    start: date | None = None,
    end: date | None = None,
    threshold_pct: float = facts.DEFAULT_THRESHOLD_PCT,
    charts: bool = True,
) -> Result:
    """Facts, charts (one browser session; left out with a note if none) and documents."""
    s, e, runs_since, newest = period(load, folder, start, end)
    b = facts.build(load, s, e, threshold_pct=threshold_pct, runs_since=runs_since)
    b.extra["newest"] = newest.isoformat() if newest else None
    specs = brief_specs(load, b.price_moves, b.gpu_moves, b.label)
    images: dict[str, bytes] = {}
    note = ""
    if charts and specs:
        try:
            pngs = export.render_many([export.Job(spec, "png") for spec in specs])
            images = {spec.name: png for spec, png in zip(specs, pngs, strict=True)}
        except export.BrowserUnavailable as exc:
            note = str(exc)
    md = render.markdown(b, images, note)
    title = f"{export.BRAND} weekly brief: {b.label}"
    return Result(b, md, render.to_html(md, title), render.summary_of(md), specs, chart_note=note)


def save_and_post(result: Result, folder: Path, *, post: bool = True) -> Result:
    """Save the documents; queue the post (if a webhook is configured) and flush the
    outbox, older unsent briefs included."""
    result.saved = store.save(result.brief, result.markdown, result.html, result.summary, folder)
    url = webhook.webhook_url() if post else None
    if url:
        title = f"{export.BRAND} weekly brief: {result.brief.label}"
        outbox = folder / "outbox"
        webhook.enqueue(
            outbox,
            result.saved.md.stem,
            webhook.payload(title, result.summary, str(result.saved.html)),
        )
        result.deliveries = webhook.flush(outbox, url)
    return result
