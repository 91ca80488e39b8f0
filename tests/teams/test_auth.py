"""Who may talk to /api/messages: Bot Framework tokens when an app id is set, anyone only in local mode."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from adapters.teams import mount
from adapters.teams.signing_keys import FETCH_TIMEOUT_SECONDS, METADATA_URL_ENV
from assistant.services import Services
from assistant.settings import Settings
from storage.db import Database
from storage.models import Workspace
from tests.teams.conftest import DANA
from tests.teams.fake_login import PUBLISHED_KEY_ID, FakeBotFrameworkLogin, new_rsa_key
from tests.teams.harness import TeamsHarness, Tenant

APP_ID = "0f3a1c2e-1111-2222-3333-444455556666"
PRODUCTION = Settings(
    microsoft_app_id=APP_ID, microsoft_app_password="not-a-real-secret", scheduler_enabled=False
)


@pytest.fixture
def production(services: Services) -> Iterator[TeamsHarness]:
    with TeamsHarness(PRODUCTION, services) as harness:
        yield harness


def forged_token() -> str:
    """A well-formed JWT that the Bot Framework did not issue."""
    claims = {"iss": "https://sts.attacker.example/", "aud": APP_ID, "serviceurl": "http://127.0.0.1/"}
    return jwt.encode(claims, "a-key-that-is-long-enough-for-hs256-signing", algorithm="HS256")


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer not-a-token", "Basic ZGFuYTpodW50ZXIy", "forged"],
    ids=["no header", "empty", "no token", "garbage", "basic auth", "forged jwt"],
)
def test_with_an_app_id_a_request_without_a_valid_token_is_refused(
    production: TeamsHarness, db: Database, authorization: str | None
) -> None:
    tenant = Tenant(production)
    activity = tenant.channel_post(DANA, "Pied Piper: still waiting on engineering for cost estimates")
    if authorization == "forged":
        authorization = f"Bearer {forged_token()}"
    headers = {} if authorization is None else {"Authorization": authorization}

    status, body = production.post(activity, headers)

    assert status == 401
    assert "Traceback" not in body
    assert production.connector.sent == []
    with db.unit_of_work() as session:
        assert session.query(Workspace).count() == 0  # nothing was read, nothing stored


def test_without_an_app_id_or_the_local_flag_the_endpoint_is_not_served(services: Services) -> None:
    web_app = web.Application()
    assert mount(web_app, services, Settings(scheduler_enabled=False)) is None
    assert not [r for r in web_app.router.routes() if r.resource and r.resource.canonical == "/api/messages"]

    with TeamsHarness(Settings(scheduler_enabled=False), services) as harness:
        status, _ = harness.post(Tenant(harness).personal_message(DANA, "Pied Piper?"))
        assert status == 404


def test_local_mode_warns_loudly_at_start(services: Services, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="adapters.teams"):
        notifier = mount(web.Application(), services, Settings(teams_local=True, scheduler_enabled=False))
    assert notifier is not None
    assert any("UNAUTHENTICATED" in record.getMessage() for record in caplog.records)


def test_single_tenant_without_its_tenant_id_is_a_clear_start_error(services: Services) -> None:
    settings = Settings(
        microsoft_app_id=APP_ID, microsoft_app_password="x", microsoft_app_type="SingleTenant"
    )
    with pytest.raises(ValueError, match="MICROSOFT_APP_TENANT_ID"):
        mount(web.Application(), services, settings)


def signed_token(key: rsa.RSAPrivateKey, key_id: str) -> str:
    """A token that claims to come from the Bot Framework, RS256-signed with `key` as `key_id`."""
    now = int(time.time())
    claims = {
        "iss": "https://api.botframework.com",
        "aud": APP_ID,
        "serviceurl": "http://127.0.0.1/",
        "nbf": now - 10,
        "exp": now + 600,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": key_id})


@contextmanager
def production_with_login(
    services: Services, monkeypatch: pytest.MonkeyPatch, login: FakeBotFrameworkLogin
) -> Iterator[TeamsHarness]:
    monkeypatch.setenv(METADATA_URL_ENV, login.metadata_url)
    with TeamsHarness(PRODUCTION, services) as harness:
        yield harness


@pytest.mark.parametrize("forgery", ["unknown key id", "published key id, another key"])
def test_a_forged_token_claiming_the_bot_framework_is_a_401_not_a_500(
    services: Services, db: Database, monkeypatch: pytest.MonkeyPatch, forgery: str
) -> None:
    with (
        FakeBotFrameworkLogin() as login,
        production_with_login(services, monkeypatch, login) as production,
    ):
        key_id = "made-up-key" if forgery == "unknown key id" else PUBLISHED_KEY_ID
        token = signed_token(new_rsa_key(), key_id)
        activity = Tenant(production).channel_post(DANA, "Pied Piper: still waiting on engineering")

        status, body = production.post(activity, {"Authorization": f"Bearer {token}"})

        assert status == 401
        assert "Traceback" not in body
        assert production.connector.sent == []
        assert login.requests == 1  # fetched once, without blocking the server
    with db.unit_of_work() as session:
        assert session.query(Workspace).count() == 0


def test_when_the_signing_keys_cannot_be_fetched_a_token_is_refused_without_hanging(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        FakeBotFrameworkLogin(hang=True) as login,
        production_with_login(services, monkeypatch, login) as production,
    ):
        token = signed_token(new_rsa_key(), PUBLISHED_KEY_ID)
        activity = Tenant(production).personal_message(DANA, "Pied Piper?")
        started = time.monotonic()

        status, body = production.post(activity, {"Authorization": f"Bearer {token}"})

        assert status == 401
        assert time.monotonic() - started < FETCH_TIMEOUT_SECONDS + 3
        assert "Traceback" not in body
