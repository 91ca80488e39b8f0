"""Nextstep's one wiring place: settings -> engine -> parser -> assistant -> adapters -> scheduler -> server.

`nextstep` (or `python app.py`) with a sub-command:
  run        serve Slack / Teams when configured, else open the console playground
  migrate    bring the database schema up to date
  parse      read JSON lines, print what each message means (see nlp/cli.py)
  summary    print the weekly summary a channel would get now
  teams-package  build the Teams app package zip
  crm        connect HubSpot or Salesforce, sync, status (see adapters/crm/cli.py)
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    from assistant.ports import Clock
    from assistant.services import Services
    from assistant.settings import Settings


def main(argv: list[str] | None = None) -> int:
    """Dispatch `nextstep <command>`; every command module is imported only when used."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args and not args[0].startswith("-") else "run"
    if command == "parse":
        from nlp.cli import main as parse_main

        return parse_main(args)
    if command == "migrate":
        from storage.migrate import main as migrate_main

        return migrate_main(args)
    if command == "summary":
        from assistant.summary_cli import main as summary_main

        return summary_main(args)
    if command == "teams-package":
        from adapters.teams.package import main as package_main

        return package_main(args)
    if command == "crm":
        from adapters.crm.cli import main as crm_main

        return crm_main(args)
    if command == "run":
        return run(args)
    if command in {"help", "-h", "--help"}:
        print(__doc__)
        return 0
    print(f"nextstep: unknown command {command!r}. Try: nextstep help", file=sys.stderr)
    return 2


def run(args: list[str]) -> int:
    """Serve the configured chat platforms, or open the console playground when none is."""
    from adapters.crm.config import CrmConfigError
    from assistant.crm.stages import StageMapError
    from assistant.settings import Settings

    settings = Settings.from_env()
    try:
        if not settings.any_platform or "--console" in args:
            from adapters.console import run_console

            return run_console(build_services(settings))
        return serve(settings)
    except (CrmConfigError, StageMapError) as error:
        print(f"nextstep: {error}", file=sys.stderr)
        return 2


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
    crm = CrmSettings.from_env(os.environ)
    if crm.system is not None:
        crm.connector()  # a missing credential stops the start here, with the setting named

        def sync_for(system: str) -> CrmSync:
            connector = crm.connector(system)
            stages = crm.stages(system)
            return CrmSync(services.db, connector, stages, services.clock, services.assistant.names)

        services.crm = CrmSchedule(services.db, sync_for, timedelta(minutes=crm.sync_minutes))
    return services


def build_web_app(settings: Settings, services: Services) -> web.Application:
    """One aiohttp server for every platform: /slack/*, /api/messages, /healthz.

    The scheduler starts with the server when `settings.scheduler_enabled`.
    """
    from aiohttp import web

    web_app = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    web_app.router.add_get("/healthz", healthz)
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

        attach_scheduler(web_app, services, settings)
    return web_app


def serve(settings: Settings) -> int:
    """Run the HTTP server until interrupted."""
    import logging

    from aiohttp import web

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    services = build_services(settings)
    web.run_app(build_web_app(settings, services), host=settings.host, port=settings.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
