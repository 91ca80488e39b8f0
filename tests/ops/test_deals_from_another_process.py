"""Deals written by another process (`nextstep import`, `nextstep crm sync`) while the server runs:
the server's parser knows them without a restart."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.core import Assistant
from nlp import MessageParser
from ops.exchange_cli import import_
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock

CRM_EXPORT = """\
Deal Name,Rep,Deal Stage,Next Step,Owner
Hooli,Max,Proposal,Send the revised MSA,us
Initech,Max,negotiation,Legal review of the DPA,prospect
"""


@pytest.fixture
def server(db: Database, parser: MessageParser, clock: FakeClock) -> Assistant:
    return Assistant(db, parser, clock)


def test_deals_imported_by_another_process_are_known_to_the_running_server(
    server: Assistant, clock: FakeClock, db_url: str, tmp_path: Path
) -> None:
    chat = Chat(server, clock)
    chat.rep("Max").says("Pied Piper: sent the proposal, they decide Friday")  # its names are in memory
    crm_csv = tmp_path / "deals.csv"
    crm_csv.write_text(CRM_EXPORT, encoding="utf-8")
    assert import_([str(crm_csv), "--database-url", db_url], stdout=io.StringIO()) == 0

    clock.advance(seconds=10)  # the server looks for deals from elsewhere every few seconds
    seen = chat.rep("Max").says("we sent the revised MSA to Hooli yesterday, they sign by Friday")
    assert seen.replies[0].text.startswith("Hooli · next step: sign the revised MSA")  # not Pied Piper's
    assert server.names_watch.catch_ups == 1

    clock.advance(seconds=10)
    seen = chat.rep("Max").says("Initech's legal came back on the DPA, we send the redlines Monday")
    assert seen.replies[0].text.startswith("Initech")
    assert server.names_watch.catch_ups == 1  # nothing new since: the names are not read again

    clock.advance(seconds=10)
    created = chat.rep("Max").says("New deal: Aviato, demo next Tuesday")
    assert created.replies[0].text.startswith("New deal Aviato")
    clock.advance(seconds=10)
    seen = chat.rep("Max").says("Aviato: demo moved to Wednesday")
    assert seen.replies[0].text.startswith("Aviato")
    assert server.names_watch.catch_ups == 1  # a deal this server created is no news from elsewhere
