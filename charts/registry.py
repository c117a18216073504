"""Chart sets by page: ``charts.pages.<page>`` modules, each with ``specs(load, **params)
-> list[ChartSpec]`` and a ``DEFAULTS`` dict. The batch exporter draws every page's
charts through this registry; the list is the package folder itself, so a new chart
set is picked up without editing a hand-written list."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

import charts.pages
from charts.provenance import Loader
from charts.spec import ChartSpec


class UnknownPage(KeyError):
    """No chart set for this page name."""

    def __str__(self) -> str:
        return str(self.args[0])


def pages() -> list[str]:
    """Every page with a chart set, sorted."""
    return sorted(
        m.name
        for m in pkgutil.iter_modules(charts.pages.__path__)
        if not m.name.startswith("_") and not m.ispkg
    )


def chart_set(page: str) -> ModuleType:
    """The chart-set module of ``page`` (checked to have ``specs`` and ``DEFAULTS``)."""
    known = pages()
    if page not in known:
        raise UnknownPage(f"no chart set for page {page!r}; known: {', '.join(known)}")
    module = importlib.import_module(f"charts.pages.{page}")
    if not callable(getattr(module, "specs", None)) or not isinstance(
        getattr(module, "DEFAULTS", None), dict
    ):
        raise TypeError(f"charts.pages.{page} must define specs(load, **params) and DEFAULTS")
    return module


def specs_for(page: str, load: Loader, **params: Any) -> list[ChartSpec]:
    """The charts of ``page`` at its DEFAULTS (overridden by ``params``)."""
    module = chart_set(page)
    return list(module.specs(load, **{**module.DEFAULTS, **params}))


# ---------------------------------------------------------------- chart ids

ID_SEP = "/"


def chart_id(page: str, name: str) -> str:
    """A chart's id in links and the deck CLI: ``<page>/<chart name>``."""
    return f"{page}{ID_SEP}{name}"


def resolve(ids: list[str], load: Loader) -> tuple[list[ChartSpec], list[str]]:
    """(the charts of ``ids`` at their page's DEFAULTS, in the order given; the ids
    that name no page or no chart of it, or whose page fails to draw). Each page is
    drawn once."""
    drawn: dict[str, dict[str, ChartSpec]] = {}
    found: list[ChartSpec] = []
    missing: list[str] = []
    known = set(pages())
    for cid in ids:
        page, _, name = cid.partition(ID_SEP)
        if page not in known or not name:
            missing.append(cid)
            continue
        if page not in drawn:
            try:
                drawn[page] = {s.name: s for s in specs_for(page, load)}
            except Exception:  # noqa: BLE001 - a page that cannot draw: its ids are missing
                drawn[page] = {}
        spec = drawn[page].get(name)
        if spec is None or spec.data.empty:
            missing.append(cid)
        else:
            found.append(spec)
    return found, missing


def all_ids(load: Loader, only: list[str] | None = None) -> list[str]:
    """Every chart id with data (of ``only`` pages, or all), in page order."""
    out = []
    for page in only or pages():
        out += [chart_id(page, s.name) for s in specs_for(page, load) if not s.data.empty]
    return out
