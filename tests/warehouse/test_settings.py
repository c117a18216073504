"""Operations settings: the data directory, URLs, and cron-friendly logs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.connection import ROOT, Warehouse, data_dir, database_url, normalize_url


def test_data_dir_defaults_to_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    assert data_dir() == ROOT / "data"


def test_data_dir_setting_moves_the_default_warehouse(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    assert data_dir() == tmp_path
    if not (ROOT / ".streamlit" / "secrets.toml").exists():
        assert database_url() == f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
        assert Warehouse().path == tmp_path / "warehouse.duckdb"


def test_postgres_urls_mean_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("duckdb:///x.duckdb") == "duckdb:///x.duckdb"
    assert "secret" not in Warehouse("postgresql://u:secret@h/db").display_url


def test_refresh_from_any_directory_logs_with_time_and_level(tmp_path: Path) -> None:
    """The CLI run from an unrelated directory, as cron does: it writes only into the
    data directory, and every log line starts with a timestamp and a level."""
    cwd, data = tmp_path / "elsewhere", tmp_path / "data"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_DATABASE_URL"}
    env.update(ATLAS_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "refresh", "--offline", "curated_companies"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (data / "warehouse.duckdb").is_file()
    assert list(cwd.iterdir()) == []
    lines = [line for line in done.stderr.splitlines() if "atlas.ingest" in line]
    assert lines, done.stderr
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} (INFO|WARNING|ERROR) atlas\.")
    assert all(stamp.match(line) for line in lines), lines
    assert any("curated_companies: ok" in line for line in lines)
