"""When a turn fails, the person gets a short apology in the same place, and nothing stored is lost."""

from __future__ import annotations

from adapters.teams.endpoint import APOLOGY
from tests.teams.conftest import DANA, MAX
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import SEED_UPDATE, answer_to


def test_a_failed_reply_becomes_a_short_apology_and_the_update_is_kept(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    teams.connector.fail_next_sends = 1  # the Bot Connector refuses the confirmation once
    update = tenant.channel_post(DANA, SEED_UPDATE)

    apology = answer_to(teams, update)

    assert apology.shown == APOLOGY
    assert "Traceback" not in apology.shown and "Error" not in apology.shown
    answer = answer_to(teams, tenant.channel_post(MAX, "Pied Piper?"))
    assert "cost estimates" in answer.shown


def test_a_card_submit_without_an_action_is_ignored_quietly(teams: TeamsHarness, tenant: Tenant) -> None:
    activity = tenant.personal_message(DANA, "")
    activity["value"] = {"something": "else"}
    status, body = teams.post(activity)
    assert status in (200, 201, 202)
    assert "Traceback" not in body
    marker = answer_to(teams, tenant.personal_message(DANA, "help"))
    assert marker.shown
    assert len(teams.connector.sent) == 1


def test_a_request_that_is_no_activity_gets_a_clear_400(teams: TeamsHarness) -> None:
    status, body = teams.post({"hello": "world"})
    assert status == 400
    assert "Traceback" not in body
