"""Memo packs: one ZIP with every chart of a page (PNG + SVG in the memo theme), the
CSV of exactly the plotted data, and a SOURCES.md listing each file, each source with
its license, the as-of dates and the method notes. No Streamlit here."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pandas as pd

from charts import export
from charts.csv import safe_csv
from charts.spec import ChartSpec, slug

PACK_FORMATS = ("png", "svg")
Renderer = Callable[[Sequence[export.Job]], list[bytes]]


@dataclass
class Pack:
    """The contents of a memo pack before zipping: file name -> bytes."""

    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    note: str = ""  # why images are missing, if they are

    def to_zip(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path, data in self.files.items():
                zf.writestr(path, data)
        return buf.getvalue()


def unique_specs(specs: Sequence[ChartSpec]) -> list[ChartSpec]:
    """Charts with data, in order, with file names made unique (``name``, ``name-2``)."""
    seen: dict[str, int] = {}
    out: list[ChartSpec] = []
    for spec in specs:
        if spec.data.empty:
            continue
        base = slug(spec.name)
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(spec if name == spec.name else replace(spec, name=name))
    return out


def source_rows(spec: ChartSpec, sources: pd.DataFrame) -> pd.DataFrame:
    """The warehouse ``sources`` rows behind a chart: the ``source_id`` values in its
    data, plus any source whose title appears in its source text."""
    if sources.empty:
        return sources
    ids: set[str] = set()
    if "source_id" in spec.data.columns:
        for value in spec.data["source_id"].dropna().unique():
            ids.update(part.strip() for part in str(value).split(","))
    titled = sources["title"].fillna("").map(lambda t: bool(t) and t in spec.source)
    return sources[sources["source_id"].isin(ids) | titled]


def build_pack(
    specs: Sequence[ChartSpec],
    *,
    name: str,
    sources: pd.DataFrame,
    aspect: str = export.DEFAULT_ASPECT,
    formats: Sequence[str] = PACK_FORMATS,
    render: Renderer = export.render_many,
) -> Pack:
    """Render every chart in ``formats`` in ONE browser session and assemble the pack.

    Without a browser the pack still holds the CSVs and SOURCES.md, which says why the
    images are missing (``Pack.note``)."""
    charts = unique_specs(specs)
    pack = Pack(name=name)
    jobs = [export.Job(spec, fmt, aspect) for spec in charts for fmt in formats]
    images: list[bytes] = []
    if jobs:
        try:
            images = render(jobs)
        except export.BrowserUnavailable as exc:
            pack.note = str(exc)
    for job, data in zip(jobs, images, strict=False):
        pack.files[export.file_name(job.spec, job.fmt)] = data
    for spec in charts:
        pack.files[export.file_name(spec, "csv")] = safe_csv(spec.data)
    pack.files["SOURCES.md"] = sources_md(pack, charts, sources, aspect).encode("utf-8")
    return pack


def sources_md(pack: Pack, charts: Sequence[ChartSpec], sources: pd.DataFrame, aspect: str) -> str:
    """SOURCES.md: per chart its files, finding, filters, source, as-of, method; then
    every source with its license and attribution. Lists exactly the pack's files."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"# {pack.name}: memo pack", "", f"Generated {stamp} by {export.BRAND}."]
    out += [f"Images: {aspect}, PNG at {export.PNG_SCALE}x scale, SVG; CSV = the plotted data."]
    if pack.note:
        out += ["", f"**No images in this pack.** {pack.note}"]
    used = sources.iloc[0:0]
    for spec in charts:
        rows = source_rows(spec, sources)
        used = pd.concat([used, rows]).drop_duplicates("source_id")
        files = [f for f in _chart_files(spec) if f in pack.files]
        out += ["", f"## {spec.title}", "", "Files: " + ", ".join(f"`{f}`" for f in files)]
        out += _chart_facts(spec, rows)
    out += ["", "## Sources", ""]
    if used.empty:
        out.append("- Inference Atlas warehouse (no source rows matched)")
    for row in used.sort_values("source_id").itertuples(index=False):
        out.append(
            f"- **{row.title or row.source_id}** (`{row.source_id}`): license: "
            f"{row.license or 'not stated'}; attribution: {row.attribution or 'n/a'}"
            + (f"; {row.url}" if getattr(row, "url", None) else "")
        )
    return "\n".join(out) + "\n"


def _chart_files(spec: ChartSpec) -> list[str]:
    return [export.file_name(spec, fmt) for fmt in (*export.FORMATS, "csv")]


def _chart_facts(spec: ChartSpec, rows: pd.DataFrame) -> list[str]:
    facts = [
        f"- Filters: {spec.subtitle or 'none'}",
        f"- Source: {spec.source or 'n/a'}",
        f"- As of: {spec.as_of or 'n/a'}",
        f"- Method: {spec.method or 'n/a'}",
    ]
    if spec.license:
        facts.append(f"- License: {spec.license}")
    elif len(rows):
        facts.append("- Licenses:")
        for row in rows.sort_values("source_id").itertuples(index=False):
            facts.append(f"  - {row.title or row.source_id}: {row.license or 'not stated'}")
    else:
        facts.append("- License: not recorded for this source")
    return facts


def listed_files(sources_md_text: str) -> set[str]:
    """The file names a SOURCES.md lists (back-quoted after ``Files:``)."""
    names: set[str] = set()
    for line in sources_md_text.splitlines():
        if line.startswith("Files: "):
            names.update(part.strip().strip("`") for part in line[7:].split(","))
    return names - {""}
