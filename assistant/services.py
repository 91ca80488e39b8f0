"""The wired parts the adapters and the scheduler share (built once, in app.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core import Assistant
from assistant.crm.schedule import CrmSchedule
from assistant.ports import Clock, Notifier, Parser, SystemClock
from nlp import MessageParser
from storage.db import Database


@dataclass
class Services:
    db: Database
    parser: Parser
    assistant: Assistant
    clock: Clock = field(default_factory=SystemClock)
    notifiers: list[Notifier] = field(default_factory=list)
    crm: CrmSchedule | None = None  # set when a CRM is configured (NEXTSTEP_CRM)

    @classmethod
    def build(cls, db: Database, clock: Clock | None = None, parser: Parser | None = None) -> Services:
        """Everything the core needs over one database; `clock` is swappable for tests."""
        clock = clock or SystemClock()
        parser = parser or MessageParser()
        return cls(db=db, parser=parser, assistant=Assistant(db, parser, clock), clock=clock)
