"""Configuration from the environment (a `.env` file in the working directory is read too)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None = None
    port: int = 3000
    host: str = "0.0.0.0"
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_api_url: str | None = None
    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_tenant_id: str | None = None
    microsoft_app_type: str = "MultiTenant"
    teams_local: bool = False
    scheduler_enabled: bool = True
    missed_run_grace_hours: float = 12.0

    @property
    def slack_configured(self) -> bool:
        single = bool(self.slack_bot_token and self.slack_signing_secret)
        oauth = bool(self.slack_client_id and self.slack_client_secret and self.slack_signing_secret)
        socket = bool(self.slack_app_token and self.slack_bot_token)
        return single or oauth or socket

    @property
    def teams_configured(self) -> bool:
        return bool(self.microsoft_app_id) or self.teams_local

    @property
    def any_platform(self) -> bool:
        return self.slack_configured or self.teams_configured

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Read the environment; with `dotenv`, a `.env` file fills what the environment lacks."""
        if env is None:
            if dotenv:
                from dotenv import find_dotenv, load_dotenv

                load_dotenv(find_dotenv(usecwd=True), override=False)
            env = os.environ

        def get(name: str) -> str | None:
            value = env.get(name)
            return value.strip() if value and value.strip() else None

        return cls(
            database_url=get("DATABASE_URL"),
            port=int(get("PORT") or 3000),
            host=get("HOST") or "0.0.0.0",
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_client_id=get("SLACK_CLIENT_ID"),
            slack_client_secret=get("SLACK_CLIENT_SECRET"),
            slack_api_url=get("SLACK_API_URL"),
            microsoft_app_id=get("MICROSOFT_APP_ID"),
            microsoft_app_password=get("MICROSOFT_APP_PASSWORD"),
            microsoft_app_tenant_id=get("MICROSOFT_APP_TENANT_ID"),
            microsoft_app_type=get("MICROSOFT_APP_TYPE") or "MultiTenant",
            teams_local=_flag(get("NEXTSTEP_TEAMS_LOCAL")),
            scheduler_enabled=not _flag(get("NEXTSTEP_NO_SCHEDULER")),
            missed_run_grace_hours=float(get("NEXTSTEP_MISSED_RUN_GRACE_HOURS") or 12),
        )
