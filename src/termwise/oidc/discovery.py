"""A provider's published documents: its discovery document and its signing keys.

Both are cached in memory for a few minutes: they are the provider's, not state of ours, and
every replica may fetch its own.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from termwise.errors import ServiceUnavailable

CACHE_SECONDS = 300
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def _get(url: str, what: str) -> dict[str, Any]:
    now = time.monotonic()
    hit = _cache.get(url)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    try:
        response = httpx.get(url, timeout=5.0, follow_redirects=False)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise ServiceUnavailable(
            f"The identity provider's {what} could not be read from {url} ({type(exc).__name__})."
        ) from exc
    _cache[url] = (now, document)
    return document


def configuration(issuer: str) -> dict[str, Any]:
    return _get(f"{issuer.rstrip('/')}/.well-known/openid-configuration", "discovery document")


def keys(jwks_uri: str) -> dict[str, Any]:
    return _get(jwks_uri, "signing keys")


def forget() -> None:
    """Drop every cached document (a provider rotated its keys, or a test started afresh)."""
    _cache.clear()
