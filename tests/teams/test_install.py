"""Installed: Nextstep says hello; removed: it forgets how to reach that conversation, sends nothing there."""

from __future__ import annotations

import pytest

from adapters.teams.notifier import NoConversationError
from adapters.teams.references import ReferenceBook
from assistant.messages import Outbound, Reply, Target
from tests.teams.conftest import DANA, MAX
from tests.teams.harness import DEALS_CHANNEL, TEAM_ID, TENANT_ID, TeamsHarness, Tenant

SUMMARY = Reply(text="Weekly summary: nothing waiting.", title="Weekly summary", kind="summary")


def _summary_to(channel: str) -> Outbound:
    return Outbound(
        platform="teams", workspace_id=TENANT_ID, target=Target("channel", channel), reply=SUMMARY, key="s:1"
    )


def test_installed_in_a_personal_chat_it_says_what_it_does(teams: TeamsHarness, tenant: Tenant) -> None:
    status, _ = teams.post(tenant.installed(DANA, scope="personal"))
    assert status in (200, 201, 202)
    [welcome] = teams.connector.wait_for_count(1)
    assert welcome.conversation_id == DANA.personal_chat
    assert "Pied Piper: sent the proposal, they decide Friday" in welcome.shown
    assert "help" in welcome.shown


def test_an_upgrade_of_the_app_says_nothing(teams: TeamsHarness, tenant: Tenant) -> None:
    activity = tenant.installed(DANA, scope="personal")
    activity["action"] = "add-upgrade"
    assert teams.post(activity)[0] in (200, 201, 202)
    assert teams.connector.sent == []


def test_removed_from_the_team_it_drops_the_channel_and_sends_nothing_there(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    teams.post(tenant.installed(MAX, scope="team"))
    teams.run(teams.notifier.send(_summary_to(DEALS_CHANNEL)))  # reachable while installed
    assert len(teams.connector.sent) == 2

    removal = tenant.installed(MAX, scope="team")
    removal["action"] = "remove"
    removal["conversation"]["id"] = TEAM_ID
    assert teams.post(removal)[0] in (200, 201, 202)

    with pytest.raises(NoConversationError):
        teams.run(teams.notifier.send(_summary_to(DEALS_CHANNEL)))
    assert len(teams.connector.sent) == 2  # not even a goodbye into a conversation it has left


def test_removed_from_a_personal_chat_it_forgets_that_chat(teams: TeamsHarness, tenant: Tenant) -> None:
    teams.post(tenant.installed(DANA, scope="personal"))
    removal = tenant.installed(DANA, scope="personal")
    removal["action"] = "remove"
    assert ReferenceBook(teams.services.db).for_person(TENANT_ID, DANA.aad)[0] is not None
    teams.post(removal)
    personal, _member = ReferenceBook(teams.services.db).for_person(TENANT_ID, DANA.aad)
    assert personal is None
