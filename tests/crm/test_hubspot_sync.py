"""HubSpot and Nextstep keep one record: a dialogue in the deals channel, the CRM behind it.

The real hubspot-api-client talks to a local fake of HubSpot's CRM v3 over HTTP.
"""

from __future__ import annotations

from assistant.core import Assistant
from assistant.crm.sync import CrmSync
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.crm.conftest import hubspot_sync, workspace_id
from tests.crm.fake_hubspot import FakeHubSpot
from tests.support.clock import FakeClock


def _pipeline(hubspot: FakeHubSpot) -> dict[str, str]:
    """Three open deals in HubSpot (Dana owns two) and one closed one."""
    return {
        "Pied Piper": hubspot.add_deal(
            "Pied Piper", stage="presentationscheduled", amount="40000", owner="7001", closedate="2027-03-31"
        ),
        "Hooli": hubspot.add_deal("Hooli", stage="contractsent", amount="120000", owner="7001"),
        "Aviato": hubspot.add_deal("Aviato", stage="qualifiedtobuy", currency="EUR", amount="75000"),
        "Raviga": hubspot.add_deal("Raviga", stage="closedlost"),
    }


def _connected(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> tuple[dict[str, str], int, CrmSync]:
    """HubSpot's pipeline imported into the chat's workspace: the record ids, the workspace, the sync."""
    ids = _pipeline(hubspot)
    ws = workspace_id(db, chat)
    sync = hubspot_sync(db, hubspot, clock, assistant)
    sync.connect(ws)
    sync.run(ws)
    return ids, ws, sync


def test_the_crm_pipeline_is_known_on_day_one(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    _pipeline(hubspot)
    ws = workspace_id(db, chat)
    sync = hubspot_sync(db, hubspot, clock, assistant)
    sync.connect(ws)
    report = sync.run(ws)

    assert sorted(report.imported) == ["Aviato", "Hooli", "Pied Piper"]  # the closed one stays out
    status = chat.manager("maria").says("Pied Piper?").text
    assert "Demo" in status or "demo" in status
    assert "40" in status
    mine = chat.rep("dana").says("my deals").text
    assert "Pied Piper" in mine and "Hooli" in mine and "Aviato" not in mine


def test_a_reps_update_in_chat_is_the_crm_update(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, hubspot, clock, assistant)
    writes_before = len(hubspot.writes())

    chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")
    chat.rep("dana").says("Hooli: waiting on their legal for the redlines")
    report = sync.run(ws)

    assert sorted(report.written) == ["Hooli", "Pied Piper"]
    piper, hooli = hubspot.deals[ids["Pied Piper"]], hubspot.deals[ids["Hooli"]]
    assert "SOW" in piper["hs_next_step"]
    assert piper["nextstep_owner"] == "us"
    assert piper["nextstep_due_date"] == "2026-11-27"
    assert "redlines" in hooli["hs_next_step"] and hooli["nextstep_owner"] == "prospect"
    assert len(hubspot.writes()) - writes_before == 1  # both deals in one batch call

    again = sync.run(ws)  # nothing new: nothing written
    assert again.written == [] and len(hubspot.writes()) - writes_before == 1


def test_a_stage_changed_in_hubspot_wins_and_the_thread_is_told(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, hubspot, clock, assistant)
    said = chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")
    sync.run(ws)

    hubspot.edit(ids["Pied Piper"], dealstage="contractsent", amount="45000")
    report = sync.run(ws)

    assert report.changed_in_crm == ["Pied Piper"]
    [notice] = report.notices
    assert notice.channel_id == chat.channel_id and "contractsent" in notice.text and "HubSpot" in notice.text
    assert said.message_id is not None
    status = chat.manager("maria").says("Pied Piper?").text.casefold()
    assert "negotiation" in status and "45" in status
    assert "sow" in status  # the next step stays ours
    assert hubspot.deals[ids["Pied Piper"]]["dealstage"] == "contractsent"  # not written back over


def test_undo_in_chat_restores_the_crm_record(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, hubspot, clock, assistant)
    chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")
    sync.run(ws)
    oops = chat.rep("dana").says("Pied Piper: they need to run it past their CFO")
    sync.run(ws)
    assert hubspot.deals[ids["Pied Piper"]]["nextstep_owner"] == "prospect"

    chat.rep("dana").presses(oops, "undo")
    clock.advance(minutes=1)
    sync.run(ws)

    record = hubspot.deals[ids["Pied Piper"]]
    assert "SOW" in record["hs_next_step"] and record["nextstep_owner"] == "us"


def test_a_429_storm_still_lands_every_write_once(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, hubspot, clock, assistant)
    chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")
    chat.rep("dana").says("Hooli: waiting on their legal for the redlines")
    accepted_before = len(hubspot.writes())

    hubspot.throttle(6)
    report = sync.run(ws)

    assert report.failed == [] and sorted(report.written) == ["Hooli", "Pied Piper"]
    assert len(hubspot.writes()) - accepted_before >= 1
    assert "SOW" in hubspot.deals[ids["Pied Piper"]]["hs_next_step"]
    assert sum(1 for d in hubspot.deals.values() if d["dealname"] == "Pied Piper") == 1


def test_a_failed_write_keeps_the_chat_update_and_is_retried(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    ids = _pipeline(hubspot)
    ws = workspace_id(db, chat)
    sync = hubspot_sync(db, hubspot, clock, assistant, attempts=2)
    sync.connect(ws)
    sync.run(ws)
    chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")

    hubspot.throttle(50)
    try:
        sync.run(ws)
    except Exception as error:  # the import itself cannot reach HubSpot: the sync says so
        assert "HubSpot" in str(error)
    assert "SOW" in chat.manager("maria").says("Pied Piper?").text  # the chat update is untouched

    hubspot.throttle(0)
    report = sync.run(ws)
    assert report.written == ["Pied Piper"]
    assert "SOW" in hubspot.deals[ids["Pied Piper"]]["hs_next_step"]


def test_a_deal_made_in_chat_is_created_in_hubspot_once(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    _pipeline(hubspot)
    ws = workspace_id(db, chat)
    sync = hubspot_sync(db, hubspot, clock, assistant)
    assert sync.connector.setup()  # our properties, the unique id among them
    sync.connect(ws)
    sync.run(ws)

    chat.rep("dana").says("new lead: Bachmanity, intro call on Thursday")
    report = sync.run(ws)
    assert report.created == ["Bachmanity"]
    made = [d for d in hubspot.deals.values() if d["dealname"] == "Bachmanity"]
    assert len(made) == 1 and made[0]["dealstage"] == "appointmentscheduled"

    sync.run(ws)
    sync.run(ws)
    assert sum(1 for d in hubspot.deals.values() if d["dealname"] == "Bachmanity") == 1


def test_a_deal_renamed_in_hubspot_is_known_by_its_new_name(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, hubspot, clock, assistant)
    chat.rep("dana").says("Hooli: waiting on their legal for the redlines")

    hubspot.edit(ids["Hooli"], dealname="Hooli XYZ")
    sync.run(ws)

    answer = chat.manager("maria").says("Hooli XYZ?").text
    assert "redlines" in answer


def test_an_edited_message_corrects_the_crm_record(
    db: Database, chat: Chat, hubspot: FakeHubSpot, clock: FakeClock, assistant: Assistant
) -> None:
    ids, ws, sync = _connected(db, chat, hubspot, clock, assistant)
    said = chat.rep("dana").says("Pied Piper: I'll send the SOW on Friday")
    sync.run(ws)

    clock.advance(minutes=2)
    chat.rep("dana").edits(said, "Pied Piper: I'll send the SOW on Thursday")
    sync.run(ws)

    assert hubspot.deals[ids["Pied Piper"]]["nextstep_due_date"] == "2026-11-26"
