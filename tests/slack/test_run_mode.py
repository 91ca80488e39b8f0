"""`nextstep run` serves Slack with just a bot token and signing secret, and opens the console without."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from adapters.slack.scopes import BOT_EVENTS, BOT_SCOPES, SLASH_COMMAND
from assistant.settings import Settings
from tests.slack.driver import BOT_TOKEN, SIGNING_SECRET, SlackSender
from tests.slack.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bare_env(**extra: str) -> dict[str, str]:
    """A clean environment: no Slack / Teams settings leak in from the developer's shell."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT"}}
    return {**keep, "PYTHONUNBUFFERED": "1", **extra}


def test_a_bot_token_and_signing_secret_alone_mean_slack() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET})
    assert settings.slack_configured
    assert settings.any_platform
    assert not Settings.from_env({}).any_platform


def test_run_serves_slack_with_only_the_bot_token_and_signing_secret(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    with FakeSlack() as fake:
        env = bare_env(
            PORT=str(port),
            HOST="127.0.0.1",
            DATABASE_URL=db_url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.url,
            NEXTSTEP_NO_SCHEDULER="1",
        )
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "run"],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base, process)
            challenge = json.dumps({"type": "url_verification", "challenge": "hello-slack", "token": "t"})
            response = SlackSender(base, clock=None).post(challenge, "application/json")
            assert response.status == 200
            assert response.json() == {"challenge": "hello-slack"}
        finally:
            process.terminate()
            process.wait(10)


def wait_healthy(base: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"nextstep run exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail("nextstep run did not answer /healthz in time")


def test_run_with_nothing_configured_opens_the_console(db_url: str, tmp_path: Path) -> None:
    script = "Pied Piper: waiting on engineering for cost estimates, should have them Friday\n/quit\n"
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "run"],
        cwd=tmp_path,
        env=bare_env(DATABASE_URL=db_url, NEXTSTEP_NO_SCHEDULER="1"),
        input=script.encode(),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "Pied Piper" in result.stdout.decode()


def _manifest_list(text: str, key: str) -> set[str]:
    """The `- item` lines right under `key:` in adapters/slack/manifest.yml."""
    match = re.search(rf"^(\s*){key}:\n((?:\1\s+- .+\n)+)", text, re.MULTILINE)
    assert match, f"no {key} list in the manifest"
    return {line.strip()[2:].strip() for line in match.group(2).splitlines()}


def test_the_manifest_asks_for_what_the_app_uses() -> None:
    manifest = (ROOT / "adapters" / "slack" / "manifest.yml").read_text()
    assert _manifest_list(manifest, "bot") == set(BOT_SCOPES)
    assert _manifest_list(manifest, "bot_events") == set(BOT_EVENTS)
    assert f"command: {SLASH_COMMAND}" in manifest
    assert "home_tab_enabled: true" in manifest
    assert "messages_tab_enabled: true" in manifest
    assert manifest.count("/slack/events") >= 3  # events, interactivity, the slash command


def test_the_manifest_asks_for_no_scope_the_code_does_not_use() -> None:
    """Every `client.<method>(` in adapters/ has a known scope; together with the events and the
    commands they are exactly BOT_SCOPES (so the install screen asks for nothing unused)."""
    from adapters.slack.scopes import COMMAND_SCOPE, EVENT_SCOPES, FIELD_SCOPES, METHOD_SCOPES

    called = set()
    for path in (ROOT / "adapters").rglob("*.py"):
        called |= set(
            re.findall(
                r"\.((?:chat|conversations|users|views|team|auth|reactions|files|im)_\w+)\(", path.read_text()
            )
        )
    unknown = called - set(METHOD_SCOPES)
    assert not unknown, f"Web API methods without a known scope in scopes.py: {unknown}"
    needed = {METHOD_SCOPES[m] for m in called} | {EVENT_SCOPES[e] for e in BOT_EVENTS} | {COMMAND_SCOPE}
    needed |= {scope for field, scope in FIELD_SCOPES.items() if field.split(".")[0] in called}
    assert set(BOT_SCOPES) == needed - {None}
    for unused in ("channels:read", "groups:read", "im:read", "team:read"):
        assert unused not in BOT_SCOPES
