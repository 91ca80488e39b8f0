"""The same deal questions give the same facts in Slack, Teams and the console.

One database, one assistant, one server with both Slack and Teams mounted (each over
real HTTP against its local fake), and the console playground beside them. The same
rep posts the same updates on each platform at the same moment; the manager's
questions must then show the same facts, whichever way each platform renders them.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from adapters.console import Console
from assistant.services import Services
from assistant.settings import Settings
from tests.slack.dialogue import in_thread
from tests.slack.driver import BOT_TOKEN, SIGNING_SECRET, SlackSender
from tests.slack.fake_slack import Call, FakeSlack, SlackUser
from tests.support.clock import FakeClock
from tests.teams.conftest import DANA, MAX
from tests.teams.fake_connector import Sent
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import answer_to

UPDATES = (
    "Pied Piper: still waiting on engineering for cost estimates, should have them Friday",
    "new lead: Hooli, intro call went well, they want a demo next week",
    "Hooli is a $40k deal",
)
QUESTIONS = ("Pied Piper?", "Hooli?", "what's waiting on us?")

SLACK_DANA = SlackUser("U0DANA", "Dana", "America/Chicago")
SLACK_MAX = SlackUser("U0MAX", "Max", "America/Chicago")
SLACK_DEALS = "C0DEALS"


@dataclass(frozen=True, slots=True)
class Facts:
    """What an answer states: labelled facts and list lines, in the order shown."""

    facts: tuple[tuple[str, str], ...]
    lines: tuple[str, ...]


def teams_facts(sent: Sent) -> Facts:
    card = sent.card
    assert card is not None, sent.body
    facts: list[tuple[str, str]] = []
    lines: list[str] = []
    for element in card["body"]:
        if element["type"] == "FactSet":
            facts += [(f["title"], f["value"]) for f in element["facts"]]
        elif element["type"] == "TextBlock" and element["text"].startswith("- "):
            lines.append(element["text"][2:])
    return Facts(tuple(facts), tuple(lines))


def _slack_text(text: str) -> str:
    return html.unescape(text)  # Slack escapes &, < and >


def slack_facts(call: Call) -> Facts:
    facts: list[tuple[str, str]] = []
    lines: list[str] = []
    for block in call.blocks:
        for field in block.get("fields") or []:
            label, _, value = field["text"].partition("\n")
            facts.append((_slack_text(label.strip("*")), _slack_text(value)))
        text = (block.get("text") or {}).get("text", "")
        lines += [_slack_text(line[2:]) for line in text.splitlines() if line.startswith("• ")]
    return Facts(tuple(facts), tuple(lines))


_CONSOLE_FACT = re.compile(r"^  (?P<label>[^:]+): (?P<value>.*)$")


def console_facts(printed: str) -> Facts:
    facts = [(m["label"], m["value"]) for m in map(_CONSOLE_FACT.match, printed.splitlines()) if m]
    return Facts(tuple(facts), ())


@dataclass
class ThreePlatforms:
    teams: TeamsHarness
    tenant: Tenant
    slack: SlackSender
    fake_slack: FakeSlack
    console: Console
    console_out: io.StringIO

    def everywhere(self, text: str, *, rep: bool) -> tuple[Sent, Call, str]:
        """`text` said by Dana (rep) or Max (manager) on each platform; what each one answered."""
        teams_answer = answer_to(self.teams, self.tenant.channel_post(DANA if rep else MAX, text))
        ts = self.slack.say(SLACK_DANA if rep else SLACK_MAX, text, channel=SLACK_DEALS)
        [slack_answer] = self.fake_slack.wait_for("chat.postMessage", in_thread(ts, SLACK_DEALS))
        self.console.handle("/as Dana" if rep else "/as Max")
        start = self.console_out.tell()
        self.console.handle(text)
        return teams_answer, slack_answer, self.console_out.getvalue()[start:]


@pytest.fixture
def platforms(services: Services, clock: FakeClock) -> Iterator[ThreePlatforms]:
    with FakeSlack([SLACK_DANA, SLACK_MAX]) as fake_slack:
        settings = Settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=fake_slack.url,
            teams_local=True,
            scheduler_enabled=False,
        )
        with TeamsHarness(settings, services) as teams:
            out = io.StringIO()
            yield ThreePlatforms(
                teams=teams,
                tenant=Tenant(teams),
                slack=SlackSender(f"http://127.0.0.1:{teams.port}", clock),
                fake_slack=fake_slack,
                console=Console(services, out, tz="America/Chicago"),
                console_out=out,
            )


def test_the_same_deal_questions_give_the_same_facts_in_slack_teams_and_the_console(
    platforms: ThreePlatforms, clock: FakeClock
) -> None:
    for update in UPDATES:
        platforms.everywhere(update, rep=True)
    clock.advance(hours=2)

    for question in QUESTIONS:
        teams_answer, slack_answer, console_printed = platforms.everywhere(question, rep=False)
        in_teams, in_slack = teams_facts(teams_answer), slack_facts(slack_answer)

        assert in_teams.facts or in_teams.lines, f"{question!r}: Teams showed no facts: {teams_answer.shown}"
        assert in_slack == in_teams, question
        if in_teams.facts:
            assert console_facts(console_printed).facts == in_teams.facts, question
        for line in in_teams.lines:
            assert line in console_printed, (question, line)
