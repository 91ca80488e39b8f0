"""What the core is told about a Teams activity: where, who, and the words as a person reads them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from botbuilder.schema import Activity

from adapters.teams.translate import card_action, inbound_message, submitted_data

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TENANT = "tenant-1"
CHANNEL = "19:deals@thread.tacv2"
BOT = {"id": "28:bot", "name": "Nextstep"}


def activity(conversation: dict[str, Any], **fields: Any) -> Activity:
    body = {
        "type": "message",
        "id": "1700000000002",
        "timestamp": "2026-11-23T15:00:00.000Z",
        "localTimezone": "America/Chicago",
        "serviceUrl": "https://smba.trafficmanager.net/amer/",
        "channelId": "msteams",
        "from": {"id": "29:1dana", "name": "Dana Scully", "aadObjectId": "aad-dana"},
        "recipient": BOT,
        "conversation": conversation,
        "channelData": {"tenant": {"id": TENANT}, "channel": {"id": CHANNEL, "name": "deals"}},
        **fields,
    }
    return Activity().deserialize(body)


def mention(who: dict[str, str]) -> dict[str, Any]:
    return {"type": "mention", "mentioned": who, "text": f"<at>{who['name']}</at>"}


def test_a_reply_in_a_channel_thread_names_the_tenant_the_channel_and_the_thread() -> None:
    max_ = {"id": "29:1max", "name": "Max"}
    message = inbound_message(
        activity(
            {"conversationType": "channel", "id": f"{CHANNEL};messageid=1700000000001", "tenantId": TENANT},
            text="<at>Nextstep</at> <p>Pied Piper: <at>Max</at> joins &amp; brings Q&amp;A notes</p>",
            entities=[mention(BOT), mention(max_)],
        ),
        NOW,
    )
    assert message.text == "Pied Piper: @Max joins & brings Q&A notes"
    assert (message.platform, message.workspace_id) == ("teams", TENANT)
    assert (message.channel_id, message.channel_name) == (CHANNEL, "deals")
    assert (message.thread_id, message.message_id) == ("1700000000001", "1700000000002")
    assert message.author.platform_id == "aad-dana"
    assert (message.author.name, message.author.tz) == ("Dana Scully", "America/Chicago")
    assert not message.is_direct
    assert message.sent_at == NOW


def test_the_bots_name_in_the_sentence_is_kept_only_its_mention_goes() -> None:
    message = inbound_message(
        activity(
            {"conversationType": "channel", "id": f"{CHANNEL};messageid=1700000000002"},
            text="<at>Nextstep</at> is Nextstep Labs a new lead?",
            entities=[mention(BOT)],
        ),
        NOW,
    )
    assert message.text == "is Nextstep Labs a new lead?"


def test_a_personal_chat_is_direct_and_has_no_thread() -> None:
    message = inbound_message(
        activity({"conversationType": "personal", "id": "a:1dana"}, text="Pied Piper?"), NOW
    )
    assert message.is_direct
    assert (message.channel_id, message.thread_id) == ("a:1dana", None)


def test_the_emulator_without_tenant_or_aad_id_still_gives_a_workspace_and_a_person() -> None:
    body = activity(
        {"id": "emulator-conversation"}, text="Pied Piper?", channelId="emulator", channelData=None
    )
    body.from_property.aad_object_id = None
    message = inbound_message(body, NOW)
    assert message.workspace_id == "emulator"
    assert message.author.platform_id == "29:1dana"
    assert message.is_direct


def test_a_card_submit_becomes_the_buttons_action() -> None:
    pressed = activity(
        {"conversationType": "channel", "id": f"{CHANNEL};messageid=1700000000001"},
        replyToId="1700000000009",
        value={"action": "owner_prospect", "value": "update:7"},
    )
    data = submitted_data(pressed)
    assert data is not None
    action = card_action(pressed, data, NOW)
    assert action is not None
    assert (action.name, action.value, action.message_id) == ("owner_prospect", "update:7", "1700000000009")
    assert (action.workspace_id, action.channel_id, action.thread_id) == (TENANT, CHANNEL, "1700000000001")
    assert action.actor.platform_id == "aad-dana"


def test_a_message_with_words_is_never_taken_for_a_card_submit() -> None:
    typed = activity({"conversationType": "personal", "id": "a:1dana"}, text="undo", value={"action": "undo"})
    assert submitted_data(typed) is None
