"""Who may talk to /api/messages: Bot Framework tokens when an app id is set, anyone only in local mode."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import jwt
import pytest
from aiohttp import web

from adapters.teams import mount
from assistant.services import Services
from assistant.settings import Settings
from storage.db import Database
from storage.models import Workspace
from tests.teams.conftest import DANA
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
