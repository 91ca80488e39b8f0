"""Salesforce and Nextstep keep one Opportunity: the real simple-salesforce against a local fake
of Salesforce's REST API, served over TLS."""

from __future__ import annotations

import requests

from adapters.crm.retry import Backoff
from adapters.crm.salesforce import SalesforceConnector, SalesforceLogin
from assistant.core import Assistant
from assistant.crm.port import CrmError, CrmWrite
from assistant.crm.stages import default_map
from assistant.crm.sync import CrmSync
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.crm.conftest import no_wait, salesforce_sync, workspace_id
from tests.crm.fake_salesforce import FakeSalesforce
from tests.support.clock import FakeClock


def _opportunities(salesforce: FakeSalesforce) -> dict[str, str]:
    return {
        "Pied Piper": salesforce.add_opportunity(
            "Pied Piper", stage="Value Proposition", amount=40000, owner="005DANA"
        ),
        "Hooli": salesforce.add_opportunity(
            "Hooli", stage="Negotiation/Review", amount=120000, owner="005DANA"
        ),
        "Endframe": salesforce.add_opportunity("Endframe", stage="Qualification", close="2027-01-31"),
    }


def _connected(
    db: Database, chat: Chat, salesforce: FakeSalesforce, clock: FakeClock, assistant: Assistant
) -> tuple[dict[str, str], int, CrmSync]:
    """The org's opportunities imported, our fields set up: the record ids, the workspace, the sync."""
    ids = _opportunities(salesforce)
    ws = workspace_id(db, chat)
    sync = salesforce_sync(db, salesforce, clock, assistant)
    sync.connector.setup()
    sync.connect(ws)
    sync.run(ws)
    return ids, ws, sync


def test_opportunities_import_and_a_chat_update_writes_next_step_owner_and_due(
    db: Database, chat: Chat, salesforce: FakeSalesforce, clock: FakeClock, assistant: Assistant
) -> None:
    ids = _opportunities(salesforce)
    ws = workspace_id(db, chat)
    sync = salesforce_sync(db, salesforce, clock, assistant)
    assert sorted(sync.connector.setup()) == ["Nextstep_Due__c", "Nextstep_Id__c", "Nextstep_Owner__c"]
    sync.connect(ws)
    assert sorted(sync.run(ws).imported) == ["Endframe", "Hooli", "Pied Piper"]

    answer = chat.manager("maria").says("Endframe?").text
    assert "Endframe" in answer and "qualified" in answer.casefold()
    assert "by Salesforce" in answer and "someone" not in answer  # where the deal came from

    chat.rep("dana").says("Pied Piper: we need to add cost estimates to the proposal by Friday")
    report = sync.run(ws)
    assert report.written == ["Pied Piper"]
    record = salesforce.records[ids["Pied Piper"]]
    assert "cost estimates" in record["NextStep"]
    assert record["Nextstep_Owner__c"] == "us" and record["Nextstep_Due__c"] == "2026-11-27"


def test_a_long_next_step_is_clipped_to_salesforces_255_characters(
    db: Database, chat: Chat, salesforce: FakeSalesforce, clock: FakeClock, assistant: Assistant
) -> None:
    ids = _opportunities(salesforce)
    sync = salesforce_sync(db, salesforce, clock, assistant)
    sync.connector.setup()
    step = "rework the rollout plan for " + ", ".join(f"region {n}" for n in range(60))
    [result] = sync.connector.write([CrmWrite("k-long", ids["Hooli"], "Hooli", {"next_step": step})])
    assert result.error is None
    written = salesforce.records[ids["Hooli"]]["NextStep"]
    assert len(written) == 255 and written.startswith("rework the rollout plan") and written.endswith("…")


def test_a_stage_change_in_salesforce_wins_and_says_who_made_it(
    db: Database, chat: Chat, salesforce: FakeSalesforce, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, salesforce, clock, assistant)
    chat.rep("dana").says("Hooli: waiting on their legal for the redlines")
    sync.run(ws)

    salesforce.edit(ids["Hooli"], by="Lee Chen", StageName="Closed Won")
    report = sync.run(ws)

    [notice] = report.notices
    assert notice.text == "Hooli: stage changed to Closed Won in Salesforce by Lee Chen."
    assert "won" in chat.manager("maria").says("Hooli?").text.casefold()


def test_an_expired_session_logs_in_again_and_a_429_storm_writes_once(
    db: Database, chat: Chat, salesforce: FakeSalesforce, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, salesforce, clock, assistant)
    chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")
    chat.rep("dana").says("new lead: Bachmanity")

    salesforce.expire_token()
    salesforce.throttle(5)
    report = sync.run(ws)

    assert report.failed == [] and report.created == ["Bachmanity"] and report.written == ["Pied Piper"]
    assert "SOW" in salesforce.records[ids["Pied Piper"]]["NextStep"]
    assert sum(1 for r in salesforce.records.values() if r["Name"] == "Bachmanity") == 1
    assert salesforce.tokens_issued >= 2  # logged in again after the session expired
    sync.run(ws)
    assert sum(1 for r in salesforce.records.values() if r["Name"] == "Bachmanity") == 1


def test_username_password_login_and_a_refused_one(salesforce: FakeSalesforce) -> None:
    session = requests.Session()
    session.trust_env = False
    session.verify = salesforce.cert

    def connector(password: str) -> SalesforceConnector:
        login = SalesforceLogin(
            login_url=salesforce.url,
            client_id=salesforce.client_id,
            client_secret=salesforce.client_secret,
            username=salesforce.username,
            password=password,
            security_token=salesforce.security_token,
        )
        return SalesforceConnector(
            login, default_map("salesforce"), session=session, backoff=Backoff(sleep=no_wait)
        )

    assert "Opportunity" in connector(salesforce.password).check()
    try:
        connector("wrong").check()
    except CrmError as error:
        assert "authentication failure" in str(error)
    else:
        raise AssertionError("a wrong password must be refused")


def test_a_multi_currency_org_gets_the_currency_the_rep_wrote(
    db: Database, chat: Chat, salesforce: FakeSalesforce, clock: FakeClock, assistant: Assistant
) -> None:
    salesforce.multi_currency = True
    salesforce.add_user("005GBP", "Gill", "gill@piedpiper.test")
    uk = salesforce.add_opportunity("Hooli UK", amount=120000, owner="005GBP")
    salesforce.edit(uk, CurrencyIsoCode="GBP")
    ids, ws, sync = _connected(db, chat, salesforce, clock, assistant)
    assert "£120k" in chat.manager("maria").says("Hooli UK?").text  # the amount in the currency it has

    chat.rep("dana").says("Pied Piper: sent the proposal, €75k")
    sync.run(ws)
    record = salesforce.records[ids["Pied Piper"]]
    assert (record["Amount"], record["CurrencyIsoCode"]) == (75_000, "EUR")
