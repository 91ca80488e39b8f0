"""Configuration that fails loudly: the environment is checked before anything starts.

A setting that cannot work (PORT=abc, only half of Slack's settings, an unknown
MICROSOFT_APP_TYPE, a DATABASE_URL that does not parse) stops the start with one line
naming the setting; `nextstep` then exits with code 2 and no traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from assistant.settings import Settings

APP_TYPES = {
    "multitenant": "MultiTenant",
    "singletenant": "SingleTenant",
    "userassignedmsi": "UserAssignedMSI",
}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
SLACK_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
)
EXIT_CONFIG = 2


class ConfigError(Exception):
    """A setting that cannot work, said in one line that names it."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting


def read_environment(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Mapping[str, str]:
    """The environment, with a `.env` file in the working directory filling what it lacks."""
    if env is not None:
        return env
    if dotenv:
        from dotenv import find_dotenv, load_dotenv

        load_dotenv(find_dotenv(usecwd=True), override=False)
    return os.environ


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """The checked settings; raises ConfigError naming the first setting that cannot work."""
    env = read_environment(env, dotenv=dotenv)
    check(env)
    return Settings.from_env(env, dotenv=False)


def _check_crm(env: Mapping[str, str]) -> None:
    """NEXTSTEP_CRM's connector can be built: its credentials are all there, its stage map reads."""
    from adapters.crm.config import CrmConfigError, CrmSettings
    from assistant.crm.stages import StageMapError

    try:
        crm = CrmSettings.from_env(env)
        if crm.system is not None:
            crm.connector()
    except (CrmConfigError, StageMapError) as error:
        setting, _, problem = str(error).partition(" ")
        raise ConfigError(setting.rstrip(":"), problem.lstrip(": ")) from error


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    return value.strip() if value and value.strip() else None


def check(env: Mapping[str, str]) -> None:
    """Every check that needs no network: numbers, choices, complete platform settings, URL syntax."""
    _check_crm(env)
    port = _get(env, "PORT")
    if port is not None and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise ConfigError("PORT", f"{port!r} is not a port number (1-65535)")
    grace = _get(env, "NEXTSTEP_MISSED_RUN_GRACE_HOURS")
    if grace is not None:
        try:
            if float(grace) < 0:
                raise ValueError
        except ValueError:
            raise ConfigError(
                "NEXTSTEP_MISSED_RUN_GRACE_HOURS", f"{grace!r} is not a number of hours"
            ) from None
    budget = _get(env, "NEXTSTEP_DEAL_INDEX_MB")
    if budget is not None:
        try:
            if float(budget) <= 0:
                raise ValueError
        except ValueError:
            raise ConfigError(
                "NEXTSTEP_DEAL_INDEX_MB", f"{budget!r} is not a number of megabytes (e.g. 192)"
            ) from None
    level = _get(env, "LOG_LEVEL")
    if level is not None and level.upper() not in LOG_LEVELS:
        raise ConfigError("LOG_LEVEL", f"{level!r} is not one of {', '.join(LOG_LEVELS)}")
    fmt = _get(env, "LOG_FORMAT")
    if fmt is not None and fmt.lower() not in LOG_FORMATS:
        raise ConfigError("LOG_FORMAT", f"{fmt!r} is not one of {', '.join(LOG_FORMATS)}")
    _check_database_url(_get(env, "DATABASE_URL"))
    _check_slack(env)
    _check_teams(env)


def _check_database_url(url: str | None) -> None:
    if url is None:
        return
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from storage.db import database_url

    try:
        parsed = make_url(database_url({"DATABASE_URL": url}))
        parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):
        raise ConfigError(
            "DATABASE_URL",
            "does not parse as a database URL (sqlite:///path/to/file.db or postgresql://user:pass@host/db)",
        ) from None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(
            "DATABASE_URL", f"{parsed.get_backend_name()} is not supported: use PostgreSQL or SQLite"
        )


def _check_slack(env: Mapping[str, str]) -> None:
    present = {name for name in SLACK_VARIABLES if _get(env, name)}
    if not present:
        return
    app_token = _get(env, "SLACK_APP_TOKEN")
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN", "is not an app-level token (xapp-...): see README, Socket Mode")
    bot_token = _get(env, "SLACK_BOT_TOKEN")
    if bot_token is not None and bot_token.startswith("xapp-"):
        raise ConfigError("SLACK_BOT_TOKEN", "holds an app-level token (xapp-...); the bot token is xoxb-...")
    if {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"} & present:
        for needed in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"):
            if needed not in present:
                raise ConfigError(needed, "is missing: installing from several workspaces (OAuth) needs it")
        return
    if "SLACK_APP_TOKEN" in present:
        if "SLACK_BOT_TOKEN" not in present:
            raise ConfigError("SLACK_BOT_TOKEN", "is missing: Socket Mode (SLACK_APP_TOKEN) needs it too")
        return
    if "SLACK_BOT_TOKEN" not in present:
        raise ConfigError(
            "SLACK_BOT_TOKEN",
            "is missing: SLACK_SIGNING_SECRET alone does not serve Slack (see README, Slack)",
        )
    if "SLACK_SIGNING_SECRET" not in present:
        raise ConfigError(
            "SLACK_SIGNING_SECRET",
            "is missing: with SLACK_BOT_TOKEN, set it (HTTP) or SLACK_APP_TOKEN (Socket Mode)",
        )


def _check_teams(env: Mapping[str, str]) -> None:
    raw_type = _get(env, "MICROSOFT_APP_TYPE") or "MultiTenant"
    app_type = APP_TYPES.get(raw_type.lower())
    if app_type is None:
        raise ConfigError("MICROSOFT_APP_TYPE", f"{raw_type!r} is not one of {', '.join(APP_TYPES.values())}")
    local = (_get(env, "NEXTSTEP_TEAMS_LOCAL") or "").lower() in {"1", "true", "yes", "on"}
    app_id, password = _get(env, "MICROSOFT_APP_ID"), _get(env, "MICROSOFT_APP_PASSWORD")
    tenant = _get(env, "MICROSOFT_APP_TENANT_ID")
    if local:
        return
    if app_id is None:
        for setting in ("MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID"):
            if _get(env, setting):
                raise ConfigError("MICROSOFT_APP_ID", f"is missing: {setting} is set without it")
        return
    if app_type != "UserAssignedMSI" and password is None:
        raise ConfigError("MICROSOFT_APP_PASSWORD", f"is missing: MICROSOFT_APP_TYPE={app_type} needs it")
    if app_type != "MultiTenant" and tenant is None:
        raise ConfigError("MICROSOFT_APP_TENANT_ID", f"is missing: MICROSOFT_APP_TYPE={app_type} needs it")


def check_database_reachable(url: str | None, timeout: float = 5.0) -> None:
    """Connect once (SELECT 1); ConfigError naming DATABASE_URL when the database does not answer."""
    from sqlalchemy import create_engine, pool
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import database_url, ping
    from storage.migrate import _ensure_sqlite_dir, _reason, safe_url

    resolved = database_url({"DATABASE_URL": url} if url else None)
    connect_args: dict[str, object] = {}
    if resolved.startswith("postgresql"):
        connect_args["connect_timeout"] = max(1, int(timeout))
    try:
        _ensure_sqlite_dir(resolved)
        engine = create_engine(resolved, poolclass=pool.NullPool, connect_args=connect_args)
        try:
            ping(engine)
        finally:
            engine.dispose()
    except (SQLAlchemyError, OSError) as exc:
        logging.getLogger(__name__).debug("database check failed", exc_info=True)
        raise ConfigError("DATABASE_URL", f"cannot reach {safe_url(resolved)}: {_reason(exc)}") from None
