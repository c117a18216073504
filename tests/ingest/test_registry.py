"""The source registry lists every module once, and every source is complete."""

from __future__ import annotations

import pkgutil

import pytest

import ingest.sources
from ingest.base import SNAPSHOT_DIR
from ingest.registry import MODULES, all_sources, get_source


def test_every_source_module_is_registered_exactly_once() -> None:
    on_disk = {
        m.name for m in pkgutil.iter_modules(ingest.sources.__path__) if not m.name.startswith("_")
    }
    assert sorted(MODULES) == sorted(on_disk)
    assert len(MODULES) == len(set(MODULES))


def test_source_names_match_modules_and_are_unique() -> None:
    sources = all_sources()
    assert list(sources) == list(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_source_is_complete(name: str) -> None:
    source = get_source(name)
    assert source.url.startswith("https://"), "a real live URL"
    assert source.title and source.license and source.attribution
    assert source.kind in ("json", "html", "csv", "curated")
    assert callable(source.parse) and callable(source.fetch)
    assert source.snapshot, "a bundled snapshot for --offline"
    for snap in source.snapshot:
        assert (SNAPSHOT_DIR / snap.path).is_file(), snap.path


def test_unknown_source_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown source 'nope'; known: "):
        get_source("nope")
