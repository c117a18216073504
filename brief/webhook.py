"""Posting a brief to a webhook (Slack-compatible JSON ``{"text": ...}``) through an
outbox: each brief to post is first written to ``<briefs>/outbox/`` and the file is
deleted only after a 2xx answer, so a failed post (server down, 500, timeout) is
logged and retried on the next run, never lost.

The URL comes from ``ATLAS_BRIEF_WEBHOOK_URL`` or ``[brief] webhook_url`` in
``.streamlit/secrets.toml``; none configured means nothing is queued.
"""

from __future__ import annotations

import json
import logging
import os
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import requests

from warehouse.connection import SECRETS_PATH

log = logging.getLogger(__name__)
TIMEOUT_S = 10
Post = Callable[[str, dict], requests.Response]


def webhook_url(secrets: Path = SECRETS_PATH) -> str | None:
    """The configured webhook URL, or None."""
    env = os.environ.get("ATLAS_BRIEF_WEBHOOK_URL")
    if env:
        return env
    if secrets.exists():
        with secrets.open("rb") as fh:
            url = tomllib.load(fh).get("brief", {}).get("webhook_url")
        return str(url) if url else None
    return None


def slack_escape(text: str) -> str:
    """Slack's three control characters, so source text cannot form links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(title: str, summary: str, where: str) -> dict:
    """The Slack-compatible message of a brief (``text`` is what every receiver reads)."""
    text = f"*{slack_escape(title)}*\n{slack_escape(summary)}\nFull brief: {slack_escape(where)}"
    return {"text": text}


def enqueue(outbox: Path, name: str, message: dict) -> Path:
    """Queue ``message`` as ``<outbox>/<name>.json`` (a rerun replaces its own entry)."""
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{name}.json"
    tmp = path.with_name(path.name + ".part")
    queued = time.time_ns()
    entry = {"message": message, "queued_ns": queued, "attempts": 0, "last_error": None}
    tmp.write_text(json.dumps(entry))
    tmp.replace(path)
    return path


@dataclass(frozen=True)
class Delivery:
    name: str
    ok: bool
    detail: str  # HTTP status or the error


def _post(url: str, message: dict) -> requests.Response:
    return requests.post(url, json=message, timeout=TIMEOUT_S)


def flush(outbox: Path, url: str, post: Post = _post) -> list[Delivery]:
    """Try every queued message, oldest first; delete the sent ones, keep the rest with
    their attempt count and last error (for the next run)."""
    host = urlparse(url).netloc or url
    out = []
    entries = [(path, json.loads(path.read_text())) for path in outbox.glob("*.json")]
    entries.sort(key=lambda e: (e[1].get("queued_ns", 0), e[0].name))
    for path, entry in entries:
        try:
            response = post(url, entry["message"])
            ok, detail = 200 <= response.status_code < 300, f"HTTP {response.status_code}"
        except requests.RequestException as exc:
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        if ok:
            path.unlink()
            log.info("posted %s to %s (%s)", path.stem, host, detail)
        else:
            entry.update(attempts=entry.get("attempts", 0) + 1, last_error=detail)
            path.write_text(json.dumps(entry))
            log.warning(
                "webhook post of %s to %s failed: %s; kept for retry", path.stem, host, detail
            )
        out.append(Delivery(path.stem, ok, detail))
    return out
