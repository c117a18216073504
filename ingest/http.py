"""One HTTP session for every source: timeout, retries with backoff (honouring
``Retry-After``) and a User-Agent that says who we are."""

from __future__ import annotations

import os

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


class FetchError(RuntimeError):
    """The source could not be downloaded (network, HTTP status, timeout)."""


def make_session(retries: int = RETRIES, backoff: float = BACKOFF_S) -> requests.Session:
    retry = Retry(
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

    Raises FetchError with the URL and the reason on any failure."""
    try:
        resp = session().get(url, timeout=timeout or TIMEOUT_S)
    except requests.RequestException as exc:
        raise FetchError(f"GET {url} failed: {exc.__class__.__name__}: {exc}") from exc
    if resp.status_code >= 400:
        raise FetchError(f"GET {url} returned HTTP {resp.status_code}")
    return Payload(resp.content, now_utc(), url, name or url.rsplit("/", 1)[-1])
