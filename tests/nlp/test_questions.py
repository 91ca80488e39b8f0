"""Questions: about one deal, or about a list of deals, and messages that are neither."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "query", "deal"),
    [
        ("Pied Piper?", "deal_status", "Pied Piper"),
        ("Pied Piper", "deal_status", "Pied Piper"),
        ("what's the latest on Hooli", "deal_status", "Hooli"),
        ("where are we with Aviato?", "deal_status", "Aviato"),
        ("any news from Endframe", "deal_status", "Endframe"),
        ("how's Raviga going?", "deal_status", "Raviga"),
        ("status of initech?", "deal_status", "Initech"),
        ("Hooli XYZ status?", "deal_status", "Hooli XYZ"),
        ("what happened with Hooli this month", "history", "Hooli"),
        ("history of Aviato", "history", "Aviato"),
        ("what's waiting on us", "waiting_on_us", None),
        ("which deals is the ball in our court?", "waiting_on_us", None),
        ("what do we owe prospects?", "waiting_on_us", None),
        ("what are we waiting on", "waiting_on_prospect", None),
        ("which deals are waiting on the customer?", "waiting_on_prospect", None),
        ("what's overdue", "overdue", None),
        ("which follow-ups are late?", "overdue", None),
        ("which deals haven't been updated", "stale", None),
        ("what's gone quiet?", "stale", None),
        ("what's parked", "parked", None),
        ("what comes back this month?", "parked", None),
        ("my pipeline", "pipeline", None),
        ("show me Dana's deals", "pipeline", None),
        ("what's in proposal", "pipeline", None),
        ("which deals are in negotiation?", "pipeline", None),
    ],
)
def test_query(parse, text: str, query: str, deal: str | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.query, parsed.deal) == ("question", query, deal)
    assert parsed.owner is None and parsed.due is None


@pytest.mark.parametrize(
    ("text", "person", "stage"),
    [
        ("show me Dana's deals", "Dana", None),
        ("my pipeline", "me", None),
        ("what are my deals?", "me", None),
        ("what's in proposal", None, "proposal"),
        ("which deals are in negotiation?", None, "negotiation"),
        ("whats in legal rn", None, "negotiation"),  # legal, redlines, procurement: the negotiation stage
        ("Sam's pipeline?", "Sam", None),
    ],
)
def test_pipeline_person_and_stage(parse, text: str, person: str | None, stage: str | None) -> None:
    parsed = parse(text)
    assert (parsed.query, parsed.rep, parsed.stage) == ("pipeline", person, stage)


@pytest.mark.parametrize(
    "text",
    [
        "thank you!",
        "who's joining the offsite?",
        "we crushed it this quarter team",
        "lol",
        "good morning all",
    ],
)
def test_other(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.deal, parsed.due, parsed.owner) == ("other", None, None, None)


def test_update_with_a_question_mark_is_still_an_update(parse) -> None:
    parsed = parse("Hooli: they signed the order form today, can you believe it?")
    assert (parsed.intent, parsed.stage) == ("update", "won")


@pytest.mark.parametrize(
    ("text", "query", "deal"),
    [
        ("did Hooli get back to us?", "deal_status", "Hooli"),
        ("has Aviato signed yet?", "deal_status", "Aviato"),
        ("Raviga history please", "history", "Raviga"),
        ("Endframe status", "deal_status", "Endframe"),
        ("update on initech pls", "deal_status", "Initech"),
        ("deals that went quiet", "stale", None),
        ("show me everything in negotiation", "pipeline", None),
        ("what's on my plate this week?", "due_today", None),  # a period asked: what is due (PARSING.md)
        ("which of my deals are overdue?", "overdue", None),
        ("what's coming back from the parking lot?", "parked", None),
        ("where is the ball on our end?", "waiting_on_us", None),
        ("anything we still owe customers", "waiting_on_us", None),
        ("what's stuck on the customer's side", "waiting_on_prospect", None),
        ("which opps are blocked on the prospect", "waiting_on_prospect", None),
        ("stale deals", "stale", None),
        ("parked ones?", "parked", None),
        ("overdue deals.", "overdue", None),
        ("heard anything new from Raviga?", "deal_status", "Raviga"),
        ("endframe - what's been going on there? full history pls", "history", "Endframe"),
        ("Aviato, where do we stand? need it for the forecast", "deal_status", "Aviato"),
        ("which next steps did I miss this week?", "overdue", None),
        ("anything coming off ice in March?", "parked", None),
        ("what haven't we touched in 2 weeks", "stale", None),
        ("whats in legal rn", "pipeline", None),
        ("my pipe pls", "pipeline", None),
        ("📋 my deals pls", "pipeline", None),  # an emoji before the first word
        ("❓ what's waiting on us this week", "waiting_on_us", None),
        ("can you give me a quick rundown of everything that's happened on Raviga?", "history", "Raviga"),
        ("walk me through the history of Endframe", "history", "Endframe"),
        ("which deals need us to make the next move?", "waiting_on_us", None),
        ("what are we still waiting to hear back on from clients?", "waiting_on_prospect", None),
        ("Which deals we wait for the customer?", "waiting_on_prospect", None),
        ("which opps has nobody touched lately", "stale", None),
        ("which deals haven't had an update in a while?", "stale", None),
        ("Please show me all deals which are parked.", "parked", None),
        ("Need a status on Raviga before my 1:1 tomorrow", "deal_status", "Raviga"),
        ("remind me where we are with Aviato?", "deal_status", "Aviato"),
        ("Need a quick rundown of what's waiting on us before I log off", "waiting_on_us", None),
        ("endframe — anything new? their fund closed last week I think", "deal_status", "Endframe"),
        ("which deals are in procurement?", "pipeline", None),
    ],
)
def test_more_ways_to_ask(parse, text: str, query: str, deal: str | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.query, parsed.deal) == ("question", query, deal)


@pytest.mark.parametrize(
    "text",
    [
        "lunch with the team tomorrow!",
        "great job on the Hooli deal everyone",
        "can someone cover my calls Friday?",
        "haha that pricing slide in the all-hands was wild",  # a stage word in chit-chat, no deal
        "thanks all, the new demo environment looks great",
        "what time is the pipeline review?",
        "when is our forecast call this week",
        "Can everyone join the pipeline review at 3? Dana & Marco especially",
        "reminder: forecast calls move to Thursdays starting next week",  # the team's routine
    ],
)
def test_chit_chat_is_other(parse, text: str) -> None:
    assert parse(text).intent == "other"


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: give them a few weeks, then I follow up",  # "give" heads an instruction, not a question
        "Aviato - is dead, they went with a competitor",
        "Raviga: which reminds me, I owe them the SOW",
        "Endframe: what a call! they want pricing by Friday",
        "Initech - how we win this: get their CTO on a call next week",
    ],
)
def test_a_label_then_words_that_do_not_ask_is_an_update(parse, text: str) -> None:
    assert parse(text).intent == "update"
