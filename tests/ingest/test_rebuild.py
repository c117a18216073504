"""Refreshes and rebuilds that never lose data: natural-key dedupe of cumulative panels,
a warehouse failure recorded as such, ``--rebuild`` from the archive keeping history and
saved scenarios, and ``kill -9`` at several moments leaving a usable warehouse."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from ingest import http
from ingest.rebuild import rebuild
from ingest.registry import get_source
from ingest.runner import WarehouseFailure, failure_marker, refresh
from market.scenarios import PRESETS
from warehouse import userstate
from warehouse.connection import Session, Warehouse
from warehouse.queries.scenarios import params_to_json

ROOT = Path(__file__).resolve().parents[2]
PANEL = (ROOT / "data" / "snapshots" / "gpu-pricing-tracker" / "observations.csv").read_bytes()


@pytest.fixture(autouse=True)
def own_userstate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_USERSTATE_URL", f"sqlite:///{tmp_path / 'userstate.sqlite'}")
    monkeypatch.setattr(http, "_session", http.make_session(retries=0, backoff=0.01))


def _panel_plus_one_day() -> bytes:
    """The real GPU-tracker panel republished with one more day (the last day's rows
    copied to the next date), as the upstream does every day."""
    lines = PANEL.rstrip(b"\n").split(b"\n")
    last = max(ln.split(b",", 1)[0] for ln in lines[1:])
    nxt = b"2099-01-01"
    extra = [nxt + ln[len(last) :] for ln in lines[1:] if ln.startswith(last + b",")]
    return b"\n".join([*lines, *extra]) + b"\n"


def _served(name: str, server: HTTPServer, path: str):  # noqa: ANN202
    real = get_source(name)
    url = server.url_for(path)
    return replace(real, url=url, fetch=lambda: [http.get(url, name=Path(path).name)])


def test_a_republished_panel_adds_only_its_new_day(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/obs.csv").respond_with_data(PANEL)
    httpserver.expect_ordered_request("/obs.csv").respond_with_data(_panel_plus_one_day())
    wh = Warehouse("duckdb:///:memory:")
    source = {"gpu_tracker": _served("gpu_tracker", httpserver, "/obs.csv")}
    first = refresh(wh, sources=source, archive_dir=None)[0]
    h100 = "SELECT COUNT(*) FROM latest_gpu_offers WHERE gpu LIKE 'H100%'"
    offers_before, rows_before = wh.scalar(h100), wh.scalar("SELECT COUNT(*) FROM gpu_prices")
    second = refresh(wh, sources=source, archive_dir=None)[0]
    new_day = wh.scalar("SELECT COUNT(*) FROM gpu_prices WHERE observed_at = '2099-01-01'")
    assert first.rows_new == rows_before and new_day > 0
    assert second.status == "ok" and second.rows_new == new_day  # only the new day's rows
    assert second.skipped["already loaded (same natural key)"] == first.rows_new
    dupes = wh.scalar(
        "SELECT COUNT(*) FROM (SELECT provider, gpu, pricing, gpu_count, region, observed_at "
        "FROM gpu_prices GROUP BY ALL HAVING COUNT(*) > 1)"
    )
    assert dupes == 0 and wh.scalar(h100) == offers_before > 0


def test_a_warehouse_failure_stops_the_run_and_is_recorded(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/deepseek.html").respond_with_data(
        (ROOT / "data/snapshots/deepseek_pricing/deepseek_en.html").read_bytes()
    )
    wh = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    source = {"deepseek_pricing": _served("deepseek_pricing", httpserver, "/deepseek.html")}
    real_insert = Session.insert_df

    def disk_full(self: Session, table: str, df):  # noqa: ANN001, ANN202 - fault injection
        if table == "api_prices":
            raise duckdb.IOException("could not write: No space left on device " + "x" * 50_000)
        return real_insert(self, table, df)

    monkeypatch.setattr(Session, "insert_df", disk_full)
    with pytest.raises(WarehouseFailure, match="No space left"):
        refresh(wh, sources=source, archive_dir=None)
    runs = wh.query("SELECT source_id, status, error FROM ingest_runs")
    assert runs["status"].tolist() == ["failed"]
    assert runs["error"].iloc[0].startswith("warehouse failure, nothing from this run was kept")
    assert len(runs["error"].iloc[0]) <= 2_000
    assert wh.scalar("SELECT COUNT(*) FROM api_prices") == 0

    def nothing_works(self: Session, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise duckdb.IOException("disk gone")

    monkeypatch.setattr(Session, "execute", nothing_works)  # not even the failure record
    with pytest.raises(WarehouseFailure):
        refresh(wh, sources=source, archive_dir=None)
    marker = failure_marker(wh)
    assert marker is not None and "disk gone" in marker.read_text()  # what `status` prints


def test_rebuild_keeps_history_and_scenarios(tmp_path: Path, httpserver: HTTPServer) -> None:
    page = (ROOT / "data/snapshots/deepseek_pricing/deepseek_en.html").read_bytes()
    changed = page.replace(b"$0.15", b"$0.16").replace(b"$0.3<", b"$0.32<")
    assert changed != page
    httpserver.expect_ordered_request("/d.html").respond_with_data(page + b"<!-- live -->")
    httpserver.expect_ordered_request("/d.html").respond_with_data(changed)
    archive = tmp_path / "archive"
    wh = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    sources = {"deepseek_pricing": _served("deepseek_pricing", httpserver, "/d.html")}
    refresh(wh, sources=sources, offline=True, archive_dir=archive)  # the bundled snapshot
    refresh(wh, sources=sources, archive_dir=archive)  # two live fetches, archived
    refresh(wh, sources=sources, archive_dir=archive)
    history = "SELECT * EXCLUDE (run_id) FROM api_prices ORDER BY ALL"
    before = wh.query(history).astype(str).values.tolist()
    assert len(list((archive / "deepseek_pricing").glob("*.gz"))) == 2
    # a scenario saved inside the old warehouse (older versions) and one in the store
    with wh.writer() as session:
        session.execute(
            "INSERT INTO scenarios VALUES ('old one', :p, CURRENT_TIMESTAMP)",
            {"p": params_to_json(PRESETS["edge"].params)},
        )
    userstate.save_scenario(None, "new one", params_to_json(PRESETS["fragmented"].params))

    results = rebuild(wh, archive_dir=archive, sources=sources)
    assert [r.status for r in results] == ["ok"]
    assert wh.query(history).astype(str).values.tolist() == before  # every row is back
    assert sorted(userstate.list_scenarios(wh)["name"]) == ["new one", "old one"]
    assert wh.scalar("SELECT COUNT(*) FROM scenarios") == 0  # not in the new warehouse


# --- kill -9 ---------------------------------------------------------------------------------


def _cli(db: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "ATLAS_USERSTATE_URL": f"sqlite:///{db.parent / 'us.sqlite'}"}
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", "--db", f"duckdb:///{db}", "refresh", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _usable(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT COUNT(*) FROM api_prices").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A warehouse built once by the CLI from the bundled snapshot, and its api_prices rows."""
    db = tmp_path_factory.mktemp("kill") / "base.duckdb"
    assert _cli(db, "--offline").wait(timeout=300) == 0
    return db, _usable(db)


REBUILD = ("--offline", "--rebuild", "--yes")


def _kill_while_building(proc: subprocess.Popen, folder: Path, delay_s: float) -> bool:
    """kill -9 ``proc`` ``delay_s`` after its build file appeared; True if it was still
    building at that moment (not already swapped and gone)."""
    deadline = time.monotonic() + 120
    while not list(folder.glob("w.duckdb.building-*")) and proc.poll() is None:
        assert time.monotonic() < deadline, "the writer never started"
        time.sleep(0.05)
    time.sleep(delay_s)
    building = bool(list(folder.glob("w.duckdb.building-*"))) and proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return building


@pytest.mark.parametrize(
    ("args", "delay_s"),
    [(REBUILD, 0.0), (REBUILD, 1.5), (REBUILD, 4.0), (("--offline",), 0.0), (("--offline",), 2.0)],
)
def test_kill_9_leaves_the_old_or_the_new_warehouse(
    built: tuple[Path, int], tmp_path: Path, args: tuple[str, ...], delay_s: float
) -> None:
    base, rows = built
    db = tmp_path / "w.duckdb"
    db.write_bytes(base.read_bytes())
    mid_build = _kill_while_building(_cli(db, *args), tmp_path, delay_s)
    if delay_s == 0.0:
        assert mid_build  # killed while the new file was half written
    assert db.exists() and _usable(db) == rows  # old and new hold the same snapshot rows
    # the next writer cleans what the killed one left (build file and its .wal)
    with Warehouse(f"duckdb:///{db}").writer():
        pass
    assert not list(tmp_path.glob("w.duckdb.building-*"))
    assert _usable(db) == rows
