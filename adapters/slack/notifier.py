"""Proactive messages (weekly summary, reminders, resurfaced deals) sent to Slack."""

from __future__ import annotations

from adapters.slack.clients import WorkspaceClients
from adapters.slack.render import message_payload
from assistant.messages import Outbound, Platform


class SlackNotifier:
    """Posts an Outbound to a channel, or to a person's DM (opened with conversations.open).

    Errors propagate, so the scheduler can record the delivery as failed and try later.
    """

    platform: Platform = "slack"

    def __init__(self, clients: WorkspaceClients) -> None:
        self._clients = clients

    async def send(self, outbound: Outbound) -> None:
        client = await self._clients.for_team(outbound.workspace_id)
        channel = outbound.target.id
        if outbound.target.kind == "person":
            opened = await client.conversations_open(users=outbound.target.id)
            channel = opened["channel"]["id"]
        await client.chat_postMessage(
            channel=channel, thread_ts=outbound.target.thread, **message_payload(outbound.reply)
        )
