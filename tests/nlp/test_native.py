"""The parser compiled with mypyc reads every message exactly as the plain Python modules do, and a
build made from other sources is never used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import native
from tests.nlp.conftest import DEALS
from tests.nlp.test_slack_corpus import CASES

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT / "tests" / "data" / "dev_set.jsonl"
# Each message read at several moments: a Tuesday, a Saturday night, the last day of a quarter.
MOMENTS = (
    ("2026-11-24T10:00:00", "America/New_York"),
    ("2026-11-28T23:30:00", "Asia/Tokyo"),
    ("2026-12-31T17:00:00", "Europe/Berlin"),
)
# Reads JSON lines ({"text", "now", "tz", "deals"}) and prints every field of each ParsedMessage.
READER = """
import json, sys
from datetime import datetime
from nlp import MessageParser, native
parser = MessageParser()
print(native.is_compiled())
for line in sys.stdin:
    item = json.loads(line)
    now = datetime.fromisoformat(item["now"])
    parsed = parser.parse(item["text"], now=now, tz=item["tz"], deals=item["deals"])
    print(repr(tuple(parsed)))
"""


def _messages() -> list[dict[str, object]]:
    dev = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [item["text"] for item in dev] + [text for text, _expected in CASES]
    texts += ["", "\x00\x01binary\xff", "🚀🚀🚀", "Hooli " * 9000, "Пайд Пайпер: 合同 next Friday"]
    return [
        {"text": text, "now": now, "tz": tz, "deals": DEALS + [d for item in dev for d in item["deals"]]}
        for text in texts
        for now, tz in MOMENTS
    ]


def _read(messages: list[dict[str, object]], *, pure: bool) -> tuple[str, list[str]]:
    env = {key: value for key, value in os.environ.items() if key != native.PURE_ENV}
    if pure:
        env[native.PURE_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-c", READER],
        input="".join(json.dumps(message) + "\n" for message in messages),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    compiled, *results = done.stdout.splitlines()
    return compiled, results


def test_the_compiled_parser_reads_every_message_as_the_plain_one_does() -> None:
    if native.usable(native.build_dir()) is None:
        pytest.skip("no compiled build of these sources: `make test` makes one")
    messages = _messages()
    compiled, fast = _read(messages, pure=False)
    plain, slow = _read(messages, pure=True)
    assert (compiled, plain) == ("True", "False")
    assert len(fast) == len(slow) == len(messages)
    differ = [(m["text"], f, s) for m, f, s in zip(messages, fast, slow, strict=True) if f != s]
    assert differ == []


def test_a_build_of_other_sources_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "SOURCES").write_text("0123abcd nextstep_test__mypyc\n", encoding="utf-8")
    path: list[str] = []
    assert native.activate(path, tmp_path) is False
    assert path == [] and str(tmp_path) not in sys.path


def test_a_build_that_does_not_load_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "SOURCES").write_text(f"{native.source_digest()} nextstep_missing__mypyc\n", encoding="utf-8")
    path: list[str] = []
    assert native.activate(path, tmp_path) is False
    assert path == [] and str(tmp_path) not in sys.path


def test_plain_python_is_chosen_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "SOURCES").write_text(f"{native.source_digest()} anything__mypyc\n", encoding="utf-8")
    monkeypatch.setenv(native.PURE_ENV, "1")
    path: list[str] = []
    assert native.activate(path, tmp_path) is False
    assert native.status().startswith("parser: plain Python")


def test_an_edit_to_a_rule_module_changes_what_a_build_must_match(tmp_path: Path) -> None:
    copy = tmp_path / "nlp"
    copy.mkdir()
    for name in native.COMPILED:
        (copy / f"{name}.py").write_bytes((native.PACKAGE_DIR / f"{name}.py").read_bytes())
    assert native.source_digest(copy) == native.source_digest()
    owner = copy / "owner.py"
    owner.write_text(owner.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert native.source_digest(copy) != native.source_digest()
