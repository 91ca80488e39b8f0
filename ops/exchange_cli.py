"""`nextstep export`, `nextstep import` and `nextstep forget`: the pipeline in and out, a person forgotten."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ops.exchange import ExchangeError, forget_person, read_rows, run_import, write_export
from storage.db import Database
from storage.models import Workspace
from storage.repositories import Directory


def _database(url: str | None) -> Database:
    if url is None:
        from ops.config import load_settings

        url = load_settings().database_url
    return Database.from_url(url)


def _fail(command: str, message: str, code: int = 1) -> int:
    print(f"nextstep {command}: {message}", file=sys.stderr)
    return code


def _db_trouble(command: str, exc: SQLAlchemyError) -> int:
    from storage.migrate import _reason

    return _fail(command, f"cannot use the database: {_reason(exc)} (is it migrated? nextstep migrate)")


def export(argv: list[str], *, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nextstep export",
        description="Write the pipeline: every deal with every field (CSV, one row a deal), or each deal "
        "with its updates word for word (JSON lines). --updates writes the update log as CSV.",
    )
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    parser.add_argument("--workspace", help="only this workspace (its Slack team id / Teams tenant id)")
    parser.add_argument("--updates", action="store_true", help="CSV: one row per update instead of per deal")
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    parser.add_argument("--database-url", help="default: DATABASE_URL, else ./nextstep.db")
    args = parser.parse_args(argv)
    db = _database(args.database_url)
    try:
        with ExitStack() as stack, db.unit_of_work() as session:
            out = stdout or sys.stdout
            if args.out is not None:
                out = stack.enter_context(args.out.open("w", encoding="utf-8", newline=""))
            count = write_export(session, out, args.format, workspace=args.workspace, updates=args.updates)
    except ExchangeError as error:
        return _fail("export", str(error))
    except SQLAlchemyError as exc:
        return _db_trouble("export", exc)
    what = "updates" if args.updates and args.format == "csv" else "deals"
    print(f"Exported {count} {what}" + (f" to {args.out}" if args.out else "") + ".", file=sys.stderr)
    return 0


def import_(argv: list[str], *, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nextstep import",
        description="Read deals from a CSV (a CRM's export). Columns are matched by their header: name, "
        "rep (e-mail or name), stage, amount, currency, next step, owner (us / prospect), due. "
        "A deal that already says what its row says is left alone: importing twice changes nothing.",
    )
    parser.add_argument("file", type=Path, help="the CSV file")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be created or changed, change nothing"
    )
    parser.add_argument("--workspace", help="the workspace to import into (needed when there are several)")
    parser.add_argument(
        "--platform", choices=("slack", "teams", "console"), help="with --workspace: create it if it is new"
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL, else ./nextstep.db")
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    try:
        with args.file.open(encoding="utf-8-sig", newline="") as source:
            columns, rows = read_rows(source)
    except OSError as error:
        return _fail("import", f"cannot read {args.file}: {error.strerror or error}")
    except (ExchangeError, UnicodeDecodeError) as error:
        return _fail("import", f"{args.file}: {error}")
    db = _database(args.database_url)
    now = datetime.now(UTC)
    try:
        with db.unit_of_work() as session:
            workspace = _target_workspace(session, args.workspace, args.platform, now)
            result = run_import(
                session, workspace, columns, rows, now=now, source_name=args.file.name, dry_run=args.dry_run
            )
    except ExchangeError as error:
        return _fail("import", str(error))
    except SQLAlchemyError as exc:
        return _db_trouble("import", exc)
    for plan in result.plans:
        if plan.action != "unchanged" or plan.notes:
            out.write(plan.describe() + "\n")
    out.write(("Dry run: " if args.dry_run else "") + result.summary(args.dry_run) + ".\n")
    return 0


def _target_workspace(
    session: Session, external_id: str | None, platform: str | None, now: datetime
) -> Workspace:
    query = select(Workspace).order_by(Workspace.id)
    if external_id:
        query = query.where(Workspace.external_id == external_id)
    if platform:
        query = query.where(Workspace.platform == platform)
    found = list(session.scalars(query))
    if len(found) == 1:
        return found[0]
    if not found and external_id and platform:
        return Directory(session).workspace(platform, external_id, now=now)
    if not found:
        raise ExchangeError(
            "no workspace yet: talk to Nextstep once in Slack or Teams, or pass --platform and --workspace"
            if not external_id
            else f"no workspace {external_id!r}: add --platform slack|teams to create it"
        )
    names = ", ".join(f"{w.platform}:{w.external_id}" for w in found)
    raise ExchangeError(f"several workspaces ({names}): pick one with --workspace")


def forget(argv: list[str], *, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nextstep forget",
        description="Erase a person's messages: their words in every deal's history become “removed”. "
        "The pipeline keeps what their updates changed (next steps, stages, dates).",
    )
    parser.add_argument("--person", required=True, help="their platform id (Slack U…, Teams 29:…)")
    parser.add_argument("--workspace", help="only in this workspace")
    parser.add_argument("--database-url", help="default: DATABASE_URL, else ./nextstep.db")
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    db = _database(args.database_url)
    try:
        with db.unit_of_work() as session:
            results = forget_person(session, args.person, args.workspace)
    except ExchangeError as error:
        return _fail("forget", str(error))
    except SQLAlchemyError as exc:
        return _db_trouble("forget", exc)
    for item in results:
        out.write(
            f"Forgot {item.person} in {item.workspace}: {item.updates} messages and "
            f"{item.pending} open questions now read “removed”.\n"
        )
    return 0
