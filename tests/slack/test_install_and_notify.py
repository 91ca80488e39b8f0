"""Multi-workspace install over OAuth v2 (tokens kept in our database) and proactive messages."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest
from sqlalchemy import text

from adapters.slack.app import BRIDGE_KEY
from assistant.messages import Outbound, Reply, Target
from assistant.settings import Settings
from nlp import MessageParser
from storage.db import Database
from tests.slack.conftest import DANA, DEALS, Workspace, running_workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.driver import SIGNING_SECRET
from tests.slack.fake_slack import INSTALL_CODE, INSTALLED_BOT_TOKEN, TEAM_ID, FakeSlack
from tests.support.clock import FakeClock

SUMMARY = Reply(text="Weekly summary: 1 deal waiting on us", title="Weekly summary", kind="summary")


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.fixture
def oauth_workspace(
    db: Database, clock: FakeClock, parser: MessageParser, fake_slack: FakeSlack
) -> Iterator[Workspace]:
    settings = Settings(
        slack_client_id="1111.2222",
        slack_client_secret="client-secret",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.url,
        scheduler_enabled=False,
    )
    with running_workspace(settings, db, clock, parser, fake_slack) as running:
        yield running


def install(workspace: Workspace) -> None:
    """An admin clicks "Add to Slack", approves, and Slack redirects back with a code."""
    status, page, headers = get(workspace.server.url + "/slack/install")
    assert status == 200
    authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page)
    assert authorize, page
    assert "client_id=1111.2222" in authorize.group(1)
    state = re.search(r"state=([\w-]+)", authorize.group(1))
    assert state
    cookie = SimpleCookie(headers["Set-Cookie"])
    cookies = "; ".join(f"{k}={v.value}" for k, v in cookie.items())
    status, page, _ = get(
        f"{workspace.server.url}/slack/oauth_redirect?code={INSTALL_CODE}&state={state.group(1)}",
        headers={"Cookie": cookies},
    )
    assert status == 200, page


def test_a_workspace_installs_over_oauth_and_its_token_is_used(oauth_workspace: Workspace) -> None:
    install(oauth_workspace)
    [exchange] = oauth_workspace.fake.calls_to("oauth.v2.access")
    assert exchange.get("code") == INSTALL_CODE
    with oauth_workspace.db.engine.connect() as connection:
        stored = connection.execute(text("SELECT team_id, bot_token FROM slack_bots")).all()
    assert [tuple(row) for row in stored] == [(TEAM_ID, INSTALLED_BOT_TOKEN)]

    ts = oauth_workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    [confirmation] = oauth_workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    assert confirmation.token == INSTALLED_BOT_TOKEN
    assert "Pied Piper" in confirmation.text


def test_a_redirect_without_our_state_is_refused(oauth_workspace: Workspace) -> None:
    status, _page, _ = get(
        f"{oauth_workspace.server.url}/slack/oauth_redirect?code={INSTALL_CODE}&state=forged"
    )
    assert status in {400, 401}
    assert oauth_workspace.fake.calls_to("oauth.v2.access") == []


def test_events_from_a_workspace_that_never_installed_are_not_handled(oauth_workspace: Workspace) -> None:
    response = oauth_workspace.slack.event(
        oauth_workspace.slack.message_event(DANA, SEED_UPDATE, channel=DEALS)
    )
    assert response.status == 200  # acknowledged, so Slack does not retry it
    assert "reinstall" in response.body
    oauth_workspace.server.settle()
    assert oauth_workspace.fake.calls_to("chat.postMessage") == []


def test_the_notifier_posts_to_a_channel_and_opens_a_dm(workspace: Workspace) -> None:
    server = workspace.server
    assert server.web_app is not None
    [notifier] = [n for n in server.services.notifiers if n.platform == "slack"]
    server.run(notifier.send(Outbound("slack", TEAM_ID, Target("channel", DEALS), SUMMARY, key="k1")))
    server.run(notifier.send(Outbound("slack", TEAM_ID, Target("person", DANA.id), SUMMARY, key="k2")))
    [opened] = workspace.fake.calls_to("conversations.open")
    assert opened.get("users") == DANA.id
    to_channel, to_dana = workspace.fake.calls_to("chat.postMessage")
    assert to_channel.get("channel") == DEALS
    assert to_dana.get("channel") == opened.response["channel"]["id"]
    assert "Weekly summary" in to_dana.everything_shown
    assert BRIDGE_KEY in server.web_app


def test_the_notifier_uses_the_installed_token_in_oauth_mode(oauth_workspace: Workspace) -> None:
    install(oauth_workspace)
    [notifier] = [n for n in oauth_workspace.server.services.notifiers if n.platform == "slack"]
    oauth_workspace.server.run(
        notifier.send(Outbound("slack", TEAM_ID, Target("channel", DEALS), SUMMARY, key="k1"))
    )
    [post] = oauth_workspace.fake.calls_to("chat.postMessage")
    assert post.token == INSTALLED_BOT_TOKEN


def _wait_until(check: object, timeout: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "it never happened"
        time.sleep(0.05)


def _scheduled_teams(db: Database) -> list[str]:
    from storage import schedule_queries as q

    with db.unit_of_work() as session:
        return [w.external_id for w in q.all_workspaces(session)] + [
            f"#{c.external_id}" for c, _w in q.deals_channels(session)
        ]


def test_uninstalled_it_forgets_the_token_and_schedules_nothing_until_reinstalled(
    oauth_workspace: Workspace,
) -> None:
    install(oauth_workspace)
    ts = oauth_workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    oauth_workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    assert _scheduled_teams(oauth_workspace.db) == [TEAM_ID, f"#{DEALS}"]

    assert oauth_workspace.slack.event({"type": "app_uninstalled"}).status == 200

    def tokens() -> list[object]:
        with oauth_workspace.db.engine.connect() as connection:
            return list(connection.execute(text("SELECT bot_token FROM slack_bots")).all())

    _wait_until(lambda: not tokens())
    _wait_until(lambda: _scheduled_teams(oauth_workspace.db) == [])

    install(oauth_workspace)  # they add it again
    ts = oauth_workspace.slack.say(DANA, "Hooli: demo done, I send pricing Tuesday", channel=DEALS)
    oauth_workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    assert _scheduled_teams(oauth_workspace.db) == [TEAM_ID, f"#{DEALS}"]


def test_a_revoked_bot_token_stops_the_schedule_with_a_single_token_too(workspace: Workspace) -> None:
    ts = workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    workspace.fake.wait_for("chat.postMessage", in_thread(ts))
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0NEXTSTEP"]}}
    assert workspace.slack.event(revoked).status == 200
    _wait_until(lambda: _scheduled_teams(workspace.db) == [])
