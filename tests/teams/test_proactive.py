"""Summaries and reminders reach Teams by themselves, through stored conversation references."""

from __future__ import annotations

import json

import pytest

from adapters.teams.notifier import NoConversationError
from assistant.messages import Button, Outbound, Reply, Section, Target
from storage.conversations import ConversationRefs
from storage.db import Database
from storage.repositories import Directory
from tests.teams.conftest import DANA, MAX
from tests.teams.harness import DEALS_CHANNEL, TENANT_ID, TeamsHarness, Tenant
from tests.teams.test_dialogue import SEED_UPDATE, answer_to

SUMMARY = Reply(
    text="Weekly summary: 1 deal waiting on us (Pied Piper: cost estimates from engineering).",
    title="Weekly summary",
    sections=(Section("Waiting on us", ("Pied Piper — cost estimates from engineering (Dana)",)),),
    kind="summary",
)
REMINDER = Reply(
    text="Due today: Pied Piper — cost estimates from engineering.",
    title="Due today: Pied Piper",
    buttons=(Button("Done", "done", "deal:1", style="primary"),),
    kind="reminder",
)


def outbound(target: Target, reply: Reply, key: str) -> Outbound:
    return Outbound(platform="teams", workspace_id=TENANT_ID, target=target, reply=reply, key=key)


def test_the_summary_goes_to_the_channel_as_a_new_post(teams: TeamsHarness, tenant: Tenant) -> None:
    status, _ = teams.post(tenant.installed(MAX, scope="team"))  # the app is added to the team
    assert status in (200, 201, 202)
    [welcome] = teams.connector.sent  # installing says hello, once, in the channel
    assert welcome.conversation_id == DEALS_CHANNEL and "I'm Nextstep" in welcome.shown

    teams.run(teams.notifier.send(outbound(Target("channel", DEALS_CHANNEL), SUMMARY, "summary:w48")))

    [_welcome, post] = teams.connector.sent
    assert (post.kind, post.conversation_id, post.reply_to_id) == ("send", DEALS_CHANNEL, None)
    assert "Waiting on us" in post.shown
    assert "Pied Piper — cost estimates from engineering (Dana)" in post.shown
    assert post.card is not None and post.card["fallbackText"] == SUMMARY.text


def test_a_reminder_goes_to_the_persons_personal_chat(teams: TeamsHarness, tenant: Tenant) -> None:
    answer_to(teams, tenant.personal_message(DANA, SEED_UPDATE))

    teams.run(teams.notifier.send(outbound(Target("person", DANA.aad), REMINDER, "due:1:2026-11-27")))

    reminder = teams.connector.sent[-1]
    assert (reminder.kind, reminder.conversation_id) == ("send", DANA.personal_chat)
    assert "Due today: Pied Piper" in reminder.shown
    assert reminder.button("Done") == {"action": "done", "value": "deal:1"}


def test_someone_seen_only_in_the_channel_gets_a_personal_chat_opened_once(
    teams: TeamsHarness, tenant: Tenant, db: Database
) -> None:
    answer_to(teams, tenant.channel_post(DANA, SEED_UPDATE))

    teams.run(teams.notifier.send(outbound(Target("person", DANA.aad), REMINDER, "due:1:a")))
    teams.run(teams.notifier.send(outbound(Target("person", DANA.aad), REMINDER, "due:1:b")))

    created = [s for s in teams.connector.sent if s.kind == "create_conversation"]
    assert len(created) == 1
    assert created[0].body["members"] == [{"id": DANA.teams_id, "name": "Dana"}]
    assert created[0].body["channelData"] == {"tenant": {"id": TENANT_ID}}
    personal_id = created[0].id
    reminders = [s for s in teams.connector.sent if s.kind == "send"]
    assert [s.conversation_id for s in reminders] == [personal_id, personal_id]
    with db.unit_of_work() as session:
        workspace = Directory(session).find_workspace("teams", TENANT_ID)
        assert workspace is not None
        stored = ConversationRefs(session, workspace.id).personal_chat(DANA.aad)
        assert stored is not None and stored.conversation_id == personal_id


def test_a_channel_the_app_was_never_in_is_a_clear_error_and_nothing_is_sent(teams: TeamsHarness) -> None:
    with pytest.raises(NoConversationError, match="19:elsewhere"):
        teams.run(teams.notifier.send(outbound(Target("channel", "19:elsewhere@thread.tacv2"), SUMMARY, "k")))
    with pytest.raises(NoConversationError):
        teams.run(teams.notifier.send(outbound(Target("person", "aad-nobody"), REMINDER, "k2")))
    assert teams.connector.sent == []


def test_a_refused_proactive_send_is_reported_to_the_caller(teams: TeamsHarness, tenant: Tenant) -> None:
    teams.post(tenant.installed(MAX, scope="team"))
    [_welcome] = teams.connector.sent
    teams.connector.fail_next_sends = 1
    with pytest.raises(Exception, match=r"(?i)service|500|error"):
        teams.run(teams.notifier.send(outbound(Target("channel", DEALS_CHANNEL), SUMMARY, "summary:w48")))
    assert teams.connector.sent == [_welcome]  # no apology posted into the channel for a scheduled message


def test_installing_the_app_personally_is_enough_for_reminders(teams: TeamsHarness, tenant: Tenant) -> None:
    added = tenant.installed(DANA, scope="personal")
    added.update(type="conversationUpdate", membersAdded=[{"id": added["recipient"]["id"]}])
    del added["action"]
    status, _ = teams.post(added)
    assert status in (200, 201, 202)

    teams.run(teams.notifier.send(outbound(Target("person", DANA.aad), REMINDER, "due:1:2026-11-27")))

    [reminder] = teams.connector.sent
    assert (reminder.kind, reminder.conversation_id) == ("send", DANA.personal_chat)


def test_a_500_deal_summary_is_sent_as_cards_teams_accepts(teams: TeamsHarness, tenant: Tenant) -> None:
    """Teams refuses a message over ~28 KB: a long summary goes as pages, every deal on one of them."""
    deals = tuple(
        f"Deal {i:03d} — send the revised proposal and the security questionnaire (Dana)" for i in range(500)
    )
    big = Reply(
        text="Weekly summary: 500 deals waiting on us.",
        title="Weekly summary",
        sections=(Section("Waiting on us (500)", deals),),
        buttons=(Button("Open my deals", "my_deals", "x"),),
        kind="summary",
    )
    teams.post(tenant.installed(MAX, scope="team"))
    teams.run(teams.notifier.send(outbound(Target("channel", DEALS_CHANNEL), big, "summary:w49")))
    pages = teams.connector.sent[1:]  # after the welcome
    assert len(pages) > 1
    for page in pages:
        assert page.card is not None
        assert len(json.dumps(page.body, ensure_ascii=False).encode()) < 28_000
    shown = "\n".join(page.shown for page in pages)
    assert all(line in shown for line in deals)
    assert "Weekly summary (continued)" in pages[1].shown
    assert [bool(page.card and page.card.get("actions")) for page in pages] == [False] * (len(pages) - 1) + [
        True
    ]


def test_a_500_deal_summary_in_a_language_of_wide_characters_still_fits_each_message(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    """The 28 KB are bytes of the whole message: its notification text and card, three bytes a
    character in Japanese, long next steps pasted from e-mails."""
    step = "見積書と契約書のドラフトを送付し、法務部の確認を待っています。" * 8  # ~250 characters
    deals = tuple(f"案件 {i:03d} — {step} (Dana)" for i in range(500))
    big = Reply(
        text="週次サマリー: " + "、".join(deals),  # the notification text is long too
        title="週次サマリー",
        sections=(Section("こちら待ち (500)", deals),),
        buttons=(Button("Open my deals", "my_deals", "x"),),
        kind="summary",
    )
    teams.post(tenant.installed(MAX, scope="team"))
    teams.run(teams.notifier.send(outbound(Target("channel", DEALS_CHANNEL), big, "summary:w49")))
    pages = teams.connector.sent[1:]
    assert len(pages) > 10
    for page in pages:
        # 2 KB to spare under Teams' 28 KB for what the connector adds around the activity.
        assert len(json.dumps(page.body, ensure_ascii=False).encode()) < 26_000
    shown = "\n".join(page.shown for page in pages)
    assert all(line in shown for line in deals)
