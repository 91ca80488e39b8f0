"""One scheduled message that has come due, before it is claimed and sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from assistant.messages import Platform, Reply, Target


@dataclass(frozen=True, slots=True)
class Due:
    """A message to send once: `key` is its idempotency key (workspace, target, kind, period).

    `compose` builds the reply inside the transaction that claims the key (so an expensive
    summary is only built when it will really be sent); it may change state too (a parked
    deal coming back) and returns None when the message no longer applies.
    """

    key: str
    kind: str
    workspace_id: int
    platform: Platform
    workspace_external_id: str
    target: Target
    compose: Callable[[Session], Reply | None]


def delivery_key(workspace_id: int, target: Target, kind: str, period: str) -> str:
    """'ws3/person:U123/due_us:42/2026-11-09' — unique per message that should exist once."""
    return f"ws{workspace_id}/{target.kind}:{target.id}/{kind}/{period}"
