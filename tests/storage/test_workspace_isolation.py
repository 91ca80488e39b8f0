"""Two sales teams on one Nextstep: a deal of the same name in each, and neither sees the other's."""

from __future__ import annotations

from datetime import timedelta

from storage.db import Database
from storage.repositories import Deals, Directory, People, UpdateLog
from tests.support.clock import FakeClock


def test_two_workspaces_with_a_pied_piper_deal_never_see_each_others(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    with db.unit_of_work() as session:
        hooli = Directory(session).workspace("slack", "T-HOOLI", now=now, name="Hooli sales")
        raviga = Directory(session).workspace("teams", "tenant-raviga", now=now, name="Raviga")
        # The same platform id can exist in both: they are different people.
        dana = People(session, hooli.id).upsert("U1", now=now, name="Dana")
        maria = People(session, raviga.id).upsert("U1", now=now, name="Maria")
        ours = Deals(session, hooli.id).create("Pied Piper", rep_id=dana.id, now=now)
        theirs = Deals(session, raviga.id).create("Pied Piper", rep_id=maria.id, now=now)
        ours.next_step, ours.next_step_owner, ours.due_date = "cost estimates", "us", now.date()
        theirs.next_step, theirs.next_step_owner = "signed MSA", "prospect"
        UpdateLog(session, hooli.id).record(
            deal_id=ours.id,
            author_id=dana.id,
            message_id="1700000000.000100",
            raw_text="Pied Piper: waiting on engineering for cost estimates",
            parsed={},
            changes={"next_step": [None, "cost estimates"]},
            now=now,
        )
        ids = (hooli.id, raviga.id, ours.id, theirs.id)

    hooli_id, raviga_id, our_deal, their_deal = ids
    with db.unit_of_work() as session:
        hooli_deals, raviga_deals = Deals(session, hooli_id), Deals(session, raviga_id)
        found = hooli_deals.by_name("pied piper")
        assert found is not None and found.id == our_deal
        assert (found.next_step, found.rep and found.rep.display_name) == ("cost estimates", "Dana")
        found = raviga_deals.by_name("Pied Piper")
        assert found is not None and found.id == their_deal
        assert (found.next_step, found.rep and found.rep.display_name) == ("signed MSA", "Maria")

        # Looking up the other team's deal by its id finds nothing.
        assert hooli_deals.by_id(their_deal) is None
        assert raviga_deals.by_id(our_deal) is None
        assert hooli_deals.by_ids([our_deal, their_deal]) == [hooli_deals.by_id(our_deal)]

        # Lists and the log are per workspace too.
        today = clock.now().date()
        assert [d.id for d in hooli_deals.waiting_on_us(today, 10).deals] == [our_deal]
        assert raviga_deals.waiting_on_us(today, 10).total == 0
        assert [d.id for d in raviga_deals.waiting_on_prospect(today, 10).deals] == [their_deal]
        assert hooli_deals.waiting_on_prospect(today, 10).total == 0
        assert UpdateLog(session, raviga_id).by_message_id("1700000000.000100") is None
        assert UpdateLog(session, raviga_id).count_for_deal(our_deal) == 0
        assert UpdateLog(session, hooli_id).count_for_deal(our_deal) == 1

        # People too: "U1" is Dana at Hooli and Maria at Raviga.
        at_hooli = People(session, hooli_id).by_platform_id("U1")
        at_raviga = People(session, raviga_id).by_platform_id("U1")
        assert (at_hooli and at_hooli.display_name, at_raviga and at_raviga.display_name) == ("Dana", "Maria")
        assert People(session, raviga_id).by_name("Dana") == []


def test_a_workspace_is_found_again_not_duplicated(db: Database, clock: FakeClock) -> None:
    with db.unit_of_work() as session:
        first = Directory(session).workspace("slack", "T-HOOLI", now=clock.now())
    clock.advance(days=2)
    with db.unit_of_work() as session:
        again = Directory(session).workspace("slack", "T-HOOLI", now=clock.now(), name="Hooli sales")
        other_platform = Directory(session).workspace("teams", "T-HOOLI", now=clock.now())
        assert again.id == first.id
        assert again.created_at == clock.now() - timedelta(days=2)
        assert other_platform.id != first.id
