"""Nextstep's one wiring place: settings -> engine -> parser -> assistant -> adapters -> scheduler -> server.

`nextstep <command> --help` says what each command takes; `nextstep` alone is `nextstep run`.
Every command module is imported only when used, so `nextstep --help` is instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    from assistant.ports import Clock
    from assistant.services import Services
    from assistant.settings import Settings

# name -> (one line for `nextstep --help`, the module:function that takes the remaining arguments)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("serve Slack / Teams when configured, else open the console playground", "app:run"),
    "migrate": ("bring the database schema up to date", "storage.migrate:main"),
    "parse": ("read JSON lines, print what each message means", "nlp.cli:main"),
    "summary": ("print the weekly summary a channel would get now", "assistant.summary_cli:main"),
    "teams-package": ("build the Teams app package zip", "adapters.teams.package:main"),
    "export": (
        "write the pipeline (deals and their updates) as CSV or JSON lines",
        "ops.exchange_cli:export",
    ),
    "import": ("read deals from a CSV (a CRM's export)", "ops.exchange_cli:import_"),
    "forget": ("erase a person's messages (kept as “removed”)", "ops.exchange_cli:forget"),
    "crm": ("connect HubSpot or Salesforce, sync now, say how it stands", "adapters.crm.cli:main"),
}


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("nextstep")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nextstep",
        description="Nextstep, the chat-first deal assistant.",
        epilog="`nextstep COMMAND --help` for a command's options. Without a command: `nextstep run`.",
    )
    parser.add_argument("--version", action="version", version=f"nextstep {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (summary, _target) in COMMANDS.items():
        # Each command parses its own options (and its own --help).
        commands.add_parser(name, help=summary, add_help=False)
    commands.add_parser("help", help="this help")
    return parser


def _load(target: str) -> Callable[[list[str]], int]:
    import importlib

    module_name, _, function = target.partition(":")
    if module_name == "app":
        return globals()[function]  # type: ignore[no-any-return]
    return getattr(importlib.import_module(module_name), function)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    """Dispatch `nextstep <command> [options]`; a wrong configuration exits 2 with one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if not args or (args[0].startswith("-") and args[0] not in {"-h", "--help", "--version"}):
        args = ["run", *args]  # `nextstep`, `nextstep --console`: run, as before
    try:
        namespace, rest = parser.parse_known_args(args[:1])
    except SystemExit as exit_:  # --version, or an unknown command (argparse said which)
        return exit_.code if isinstance(exit_.code, int) else 2
    if namespace.command in (None, "help"):
        parser.print_help()
        return 0
    from sqlalchemy.exc import SQLAlchemyError

    from ops.config import EXIT_CONFIG, ConfigError

    try:
        return _load(COMMANDS[namespace.command][1])(rest + args[1:])
    except SystemExit as exit_:  # a command's --help, or its arguments were wrong (it said so)
        return exit_.code if isinstance(exit_.code, int) else 2
    except ConfigError as error:
        print(f"nextstep {namespace.command}: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except SQLAlchemyError as exc:  # the database refused at start: say why in one line
        from storage.migrate import _reason

        print(f"nextstep {namespace.command}: the database refused: {_reason(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a person never sees a traceback; LOG_LEVEL=DEBUG shows it
        import os
        import traceback

        if os.environ.get("LOG_LEVEL", "").strip().upper() == "DEBUG":
            traceback.print_exc()
        print(
            f"nextstep {namespace.command}: {type(exc).__name__}: {exc} (LOG_LEVEL=DEBUG shows where)",
            file=sys.stderr,
        )
        return 1


def run(args: list[str]) -> int:
    """Serve the configured chat platforms, or open the console playground when none is."""
    parser = argparse.ArgumentParser(
        prog="nextstep run",
        description="Serve Slack and/or Teams on PORT (with /healthz, /readyz, /metrics) when they are "
        "configured; otherwise open the console playground. An embedded SQLite database is created "
        "and migrated on start; PostgreSQL must be migrated first (`nextstep migrate`).",
    )
    parser.add_argument("--console", action="store_true", help="open the console even if a platform is set")
    options = parser.parse_args(args)

    from ops import logs
    from ops.config import load_settings, read_environment

    env = read_environment()
    settings = load_settings(env)
    logs.configure(env.get("LOG_LEVEL"), env.get("LOG_FORMAT"))
    prepare_database(settings.database_url)
    if not settings.any_platform or options.console:
        from adapters.console import run_console

        return run_console(build_services(settings))
    return serve(settings)


def prepare_database(url: str | None) -> None:
    """The database answers and its schema is at head: SQLite is migrated here, PostgreSQL must be."""
    from ops.config import ConfigError, check_database_reachable
    from storage.db import database_url
    from storage.migrate import current_revision, head_revision, safe_url, upgrade

    check_database_reachable(url)
    resolved = database_url({"DATABASE_URL": url} if url else None)
    head = head_revision()  # reads the migration scripts: once
    if resolved.startswith("sqlite"):
        if current_revision(resolved) != head:
            upgrade(resolved)
        return
    current = current_revision(resolved)
    if current != head:
        raise ConfigError(
            "DATABASE_URL",
            f"{safe_url(resolved)} is at schema {current or 'empty'}, this version needs "
            f"{head}: run `nextstep migrate` first",
        )


def build_services(settings: Settings, clock: Clock | None = None) -> Services:
    """The database, parser and assistant, wired once for the whole process."""
    import os
    from datetime import timedelta

    from adapters.crm.config import CrmSettings
    from assistant.crm.schedule import CrmSchedule
    from assistant.crm.sync import CrmSync
    from assistant.services import Services
    from storage.db import Database

    services = Services.build(Database.from_url(settings.database_url), clock=clock)
    crm = CrmSettings.from_env(os.environ)  # checked at start with the other settings (ops/config.py)
    if crm.system is not None:

        def sync_for(system: str) -> CrmSync:
            stages = crm.stages(system)
            return CrmSync(
                services.db, crm.connector(system), stages, services.clock, services.assistant.names
            )

        services.crm = CrmSchedule(services.db, sync_for, timedelta(minutes=crm.sync_minutes))
    return services


def build_web_app(settings: Settings, services: Services) -> web.Application:
    """One aiohttp server for every platform: /slack/*, /api/messages, /healthz, /readyz, /metrics.

    The scheduler starts with the server when `settings.scheduler_enabled`.
    """
    from aiohttp import web

    from ops import health

    web_app = web.Application()
    scheduler = None
    if settings.slack_configured:
        from adapters.slack import mount as mount_slack

        services.notifiers.append(mount_slack(web_app, services, settings))
    if settings.teams_configured:
        from adapters.teams import mount as mount_teams

        teams_notifier = mount_teams(web_app, services, settings)
        if teams_notifier is not None:
            services.notifiers.append(teams_notifier)
    if settings.scheduler_enabled:
        from assistant.scheduler import attach_scheduler

        scheduler = attach_scheduler(web_app, services, settings)

    def is_leader() -> bool:
        if scheduler is None:
            return False
        leadership = scheduler.leadership
        return leadership.holds_lock or not leadership.needs_lock

    health.mount(web_app, services.db, is_leader)
    return web_app


def serve(settings: Settings) -> int:
    """Run the HTTP server until interrupted."""
    from aiohttp import web

    from assistant.deal_names import settle_heap

    services = build_services(settings)
    web_app = build_web_app(settings, services)
    settle_heap()  # what start-up built lives as long as the process: out of the collector's way
    web.run_app(web_app, host=settings.host, port=settings.port, print=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
