"""Block Kit that Slack accepts: within its limits, escaped, with buttons we can route back."""

from __future__ import annotations

import re

from adapters.slack.render import action_name, home_view, message_payload, reply_blocks
from assistant.messages import ACTION_CHOOSE_DEAL, ACTION_UNDO, Button, Fact, Reply, Section


def test_a_confirmation_is_one_line_with_its_buttons_and_a_plain_fallback() -> None:
    reply = Reply(
        text="Pied Piper · next step: cost estimates · on us · due Fri 27 Nov",
        title="Pied Piper",
        facts=(Fact("Deal", "Pied Piper"), Fact("Owner", "on us")),
        buttons=(Button("undo", ACTION_UNDO, "update:1", style="danger"),),
        kind="confirmation",
    )
    payload = message_payload(reply)
    assert payload["text"] == reply.text
    section, _context, actions = payload["blocks"]
    assert section["text"]["text"].startswith("*Pied Piper* · next step")
    [undo] = actions["elements"]
    assert undo["style"] == "danger"
    assert action_name(undo["action_id"]) == ACTION_UNDO


def test_one_button_per_candidate_deal_gets_its_own_action_id() -> None:
    buttons = tuple(
        Button(name, ACTION_CHOOSE_DEAL, f"3:{i}") for i, name in enumerate(["Hooli", "Hooli XYZ"])
    )
    [question, actions] = reply_blocks(Reply(text="Which deal?", buttons=buttons, kind="question"))
    ids = [b["action_id"] for b in actions["elements"]]
    assert len(set(ids)) == 2
    assert {action_name(i) for i in ids} == {ACTION_CHOOSE_DEAL}
    assert question["text"]["text"] == "Which deal?"


def test_slack_markup_in_deal_text_is_escaped() -> None:
    [section] = reply_blocks(Reply(text="Q&A with <Hooli> team", kind="info"))
    assert section["text"]["text"] == "Q&amp;A with &lt;Hooli&gt; team"


def test_long_answers_stay_inside_block_kit_limits() -> None:
    reply = Reply(
        text="x" * 10_000,
        title="Waiting on us",
        facts=tuple(Fact(f"label {i}", "v" * 3000) for i in range(14)),
        sections=(Section("Deals", tuple(f"deal {i} " + "y" * 100 for i in range(60)), more=40),),
        buttons=tuple(Button("b" * 100, ACTION_UNDO, str(i)) for i in range(30)),
        kind="answer",
    )
    payload = message_payload(reply)
    assert len(payload["text"]) <= 4000
    for block in payload["blocks"]:
        if "text" in block:
            assert len(block["text"]["text"]) <= 3000
        assert len(block.get("fields", [])) <= 10
        for field in block.get("fields", []):
            assert len(field["text"]) <= 2000
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            assert all(len(e["text"]["text"]) <= 75 for e in block["elements"])
    # A long section continues in the next blocks instead of being cut.
    deals = "\n".join(
        b["text"]["text"]
        for b in payload["blocks"]
        if b["type"] == "section"
        and "text" in b
        and ("• deal" in b["text"]["text"] or "…and" in b["text"]["text"])
    )
    left_out = re.search(r"…and (\d+) more", deals)
    assert left_out, deals
    assert deals.count("• deal") == 60 and int(left_out.group(1)) == 40  # every deal shown or counted


def test_the_home_tab_groups_deals_by_owner() -> None:
    home = Reply(
        text="On us: Pied Piper",
        title="Your deals",
        sections=(
            Section("On us", ("Pied Piper · cost estimates",)),
            Section("On them", ("Hooli · signed MSA",)),
        ),
        kind="info",
    )
    view = home_view(home)
    assert view["type"] == "home"
    assert view["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "Your deals"}}
    shown = str(view["blocks"])
    assert "*On us*" in shown
    assert "*On them*" in shown


def test_the_fallback_text_is_escaped_so_a_deal_name_cannot_ping_or_break_markup() -> None:
    for name, shown in (
        ("<!channel> Pwn", "&lt;!channel&gt; Pwn"),
        ("AT&T <script>", "AT&amp;T &lt;script&gt;"),
    ):
        reply = Reply(text=f"{name} · next step: call · on us", title=name, kind="confirmation")
        payload = message_payload(reply)
        assert payload["text"] == f"{shown} · next step: call · on us"
        assert "<" not in payload["text"] and "&T" not in payload["text"]
    long_amp = message_payload(Reply(text="&" * 5000))["text"]
    assert long_amp.endswith("&amp;…") and len(long_amp) <= 3900  # never cut inside an entity


def test_a_very_long_next_step_is_clipped_and_the_other_deals_still_show() -> None:
    step = "send the security questionnaire " * 90  # about 2,880 characters
    lines = (f"Hooli · {step}", "Pied Piper · cost estimates · due Fri", "Initech · legal review")
    [section] = reply_blocks(
        Reply(text="summary", sections=(Section("Waiting on us (3)", lines),), kind="summary")
    )
    text = section["text"]["text"]
    assert "Pied Piper · cost estimates" in text and "Initech · legal review" in text
    assert "more_" not in text  # nobody was pushed out into "…and N more"
    assert len(text.splitlines()[1]) <= 310 and text.splitlines()[1].endswith("…")


def test_the_home_tab_says_how_many_deals_did_not_fit() -> None:
    reply = Reply(
        text="…",
        title="Your deals",
        sections=(Section("On us", tuple(f"Deal {i}" for i in range(25))), Section("", (), more=12)),
        kind="info",
    )
    shown = "\n".join(b["text"]["text"] for b in home_view(reply)["blocks"] if b["type"] == "section")
    assert "Deal 24" in shown
    assert "_…and 12 more_" in shown
