"""Our stages and a CRM's pipeline stages, both ways.

Defaults fit HubSpot's default pipeline and Salesforce's standard Opportunity stages; a team
with its own pipeline maps it in a small JSON file (NEXTSTEP_CRM_STAGES, see README):

    {"to_crm": {"demo": "Demo Scheduled"}, "from_crm": {"Demo Scheduled": "demo", "Trial": "demo"}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from nlp.types import STAGES

HUBSPOT_DEFAULT = {
    "lead": "appointmentscheduled",
    "qualified": "qualifiedtobuy",
    "demo": "presentationscheduled",
    "proposal": "decisionmakerboughtin",
    "negotiation": "contractsent",
    "won": "closedwon",
    "lost": "closedlost",
}
SALESFORCE_DEFAULT = {
    "lead": "Prospecting",
    "qualified": "Qualification",
    "demo": "Value Proposition",
    "proposal": "Proposal/Price Quote",
    "negotiation": "Negotiation/Review",
    "won": "Closed Won",
    "lost": "Closed Lost",
}
# Salesforce's other standard stages, read as the nearest of ours.
SALESFORCE_EXTRA = {
    "Needs Analysis": "qualified",
    "Id. Decision Makers": "demo",
    "Perception Analysis": "demo",
}


class StageMapError(ValueError):
    """The stage mapping file is not valid: the message names the problem."""


@dataclass(frozen=True, slots=True)
class StageMap:
    to_crm: dict[str, str]
    from_crm: dict[str, str]  # keys casefolded

    def crm_stage(self, ours: str | None) -> str | None:
        return self.to_crm.get(ours) if ours else None

    def our_stage(self, theirs: str | None) -> str | None:
        return self.from_crm.get(theirs.casefold()) if theirs else None


def default_map(system: str) -> StageMap:
    to_crm = dict(HUBSPOT_DEFAULT if system == "hubspot" else SALESFORCE_DEFAULT)
    extra = SALESFORCE_EXTRA if system == "salesforce" else {}
    from_crm = {v.casefold(): k for k, v in to_crm.items()} | {k.casefold(): v for k, v in extra.items()}
    return StageMap(to_crm, from_crm)


def load_map(system: str, path: str | None) -> StageMap:
    """The default map for `system`, overridden by the file at `path` when given."""
    base = default_map(system)
    if not path:
        return base
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StageMapError(f"NEXTSTEP_CRM_STAGES: cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise StageMapError("NEXTSTEP_CRM_STAGES: expected a JSON object with to_crm and from_crm")
    to_crm, from_crm = dict(base.to_crm), dict(base.from_crm)
    for ours, theirs in (data.get("to_crm") or {}).items():
        if ours not in STAGES or not isinstance(theirs, str):
            raise StageMapError(f"NEXTSTEP_CRM_STAGES: to_crm: {ours!r} is not one of {', '.join(STAGES)}")
        to_crm[ours] = theirs
        from_crm.setdefault(theirs.casefold(), ours)
    for theirs, ours in (data.get("from_crm") or {}).items():
        if ours not in STAGES or not isinstance(theirs, str):
            raise StageMapError(f"NEXTSTEP_CRM_STAGES: from_crm: {ours!r} is not one of {', '.join(STAGES)}")
        from_crm[theirs.casefold()] = ours
    return StageMap(to_crm, from_crm)
