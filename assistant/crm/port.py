"""The small, neutral interface between the core and a CRM (HubSpot, Salesforce, ...).

The core (assistant/crm/sync.py) decides what to import and what to write; a connector in
adapters/crm/ only translates these types to one CRM's API and back. A third CRM is one more
class with these four methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


class CrmError(Exception):
    """A CRM call failed for good (after retries), or was refused (bad credentials, bad field)."""


class CrmUnavailable(CrmError):
    """The CRM kept answering 429 or 5xx after every retry: try again on the next sync."""


@dataclass(frozen=True, slots=True)
class CrmDeal:
    """A deal as the CRM has it, in the CRM's own stage name."""

    crm_id: str
    name: str
    stage: str | None = None
    amount: int | None = None
    currency: str | None = None
    close_date: date | None = None
    owner_email: str | None = None
    owner_name: str | None = None
    next_step: str | None = None
    closed: bool = False
    modified_at: datetime | None = None
    modified_by: str | None = None  # who last changed it in the CRM, when the CRM says


@dataclass(frozen=True, slots=True)
class CrmWrite:
    """What Nextstep writes to one CRM record: only the fields set (not None) are written.

    `key` makes the write idempotent: writing the same key twice writes the same values.
    `clear` names fields to empty (a step taken back by an undo).
    """

    key: str
    crm_id: str | None  # None: create the record
    name: str
    fields: dict[str, object] = field(default_factory=dict)
    clear: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class WriteResult:
    key: str
    crm_id: str | None
    error: str | None = None


class CrmConnector(Protocol):
    """One CRM. Field names in `CrmWrite.fields` are ours (see FIELDS); the connector maps them."""

    system: str  # "hubspot" | "salesforce"

    def deals_modified_since(self, since: datetime | None) -> list[CrmDeal]:
        """Open and recently closed deals changed after `since` (all open deals when None), oldest first."""
        ...

    def write(self, writes: Sequence[CrmWrite]) -> list[WriteResult]:
        """Create or update records, batched where the API allows; one result per write, in order."""
        ...

    def setup(self) -> list[str]:
        """Create the fields of ours (owner, due date) when missing; say what was created."""
        ...

    def check(self) -> str:
        """A cheap authenticated call: what we are connected to, or raise CrmError."""
        ...


# Our field names in CrmWrite.fields: each connector maps them to its CRM's fields.
FIELDS = ("next_step", "owner", "due", "stage", "amount", "currency", "close_date", "name")
