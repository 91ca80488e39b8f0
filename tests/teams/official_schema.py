"""The official Teams app manifest schema, for the package test.

Microsoft publishes the schemas (OfficeDev/microsoft-teams-app-schema) in the npm package
`@microsoft/app-manifest` (build/json-schemas/teams/v<version>/MicrosoftTeams.schema.json). The tests
take it from the npm registry like any other pinned package: one tarball at a pinned version, checked
against its pinned sha512 integrity before anything is read from it, cached under `.cache/` (not in
git). `NEXTSTEP_TEAMS_SCHEMA` points at a schema file instead (a machine without the registry).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from pathlib import Path

PACKAGE_URL = "https://registry.npmjs.org/@microsoft/app-manifest/-/app-manifest-1.1.2.tgz"
PACKAGE_INTEGRITY = (
    "sha512-uXdmYzhIcchi3Tc9Sh3pTDMe55zy7ge19bnYCGB1gzuyha85Ii7wfdTruwEhqseaX9pwsWDRB5Ot/ltv0rCONw=="
)
SCHEMA_NAME = "MicrosoftTeams.schema.json"
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "teams-schema" / "app-manifest-1.1.2"


class SchemaUnavailable(Exception):
    """The schema could not be had (no registry, a tarball that is not the pinned one)."""


def official_schema(manifest_version: str) -> Path:
    """The schema file for `manifest_version` ("1.30"): from NEXTSTEP_TEAMS_SCHEMA, the cache, or the
    registry (then cached)."""
    override = os.environ.get("NEXTSTEP_TEAMS_SCHEMA", "")
    if override:
        return Path(override)
    cached = CACHE / f"v{manifest_version}" / SCHEMA_NAME
    if not cached.is_file():
        _unpack(_download(), manifest_version, cached)
    return cached


def _download() -> bytes:
    try:
        with urllib.request.urlopen(PACKAGE_URL, timeout=30) as response:
            tarball: bytes = response.read()
    except OSError as error:
        raise SchemaUnavailable(f"the npm registry did not answer ({error})") from error
    algorithm, _, expected = PACKAGE_INTEGRITY.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if actual != expected:
        raise SchemaUnavailable(f"{PACKAGE_URL} is not the pinned tarball ({algorithm} differs)")
    return tarball


def _unpack(tarball: bytes, manifest_version: str, target: Path) -> None:
    member = f"package/build/json-schemas/teams/v{manifest_version}/{SCHEMA_NAME}"
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        try:
            extracted = archive.extractfile(member)
        except KeyError as error:
            raise SchemaUnavailable(f"the package has no schema for manifest v{manifest_version}") from error
        if extracted is None:
            raise SchemaUnavailable(f"{member} is not a file in the package")
        content = extracted.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(content)
    partial.replace(target)
