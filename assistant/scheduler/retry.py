"""Which failures of a platform call deserve another try, and how long to wait first."""

from __future__ import annotations

import random
from typing import Any

# Slack error codes that mean "not now" rather than "never".
TRANSIENT_SLACK_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
CONNECTION_ERRORS = ("ClientConnectionError", "ClientPayloadError", "ServerTimeoutError")


def backoff(attempt: int, *, base: float = 1.0, cap: float = 300.0) -> float:
    """Seconds before try number `attempt + 1`: doubling from `base`, at most `cap`, with jitter."""
    return float(min(cap, base * 2.0 ** max(attempt, 0)) * random.uniform(0.8, 1.2))


def status_of(error: BaseException) -> int | None:
    """The HTTP status a platform answered with, for the SDKs' errors (Slack, Bot Framework, aiohttp)."""
    response: Any = getattr(error, "response", None)
    for value in (getattr(response, "status_code", None), getattr(response, "status", None)):
        if isinstance(value, int):
            return value
    status = getattr(error, "status", None)
    return status if isinstance(status, int) else None


def retry_after(error: BaseException) -> float | None:
    """The platform's Retry-After (seconds), when it sent one."""
    response: Any = getattr(error, "response", None)
    headers: Any = getattr(response, "headers", None) or {}
    for name, value in dict(headers).items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None


def is_transient(error: BaseException) -> bool:
    """True for a rate limit, a server error or a connection that failed: worth trying again."""
    status = status_of(error)
    if status is not None:
        return status == 429 or status >= 500
    response: Any = getattr(error, "response", None)
    data: Any = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error") in TRANSIENT_SLACK_ERRORS:
        return True
    if isinstance(error, TimeoutError | ConnectionError):
        return True
    return any(kind.__name__ in CONNECTION_ERRORS for kind in type(error).__mro__)
