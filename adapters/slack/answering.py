"""How the core's replies reach a Slack conversation: in the thread, to one person, or in place.

Replies are planned as `Send`s (a Web API method or a response_url, and its arguments) that
the outbox keeps and sends; only the notices that say the database is out of reach, which
cannot wait in the database, are sent directly (`post`, `ephemeral`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.render import message_payload
from assistant.messages import Reply

# Said when something failed before anything was stored: the person may say it again.
APOLOGY = (
    "Sorry, something went wrong on my side and I couldn't handle that, so nothing was recorded. "
    "Please send it again in a minute."
)
# Said while the database is out of reach: the delivery is kept and applied when it is back.
DATABASE_DOWN = "I can't reach the pipeline right now; I'll record this as soon as I can."

Send = tuple[str, dict[str, Any]]  # (Web API method or "response_url", arguments)


@dataclass(frozen=True, slots=True)
class Where:
    """Where a reply goes: a channel and the thread inside it."""

    team_id: str
    channel_id: str
    thread_ts: str | None


def post_send(where: Where, reply: Reply) -> Send:
    """A reply everyone in the conversation sees, in its thread."""
    return "chat.postMessage", {
        "channel": where.channel_id,
        "thread_ts": where.thread_ts,
        **message_payload(reply),
    }


def ephemeral_send(where: Where, user_id: str, reply: Reply, response_url: str | None) -> Send | None:
    """A reply only `user_id` sees (through the response_url when Slack gave us one)."""
    payload = message_payload(reply)
    if response_url:
        return "response_url", {
            "url": response_url,
            "response_type": "ephemeral",
            "replace_original": False,
            **payload,
        }
    if where.channel_id:
        return "chat.postEphemeral", {
            "channel": where.channel_id,
            "user": user_id,
            "thread_ts": where.thread_ts,
            **payload,
        }
    return None


def button_sends(
    where: Where,
    user_id: str,
    message_ts: str | None,
    replies: Sequence[Reply],
    response_url: str | None,
) -> list[Send]:
    """The replies to a button press.

    A corrected confirmation (or the answer to "which deal?") takes the place of the
    message whose button was pressed; anything else goes into the thread. Buttons on an
    ephemeral message (only its viewer sees it) are answered through its response_url.
    """
    sends: list[Send] = []
    for index, reply in enumerate(replies):
        replaces = index == 0 and reply.kind == "confirmation"
        if response_url:
            sends.append(
                (
                    "response_url",
                    {
                        "url": response_url,
                        "response_type": "ephemeral",
                        "replace_original": replaces,
                        **message_payload(reply),
                    },
                )
            )
        elif reply.kind == "error":
            send = ephemeral_send(where, user_id, reply, None)
            sends.extend([send] if send else [])
        elif replaces and message_ts and where.channel_id:
            sends.append(
                ("chat.update", {"channel": where.channel_id, "ts": message_ts, **message_payload(reply)})
            )
        else:
            sends.append(post_send(where, reply))
    return sends


async def send_now(client: AsyncWebClient, send: Send) -> None:
    """One send straight to Slack, not through the outbox (for the database-down notice)."""
    method, payload = send
    arguments = dict(payload)
    if method == "response_url":
        await AsyncWebhookClient(str(arguments.pop("url"))).send_dict(arguments)
        return
    await getattr(client, method.replace(".", "_"))(**arguments)
