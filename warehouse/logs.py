"""Logging for the command-line tools (``atlas-ingest``, ``atlas-charts``, ``atlas-app``),
set up once per process: every line has a timestamp and a level, so a cron log can be
read back (``2026-12-07T05:00:03+0000 INFO atlas.ingest: litellm: ok, 10,264 new rows``).
On a terminal the lines go through rich's handler instead (colour, aligned columns).

Level: ``ATLAS_LOG_LEVEL`` (DEBUG, INFO, WARNING, ...; default INFO). Library code only
calls ``logging.getLogger("atlas.<area>")``; nothing is configured at import time. (It
lives in ``warehouse`` because every command already depends on that package.)
"""

from __future__ import annotations

import logging
import os
import sys

LOGGER = "atlas"
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (a test's capture, a redirected cron
    log), not to the stream that was current when logging was set up."""

    @property
    def stream(self):  # noqa: ANN201 - logging's own attribute
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def setup_logging(level: str | int | None = None) -> logging.Logger:
    """Configure the ``atlas`` logger for this process (idempotent) and return it."""
    logger = logging.getLogger(LOGGER)
    chosen = level or os.environ.get("ATLAS_LOG_LEVEL", "INFO")
    logger.setLevel(chosen.upper() if isinstance(chosen, str) else chosen)
    if any(getattr(h, "_atlas", False) for h in logger.handlers):
        return logger
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(
            show_path=False, log_time_format="[%Y-%m-%d %H:%M:%S]"
        )
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    else:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(LINE_FORMAT, TIME_FORMAT))
    handler._atlas = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.propagate = False
    return logger
