"""Settings said in chat or with /nextstep settings, and what they change for the summary."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Database
from storage.models import Channel, Person, Workspace
from tests.assistant.transcript import Chat


def workspace(db: Database) -> Workspace:
    with db.unit_of_work() as s:
        found = s.scalars(select(Workspace)).one()
        return found


def channel(db: Database, external_id: str = "C-DEALS") -> Channel:
    with db.unit_of_work() as s:
        return s.scalars(select(Channel).where(Channel.external_id == external_id)).one()


def test_the_first_admin_moves_the_summary_to_friday_afternoon(chat: Chat, db: Database) -> None:
    seen = chat.rep("Maria").says("summary on Fridays at 4pm")
    assert seen.kinds == ["confirmation"]
    assert "Fridays at 16:00" in seen.text
    ws = workspace(db)
    assert (ws.summary_weekday, ws.summary_time) == (4, "16:00")

    seen = chat.rep("Maria").says("send the summary Monday 9am")
    assert "Mondays at 09:00" in seen.text
    assert (workspace(db).summary_weekday, workspace(db).summary_time) == (0, "09:00")


def test_stale_threshold_and_time_zone(chat: Chat, db: Database) -> None:
    assert "after 10 days" in chat.rep("Maria").says("stale after 10 days").text
    assert workspace(db).stale_days == 10
    seen = chat.rep("Maria").says("our time zone is Europe/Berlin")
    assert "Europe/Berlin" in seen.text and workspace(db).tz == "Europe/Berlin"
    seen = chat.rep("Maria").says("our time zone is Mars/Olympus")
    assert "I don't know the time zone" in seen.text and workspace(db).tz == "Europe/Berlin"


def test_managers_are_set_by_an_admin_and_reps_cannot_change_settings(chat: Chat, db: Database) -> None:
    chat.rep("Dana").says("Pied Piper: sent the proposal")
    assert chat.rep("Maria").says("make me a manager").text == "Settings\nMaria is now a manager."
    assert "Dana is now a manager" in chat.rep("Maria").says("make Dana a manager").text
    with db.unit_of_work() as s:
        roles = {name: role for name, role in s.execute(select(Person.display_name, Person.role))}
    assert roles == {"Maria": "manager", "Dana": "manager"}

    # Now that there are managers, a rep can't move the summary.
    seen = chat.rep("Lee").says("summary on Fridays at 4pm")
    assert "Only a manager" in seen.text
    assert workspace(db).summary_weekday == 0


def test_a_channel_can_have_its_own_summary_time(chat: Chat, db: Database) -> None:
    seen = chat.rep("Maria").says("summary on Thursdays at 8:30am in this channel")
    assert "This channel's weekly summary now goes out Thursdays at 08:30" in seen.text
    assert (channel(db).summary_weekday, channel(db).summary_time) == (3, "08:30")
    assert workspace(db).summary_weekday == 0  # the workspace default is untouched


def test_slash_settings_shows_and_changes(chat: Chat, db: Database) -> None:
    chat.rep("Maria").says("Pied Piper: sent the proposal")
    shown = chat.rep("Maria").command("settings")
    assert "Weekly summary: Monday 09:00" in shown.text
    changed = chat.rep("Maria").command("settings stale 21")
    assert "after 21 days" in changed.text and workspace(db).stale_days == 21
    changed = chat.rep("Maria").command("settings summary friday 4pm")
    assert "Fridays at 16:00" in changed.text


def test_deal_updates_are_not_mistaken_for_settings(chat: Chat, db: Database) -> None:
    seen = chat.rep("Dana").says("Pied Piper: they want the summary on Friday")
    assert "Settings" not in seen.text
    assert workspace(db).summary_weekday == 0


def test_a_dm_is_never_a_deals_channel(chat: Chat, db: Database) -> None:
    chat.rep("Dana").says("Pied Piper: sent the proposal")
    chat.rep("Dana").says("Hooli: new lead, intro call Tuesday", channel="D-DANA", direct=True)
    with db.unit_of_work() as s:
        deals_channels = set(s.scalars(select(Channel.external_id).where(Channel.is_deals_channel.is_(True))))
    assert deals_channels == {"C-DEALS"}


def test_a_time_zone_chosen_in_chat_outlasts_the_platform_profile(chat: Chat, db: Database) -> None:
    dana = chat.rep("Dana", tz="America/Chicago")
    seen = dana.says("my time zone is Asia/Tokyo")
    assert "Asia/Tokyo" in seen.text
    # Her next message arrives with the platform's profile zone, which must not undo her choice.
    dana.says("Pied Piper: sent the proposal")
    with db.unit_of_work() as s:
        tz = s.scalars(select(Person.tz).where(Person.display_name == "Dana")).one()
    assert tz == "Asia/Tokyo"


def test_stale_after_weeks_days_or_a_month(chat: Chat, db: Database) -> None:
    maria = chat.rep("Maria")
    assert "after 21 days (3 weeks)" in maria.says("stale after 3 weeks").text
    assert workspace(db).stale_days == 21
    maria.says("deals go quiet after a month")
    assert workspace(db).stale_days == 30
    maria.says("stale after 10 days")
    assert workspace(db).stale_days == 10
    maria.says("stale after two weeks")
    assert workspace(db).stale_days == 14
    assert "21 days" in maria.command("/nextstep settings stale after 3 weeks").text


def test_time_zone_abbreviations_mean_a_real_zone_with_daylight_saving(chat: Chat, db: Database) -> None:
    maria = chat.rep("Maria")
    for said, zone in (
        ("time zone is EST", "America/New_York"),
        ("our time zone is CET", "Europe/Berlin"),
        ("our time zone is PST", "America/Los_Angeles"),
        ("our timezone is cst", "America/Chicago"),
        ("our time zone is BST", "Europe/London"),
        ("our time zone is IST", "Asia/Kolkata"),
        ("our time zone is AEST", "Australia/Sydney"),
        ("we're on EDT", "America/New_York"),
        ("our time zone is MST", "America/Denver"),
    ):
        seen = maria.says(said)
        assert seen.kinds == ["confirmation"], said
        assert zone in seen.text, said
        assert workspace(db).tz == zone, said

    arizona = maria.says("our time zone is MST Arizona")
    assert workspace(db).tz == "America/Phoenix"
    assert "no daylight saving" in arizona.text

    mine = chat.rep("Dana").says("my time zone is PST")
    assert "Your time zone is now America/Los_Angeles (PST)" in mine.text

    ambiguous = maria.says("our time zone is AST")
    assert ambiguous.kinds == ["question"]
    assert "America/Halifax" in ambiguous.text and "Asia/Riyadh" in ambiguous.text
    assert workspace(db).tz == "America/Phoenix"  # unchanged until answered
