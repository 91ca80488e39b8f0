"""How the core's replies reach a Slack conversation: in the thread, to one person, or in place.

Also the apology: a failed delivery is logged with its context and the person is told,
where they are looking, that nothing was lost.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import message_payload
from assistant.messages import Reply
from ops.metrics import count_reply, event_failed

log = logging.getLogger(__name__)

APOLOGY = (
    "Sorry, something went wrong on my side and I couldn't handle that. "
    "Nothing was lost; please try again in a minute."
)

Respond = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Where:
    """Where a reply goes: a channel and the thread inside it."""

    team_id: str
    channel_id: str
    thread_ts: str | None


async def post(client: AsyncWebClient, where: Where, reply: Reply) -> None:
    """A reply everyone in the conversation sees, in its thread."""
    await count_reply(
        "slack",
        client.chat_postMessage(
            channel=where.channel_id, thread_ts=where.thread_ts, **message_payload(reply)
        ),
    )


async def ephemeral(
    client: AsyncWebClient, where: Where, user_id: str, reply: Reply, respond: Respond | None
) -> None:
    """A reply only `user_id` sees (through `respond` when Slack gave us a response_url)."""
    payload = message_payload(reply)
    if respond is not None:
        await count_reply("slack", respond(response_type="ephemeral", replace_original=False, **payload))
    elif where.channel_id:
        await count_reply(
            "slack",
            client.chat_postEphemeral(
                channel=where.channel_id, user=user_id, thread_ts=where.thread_ts, **payload
            ),
        )


async def answer_button(
    client: AsyncWebClient,
    where: Where,
    user_id: str,
    message_ts: str | None,
    replies: Sequence[Reply],
    respond: Respond | None,
) -> None:
    """The replies to a button press.

    A corrected confirmation (or the answer to "which deal?") takes the place of the
    message whose button was pressed; anything else goes into the thread. Buttons on an
    ephemeral message (only its viewer sees it) are answered through its response_url.
    """
    for index, reply in enumerate(replies):
        replaces = index == 0 and reply.kind == "confirmation"
        if respond is not None:
            payload = message_payload(reply)
            await count_reply(
                "slack", respond(response_type="ephemeral", replace_original=replaces, **payload)
            )
        elif reply.kind == "error":
            await ephemeral(client, where, user_id, reply, None)
        elif replaces and message_ts and where.channel_id:
            payload = message_payload(reply)
            await count_reply("slack", client.chat_update(channel=where.channel_id, ts=message_ts, **payload))
        else:
            await post(client, where, reply)


class Apology:
    """`async with Apology(...)`: a failure inside is logged with its context and apologised for."""

    def __init__(
        self,
        client: AsyncWebClient,
        where: Where,
        what: str,
        ts: str | None,
        *,
        user_id: str | None = None,
        respond: Respond | None = None,
    ) -> None:
        self.client, self.where, self.what = client, where, what
        self.ts, self.user_id, self.respond = ts, user_id, respond

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: Any
    ) -> bool:
        if error is None or not isinstance(error, Exception):
            return False
        event_failed()
        log.exception(
            "Slack %s failed: team=%s channel=%s ts=%s user=%s",
            self.what,
            self.where.team_id,
            self.where.channel_id,
            self.ts,
            self.user_id,
            exc_info=error,
        )
        sorry = Reply(text=APOLOGY, kind="error")
        try:
            if self.respond is not None and self.user_id:
                await ephemeral(self.client, self.where, self.user_id, sorry, self.respond)
            elif self.where.channel_id:
                await post(self.client, self.where, sorry)
        except Exception:
            log.exception("could not even apologise in %s", self.where)
        return True
