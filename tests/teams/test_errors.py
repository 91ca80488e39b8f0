"""When a turn or a reply fails, the person is told the truth where they are; nothing stored is lost."""

from __future__ import annotations

import logging

import pytest

from tests.teams.conftest import DANA, MAX
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import SEED_UPDATE, answer_to


def test_a_confirmation_the_connector_refuses_is_sent_later_once_and_nobody_is_asked_to_try_again(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    teams.connector.fail_next_sends = 1  # the Bot Connector refuses the confirmation once
    update = tenant.channel_post(DANA, SEED_UPDATE)

    confirmation = answer_to(teams, update)  # kept in the outbox, it goes out on the retry

    assert "Pied Piper" in confirmation.shown
    assert "try again" not in confirmation.shown.lower()
    assert len(teams.connector.sent) == 1
    answer = answer_to(teams, tenant.channel_post(MAX, "Pied Piper?"))
    assert "cost estimates" in answer.shown


def test_a_delivery_the_connector_sends_twice_is_answered_once(teams: TeamsHarness, tenant: Tenant) -> None:
    update = tenant.channel_post(DANA, SEED_UPDATE)
    answer_to(teams, update)
    status, _ = teams.post(update)  # the Bot Connector re-sends it (it thought we were slow)
    assert status in (200, 201, 202)
    answer = answer_to(teams, tenant.channel_post(MAX, "Pied Piper?"))
    assert "cost estimates" in answer.shown
    assert len(teams.connector.sent) == 2


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


@pytest.mark.parametrize("value", ["deal:²", "update:١٢", "deal:99999999999999999999", "²:3"])
def test_a_button_with_a_malformed_value_gets_a_short_reply_and_no_traceback(
    teams: TeamsHarness, tenant: Tenant, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    pressed = tenant.personal_message(DANA, "")
    action = "choose_deal" if value.startswith("²") else "done"
    pressed["value"] = {"action": action, "value": value}
    with caplog.at_level(logging.INFO):
        status, body = teams.post(pressed)
        [reply] = teams.connector.wait_for_count(1)
    assert status in (200, 201, 202)
    assert "Traceback" not in body
    assert reply.shown in (
        "I couldn't read that button; please try again from a newer message.",
        "That question was already answered or dropped.",
    )
    assert not [record for record in caplog.records if record.exc_info]
