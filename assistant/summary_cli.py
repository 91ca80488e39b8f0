"""`nextstep summary --channel ID [--workspace ID] [--platform slack|teams|console] --dry-run`.

Prints, as plain text, the weekly summary that channel would get if it were sent now.
Nothing is sent and nothing is recorded in the deliveries ledger.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from assistant.summary import build_summary
from storage import schedule_queries as q
from storage.db import Database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nextstep summary", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--channel", required=True, help="the channel's platform id (e.g. C0123, 19:...@thread)"
    )
    parser.add_argument("--workspace", help="the workspace's platform id (Slack team id, Teams tenant id)")
    parser.add_argument("--platform", choices=("slack", "teams", "console"))
    parser.add_argument(
        "--dry-run", action="store_true", help="print the summary (the only mode: nothing is sent)"
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL, else ./nextstep.db")
    return parser


def main(argv: list[str] | None = None, *, now: datetime | None = None) -> int:
    """Print the summary; 0 on success, 1 when the channel is unknown or ambiguous, 2 on bad arguments."""
    args = _parser().parse_args(argv)
    url = args.database_url
    if url is None:
        from assistant.settings import Settings

        url = Settings.from_env().database_url
    db = Database.from_url(url)
    try:
        return _print_summary(db, args, now or datetime.now(UTC))
    except SQLAlchemyError as exc:
        print(
            f"nextstep summary: cannot read the database ({exc.__class__.__name__}). "
            "Is it migrated? Try: nextstep migrate",
            file=sys.stderr,
        )
        return 1
    finally:
        db.engine.dispose()


def _print_summary(db: Database, args: argparse.Namespace, now: datetime) -> int:
    with db.unit_of_work() as session:
        found = q.find_channel(session, args.channel, args.workspace, args.platform)
        if not found:
            known = [
                f"{ws.platform}/{ws.external_id} {ch.external_id}" + (f" (#{ch.name})" if ch.name else "")
                for ch, ws in q.deals_channels(session)
            ][:10]
            hint = (
                ("Known deals channels: " + ", ".join(known)) if known else "No deals channel is known yet."
            )
            print(f"nextstep summary: no channel {args.channel!r} is known here. {hint}", file=sys.stderr)
            return 1
        if len(found) > 1:
            where = ", ".join(f"{ws.platform}/{ws.external_id}" for _, ws in found)
            print(
                f"nextstep summary: channel {args.channel!r} exists in several workspaces ({where}); "
                "add --workspace ID (and --platform).",
                file=sys.stderr,
            )
            return 1
        channel, workspace = found[0]
        reply = build_summary(session, workspace, channel, now)
        is_deals_channel = channel.is_deals_channel
        session.rollback()  # a preview changes nothing
    print(reply.text)
    if not is_deals_channel:
        print("\n(note: this channel is not a deals channel, so it does not get this summary)")
    print("\n(dry run: nothing was sent)" if args.dry_run else "\n(preview only: nothing was sent)")
    return 0
