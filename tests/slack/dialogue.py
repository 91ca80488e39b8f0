"""Small helpers the Slack dialogue tests share."""

from __future__ import annotations

from collections.abc import Callable

from tests.slack.conftest import DEALS
from tests.slack.fake_slack import Call

SEED_UPDATE = "Pied Piper: still waiting on engineering for cost estimates, should have them Friday"


def in_thread(ts: str, channel: str = DEALS) -> Callable[[Call], bool]:
    """Matches Web API calls that post into the thread under message `ts`."""

    def match(call: Call) -> bool:
        return bool(call.get("channel") == channel and call.get("thread_ts") == ts)

    return match
