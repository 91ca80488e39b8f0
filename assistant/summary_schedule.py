"""When each deals channel gets its weekly summary: the channel's day and time, else the workspace's.

Times are wall-clock in the workspace's time zone (default Monday 09:00); the period of
the idempotency key is the ISO week of the slot, so a channel gets one summary a week.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from assistant.formatting import zone
from assistant.messages import Platform, Reply, Target
from assistant.scheduler.due import Due, delivery_key
from assistant.scheduler.slots import iso_week, last_weekly_slot, parse_clock, within_grace
from assistant.summary import build_summary
from storage import schedule_queries as q
from storage.models import Channel, Workspace


def summary_schedule(channel: Channel, workspace: Workspace) -> tuple[int, time]:
    """(weekday, local time) of the channel's summary: its own override, else the workspace's."""
    weekday = channel.summary_weekday if channel.summary_weekday is not None else workspace.summary_weekday
    at = parse_clock(channel.summary_time or workspace.summary_time)
    return weekday, at


def due_summaries(
    session: Session, now: datetime, grace: timedelta, platforms: set[str] | None = None
) -> list[Due]:
    """The weekly summaries due at `now`, one per deals channel whose slot is within the grace window."""
    due: list[Due] = []
    for channel, workspace in q.deals_channels(session):
        if platforms is not None and workspace.platform not in platforms:
            continue
        tz = zone(workspace.tz)
        weekday, at = summary_schedule(channel, workspace)
        slot = last_weekly_slot(now, weekday, at, tz)
        if not within_grace(slot, now, grace):
            continue
        target = Target("channel", channel.external_id)
        due.append(
            Due(
                key=delivery_key(workspace.id, target, "summary", iso_week(slot, tz)),
                kind="summary",
                workspace_id=workspace.id,
                platform=workspace.platform,  # type: ignore[arg-type]
                workspace_external_id=workspace.external_id,
                target=target,
                compose=_compose(workspace.id, channel.id, now),
            )
        )
    return due


def _compose(workspace_id: int, channel_id: int, now: datetime) -> Callable[[Session], Reply | None]:
    def compose(session: Session) -> Reply | None:
        workspace = session.get(Workspace, workspace_id)
        channel = session.get(Channel, channel_id)
        if workspace is None or channel is None or not channel.is_deals_channel:
            return None
        return build_summary(session, workspace, channel, now)

    return compose


__all__ = ["Platform", "due_summaries", "summary_schedule"]
