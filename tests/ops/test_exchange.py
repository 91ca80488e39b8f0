"""Data in and out: a CRM's CSV imported (twice: no change), the pipeline exported, a person forgotten."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assistant.core import Assistant
from nlp import MessageParser
from ops.exchange_cli import export, forget, import_
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock

CRM_EXPORT = """\
Deal Name,Rep E-mail,Deal Stage,Amount,Currency,Next Step,Owner,Due Date
Hooli,dana.smith@piedpiper.com,Proposal,"$120,000",usd,Send the revised MSA,us,2026-12-04
Initech,Max,negotiation,45k,EUR,Legal review of the DPA,them,2026-12-10
Globex,nobody@elsewhere.com,Qualification,,,,,
,Max,lead,1000,,,,
Umbrella,dana.smith@piedpiper.com,Frozen,12000,USD,Call Bob,prospect,next week
"""


@pytest.fixture
def chat(db: Database, parser: MessageParser, clock: FakeClock) -> Chat:
    return Chat(Assistant(db, parser, clock), clock)


@pytest.fixture
def crm_csv(tmp_path: Path) -> Path:
    path = tmp_path / "deals.csv"
    path.write_text(CRM_EXPORT, encoding="utf-8")
    return path


def _import(db_url: str, *args: str) -> str:
    out = io.StringIO()
    assert import_([*args, "--database-url", db_url], stdout=out) == 0
    return out.getvalue()


def test_a_crm_export_is_imported_once_and_a_second_run_changes_nothing(
    chat: Chat, db_url: str, crm_csv: Path
) -> None:
    chat.rep("Dana Smith").says("Pied Piper: sent the proposal, they decide Friday")  # people Nextstep knows
    chat.rep("Max").says("Aviato: demo done")

    dry = _import(db_url, str(crm_csv), "--dry-run")
    assert dry.splitlines() == [
        "line 2: Hooli: new deal (rep Dana Smith, stage proposal, amount 120000, currency USD, "
        "next step Send the revised MSA, owner us, due 2026-12-04)",
        "line 3: Initech: new deal (rep Max, stage negotiation, amount 45000, currency EUR, "
        "next step Legal review of the DPA, owner prospect, due 2026-12-10)",
        "line 4: Globex: new deal (stage qualified); "
        "rep 'nobody@elsewhere.com' is nobody Nextstep knows yet: no rep set",
        "line 5: skipped: no deal name",
        "line 6: Umbrella: new deal (rep Dana Smith, amount 12000, currency USD, next step Call Bob, "
        "owner prospect); "
        "stage 'Frozen' is not one of lead, qualified, demo, proposal, negotiation, won, lost: "
        "left as it was; "
        "due date 'next week' is not a date (use YYYY-MM-DD): left as it was",
        "Dry run: would create 4 deals, would change 0, 0 unchanged, 1 skipped.",
    ]
    assert "Send the revised MSA" not in chat.rep("Max").says("Hooli?").text  # a dry run changes nothing

    done = _import(db_url, str(crm_csv))
    assert done.endswith("created 4 deals, changed 0, 0 unchanged, 1 skipped.\n")
    answer = chat.rep("Max").says("Hooli?").text
    assert "Send the revised MSA" in answer and "Dana Smith" in answer and "$120k" in answer

    again = _import(db_url, str(crm_csv))
    assert again.endswith("created 0 deals, changed 0, 4 unchanged, 1 skipped.\n")

    crm_csv.write_text(CRM_EXPORT.replace("Legal review of the DPA", "Signature"), encoding="utf-8")
    changed = _import(db_url, str(crm_csv), "--dry-run")
    assert "line 3: Initech: change (next step Legal review of the DPA -> Signature)" in changed


def test_the_export_has_every_deal_field_and_the_updates_word_for_word(chat: Chat, db_url: str) -> None:
    chat.rep("dana").says("Pied Piper: sent the proposal, they decide Friday")
    dana = chat.rep("dana")
    dana.presses(dana.says("Hooli: demo went well, I send pricing Tuesday"), "yes")

    out = io.StringIO()
    assert export(["--format", "jsonl", "--database-url", db_url], stdout=out) == 0
    deals = {row["name"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert set(deals) == {"Pied Piper", "Hooli"}
    piper = deals["Pied Piper"]
    assert piper["workspace"] == "T-PIEDPIPER" and piper["platform"] == "slack"
    assert piper["next_step_owner"] == "prospect" and piper["stage"] == "proposal" and piper["rep"] == "dana"
    for field in ("due_date", "amount", "temperature", "park_until", "created_at", "updated_at", "closed_at"):
        assert field in piper
    [update] = piper["updates"]
    assert update["text"] == "Pied Piper: sent the proposal, they decide Friday"
    assert update["author"] == "dana"

    table = io.StringIO()
    assert export(["--database-url", db_url, "--workspace", "T-PIEDPIPER"], stdout=table) == 0
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert {row["name"] for row in rows} == {"Pied Piper", "Hooli"}
    assert next(r for r in rows if r["name"] == "Hooli")["last_update"].startswith("Hooli: demo went well")

    log = io.StringIO()
    assert export(["--updates", "--database-url", db_url], stdout=log) == 0
    assert len(list(csv.DictReader(io.StringIO(log.getvalue())))) == 2

    assert export(["--workspace", "T-NOPE", "--database-url", db_url], stdout=io.StringIO()) == 1


def test_forgetting_a_person_erases_their_words_and_keeps_the_pipeline(chat: Chat, db_url: str) -> None:
    chat.rep("dana").says("Pied Piper: sent the proposal, they decide Friday")
    max_ = chat.rep("max")
    max_.presses(max_.says("Hooli: demo done, I send pricing Tuesday"), "yes")

    out = io.StringIO()
    assert forget(["--person", "U-DANA", "--database-url", db_url], stdout=out) == 0
    said = "Forgot U-DANA in T-PIEDPIPER: 1 messages and 0 open questions now read “removed”.\n"
    assert out.getvalue() == said

    answer = chat.rep("max").says("Pied Piper?").text
    assert "sent the proposal, they decide Friday" not in answer
    assert "removed" in answer
    assert "decide on the proposal" in answer  # the next step the update set is still the pipeline's
    exported = io.StringIO()
    assert export(["--format", "jsonl", "--database-url", db_url], stdout=exported) == 0
    assert "they decide Friday" not in exported.getvalue()
    assert "I send pricing Tuesday" in exported.getvalue()  # nobody else is forgotten

    assert forget(["--person", "U-NOBODY", "--database-url", db_url], stdout=io.StringIO()) == 1


def test_a_deal_the_crm_says_is_won_is_closed_like_in_chat(chat: Chat, db_url: str, tmp_path: Path) -> None:
    chat.rep("dana").says("Pied Piper: sent the proposal, they decide Friday")
    path = tmp_path / "won.csv"
    path.write_text("Name,Stage,Amount\nPied Piper,Closed Won,120000\n", encoding="utf-8")

    assert _import(db_url, str(path)).splitlines() == [
        "line 2: Pied Piper: change (stage proposal -> won, amount (none) -> 120000, "
        "next step decide on the proposal -> (none), owner prospect -> (none), due 2026-11-27 -> (none))",
        "created 0 deals, changed 1, 0 unchanged, 0 skipped.",
    ]
    answer = chat.rep("max").says("Pied Piper?").text
    assert "Stage: won" in answer and "$120k" in answer and "Closed" in answer
    assert _import(db_url, str(path)).endswith("created 0 deals, changed 0, 1 unchanged, 0 skipped.\n")
