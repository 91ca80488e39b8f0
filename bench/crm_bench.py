"""CRM sync against the local fakes: import 10,000 deals, write back 1,000 chat updates.

Prints deals/s and requests/s, and the API calls per update (target: at most one; the write-back
is batched, 100 deals a call on HubSpot and 200 on Salesforce). The floor is the same number of
HTTP calls with the same bodies sent straight to the fake with `requests` (no client library, no
database), measured in the same run: the ratio says what the sync adds on top of the wire.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from adapters.crm.hubspot import HubSpotConnector
from adapters.crm.retry import Backoff
from assistant.core import Assistant
from assistant.crm.stages import default_map
from assistant.crm.sync import CrmSync, SyncReport
from assistant.messages import InboundMessage, Person
from nlp import MessageParser
from storage.db import Database
from storage.migrate import upgrade
from storage.repositories import Directory
from tests.crm.fake_hubspot import FakeHubSpot, Owner
from tests.support.clock import FakeClock

DEALS = 10_000
UPDATES = 1_000
STAGES = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin"]
STEPS = [
    "I'll send the SOW on Friday",
    "waiting on their legal for the redlines",
    "we owe them the security questionnaire by Tuesday",
    "they are meeting internally on budget next week",
]


def run() -> None:
    fake = FakeHubSpot(owners=[Owner("7001", "dana@acme.test", "Dana", "Scully")]).start()
    folder = tempfile.TemporaryDirectory(prefix="nextstep-crm-bench-")
    try:
        for n in range(DEALS):
            fake.add_deal(f"Account {n:05d}", stage=STAGES[n % 4], amount=str(10_000 + n), owner="7001")
        url = f"sqlite:///{Path(folder.name) / 'bench.db'}"
        upgrade(url)
        db = Database.from_url(url)
        clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
        assistant = Assistant(db, MessageParser(), clock)
        with db.unit_of_work() as session:
            workspace_id = Directory(session).workspace("slack", "T-BENCH", now=clock.now()).id
        stages = default_map("hubspot")
        connector = HubSpotConnector(
            fake.token, stages, host=fake.url, backoff=Backoff(sleep=lambda _s: None)
        )
        sync = CrmSync(db, connector, stages, clock, assistant.names)
        sync.connect(workspace_id)

        calls = len(fake.calls)
        started = time.perf_counter()
        report = SyncReport()
        sync.import_deals(workspace_id, report)
        took = time.perf_counter() - started
        import_calls = len(fake.calls) - calls
        imported = len(report.imported)
        print(f"import: {imported:,} deals in {took:.2f} s = {imported / took:,.0f} deals/s;", end=" ")
        print(f"{import_calls} API calls ({import_calls / took:,.1f} requests/s)")
        floor = _search_floor(fake)
        print(f"floor (the same searches straight over HTTP): {floor:.2f} s;", end=" ")
        print(f"import / floor: {took / floor:.1f}x")

        clock.advance(minutes=1)
        for n in range(UPDATES):
            text = f"Account {n * (DEALS // UPDATES):05d}: {STEPS[n % len(STEPS)]}"
            person = Person(platform_id="U-DANA", name="dana", tz="America/Chicago")
            assistant.handle_message(
                InboundMessage(
                    platform="slack",
                    workspace_id="T-BENCH",
                    channel_id="C-DEALS",
                    message_id=f"bench-{n}",
                    author=person,
                    text=text,
                    sent_at=clock.now(),
                )
            )
        clock.advance(timedelta(seconds=5))
        calls = len(fake.calls)
        started = time.perf_counter()
        written = SyncReport()
        sync.write_back(workspace_id, written)
        took = time.perf_counter() - started
        write_calls = len(fake.calls) - calls
        done = len(written.written)
        print(f"write-back: {done:,} updates in {took:.2f} s = {done / took:,.0f} updates/s;", end=" ")
        print(
            f"{write_calls} API calls = {write_calls / max(done, 1):.3f} calls per update (target <= 1);",
            end=" ",
        )
        print(f"failed: {len(written.failed)}")

        floor = _floor(fake, [d for d in list(fake.deals)[:UPDATES]])
        print(f"floor (the same {write_calls} batch calls straight over HTTP): {floor:.2f} s;", end=" ")
        print(f"write-back / floor: {took / floor:.1f}x")
    finally:
        fake.stop()
        folder.cleanup()


def _floor(fake: FakeHubSpot, crm_ids: list[str]) -> float:
    session = requests.Session()
    session.trust_env = False
    headers = {"Authorization": f"Bearer {fake.token}"}
    started = time.perf_counter()
    for i in range(0, len(crm_ids), 100):
        inputs: Any = [
            {"id": c, "properties": {"hs_next_step": "send the SOW"}} for c in crm_ids[i : i + 100]
        ]
        session.post(
            f"{fake.url}/crm/v3/objects/deals/batch/update", json={"inputs": inputs}, headers=headers
        )
    return time.perf_counter() - started


def _search_floor(fake: FakeHubSpot) -> float:
    session = requests.Session()
    session.trust_env = False
    headers = {"Authorization": f"Bearer {fake.token}"}
    filters = [{"propertyName": "hs_is_closed", "operator": "EQ", "value": "false"}]
    started = time.perf_counter()
    after: str | None = "0"
    while after is not None:
        body: Any = {"filterGroups": [{"filters": filters}], "limit": 100, "after": after}
        page = session.post(f"{fake.url}/crm/v3/objects/deals/search", json=body, headers=headers).json()
        after = page.get("paging", {}).get("next", {}).get("after")
    return time.perf_counter() - started
