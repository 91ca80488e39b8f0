"""`nextstep teams-package`: the Teams app package (manifest + icons in a zip) for upload.

The app id comes from `--app-id` or MICROSOFT_APP_ID (the Azure Bot's Microsoft App ID);
it fills both the app's id and the bot's id in adapters/teams/manifest.json (package data,
so this works from an installed wheel as well as from a checkout).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import uuid
import zipfile
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

TEAMS_DIR = Path(str(files("adapters.teams")))
PLACEHOLDER = "{{MICROSOFT_APP_ID}}"
ICONS = ("color.png", "outline.png")


class PackageError(Exception):
    """Why the package cannot be built, in words for the person running the command."""


def app_id_from(cli_value: str | None, env: Mapping[str, str]) -> str:
    """The app id to put in the manifest: --app-id first, then MICROSOFT_APP_ID."""
    app_id = (cli_value or env.get("MICROSOFT_APP_ID") or "").strip()
    if not app_id:
        raise PackageError(
            "no app id: pass --app-id <Microsoft App ID> or set MICROSOFT_APP_ID "
            "(Azure portal > your Azure Bot > Configuration)"
        )
    try:
        uuid.UUID(app_id)
    except ValueError:
        raise PackageError(f"app id {app_id!r} is not a GUID (8-4-4-4-12 hex digits)") from None
    return app_id


SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def manifest_for(
    app_id: str, *, source: Path = TEAMS_DIR, domains: tuple[str, ...] = (), version: str | None = None
) -> dict[str, Any]:
    """The Teams manifest with the app id filled in, `domains` added to validDomains and `version` set.

    Teams only takes an upload whose version is higher than the installed one's: raise it
    (`--version 1.0.1`) whenever the manifest changes.
    """
    text = (source / "manifest.json").read_text(encoding="utf-8")
    manifest: dict[str, Any] = json.loads(text.replace(PLACEHOLDER, app_id))
    if version is not None:
        if not SEMVER.match(version):
            raise PackageError(f"version {version!r} is not MAJOR.MINOR.PATCH (e.g. 1.0.1)")
        manifest["version"] = version
    valid = manifest.setdefault("validDomains", [])
    for domain in domains:
        if domain not in valid:
            valid.append(domain)
    return manifest


def build_package(
    app_id: str,
    out: Path,
    *,
    source: Path = TEAMS_DIR,
    domains: tuple[str, ...] = (),
    version: str | None = None,
) -> Path:
    """Write the zip Teams expects: manifest.json and both icons at its root."""
    manifest = manifest_for(app_id, source=source, domains=domains, version=version)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for icon in ICONS:
            package.write(source / icon, arcname=icon)
    return out


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nextstep teams-package", description=__doc__)
    parser.add_argument("--app-id", help="the bot's Microsoft App ID (default: MICROSOFT_APP_ID)")
    parser.add_argument("--out", type=Path, default=Path("nextstep-teams.zip"), help="where to write the zip")
    parser.add_argument(
        "--domain", action="append", default=[], help="a domain to add to validDomains (repeatable)"
    )
    parser.add_argument(
        "--version", dest="app_version", help="the app's version, MAJOR.MINOR.PATCH (default: the manifest's)"
    )
    args = parser.parse_args(argv)
    if env is None:
        from dotenv import load_dotenv

        load_dotenv(override=False)
        env = os.environ
    try:
        app_id = app_id_from(args.app_id, env)
        out = build_package(app_id, args.out, domains=tuple(args.domain), version=args.app_version)
    except PackageError as error:
        print(f"nextstep teams-package: {error}", file=sys.stderr)
        return 2
    version = manifest_for(app_id, version=args.app_version)["version"]
    print(
        f"Wrote {out} (app id {app_id}, version {version}). "
        "Upload it in Teams: Apps > Manage your apps > Upload an app."
    )
    return 0
