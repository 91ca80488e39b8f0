"""Installing Nextstep in many workspaces: OAuth v2 with installations kept in our database.

slack_sdk's SQLAlchemy stores are synchronous; bolt's AsyncApp wants async stores, so the
thin wrappers below run them in a worker thread, on the same engine as the pipeline.
Their tables (slack_installations, slack_bots, slack_oauth_states) come with the migrations.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from adapters.slack.scopes import BOT_SCOPES

log = logging.getLogger(__name__)

STATE_EXPIRATION_SECONDS = 600


class DatabaseInstallationStore(AsyncInstallationStore):  # type: ignore[misc]
    """slack_sdk's SQLAlchemyInstallationStore, awaited through a worker thread."""

    def __init__(self, client_id: str, engine: Engine) -> None:
        self.sync = SQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=log)

    @property
    def logger(self) -> logging.Logger:
        return log

    def create_tables(self) -> None:
        """For tests and throwaway databases; production tables come from the migrations."""
        self.sync.create_tables()  # type: ignore[no-untyped-call]

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.sync.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.sync.save_bot, bot)

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        return await asyncio.to_thread(
            self.sync.find_bot,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            self.sync.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.sync.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            self.sync.delete_installation, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


class DatabaseOAuthStateStore(AsyncOAuthStateStore):  # type: ignore[misc]
    """slack_sdk's SQLAlchemyOAuthStateStore (one-time `state` values), awaited through a thread."""

    def __init__(self, engine: Engine, expiration_seconds: int = STATE_EXPIRATION_SECONDS) -> None:
        self.sync = SQLAlchemyOAuthStateStore(
            expiration_seconds=expiration_seconds, engine=engine, logger=log
        )

    @property
    def logger(self) -> logging.Logger:
        return log

    def create_tables(self) -> None:
        self.sync.create_tables()  # type: ignore[no-untyped-call]

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return str(await asyncio.to_thread(self.sync.issue, *args, **kwargs))

    async def async_consume(self, state: str) -> bool:
        return bool(await asyncio.to_thread(self.sync.consume, state))


def oauth_settings(client_id: str, client_secret: str, engine: Engine) -> AsyncOAuthSettings:
    """OAuth v2 at /slack/install and /slack/oauth_redirect, stored in the pipeline's database."""
    settings = AsyncOAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        installation_store=DatabaseInstallationStore(client_id, engine),
        state_store=DatabaseOAuthStateStore(engine),
        logger=log,
    )
    # Authorizing each event costs a store lookup and an auth.test before the ack; remember
    # the auth.test answer per token so the ack stays fast.
    if isinstance(settings.authorize, AsyncInstallationStoreAuthorize):
        settings.authorize.cache_enabled = True
    return settings
