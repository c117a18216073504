"""``python -m charts render``: a page's charts from the warehouse into a folder (every
format, valid files, CSVs, a memo pack per page), clear errors for unknown pages and
formats, and the no-browser path (message, exit 1, CSVs and packs still written)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from charts import export, memo, registry, render_cli
from charts.provenance import direct_loader
from charts.spec import ChartSpec
from tests.charts.test_export import need_browser, png_size
from warehouse.connection import ROOT, Warehouse

SIGNATURES = {"png": b"\x89PNG", "svg": b"<svg", "pdf": b"%PDF"}


def small_page() -> str:
    """A page whose chart set exists (edge has three charts; else the first page)."""
    pages = registry.pages()
    assert pages, "no chart sets in charts/pages"
    return "edge" if "edge" in pages else pages[0]


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = render_cli.run(render_cli.parse_args(["render", *argv]), out=out)
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def env(offline_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    monkeypatch.setenv("ATLAS_DATABASE_URL", offline_warehouse.url)
    export.CACHE.clear()
    return offline_warehouse


def test_renders_a_page_into_a_folder(tmp_path: Path, env: Warehouse) -> None:
    need_browser()
    page = small_page()
    code, printed = run_cli("--page", page, "--out", str(tmp_path), "--aspect", "4:3")
    assert code == 0, printed
    specs = memo.unique_specs(registry.specs_for(page, direct_loader(env)))
    assert specs
    for spec in specs:
        for fmt, signature in SIGNATURES.items():
            path = tmp_path / page / f"{spec.name}.{fmt}"
            assert path.read_bytes().lstrip().startswith(signature), path
            assert f"wrote {path}" in printed
        assert png_size((tmp_path / page / f"{spec.name}.png").read_bytes()) == (1920, 1440)
        assert (
            (tmp_path / page / f"{spec.name}.csv")
            .read_bytes()
            .startswith(",".join(spec.data.columns).encode())
        )
    with zipfile.ZipFile(tmp_path / f"{page}.zip") as zf:
        names = set(zf.namelist())
        listed = memo.listed_files(zf.read("SOURCES.md").decode())
    assert names == listed | {"SOURCES.md"}
    assert {f"{s.name}.png" for s in specs} <= names
    assert not list(tmp_path.rglob("*.part"))


def test_formats_subset(tmp_path: Path) -> None:
    need_browser()
    page = small_page()
    code, _ = run_cli("--page", page, "--out", str(tmp_path), "--formats", "svg")
    assert code == 0
    kinds = {p.suffix for p in (tmp_path / page).iterdir()}
    assert kinds == {".svg", ".csv"}


def test_unknown_page_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    code, printed = run_cli("--page", "nope", "--out", str(tmp_path))
    assert code == 2
    assert "Unknown page(s): nope" in printed and small_page() in printed
    assert not any(tmp_path.iterdir())


def test_bad_format_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        render_cli.parse_args(["render", "--formats", "png,eps"])
    assert exc.value.code == 2
    assert "unknown format(s) eps" in capsys.readouterr().err


def test_no_browser_says_so_and_still_writes_csvs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    page = small_page()
    code, printed = run_cli("--page", page, "--out", str(tmp_path))
    assert code == 1
    assert "apt-get install -y chromium" in printed
    files = {p.suffix for p in (tmp_path / page).iterdir()}
    assert files == {".csv"}
    with zipfile.ZipFile(tmp_path / f"{page}.zip") as zf:
        text = zf.read("SOURCES.md").decode()
        assert set(zf.namelist()) == memo.listed_files(text) | {"SOURCES.md"}
    assert "No images in this pack" in text


def test_module_entry_point_lists_pages(env: Warehouse) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "charts", "pages"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == registry.pages()


def test_every_chart_set_draws_at_its_defaults(env: Warehouse) -> None:
    """What the batch export relies on: each page's specs(load, **DEFAULTS) returns
    ChartSpecs with distinct file names, a source and a finding as title."""
    load = direct_loader(env)
    for page in registry.pages():
        specs = registry.specs_for(page, load)
        assert specs and all(isinstance(s, ChartSpec) for s in specs), page
        names = [s.name for s in specs]
        assert len(set(names)) == len(names), f"{page}: duplicate chart names {names}"
        for spec in memo.unique_specs(specs):
            assert spec.title and spec.source, f"{page}/{spec.name}"
