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
