"""Slack Web API clients: pointed at SLACK_API_URL, retrying 429s, one bot token per workspace."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

SLACK_API_URL = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 3


def api_url(configured: str | None) -> str:
    """The Web API base URL, always ending in "/" as slack_sdk joins method names onto it."""
    url = configured or SLACK_API_URL
    return url if url.endswith("/") else url + "/"


def make_client(base_url: str | None, token: str | None = None) -> AsyncWebClient:
    """A client that waits out `Retry-After` on 429 and retries a dropped connection once."""
    return AsyncWebClient(
        token=token,
        base_url=api_url(base_url),
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


class MissingInstallation(LookupError):
    """No bot token is known for a workspace (the app was never installed there)."""


class WorkspaceClients:
    """The client for a workspace: the single bot token, or the one its OAuth install stored."""

    def __init__(
        self, base_url: str | None, default: AsyncWebClient, store: AsyncInstallationStore | None
    ) -> None:
        self._base_url = base_url
        self._default = default
        self._store = store
        self._by_token: dict[str, AsyncWebClient] = {}

    async def for_team(self, team_id: str) -> AsyncWebClient:
        if self._store is None:
            return self._default
        bot = await self._store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise MissingInstallation(f"Nextstep is not installed in Slack workspace {team_id}")
        token = str(bot.bot_token)
        if token not in self._by_token:
            self._by_token[token] = make_client(self._base_url, token)
        return self._by_token[token]
