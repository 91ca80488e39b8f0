"""CRM fixtures: the local fakes of HubSpot and Salesforce, and the sync wired to the test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from adapters.crm.hubspot import HubSpotConnector
from adapters.crm.retry import Backoff
from adapters.crm.salesforce import SalesforceConnector, SalesforceLogin
from assistant.core import Assistant
from assistant.crm.stages import default_map
from assistant.crm.sync import CrmSync
from nlp import MessageParser
from storage.db import Database
from storage.models import Person
from storage.repositories import Directory, People
from tests.assistant.transcript import Chat
from tests.crm.fake_hubspot import FakeHubSpot, Owner
from tests.crm.fake_salesforce import FakeSalesforce
from tests.support.clock import FakeClock

DANA_EMAIL = "dana@piedpiper.test"


@pytest.fixture(scope="session")
def parser() -> MessageParser:
    return MessageParser()


@pytest.fixture
def assistant(db: Database, parser: MessageParser, clock: FakeClock) -> Assistant:
    return Assistant(db, parser, clock)


@pytest.fixture
def chat(assistant: Assistant, clock: FakeClock) -> Chat:
    return Chat(assistant, clock)


def no_wait(_seconds: float) -> None:
    """Backoff without sleeping: the fakes answer Retry-After: 0 anyway."""


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    fake = FakeHubSpot(owners=[Owner("7001", DANA_EMAIL, "Dana", "Scully")]).start()
    yield fake
    fake.stop()


@pytest.fixture
def salesforce() -> Iterator[FakeSalesforce]:
    fake = FakeSalesforce().start()
    fake.add_user("005DANA", "Dana Scully", DANA_EMAIL)
    yield fake
    fake.stop()


def workspace_id(db: Database, chat: Chat) -> int:
    """The chat's workspace row, with Dana known by her e-mail (as her chat profile gives it)."""
    with db.unit_of_work() as session:
        workspace = Directory(session).workspace(chat.platform, chat.workspace_id, now=chat.clock.now())
        dana: Person = People(session, workspace.id).upsert("U-DANA", now=chat.clock.now(), name="dana")
        dana.email = DANA_EMAIL
        return workspace.id


def hubspot_sync(
    db: Database, fake: FakeHubSpot, clock: FakeClock, assistant: Assistant, attempts: int = 8
) -> CrmSync:
    stages = default_map("hubspot")
    connector = HubSpotConnector(
        fake.token, stages, host=fake.url, backoff=Backoff(attempts=attempts, sleep=no_wait)
    )
    return CrmSync(db, connector, stages, clock, assistant.names)


def salesforce_sync(db: Database, fake: FakeSalesforce, clock: FakeClock, assistant: Assistant) -> CrmSync:
    stages = default_map("salesforce")
    session = requests.Session()
    session.trust_env = False  # the environment's CA bundle must not replace the fake's certificate
    session.verify = fake.cert
    login = SalesforceLogin(
        login_url=fake.url,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        refresh_token=fake.refresh_token,
    )
    connector = SalesforceConnector(login, stages, session=session, backoff=Backoff(sleep=no_wait))
    return CrmSync(db, connector, stages, clock, assistant.names)
