"""Dialogues in a Teams tenant, over real HTTP: what the Bot Connector receives from Nextstep."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.support.clock import FakeClock
from tests.teams.conftest import DANA, MAX
from tests.teams.fake_connector import Sent
from tests.teams.harness import DEALS_CHANNEL, TeamsHarness, Tenant

SEED_UPDATE = "Pied Piper: still waiting on engineering for cost estimates, should have them Friday"


def replies_to(activity: dict[str, object]) -> Callable[[list[Sent]], bool]:
    """The connector got a reply to `activity`, in its own conversation (reply chain)."""

    def match(sent: list[Sent]) -> bool:
        return any(_answers(s, activity) for s in sent)

    return match


def _answers(sent: Sent, activity: dict[str, object]) -> bool:
    conversation = activity["conversation"]
    assert isinstance(conversation, dict)
    return (
        sent.kind == "reply"
        and sent.reply_to_id == activity["id"]
        and sent.conversation_id == conversation["id"]
    )


def answer_to(teams: TeamsHarness, activity: dict[str, object]) -> Sent:
    """Post `activity` and return the one reply Nextstep sends to it."""
    status, _ = teams.post(activity)
    assert status in (200, 201, 202)
    sent = teams.connector.wait_for(replies_to(activity))
    [reply] = [s for s in sent if _answers(s, activity)]
    return reply


def test_seed_dialogue_in_a_channel_answers_in_the_reply_chain_and_leaves_the_rep_alone(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    update = tenant.channel_post(DANA, SEED_UPDATE)
    confirmation = answer_to(teams, update)
    assert confirmation.conversation_id == f"{DEALS_CHANNEL};messageid={update['id']}"
    shown = confirmation.shown
    assert "Pied Piper" in shown
    assert "cost estimates" in shown
    assert "on us" in shown
    assert "Fri 27 Nov" in shown
    assert confirmation.card is not None
    assert confirmation.card["fallbackText"]  # clients without cards still read the confirmation
    assert {"it's on them", "snooze 1w", "park", "undo"} <= {a["title"] for a in confirmation.card["actions"]}

    question = tenant.channel_post(MAX, "Pied Piper?")
    answer = answer_to(teams, question)
    assert answer.conversation_id == f"{DEALS_CHANNEL};messageid={question['id']}"
    shown = answer.shown
    assert "cost estimates" in shown
    assert "on us" in shown
    assert "27 Nov" in shown
    assert "Dana" in shown  # updated ... by Dana

    assert len(teams.connector.sent) == 2, [s.shown for s in teams.connector.sent]
    assert not [s for s in teams.connector.sent if s.kind == "create_conversation"]


def test_an_update_in_a_personal_chat_is_confirmed_there(teams: TeamsHarness, tenant: Tenant) -> None:
    update = tenant.personal_message(DANA, "Hooli: sent them the proposal, they decide next week")
    confirmation = answer_to(teams, update)
    assert confirmation.conversation_id == DANA.personal_chat
    assert "Hooli" in confirmation.shown
    assert "on them" in confirmation.shown


def test_the_bots_mention_and_html_are_not_part_of_what_it_reads(teams: TeamsHarness, tenant: Tenant) -> None:
    answer_to(teams, tenant.channel_post(DANA, SEED_UPDATE))
    question = tenant.channel_post(MAX, "<p>Pied Piper?&nbsp;</p>")
    answer = answer_to(teams, question)
    assert "cost estimates" in answer.shown
    assert "Nextstep" not in answer.shown


def test_pressing_its_on_them_on_the_confirmation_card_moves_the_next_step(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    update = tenant.channel_post(DANA, SEED_UPDATE)
    confirmation = answer_to(teams, update)

    status, _ = teams.post(tenant.submit(DANA, confirmation, "it's on them", incoming=update))
    assert status in (200, 201, 202)
    [corrected] = teams.connector.wait_for(lambda sent: any(s.kind == "update" for s in sent))[1:]
    assert (corrected.kind, corrected.reply_to_id) == ("update", confirmation.id)  # the card, corrected
    assert "on them" in corrected.shown
    assert corrected.conversation_id == confirmation.conversation_id

    answer = answer_to(teams, tenant.channel_post(MAX, "Pied Piper?"))
    assert "on them" in answer.shown
    assert "on us" not in answer.shown


def test_a_clarification_is_answered_by_pressing_the_deal_on_the_card(
    teams: TeamsHarness, tenant: Tenant, clock: FakeClock
) -> None:
    answer_to(teams, tenant.channel_post(DANA, SEED_UPDATE))
    answer_to(teams, tenant.channel_post(DANA, "new lead: Hooli, intro call went well"))
    clock.advance(minutes=5)

    unnamed = tenant.channel_post(DANA, "sent them the revised quote, they decide next week")
    question = answer_to(teams, unnamed)
    assert "Which deal" in question.shown
    assert question.card is not None
    assert {"Pied Piper", "Hooli"} <= {a["title"] for a in question.card["actions"]}

    status, _ = teams.post(tenant.submit(DANA, question, "Hooli", incoming=unnamed))
    assert status in (200, 201, 202)
    [applied] = teams.connector.wait_for(lambda sent: any(s.kind == "update" for s in sent))[-1:]
    assert (applied.kind, applied.reply_to_id) == ("update", question.id)  # the question becomes the answer
    assert "Hooli" in applied.shown
    assert "on them" in applied.shown

    hooli = answer_to(teams, tenant.channel_post(MAX, "Hooli?"))
    assert "on them" in hooli.shown
    pied_piper = answer_to(teams, tenant.channel_post(MAX, "Pied Piper?"))
    assert "cost estimates" in pied_piper.shown


def test_an_edited_update_replaces_the_original_and_a_deleted_one_is_retracted(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    update = tenant.channel_post(DANA, SEED_UPDATE)
    answer_to(teams, update)

    edited = dict(update, type="messageUpdate", text=update["text"].replace("Friday", "Thursday"))
    edited["channelData"] = dict(update["channelData"], eventType="editMessage")
    status, _ = teams.post(edited)
    assert status in (200, 201, 202)
    assert "Thu 26 Nov" in answer_to(teams, tenant.channel_post(MAX, "Pied Piper?")).shown

    deleted = dict(update, type="messageDelete", text="")
    deleted["channelData"] = dict(update["channelData"], eventType="softDeleteMessage")
    status, _ = teams.post(deleted)
    assert status in (200, 201, 202)
    assert "cost estimates" not in answer_to(teams, tenant.channel_post(MAX, "Pied Piper?")).shown


def test_chit_chat_in_the_channel_gets_no_reply(teams: TeamsHarness, tenant: Tenant) -> None:
    answer_to(teams, tenant.channel_post(DANA, SEED_UPDATE))
    status, _ = teams.post(tenant.channel_post(DANA, "thanks!", mention=False))
    assert status in (200, 201, 202)
    marker = tenant.channel_post(MAX, "Pied Piper?")
    answer_to(teams, marker)  # handled after the chit-chat, so the chit-chat's turn is over
    assert len(teams.connector.sent) == 2


def test_a_message_the_connector_delivers_twice_is_answered_once(teams: TeamsHarness, tenant: Tenant) -> None:
    update = tenant.channel_post(DANA, SEED_UPDATE)
    answer_to(teams, update)
    status, _ = teams.post(update)  # the Bot Connector retries when it thinks we were too slow
    assert status in (200, 201, 202)
    answer_to(teams, tenant.channel_post(MAX, "Pied Piper?"))
    assert len([s for s in teams.connector.sent if s.reply_to_id == update["id"]]) == 1


def test_a_universal_action_invoke_refreshes_the_pressed_card(teams: TeamsHarness, tenant: Tenant) -> None:
    update = tenant.personal_message(DANA, SEED_UPDATE)
    confirmation = answer_to(teams, update)
    invoke = tenant.personal_message(DANA, "")
    invoke.update(
        type="invoke",
        name="adaptiveCard/action",
        replyToId=confirmation.id,
        value={
            "action": {"type": "Action.Execute", "data": confirmation.button("undo")},
            "trigger": "manual",
        },
    )
    del invoke["text"]

    status, body = teams.post(invoke)

    assert status == 200
    refreshed = json.loads(body)  # Teams replaces the pressed card with this one
    assert refreshed["statusCode"] == 200
    assert refreshed["type"] == "application/vnd.microsoft.card.adaptive"
    assert refreshed["value"]["fallbackText"]
    assert "undo" not in [a["title"] for a in refreshed["value"].get("actions", [])]
    assert len(teams.connector.sent) == 1  # the answer is the refreshed card, not a new message
    assert "cost estimates" not in answer_to(teams, tenant.personal_message(MAX, "Pied Piper?")).shown


def test_a_group_chat_is_answered_in_the_chat(teams: TeamsHarness, tenant: Tenant) -> None:
    update = tenant.personal_message(DANA, SEED_UPDATE)
    update["conversation"] = {
        "tenantId": tenant.tenant_id,
        "conversationType": "groupChat",
        "id": "19:group@thread.v2",
    }
    confirmation = answer_to(teams, update)
    assert "Pied Piper" in confirmation.shown
    assert confirmation.conversation_id == "19:group@thread.v2"
