"""The console playground: piped scripts through `python app.py run`, and its slash commands."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from adapters.console import run_console
from assistant.services import Services
from nlp import MessageParser
from storage.db import Database
from tests.support.clock import FakeClock

ROOT = Path(__file__).resolve().parents[2]
SEED = (
    "Pied Piper: waiting on engineering for cost estimates, should have them Friday\n/as maria\nPied Piper?\n"
)
PLATFORM_VARS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "MICROSOFT_APP_ID",
    "NEXTSTEP_TEAMS_LOCAL",
)


def _run_app(db_url: str, script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": db_url, "TZ": "UTC"}
    env.update({name: "" for name in PLATFORM_VARS})
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "run"],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_the_seed_script_piped_into_app_run(db_url: str, tmp_path: Path) -> None:
    result = _run_app(db_url, SEED, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    answer = out[out.index("(now speaking as maria)") :]
    assert "cost estimates" in answer
    assert "on us" in answer
    assert "Fri" in answer  # the coming Friday, as "Fri 27 Nov"
    assert "moments ago by dana" in answer
    assert "Traceback" not in out + result.stderr
    assert "> " not in out.splitlines()[0]  # no prompt noise when stdin is not a terminal


def test_state_is_kept_between_runs(db_url: str, tmp_path: Path) -> None:
    first = _run_app(db_url, "Pied Piper: waiting on engineering for cost estimates by Friday\n", tmp_path)
    assert first.returncode == 0, first.stderr
    second = _run_app(db_url, "/as maria\nPied Piper?\n", tmp_path)
    assert "cost estimates" in second.stdout
    assert "by dana" in second.stdout


def _console(db: Database, parser: MessageParser, clock: FakeClock, script: str) -> str:
    services = Services.build(db, clock=clock, parser=parser)
    out = io.StringIO()
    assert run_console(services, stdin=io.StringIO(script), stdout=out) == 0
    return out.getvalue()


def test_buttons_are_pressed_by_number_or_label(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    out = _console(
        db,
        parser,
        clock,
        "new lead: Pied Piper\n"
        "Pied Piper: we need to send the pricing by Friday\n"
        "/press 1\n"  # it's on them
        "/as maria\nPied Piper?\n"
        "/as dana\nPied Piper: we need to send the pricing by Friday\n/press undo\n",
    )
    assert "[1: it's on them]" in out
    assert "Got it, the next step is on them." in out
    maria = out[out.index("(now speaking as maria)") :]
    assert "Owner: on them" in maria
    assert "Undone" in out


def test_role_edit_delete_help_and_quit(db: Database, parser: MessageParser, clock: FakeClock) -> None:
    out = _console(
        db,
        parser,
        clock,
        "/help\n"
        "/as maria\n/role manager\n/nextstep settings\n"
        "/as dana\n"
        "new lead: Pied Piper\n"
        "Pied Piper: we need to send the pricing by Friday\n"
        "/edit Pied Piper: we need to send the pricing by Thursday\n"
        "/deals\n"
        "/delete\n"
        "/as maria\nPied Piper?\n"
        "/quit\n"
        "Pied Piper?\n",
    )
    assert "/press N" in out
    assert "maria is now a manager." in out
    assert "You are a manager" in out
    assert "Thu 26 Nov" in out
    assert "On us" in out
    assert "(message deleted)" in out
    last = out[out.rindex("(now speaking as maria)") :]
    assert "Thu 26 Nov" not in last and "pricing" not in last
    assert out.count("Pied Piper\n") == 1  # nothing after /quit


def test_an_unmigrated_sqlite_database_is_migrated_on_start(tmp_path: Path) -> None:
    result = _run_app(f"sqlite:///{tmp_path / 'empty.db'}", "Pied Piper?\n", tmp_path)
    assert result.returncode == 0
    assert "I don't know a deal called Pied Piper yet" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_several_lines_as_one_message_with_a_backslash_or_paste(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    out = _console(
        db,
        parser,
        clock,
        "new lead: Pied Piper\n"
        "Pied Piper: sent the proposal, \\\n"
        "they decide by Friday\n"
        "Pied Piper?\n"
        "new lead: Hooli\n"
        "/paste\n"
        "Hooli:\n"
        "- we need to send the security questionnaire\n"
        "- by Thursday\n"
        "/end\n"
        "Hooli?\n"
        "/paste\n"
        "new lead: Aviato\n",  # end of input inside a paste: still sent
    )
    status = out[out.index("Next step: decide") :]
    assert "Owner: on them" in status and "Due: Fri 27 Nov" in status
    assert "(pasting: send the lines, then /end on a line of its own)" in out
    hooli = out[out.rindex("Hooli\n") :]
    assert "security questionnaire" in hooli and "Thu 26 Nov" in hooli
    assert "Aviato" in out[out.rindex("(pasting") :]
    assert "I didn't catch" not in out  # no line was sent on its own


def test_a_long_list_pages_in_the_console(db: Database, parser: MessageParser, clock: FakeClock) -> None:
    script = "".join(
        f"new lead: Acme{i:02d}\nAcme{i:02d}: we need to send the proposal\n" for i in range(1, 15)
    )
    out = _console(db, parser, clock, script + "what's waiting on us?\n/press 1\nmore\nshow all\n")
    first = out[out.index("Waiting on us, longest first (14):") :]
    assert "[1: More (4 left)]" in first
    assert "…and 4 more. Say “more” for the next 4" in first
    assert "(11–14 of 14)" in out
    assert "That was the whole list; nothing more to show." in out
    assert out[out.rindex("Waiting on us") :].count("• Acme") == 14


def test_help_tells_how_to_send_several_lines_and_page(
    db: Database, parser: MessageParser, clock: FakeClock
) -> None:
    out = _console(db, parser, clock, "/help\n")
    assert "end a line with \\ to continue" in out
    assert "/paste" in out and "/end" in out
    assert "up/down recall earlier lines" in out


def test_a_terminal_gets_line_editing_and_history(db_url: str, tmp_path: Path) -> None:
    import pty
    import select
    import time

    history = tmp_path / "history"
    env = {**os.environ, "DATABASE_URL": db_url, "TZ": "UTC", "NEXTSTEP_CONSOLE_HISTORY": str(history)}
    env.update({name: "" for name in PLATFORM_VARS})
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "run"],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    os.close(follower)
    seen = b""

    def read_until(marker: bytes, timeout: float = 120) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    break
        assert marker in seen, seen[-500:]

    try:
        read_until(b"dana> ")
        os.write(leader, b"Globex?\r")
        read_until(b"I don't know a deal called Globex")
        seen = seen[seen.index(b"I don't know") :]
        read_until(b"dana> ")  # typed-ahead keys could be flushed while readline sets up
        seen = b""
        os.write(leader, b"\x1b[A\r")  # up arrow: the same question again, from history
        read_until(b"I don't know a deal called Globex")
        seen = seen[seen.index(b"I don't know") :]
        read_until(b"dana> ")
        os.write(leader, b"\x04")  # Ctrl-D ends the session
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.5)[0]:
                with contextlib.suppress(OSError):
                    os.read(leader, 4096)
        assert process.poll() == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert "Globex?" in history.read_text()
