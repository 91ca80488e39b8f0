"""`nextstep crm connect | setup | sync [--dry-run] | status`, as an admin types them."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from adapters.crm.cli import main
from assistant.core import Assistant
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.crm.conftest import workspace_id
from tests.crm.fake_hubspot import FakeHubSpot
from tests.support.clock import FakeClock


def crm(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


@pytest.fixture
def hubspot_env(
    monkeypatch: pytest.MonkeyPatch, hubspot: FakeHubSpot, db_url: str, clock: FakeClock
) -> FakeHubSpot:
    clock.set(datetime.now(UTC))  # the command runs on the real clock: so does the chat here
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("NEXTSTEP_CRM", "hubspot")
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", hubspot.token)
    monkeypatch.setenv("HUBSPOT_API_URL", hubspot.url)
    return hubspot


def test_connect_setup_dry_run_sync_and_status(
    db: Database, chat: Chat, hubspot_env: FakeHubSpot, assistant: Assistant
) -> None:
    hubspot_env.add_deal("Pied Piper", stage="presentationscheduled", amount="40000")
    hubspot_env.add_deal("Hooli", stage="contractsent")
    workspace_id(db, chat)

    code, said = crm("status")
    assert code == 0 and "no CRM connected" in said
    code, said = crm("connect", "hubspot")
    assert code == 0 and "connected to HubSpot" in said
    code, said = crm("setup")
    assert code == 0 and "nextstep_owner" in said and "nextstep_id" in said

    code, said = crm("sync", "--dry-run")
    assert code == 0 and "would import 2 new deal(s): " in said and "Pied Piper" in said
    assert "Pied Piper" not in chat.manager("maria").says("all deals").text  # nothing imported yet

    code, said = crm("sync")
    assert code == 0 and "import 2 new deal(s)" in said
    chat.rep("dana").says("new lead: Aviato")
    code, said = crm("sync")
    assert code == 0 and "create 1 deal(s) in the CRM: Aviato" in said

    code, said = crm("status")
    assert code == 0 and "connected to HubSpot" in said and "deals linked to HubSpot: 3" in said
    assert "failed writes (retried on every sync): 0" in said


def test_a_failed_write_shows_in_status_until_it_lands(
    db: Database, chat: Chat, hubspot_env: FakeHubSpot, assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    hubspot_env.add_deal("Pied Piper")
    workspace_id(db, chat)
    crm("connect", "hubspot")
    crm("sync")
    chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")
    hubspot_env.token = "revoked"  # the private app's token was rotated in HubSpot

    code, _said = crm("sync")
    assert code == 1
    code, said = crm("status")
    assert "last error:" in said and "401" in said

    hubspot_env.token = "pat-na1-test"
    code, said = crm("sync")
    assert code == 0 and "write 1 deal(s) to the CRM: Pied Piper" in said


def test_a_missing_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, db_url: str, db: Database, chat: Chat
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("NEXTSTEP_CRM", "salesforce")
    for name in ("SALESFORCE_REFRESH_TOKEN", "SALESFORCE_USERNAME", "SALESFORCE_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    workspace_id(db, chat)
    assert main(["connect", "salesforce"]) == 2
    monkeypatch.setenv("NEXTSTEP_CRM", "pipedrive")
    assert main(["status"]) == 2
