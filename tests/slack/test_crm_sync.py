"""HubSpot behind a Slack workspace, end to end over real HTTP: Slack's fake Web API and HubSpot's
fake CRM v3, Nextstep's real server in between, the scheduler's CRM sync run by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from adapters.crm.hubspot import HubSpotConnector
from adapters.crm.retry import Backoff
from assistant.crm.schedule import CrmSchedule
from assistant.crm.stages import default_map
from assistant.crm.sync import CrmSync
from storage.models import Workspace as WorkspaceRow
from tests.crm.fake_hubspot import FakeHubSpot, Owner
from tests.slack.conftest import DANA, DEALS, MAX, Workspace
from tests.slack.dialogue import in_thread
from tests.slack.fake_slack import TEAM_ID


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    fake = FakeHubSpot(owners=[Owner("7001", "dana@acme.test", "Dana", "Scully")]).start()
    yield fake
    fake.stop()


def _schedule(workspace: Workspace, hubspot: FakeHubSpot) -> CrmSchedule:
    services = workspace.server.services
    stages = default_map("hubspot")

    def sync_for(_system: str) -> CrmSync:
        backoff = Backoff(sleep=lambda _s: None)
        connector = HubSpotConnector(hubspot.token, stages, host=hubspot.url, backoff=backoff)
        return CrmSync(services.db, connector, stages, services.clock, services.assistant.names)

    return CrmSchedule(services.db, sync_for, timedelta(minutes=5))


def _tick(workspace: Workspace, schedule: CrmSchedule) -> list[str]:
    schedule.last_run = None  # due now
    sent = workspace.server.run(schedule.run(workspace.clock.now(), workspace.server.services.notifiers))
    return [o.reply.text for o in sent]


def test_hubspot_deals_slack_updates_and_changes_made_in_hubspot(
    workspace: Workspace, hubspot: FakeHubSpot
) -> None:
    slack, fake = workspace.slack, workspace.fake
    piper = hubspot.add_deal("Pied Piper", stage="presentationscheduled", amount="40000", owner="7001")
    hubspot.add_deal("Hooli", stage="contractsent", owner="7001")
    hubspot.add_deal("Endframe", stage="qualifiedtobuy")

    hello = slack.say(DANA, "help", channel=DEALS)  # Dana (and her e-mail, from Slack) is known from here on
    fake.wait_for("chat.postMessage", in_thread(hello))
    with workspace.db.unit_of_work() as session:
        workspace_id = session.query(WorkspaceRow).filter_by(external_id=TEAM_ID).one().id
    schedule = _schedule(workspace, hubspot)
    schedule.sync_for("hubspot").connect(workspace_id)
    assert _tick(workspace, schedule) == []  # imported; nothing to tell

    ts = slack.say(MAX, "Pied Piper?", channel=DEALS)
    [answer] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert "Pied Piper" in answer.everything_shown and "40" in answer.everything_shown
    ts = slack.say(DANA, "my deals", channel=DEALS)
    [mine] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert "Hooli" in mine.everything_shown and "Endframe" not in mine.everything_shown  # matched by e-mail

    update = slack.say(DANA, "Pied Piper: I'll send the SOW on Friday", channel=DEALS)
    fake.wait_for("chat.postMessage", in_thread(update))
    workspace.server.settle()
    _tick(workspace, schedule)
    record = hubspot.deals[piper]
    assert "SOW" in record["hs_next_step"] and record["nextstep_owner"] == "us"
    assert record["nextstep_due_date"] == "2026-11-27"

    hubspot.edit(piper, dealstage="contractsent")
    told = _tick(workspace, schedule)
    assert told == ["Pied Piper: stage changed to contractsent in HubSpot."]
    [notice] = fake.wait_for("chat.postMessage", lambda call: "changed to contractsent" in call.text)
    assert notice.get("channel") == DEALS and notice.get("thread_ts") == update  # in the deal's thread

    ts = slack.say(MAX, "Pied Piper?", channel=DEALS)
    [answer] = fake.wait_for("chat.postMessage", in_thread(ts))
    assert "negotiation" in answer.everything_shown.casefold()
