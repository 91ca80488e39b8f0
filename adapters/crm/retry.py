"""Retrying a CRM call on 429 and 5xx with backoff, honouring Retry-After when the CRM sends it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from assistant.crm.port import CrmUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class Retryable(Exception):
    """A call that may succeed if tried again (429, 5xx, a dropped connection)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> float | None:
    """The Retry-After header in seconds (an HTTP date is not used by these CRMs)."""
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


@dataclass
class Backoff:
    """Up to `attempts` tries; waits Retry-After (capped) or base * 2**n (capped)."""

    attempts: int = 8
    base: float = 0.5
    cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    calls: int = field(default=0, init=False)  # every HTTP call made through it, for status and benches
    retries: int = field(default=0, init=False)

    def run(self, call: Callable[[], T], what: str) -> T:
        for attempt in range(1, self.attempts + 1):
            self.calls += 1
            try:
                return call()
            except Retryable as error:
                if attempt == self.attempts:
                    raise CrmUnavailable(f"{what}: {error} (gave up after {attempt} tries)") from error
                wait = error.retry_after if error.retry_after is not None else self.base * 2 ** (attempt - 1)
                wait = min(wait, self.cap)
                self.retries += 1
                log.info(
                    "%s: %s; retrying in %.2fs (try %d of %d)", what, error, wait, attempt + 1, self.attempts
                )
                self.sleep(wait)
        raise AssertionError("unreachable")
