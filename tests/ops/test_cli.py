"""`nextstep` is a real command line: --help and --version answer, every command has its own help."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import COMMANDS, main
from tests.ops.support import bare_env, nextstep


def test_help_lists_every_command_and_opens_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    shown = capsys.readouterr().out
    for command in ("run", "migrate", "parse", "summary", "teams-package", "export", "import", "forget"):
        assert command in shown
    assert "console" in shown  # what `run` does without a platform, said in its line


def test_version_prints_the_version_and_runs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("nextstep ")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_its_own_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.strip(), f"`nextstep {command} --help` printed nothing"
    assert "Traceback" not in out


def test_an_unknown_command_says_so_with_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'serve'" in err


def test_run_on_the_default_sqlite_creates_its_tables_so_python_app_py_just_works(tmp_path: Path) -> None:
    """A newcomer's `python app.py` in an empty directory: no `migrate` first, and it answers."""
    script = "Pied Piper: sent the proposal, they decide Friday\nPied Piper?\n"
    result = nextstep(cwd=tmp_path, env=bare_env(NEXTSTEP_NO_SCHEDULER="1"), stdin=script)
    assert result.returncode == 0, result.stderr
    assert "New deal Pied Piper" in result.stdout
    assert "Next step: decide on the proposal" in result.stdout
    assert (tmp_path / "nextstep.db").exists()
    assert "Traceback" not in result.stderr


def test_an_unexpected_failure_is_one_line_and_debug_shows_where(tmp_path: Path) -> None:
    result = nextstep("summary", "--channel", "C1", "--dry-run", cwd=tmp_path, env=bare_env(PORT="abc"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "nextstep summary: ValueError: invalid literal for int() with base 10: 'abc' "
        "(LOG_LEVEL=DEBUG shows where)"
    ]
    debug = nextstep("summary", "--channel", "C1", cwd=tmp_path, env=bare_env(PORT="abc", LOG_LEVEL="debug"))
    assert "Traceback" in debug.stderr
