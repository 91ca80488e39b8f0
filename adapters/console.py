"""The console playground: type as a person, see what the assistant would answer.

Lines are processed in order, so a script can be piped in; without a terminal
there is no prompt. A line ending in `\\` continues on the next one, and `/paste` ...
`/end` sends a block of lines as one message (a Monday recap, a pasted email). In a
terminal, lines are edited with readline, with a history kept between sessions.
Tables are not created here: `nextstep migrate` does that.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import inspect

from assistant.messages import Action, Button, InboundMessage, Outcome, Person, Platform, Reply
from assistant.roles import set_role
from assistant.services import Services

PLATFORM: Platform = "console"
WORKSPACE = "console"
CHANNEL = "console"
DEFAULT_SPEAKER = "dana"

CONSOLE_HELP = """\
Type as a person; the assistant answers as it would in chat.
  /as NAME          speak as NAME (created on first use; you start as dana)
  /role manager     make the current speaker a manager (or: /role rep)
  /press N          press button N of the last reply (or: /press LABEL, e.g. /press undo)
  /edit TEXT        replace your last message with TEXT (its update is redone)
  /delete           delete your last message (its update is taken back)
  /deals            your deals, grouped by who owns the next step
  /nextstep TEXT    a command: help, my deals, waiting on us, undo, settings
  /tick [WHEN]      what the assistant sends by itself now (or at "YYYY-MM-DD HH:MM")
  /help             this help;  /quit  leave (end of input works too)
Several lines as one message: end a line with \\ to continue on the next, or
  /paste            then the lines, then /end on a line of its own
Long lists: type "more" for the next page or "show all", or /press the More button.
In a terminal: arrow keys edit the line, up/down recall earlier lines (kept in
~/.nextstep_history, or NEXTSTEP_CONSOLE_HISTORY)."""
CONTINUE = "\\"
PASTE, END = "/paste", "/end"
HISTORY_ENV = "NEXTSTEP_CONSOLE_HISTORY"


def local_tz_name() -> str | None:
    """The machine's IANA time zone (TZ, else /etc/localtime), or None for UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    except OSError:
        pass
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return None


@dataclass
class Console:
    """One console session: who speaks, the last reply's buttons, the speakers' last messages."""

    services: Services
    out: TextIO
    tz: str | None = field(default_factory=local_tz_name)
    speaker: Person = field(init=False)
    buttons: list[Button] = field(default_factory=list)
    last_message: dict[str, str] = field(default_factory=dict)
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    count: int = 0
    # Lines of a message still being typed: continued with "\\", or inside /paste ... /end.
    continued: list[str] = field(default_factory=list)
    pasting: list[str] | None = None

    def __post_init__(self) -> None:
        self.speaker = self._person(DEFAULT_SPEAKER)

    def _person(self, name: str) -> Person:
        return Person(platform_id=name.casefold(), name=name, tz=self.tz)

    def prompt(self) -> str:
        return "... " if self.continued or self.pasting is not None else f"{self.speaker.name}> "

    def feed(self, line: str) -> bool:
        """One typed or piped line, which may continue a message; False when the session should end."""
        text = line.rstrip("\r\n")
        if self.pasting is not None:
            if text.strip().casefold() != END:
                self.pasting.append(text)
                return True
            block, self.pasting = "\n".join(self.pasting).strip("\n"), None
            if not block.strip():
                self._print("(nothing was pasted)")
                return True
            return self.handle(block)
        if text.rstrip().endswith(CONTINUE):
            self.continued.append(text.rstrip()[: -len(CONTINUE)].rstrip())
            return True
        if self.continued:
            text, self.continued = "\n".join([*self.continued, text]), []
        if text.strip().casefold() == PASTE:
            self.pasting = []
            self._print("(pasting: send the lines, then /end on a line of its own)")
            return True
        return self.handle(text)

    def finish(self) -> None:
        """End of input: a message still being typed is sent, never dropped."""
        pending = self.pasting if self.pasting is not None else self.continued
        self.pasting, self.continued = None, []
        if any(line.strip() for line in pending):
            self.handle("\n".join(pending).strip("\n"))

    def handle(self, line: str) -> bool:
        """One message (possibly of several lines); False when the session should end."""
        text = line.rstrip("\r\n")
        stripped = text.strip()
        if not stripped:
            return True
        if stripped.startswith("/") and not stripped.startswith("//"):
            return self._slash(stripped)
        self._show(self.services.assistant.handle_message(self._message(text)))
        return True

    def _slash(self, line: str) -> bool:
        verb, _, rest = line.partition(" ")
        verb, rest = verb.casefold(), rest.strip()
        assistant = self.services.assistant
        if verb in ("/quit", "/exit"):
            return False
        if verb == "/as" and rest:
            self.speaker = self._person(rest)
            self._print(f"(now speaking as {rest})")
        elif verb == "/role" and rest:
            self._print(
                set_role(self.services.db, self.services.clock, PLATFORM, WORKSPACE, self.speaker, rest)
            )
        elif verb == "/press" and rest:
            self._press(rest)
        elif verb == "/edit" and rest:
            original = self.last_message.get(self.speaker.platform_id)
            if original is None:
                self._print("(you have no message to edit yet)")
            else:
                self._show(assistant.handle_edit(self._message(rest, message_id=original)))
        elif verb == "/delete":
            original = self.last_message.pop(self.speaker.platform_id, None)
            if original is None:
                self._print("(you have no message to delete)")
            else:
                assistant.handle_delete(PLATFORM, WORKSPACE, original)
                self._print("(message deleted)")
        elif verb == "/deals":
            self._show(Outcome([assistant.home(PLATFORM, WORKSPACE, self.speaker)]))
        elif verb == "/nextstep":
            self._show(assistant.handle_command(self._message(rest or "help", remember=False)))
        elif verb == "/tick":
            self._tick(rest)
        else:
            self._print(CONSOLE_HELP)
        return True

    def _tick(self, when: str) -> None:
        """What the scheduler would send now (or at WHEN): summaries, reminders, parked deals coming back."""
        from assistant.scheduler.console import console_tick

        sent = console_tick(self.services.db, self.services.clock, when, self.tz)
        if isinstance(sent, str):
            self._print(sent)
            return
        if not sent:
            self._print("(nothing is due right now)")
        for outbound in sent:
            self.buttons = list(outbound.reply.buttons)
            self._print(f"(to {outbound.target.kind} {outbound.target.id})\n{render(outbound.reply)}")

    def _press(self, choice: str) -> None:
        button: Button | None = None
        if choice.isdigit() and 1 <= int(choice) <= len(self.buttons):
            button = self.buttons[int(choice) - 1]
        else:
            wanted = choice.strip("[]").casefold()
            button = next((b for b in self.buttons if b.label.casefold() == wanted), None)
        if button is None:
            self._print("(no such button on the last reply)")
            return
        action = Action(
            platform=PLATFORM,
            workspace_id=WORKSPACE,
            channel_id=CHANNEL,
            actor=self.speaker,
            name=button.action,
            value=button.value,
            sent_at=self.services.clock.now(),
        )
        self._show(self.services.assistant.handle_action(action))

    def _message(self, text: str, *, message_id: str | None = None, remember: bool = True) -> InboundMessage:
        if message_id is None:
            self.count += 1
            message_id = f"{self.session_id}-{self.count}"
            if remember:
                self.last_message[self.speaker.platform_id] = message_id
        return InboundMessage(
            platform=PLATFORM,
            workspace_id=WORKSPACE,
            channel_id=CHANNEL,
            message_id=message_id,
            author=self.speaker,
            text=text,
            sent_at=self.services.clock.now(),
            is_direct=True,
            workspace_name="Console",
            channel_name="console",
        )

    def _show(self, outcome: Outcome) -> None:
        for reply in outcome.replies:
            self.buttons = list(reply.buttons)
            self._print(render(reply))

    def _print(self, text: str) -> None:
        self.out.write(text + "\n\n")
        self.out.flush()


def render(reply: Reply) -> str:
    """A reply as console text: its text (or title and sections), then its buttons."""
    lines: list[str] = []
    if reply.kind == "answer" and reply.facts:
        lines.append(reply.title or "")
        lines += [f"  {fact.label}: {fact.value}" for fact in reply.facts]
    else:
        lines.append(reply.text)
    if reply.buttons:
        lines.append(" ".join(f"[{i}: {b.label}]" for i, b in enumerate(reply.buttons, start=1)))
    return "\n".join(lines)


def run_console(services: Services, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read lines until end of input (or /quit), printing replies; 0 when done."""
    if not inspect(services.db.engine).has_table("deals"):
        stdout.write(
            "The database has no tables yet. Run `nextstep migrate` first (`make run` does it for you).\n"
        )
        return 2
    interactive = stdin.isatty() and stdout.isatty()
    console = Console(services, stdout)
    save_history = _line_editing(stdin, stdout) if interactive else None
    if interactive:
        stdout.write("Nextstep console. /help lists what you can do. You are dana.\n")
    try:
        while True:
            try:
                line = _next_line(console, stdin, stdout, interactive, edited=save_history is not None)
            except KeyboardInterrupt:
                stdout.write("\n")
                break
            if not line:
                console.finish()
                break
            if not console.feed(line):
                break
    finally:
        if save_history is not None:
            save_history()
    return 0


def _next_line(console: Console, stdin: TextIO, stdout: TextIO, interactive: bool, *, edited: bool) -> str:
    """The next line with its newline, or "" at the end of input."""
    if edited:  # readline edits what input() reads from the terminal
        try:
            return input(console.prompt()) + "\n"
        except EOFError:
            stdout.write("\n")
            return ""
    if interactive:
        stdout.write(console.prompt())
        stdout.flush()
    return stdin.readline()


def _line_editing(stdin: TextIO, stdout: TextIO) -> Callable[[], None] | None:
    """Turn on readline's line editing and history for this terminal; returns what saves the history.

    None where it cannot apply: streams other than the process's own, or no readline module.
    """
    if stdin is not sys.stdin or stdout is not sys.stdout:
        return None
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline
        return None
    history = Path(os.environ.get(HISTORY_ENV) or Path.home() / ".nextstep_history")
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)

    return save
