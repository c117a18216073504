"""One HTTP session for every source: timeout, retries with backoff (honouring
``Retry-After`` up to a cap) and a User-Agent that says who we are.

Every request is bounded, so a hostile or broken upstream cannot hold the refresh
lock for long or exhaust memory:
- ``Retry-After`` is honoured up to ``MAX_RETRY_AFTER_S`` (120 s) and never past the
  source's deadline;
- the body is read in pieces against a total deadline per source (``limits``), so a
  body trickled one byte at a time fails instead of waiting forever;
- a body larger than the source's maximum payload size fails as soon as it is known
  (``Content-Length``) or read.
"""

from __future__ import annotations

import contextvars
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ingest.base import Payload, now_utc

USER_AGENT = (
    "InferenceAtlas/0.1 (+https://github.com/inference-atlas/inference-atlas; "
    "weekly market-data refresh)"
)
TIMEOUT_S = float(os.environ.get("ATLAS_HTTP_TIMEOUT", "30"))
RETRIES = int(os.environ.get("ATLAS_HTTP_RETRIES", "3"))
BACKOFF_S = float(os.environ.get("ATLAS_HTTP_BACKOFF", "1.0"))
MAX_RETRY_AFTER_S = float(os.environ.get("ATLAS_HTTP_MAX_RETRY_AFTER", "120"))
DEADLINE_S = float(os.environ.get("ATLAS_SOURCE_DEADLINE", "300"))
MAX_BYTES = int(os.environ.get("ATLAS_MAX_PAYLOAD_BYTES", str(64 * 1024 * 1024)))
_CHUNK = 64 * 1024


class FetchError(RuntimeError):
    """The source could not be downloaded (network, HTTP status, timeout, too large)."""


@dataclass(frozen=True)
class Limits:
    """Bounds for every request made while fetching one source."""

    deadline: float  # time.monotonic() after which the source has failed
    max_bytes: int  # largest body accepted, per request

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


_limits: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("limits", default=None)


@contextmanager
def limits(deadline_s: float = DEADLINE_S, max_bytes: int = MAX_BYTES) -> Iterator[Limits]:
    """Bound every request inside the block: a total deadline and a body size cap."""
    bound = Limits(time.monotonic() + deadline_s, max_bytes)
    token = _limits.set(bound)
    try:
        yield bound
    finally:
        _limits.reset(token)


def current_limits() -> Limits:
    """The bounds in force (the defaults from now when no ``limits`` block is open)."""
    return _limits.get() or Limits(time.monotonic() + DEADLINE_S, MAX_BYTES)


class CappedRetry(Retry):
    """urllib3 Retry whose ``Retry-After`` wait is capped and never passes the deadline."""

    max_retry_after: float = MAX_RETRY_AFTER_S

    def get_retry_after(self, response) -> float | None:  # noqa: ANN001 - urllib3 type
        wanted = super().get_retry_after(response)
        if wanted is None:
            return None
        bound = _limits.get()
        room = bound.remaining() if bound is not None else wanted
        return max(0.0, min(wanted, self.max_retry_after, room))


def make_session(
    retries: int = RETRIES, backoff: float = BACKOFF_S, max_retry_after: float | None = None
) -> requests.Session:
    # A subclass, not an instance attribute: urllib3 copies a Retry with type(self)(...).
    cls: type[CappedRetry] = CappedRetry
    if max_retry_after is not None:
        cls = cast(
            "type[CappedRetry]",  # type() returns a plain `type`; this one subclasses CappedRetry
            type("CappedRetry", (CappedRetry,), {"max_retry_after": max_retry_after}),
        )
    retry = cls(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


_session: requests.Session | None = None


def session() -> requests.Session:
    global _session
    if _session is None:
        _session = make_session()
    return _session


def get(url: str, *, timeout: float | None = None, name: str = "") -> Payload:
    """GET ``url`` and return its body as a Payload observed now.

    Raises FetchError with the URL and the reason on any failure, including a
    deadline passed (see ``limits``) or a body over the size cap."""
    bound = current_limits()
    if bound.remaining() <= 0:
        raise FetchError(f"GET {url} not started: the source's deadline has passed")
    per_read = min(timeout or TIMEOUT_S, max(bound.remaining(), 0.1))
    try:
        resp = session().get(url, timeout=per_read, stream=True)
    except requests.RequestException as exc:
        raise FetchError(f"GET {url} failed: {exc.__class__.__name__}: {exc}") from exc
    with resp:
        if resp.status_code >= 400:
            raise FetchError(f"GET {url} returned HTTP {resp.status_code}")
        content = _read_body(resp, url, bound)
    return Payload(content, now_utc(), url, name or url.rsplit("/", 1)[-1])


def _read_body(resp: requests.Response, url: str, bound: Limits) -> bytes:
    """The whole body, read piece by piece against the deadline and the size cap."""
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > bound.max_bytes:
        raise FetchError(
            f"GET {url}: body of {int(declared):,} bytes is over this source's limit of "
            f"{bound.max_bytes:,} bytes"
        )
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            if bound.remaining() <= 0:
                raise FetchError(
                    f"GET {url}: body still arriving after the source's deadline "
                    f"({size:,} bytes read); the server is too slow"
                )
            chunk = resp.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > bound.max_bytes:
                raise FetchError(
                    f"GET {url}: body over this source's limit of {bound.max_bytes:,} bytes"
                )
            parts.append(chunk)
    except FetchError:
        raise
    except Exception as exc:  # noqa: BLE001 - urllib3/socket errors while reading the body
        raise FetchError(
            f"GET {url}: reading the body failed after {size:,} bytes: "
            f"{exc.__class__.__name__}: {exc}"
        ) from exc
    return b"".join(parts)
