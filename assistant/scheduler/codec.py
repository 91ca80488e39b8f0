"""An Outbound or a Reply as JSON and back, so a send that failed can be retried after a restart."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from assistant.messages import Button, Fact, Outbound, Platform, Reply, Section, Target


def outbound_to_json(outbound: Outbound) -> dict[str, Any]:
    return asdict(outbound)


def outbound_from_json(data: dict[str, Any]) -> Outbound:
    return Outbound(
        platform=cast(Platform, data["platform"]),
        workspace_id=str(data["workspace_id"]),
        target=Target(kind=data["target"]["kind"], id=str(data["target"]["id"])),
        key=str(data["key"]),
        reply=reply_from_json(data["reply"]),
    )


def reply_to_json(reply: Reply) -> dict[str, Any]:
    return asdict(reply)


def reply_from_json(reply: dict[str, Any]) -> Reply:
    return Reply(
        text=str(reply["text"]),
        title=reply.get("title"),
        facts=tuple(Fact(**fact) for fact in reply.get("facts") or ()),
        sections=tuple(
            Section(title=s["title"], lines=tuple(s.get("lines") or ()), more=int(s.get("more") or 0))
            for s in reply.get("sections") or ()
        ),
        buttons=tuple(Button(**button) for button in reply.get("buttons") or ()),
        kind=reply.get("kind") or "info",
    )
