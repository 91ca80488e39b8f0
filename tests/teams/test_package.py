"""`nextstep teams-package`: the zip an admin uploads to Teams, with the app id filled in."""

from __future__ import annotations

import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from app import main as nextstep
from tests.teams.official_schema import SCHEMA_NAME, SchemaUnavailable, official_schema

APP_ID = "0f3a1c2e-1111-2222-3333-444455556666"


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Width, height and RGBA pixels of a non-interlaced 8-bit RGBA PNG without row filters."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, color_type = struct.unpack(">IIBB", data[16:26])
    assert (depth, color_type) == (8, 6)
    chunks, offset = b"", 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            chunks += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(chunks)
    stride = 1 + 4 * width
    pixels = []
    for y in range(height):
        row = raw[y * stride : (y + 1) * stride]
        assert row[0] == 0
        pixels += [tuple(row[1 + 4 * x : 5 + 4 * x]) for x in range(width)]
    return width, height, pixels  # type: ignore[return-value]


def test_the_package_has_the_manifest_with_the_app_id_and_both_icons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nextstep.zip"
    assert nextstep(["teams-package", "--app-id", APP_ID, "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out

    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color = png_pixels(package.read("color.png"))
        outline = png_pixels(package.read("outline.png"))

    assert manifest["id"] == APP_ID
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    commands = {c["title"] for c in bot["commandLists"][0]["commands"]}
    assert commands == {"help", "my deals", "waiting on us", "undo", "settings"}
    assert float(manifest["manifestVersion"]) >= 1.16
    assert "{{" not in json.dumps(manifest)
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}

    assert color[:2] == (192, 192)
    assert outline[:2] == (32, 32)
    outline_pixels = outline[2]
    assert all(p[:3] == (255, 255, 255) for p in outline_pixels if p[3])  # white only
    assert any(p[3] == 0 for p in outline_pixels) and any(p[3] == 255 for p in outline_pixels)


def test_the_app_id_can_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    assert nextstep(["teams-package"]) == 0
    with zipfile.ZipFile(tmp_path / "nextstep-teams.zip") as package:
        assert json.loads(package.read("manifest.json"))["bots"][0]["botId"] == APP_ID


@pytest.mark.parametrize(
    ("args", "said"),
    [([], "no app id: pass --app-id"), (["--app-id", "bot-123"], "is not a GUID")],
    ids=["missing", "not a guid"],
)
def test_without_a_usable_app_id_it_says_what_to_do(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    assert nextstep(["teams-package", *args]) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "nextstep-teams.zip").exists()


def test_the_version_is_set_by_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "teams.zip"
    assert nextstep(["teams-package", "--app-id", APP_ID, "--out", str(out), "--version", "1.4.2"]) == 0
    with zipfile.ZipFile(out) as package:
        assert json.loads(package.read("manifest.json"))["version"] == "1.4.2"
    assert "version 1.4.2" in capsys.readouterr().out
    assert nextstep(["teams-package", "--app-id", APP_ID, "--out", str(out), "--version", "two"]) == 2
    assert "is not MAJOR.MINOR.PATCH" in capsys.readouterr().err


def test_the_manifest_validates_against_the_official_schema_of_its_version() -> None:
    import jsonschema

    from adapters.teams.package import manifest_for

    manifest = manifest_for(APP_ID, domains=("nextstep.example.com",), version="1.0.0")
    try:
        schema_path = official_schema(manifest["manifestVersion"])
    except SchemaUnavailable as error:
        if os.environ.get("CI"):
            raise  # CI reaches the npm registry: the schema check must run there
        pytest.skip(f"the official {SCHEMA_NAME} could not be had: {error}")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert manifest["manifestVersion"] == schema["properties"]["manifestVersion"]["const"]
    assert manifest["$schema"].endswith(f"/v{manifest['manifestVersion']}/{SCHEMA_NAME}")
    errors = [
        f"{list(e.path)}: {e.message}" for e in jsonschema.Draft4Validator(schema).iter_errors(manifest)
    ]
    assert errors == []
