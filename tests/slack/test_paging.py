"""A long list in Slack: the first page with the total and a More button, pressed over real HTTP;
"more" typed in the thread; a "show all" page that does not fit one block continues in the next."""

from __future__ import annotations

from datetime import timedelta

from tests.scheduler.pipeline import Pipeline
from tests.slack.conftest import DEALS, MAX, Workspace
from tests.slack.dialogue import in_thread
from tests.slack.fake_slack import TEAM_ID, Call


def _many_deals_waiting_on_us(workspace: Workspace, count: int) -> None:
    """A team that has written `count` steps on our side, one a day (the oldest waits longest)."""
    start = workspace.clock.now() - timedelta(days=count)
    p = Pipeline(workspace.db, platform="slack", external_id=TEAM_ID).setup(start)
    p.rep("Dana", start, platform_id="U0DANA")
    for i in range(1, count + 1):
        p.deal(
            f"Acme{i:02d}",
            "Dana",
            start + timedelta(days=i - 1),
            next_step=f"send the revised proposal with the security annex, version {i}",
            next_step_owner="us",
        )


def _answer_in_thread(workspace: Workspace, text: str, thread: str | None = None) -> tuple[str, Call]:
    ts = workspace.slack.say(MAX, text, channel=DEALS, **({"thread_ts": thread} if thread else {}))
    [answer] = workspace.fake.wait_for("chat.postMessage", in_thread(thread or ts))
    return ts, answer


def test_a_long_list_pages_with_the_more_button_and_typed_more(workspace: Workspace) -> None:
    _many_deals_waiting_on_us(workspace, 25)
    ts, first = _answer_in_thread(workspace, "what's waiting on us?")
    shown = first.everything_shown
    assert "Waiting on us, longest first (25)" in shown
    assert "…and 15 more" in shown
    assert "Acme01" in shown and "Acme11" not in shown

    before = len(workspace.fake.calls)
    response = workspace.slack.press(
        MAX, first.button("More (15 left)"), channel=DEALS, message=first.as_message()
    )
    assert response.status == 200
    [second] = workspace.fake.wait_for("chat.postMessage", in_thread(ts), since=before)
    assert "(11–20 of 25)" in second.everything_shown
    assert "Acme11" in second.everything_shown and "Acme01" not in second.everything_shown

    before = len(workspace.fake.calls)
    workspace.slack.say(MAX, "more", channel=DEALS, thread_ts=ts)
    [third] = workspace.fake.wait_for("chat.postMessage", in_thread(ts), since=before)
    assert "(21–25 of 25)" in third.everything_shown
    assert "That's all 25." in third.text
    assert not third.buttons()


def test_show_all_spreads_a_long_page_over_several_blocks(workspace: Workspace) -> None:
    _many_deals_waiting_on_us(workspace, 40)
    ts, first = _answer_in_thread(workspace, "what's waiting on us?")
    before = len(workspace.fake.calls)
    workspace.slack.press(MAX, first.button("Show all"), channel=DEALS, message=first.as_message())
    [page] = workspace.fake.wait_for("chat.postMessage", in_thread(ts), since=before)
    sections = [b["text"]["text"] for b in page.blocks if b.get("type") == "section"]
    assert len(sections) > 2  # 30 long lines do not fit one 3,000-character section
    assert all(len(text) <= 3000 for text in sections)
    listed = "\n".join(sections)
    assert all(f"Acme{i:02d}" in listed for i in range(11, 41))  # nothing cut off silently
