"""`nextstep crm`: connect a workspace to its CRM, create our fields, sync now, and say how it stands.

nextstep crm connect hubspot|salesforce [--workspace ID]
nextstep crm setup                       create the owner / due date / id fields in the CRM
nextstep crm sync [--dry-run] [--workspace ID]
nextstep crm status [--workspace ID]
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from adapters.crm.config import SYSTEMS, CrmConfigError, CrmSettings
from assistant.crm.port import CrmError
from assistant.crm.stages import StageMapError
from assistant.crm.sync import LABELS, CrmSync
from assistant.ports import SystemClock
from storage.db import Database
from storage.models import Workspace
from storage.repositories_crm import CrmLinks


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="nextstep crm", description="Keep your CRM and Nextstep in step.")
    commands = top.add_subparsers(dest="command", required=True)
    connect = commands.add_parser("connect", help="check the CRM's credentials and connect a workspace")
    connect.add_argument("system", choices=SYSTEMS)
    commands.add_parser("setup", help="create Nextstep's owner, due date and id fields in the CRM")
    sync = commands.add_parser("sync", help="import from and write to the CRM now")
    sync.add_argument("--dry-run", action="store_true", help="say what would be imported and written")
    commands.add_parser("status", help="the connection, the last sync and any failed writes")
    for sub in (connect, sync, commands.choices["status"]):
        sub.add_argument("--workspace", help="the workspace's platform id (default: the only one)")
    return top


def _workspace(db: Database, wanted: str | None) -> tuple[int, str]:
    with db.unit_of_work() as session:
        rows = list(session.query(Workspace).order_by(Workspace.id))
        if wanted:
            rows = [w for w in rows if wanted in {w.external_id, str(w.id)}]
        if len(rows) != 1:
            if not rows:
                raise CrmError("no such workspace yet: start Nextstep in your chat platform first")
            names = ", ".join(f"{w.platform}:{w.external_id}" for w in rows)
            raise CrmError(f"several workspaces ({names}): choose one with --workspace")
        return rows[0].id, rows[0].name or rows[0].external_id


def main(argv: list[str], out: TextIO = sys.stdout) -> int:
    args = parser().parse_args(argv)
    try:
        settings = CrmSettings.from_env(os.environ)
        db = Database.from_url(os.environ.get("DATABASE_URL") or None)
        if args.command == "setup":
            made = settings.connector().setup()
            print("created: " + ", ".join(made) if made else "the fields were already there", file=out)
            return 0
        workspace_id, workspace_name = _workspace(db, args.workspace)
        if args.command == "status":
            return _status(db, workspace_id, workspace_name, out)
        system = args.system if args.command == "connect" else None
        if system is None:
            with db.unit_of_work() as session:
                connection = CrmLinks(session, workspace_id).connection()
                system = connection.system if connection else settings.system
        connector = settings.connector(system)
        sync = CrmSync(db, connector, settings.stages(connector.system), SystemClock())
        if args.command == "connect":
            reached = sync.connect(workspace_id)
            print(f"{workspace_name} is connected to {reached}. Run `nextstep crm sync` to import.", file=out)
            return 0
        report = sync.run(workspace_id, dry_run=args.dry_run)
        for line in report.lines():
            print(line, file=out)
        return 1 if report.failed else 0
    except (CrmConfigError, StageMapError) as error:
        print(f"nextstep crm: {error}", file=sys.stderr)
        return 2
    except CrmError as error:
        print(f"nextstep crm: {error}", file=sys.stderr)
        return 1


def _status(db: Database, workspace_id: int, workspace_name: str, out: TextIO) -> int:
    with db.unit_of_work() as session:
        links = CrmLinks(session, workspace_id)
        connection = links.connection()
        if connection is None:
            print(f"{workspace_name}: no CRM connected (nextstep crm connect hubspot|salesforce)", file=out)
            return 0
        linked, failed, unlinked = links.counts()
        label = LABELS.get(connection.system, connection.system)

        def when(value: object) -> str:
            return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else "never"

        print(f"{workspace_name}: connected to {label} since {when(connection.connected_at)}", file=out)
        print(
            f"last import: {when(connection.last_import_at)}; last write: {when(connection.last_write_at)}",
            file=out,
        )
        print(f"deals linked to {label}: {linked}; not yet in {label}: {unlinked}", file=out)
        if connection.last_error:
            print(f"last error: {connection.last_error}", file=out)
        print(f"failed writes (retried on every sync): {failed}", file=out)
        for name, error in links.failures():
            print(f"  {name}: {error}", file=out)
        return 1 if failed else 0
