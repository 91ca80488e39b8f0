"""What an installed wheel needs: the manifests and icons as package data, every import declared, pins."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires, version
from importlib.resources import files
from pathlib import Path

from adapters.teams.package import build_package
from tests.ops.support import ROOT

SHIPPED = ("app.py", "adapters", "assistant", "nlp", "ops", "storage")


def test_the_manifests_and_icons_are_found_as_package_data(tmp_path: Path) -> None:
    slack_manifest = files("adapters.slack") / "manifest.yml"
    assert "oauth_config" in slack_manifest.read_text(encoding="utf-8")
    teams = files("adapters.teams")
    for name in ("manifest.json", "color.png", "outline.png"):
        assert (teams / name).is_file(), f"{name} is not package data of adapters.teams"
    out = build_package("00000000-0000-0000-0000-00000000abcd", tmp_path / "teams.zip")
    assert out.stat().st_size > 0
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert {"*.yml", "*.json", "*.png"} <= set(patterns)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_third_party_import_is_a_declared_dependency() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = {_requirement_name(r) for r in pyproject["project"]["dependencies"]}
    ours = {"app", "adapters", "assistant", "nlp", "ops", "storage", "tests", "bench"}
    distributions = packages_distributions()
    missing = {}
    for top in SHIPPED:
        paths = [ROOT / top] if top.endswith(".py") else sorted((ROOT / top).rglob("*.py"))
        for path in paths:
            for module in _imports(path) - ours - set(sys.stdlib_module_names) - {"__future__"}:
                dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
                if not dists & declared and not (module == "slack" and "slack-sdk" in declared):
                    missing[module] = str(path.relative_to(ROOT))
    assert not missing, f"imported but not declared in pyproject's dependencies: {missing}"


def test_the_constraints_pin_every_declared_dependency_exactly() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = {
        _requirement_name(line): line
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    for requirement in (
        pyproject["project"]["dependencies"] + pyproject["project"]["optional-dependencies"]["dev"]
    ):
        name = _requirement_name(requirement)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert "==" in pins[name]
    assert "--constraint constraints.txt" in (ROOT / "Makefile").read_text()


def _floor(requirement: str) -> tuple[int, ...]:
    found = re.search(r">=\s*([\d.]+)", requirement)
    assert found, f"{requirement} has no floor"
    return tuple(int(part) for part in found.group(1).split(".") if part)


def test_the_slack_sdk_floor_is_what_the_pinned_slack_bolt_asks_for() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [ours] = [r for r in pyproject["project"]["dependencies"] if _requirement_name(r) == "slack-sdk"]
    [bolts] = [r for r in requires("slack-bolt") or [] if _requirement_name(r) == "slack-sdk"]
    width = max(len(_floor(ours)), len(_floor(bolts)))
    padded = [(*_floor(r), *(0,) * width)[:width] for r in (ours, bolts)]
    assert padded[0] >= padded[1], f"pyproject says {ours}, slack-bolt {version('slack-bolt')} needs {bolts}"
