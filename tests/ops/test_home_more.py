"""The Home tab shows the first 25 deals and says how many more there are, instead of hiding them."""

from __future__ import annotations

from sqlalchemy import select

from assistant.core import Assistant
from nlp import MessageParser
from storage.db import Database
from storage.models import Person, Workspace
from storage.repositories import Deals
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock


def test_a_rep_with_30_deals_sees_25_and_and_5_more(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    chat = Chat(Assistant(db, parser, clock), clock)
    dana = chat.rep("dana")
    dana.says("Pied Piper: sent the proposal, they decide Friday")
    with db.unit_of_work() as session:
        workspace = session.scalars(select(Workspace).where(Workspace.external_id == chat.workspace_id)).one()
        person = session.scalars(select(Person).where(Person.platform_id == "U-DANA")).one()
        deals = Deals(session, workspace.id)
        for i in range(29):
            deals.create(f"Deal {i:02d}", rep_id=person.id, now=clock.now())
    home = dana.home()
    [reply] = home.replies
    deal_sections = [s for s in reply.sections if not s.title.endswith("more open deals")]
    assert sum(len(section.lines) for section in deal_sections) == 25
    assert "5 more open deals" in home.text  # the Home tab shows sections: it is one of them
    assert "say “more” to page through them" in home.text
