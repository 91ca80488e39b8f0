"""The ways to ask (nlp/patterns/questions.json): each cue's examples, the filters, what asks nothing."""

from __future__ import annotations

import pytest

from nlp.patterns import load
from nlp.types import ME, QUERIES

_ALL_CUES = load("questions").cues
_CUES = [cue for cue in _ALL_CUES if ":" not in cue.label]  # the ways to ask
_FILTERS = [cue for cue in _ALL_CUES if ":" in cue.label]  # a list question's filters, `field:value`
_EXAMPLES = [(cue.label.partition("/")[0], example) for cue in _CUES for example in cue.examples]
_FILTER_EXAMPLES = [
    (*cue.label.partition("/")[0].split(":"), example) for cue in _FILTERS for example in cue.examples
]


@pytest.mark.parametrize(("query", "text"), _EXAMPLES)
def test_every_example_of_the_table_asks_its_query(parse, query: str, text: str) -> None:
    parsed = parse(text)
    deal = "Hooli" if query in {"deal_status", "history"} else None
    assert (parsed.intent, parsed.query, parsed.deal) == ("question", query, deal)


def test_every_query_can_be_asked() -> None:
    """Every query of the contract has its cues; every cue names a query."""
    assert {cue.label.partition("/")[0] for cue in _CUES} == set(QUERIES)


def test_a_cue_flag_is_one_the_reader_knows() -> None:
    assert {flag for cue in _CUES for flag in cue.flags} <= {"asks", "opens"}
    assert {flag for cue in _FILTERS for flag in cue.flags} <= {"wins"}


@pytest.mark.parametrize(("field", "value", "text"), _FILTER_EXAMPLES)
def test_every_example_of_a_filter_is_read_with_its_value(parse, field: str, value: str, text: str) -> None:
    parsed = parse(text)
    assert parsed.intent == "question"
    assert getattr(parsed, field) == value


def test_the_filters_are_stage_temperature_and_period() -> None:
    assert {cue.label.partition(":")[0] for cue in _FILTERS} == {"stage", "temperature", "period"}


@pytest.mark.parametrize(
    ("text", "query", "period"),
    [
        ("what's due today?", "due_today", "today"),
        ("what do I have today", "due_today", "today"),
        ("my day", "due_today", "today"),
        ("anything due this week?", "due_today", "week"),
        ("what's closing this quarter?", "forecast", "quarter"),
        ("forecast for next month", "forecast", "next_month"),
        ("what will close next quarter?", "forecast", "next_quarter"),
        ("how much do we expect to close this year?", "forecast", "year"),
        ("what's closing by end of month", "forecast", "month"),
        ("how much is in the pipeline", "forecast", None),
        ("pipeline by stage", "forecast", None),
        ("totals by rep", "forecast", None),
        ("what comes back this month", "parked", "month"),
        ("what comes back next week?", "parked", "next_week"),
        ("what's parked", "parked", None),
    ],
)
def test_period(parse, text: str, query: str, period: str | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.query, parsed.period) == ("question", query, period)


@pytest.mark.parametrize(
    ("text", "query", "rep", "stage", "temperature"),
    [
        ("dana's deals", "pipeline", "dana", None, None),
        ("show me Marco's deals in negotiation", "pipeline", "Marco", "negotiation", None),
        ("which of Priya's deals are hot?", "hot", "Priya", None, "hot"),
        ("Sam's pipeline?", "pipeline", "Sam", None, None),
        ("deals owned by Lee?", "pipeline", "Lee", None, None),
        ("what's overdue for Dana?", "overdue", "Dana", None, None),
        ("my pipeline", "pipeline", ME, None, None),
        ("my deals", "pipeline", ME, None, None),
        ("which of my deals are in proposal?", "pipeline", ME, "proposal", None),
        ("my day", "due_today", ME, None, None),
        ("which deals are hot for me?", "hot", ME, None, "hot"),
        ("anything overdue for me?", "overdue", ME, None, None),
        ("all deals", "pipeline", None, None, None),
        ("the team's pipeline", "pipeline", None, None, None),
        ("what's in the team's pipeline in negotiation?", "pipeline", None, "negotiation", None),
        ("what's warm", "hot", None, None, "warm"),
        ("cold deals", "hot", None, None, "cold"),
        ("which deals have gone cold?", "hot", None, None, "cold"),
        ("show me the hot deals", "hot", None, None, "hot"),
        ("any warm leads in demo?", "hot", None, "demo", "warm"),
        ("who hasn't updated this week?", "reps", None, None, None),
        ("show me today's follow-ups", "due_today", None, None, None),
        ("the whole team's deals", "pipeline", None, None, None),
        ("all open deals in proposal", "pipeline", None, "proposal", None),
        ("what does Marco have in proposal?", "pipeline", "Marco", "proposal", None),
        ("list Priya's hot deals", "hot", "Priya", None, "hot"),
        ("what's hot in negotiation?", "hot", None, "negotiation", "hot"),
        ("Marco's hot deals", "hot", "Marco", None, "hot"),
        ("which deals did we win this quarter?", "pipeline", None, "won", None),
        ("what did we lose last month?", "pipeline", None, "lost", None),
        ("closed lost this year?", "pipeline", None, "lost", None),
        ("won deals", "pipeline", None, "won", None),
        ("what's Dana working on?", "pipeline", "Dana", None, None),
        ("what has Priya got going on?", "pipeline", "Priya", None, None),
        ("deals by Sam", "pipeline", "Sam", None, None),
    ],
)
def test_filters(
    parse, text: str, query: str, rep: str | None, stage: str | None, temperature: str | None
) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.query) == ("question", query)
    assert (parsed.rep, parsed.stage, parsed.temperature) == (rep, stage, temperature)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("parked", "parked"),
        ("overdue", "overdue"),
        ("gone quiet", "stale"),
        ("hot", "hot"),
        ("stale", "stale"),
        ("waiting on us", "waiting_on_us"),
        ("ball in our court", "waiting_on_us"),
        ("waiting on them", "waiting_on_prospect"),
        ("Parked?", "parked"),
        ("OVERDUE", "overdue"),
        ("Cold.", "hot"),
        ("parked deals pls", "parked"),
        ("📋 overdue ones", "overdue"),
        ("hey, my pipeline", "pipeline"),
        ("what all is pending from our side", "waiting_on_us"),
        ("who owes us a reply?", "waiting_on_prospect"),
        ("who owes us paperwork", "waiting_on_prospect"),
    ],
)
def test_a_list_word_alone_or_any_phrasing_asks(parse, text: str, query: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.query) == ("question", query)


@pytest.mark.parametrize(
    ("text", "query", "rep"),
    [
        # "what all is ..." (Indian English): "all" may stand anywhere in the phrase
        ("what all is closing in Q3?", "forecast", None),
        ("what all is due this week?", "due_today", None),
        ("what all is pending from client side?", "waiting_on_prospect", None),
        ("what all is with the customer", "waiting_on_prospect", None),
        ("what all is on Priya's plate?", "waiting_on_us", "Priya"),
        ("what all is stuck at the client's end?", "waiting_on_prospect", None),
        ("what all did we win this month?", "pipeline", None),
        ("what all does Dana have?", "pipeline", "Dana"),
        ("who all hasn't updated?", "reps", None),
        # who owes whom
        ("who owes us what?", "waiting_on_prospect", None),
        ("anything owed to us?", "waiting_on_prospect", None),
        ("what do clients still owe us?", "waiting_on_prospect", None),
        ("who owes me an update?", "reps", None),
        # stuck / waiting on the prospect's side, other wordings
        ("anything stuck with the client?", "waiting_on_prospect", None),
        ("which deals are we waiting on them for", "waiting_on_prospect", None),
        ("which deals are with the customer?", "waiting_on_prospect", None),
        ("any revert from the client?", "waiting_on_prospect", None),
        ("which customers haven't got back to us?", "waiting_on_prospect", None),
        ("anything held up at the client?", "waiting_on_prospect", None),
        ("which deals are waiting for our reply?", "waiting_on_us", None),
        ("what's stuck with us?", "waiting_on_us", None),
        ("which deals are awaiting revert?", "waiting_on_prospect", None),
        ("what's pending at the client's end?", "waiting_on_prospect", None),
        # a person's plate
        ("what's on Priya's plate", "waiting_on_us", "Priya"),
        ("what's on Dana's plate today?", "due_today", "Dana"),
        # how a period or the pipeline looks
        ("how's the pipeline looking for Q3", "forecast", None),
        ("how's Q4 looking?", "forecast", None),
        ("how are we looking this quarter?", "forecast", None),
        ("how does the pipe look for next quarter?", "forecast", None),
        # what closes when
        ("what closes this month", "forecast", None),
        ("closing eom?", "forecast", None),
        ("what do we think will close in December?", "forecast", None),
        ("forecast Q1", "forecast", None),
        # Indian and British English, other wordings
        ("kindly share the list of overdue follow-ups", "overdue", None),
        ("what are we yet to hear back on?", "waiting_on_prospect", None),
        ("which deals are pending client revert?", "waiting_on_prospect", None),
        ("what's been sat there for ages?", "stale", None),
        ("which deals are yet to move?", "stale", None),
        ("what's paused?", "parked", None),
        ("which deals did we shelve?", "parked", None),
        ("what's due back this month?", "parked", None),
        ("what's past its due date?", "overdue", None),
        ("what am I on the hook for?", "waiting_on_us", ME),
        ("what do we need to send out?", "waiting_on_us", None),
        ("their court?", "waiting_on_prospect", None),
        ("what is Priya handling?", "pipeline", "Priya"),
        # a rep named other ways
        ("what's overdue on Dana's side?", "overdue", "Dana"),
        ("deals Dana owns", "pipeline", "Dana"),
        ("Priya's overdue items", "overdue", "Priya"),
        ("what is Dana waiting on?", "waiting_on_prospect", "Dana"),
        ("how's Dana's quarter looking?", "forecast", "Dana"),
        ("what does Dana owe the client?", "waiting_on_us", "Dana"),
        ("show me everything Priya owns", "pipeline", "Priya"),
        ("Please let me know the deals pending at customer end", "waiting_on_prospect", None),
        ("what are the deals where ball is in client court?", "waiting_on_prospect", None),
        ("what deals are hanging?", "stale", None),
        ("what's due to come back?", "parked", None),
        ("what's likely to land this quarter?", "forecast", None),
        ("anything signing before the end of the month?", "forecast", None),
        # reps, terse and British
        ("who's lagging on CRM hygiene?", "reps", None),
        ("who hasn't put in an update?", "reps", None),
        ("who's yet to update?", "reps", None),
        ("reps behind?", "reps", None),
        ("anyone not logged their calls?", "reps", None),
        ("who's up to date?", "reps", None),
    ],
)
def test_list_questions_phrased_other_ways(parse, text: str, query: str, rep: str | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.query, parsed.rep) == ("question", query, rep)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # an emoji glued to the list word is a token of its own, a newer one too
        ("parked🧊", "parked"),
        ("🧊parked", "parked"),
        ("overdue🔥?", "overdue"),
        ("stale🫠", "stale"),
        ("what's hot👀", "hot"),
        # a typo's doubled letter ("heardd") reads as the word
        ("haven't heardd back from who?", "stale"),
        ("what's parrked?", "parked"),
        ("whats overduee", "overdue"),
        ("anything staale?", "stale"),
        ("which deals are waitting on us?", "waiting_on_us"),
        # or a letter left out of a long word
        ("what's ovedue?", "overdue"),
        ("pipline for dana", "pipeline"),
        ("whats waitng on us", "waiting_on_us"),
        # a line break or a double space inside a phrase
        ("what's\nwaiting on us", "waiting_on_us"),
        ("which deals are  closing this month?", "forecast"),
    ],
)
def test_a_phrase_with_an_emoji_a_typo_or_a_line_break_asks(parse, text: str, query: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.query) == ("question", query)


@pytest.mark.parametrize(
    "text",
    [
        "what's on the plate for lunch",  # no person's plate
        "what's the latte order",  # an everyday word is no typo ("latte" is no "late")
        "what stage is the pilot at",  # "stage" is no typo of "stale"
        "what are we losing?",  # "losing" is a word: no "closing"
        "snooze",  # a word's stem is no typo of it ("snoozed")
        "it's on them",  # "it's" is no rep's list: an update
        "it's on us",
        "which deals did we close?",  # closed: no forecast
    ],
)
def test_near_phrases_ask_no_other_query(parse, text: str) -> None:
    parsed = parse(text)
    assert parsed.query not in {"waiting_on_us", "overdue", "stale", "forecast", "parked"}


@pytest.mark.parametrize(
    ("text", "deal", "query"),
    [
        ("has Hooli signed yet?", "Hooli", "deal_status"),
        ("did Raviga sign?", "Raviga", "deal_status"),
        ("is Aviato still alive?", "Aviato", "deal_status"),
        ("Do you have any updates on the Pied Piper deal?", "Pied Piper", "deal_status"),
        ("any new updates on Hooli?", "Hooli", "deal_status"),
        ("all the updates on Hooli", "Hooli", "history"),
        # after the deal's name heading the message, an "any news" phrase asks as a question word does
        ("Hooli - any news? they were meant to sign last week", "Hooli", "deal_status"),
        ("Raviga: any headway? legal had the redlines", "Raviga", "deal_status"),
    ],
)
def test_questions_about_one_deal(parse, text: str, deal: str, query: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.deal, parsed.query) == ("question", deal, query)


@pytest.mark.parametrize(
    "text",
    [
        "my day was long",
        "Dana's deals are looking great this quarter",
        "reminder: submit your expenses",
        "reminder: submit your expenses by Friday",
        "Best, Dana Smith | Account Executive | dana@x.com | +1 555 123 4567",
        "Thanks,\nDana Smith\nAccount Executive | Acme Sales\ndana@example.com | +1 (555) 010-2000",
        "what time is the pipeline review?",
        "who's joining the offsite today?",
        "today's agenda: pipeline review at 3pm",
        "forecast for next month looks good",
        "pipeline by stage looks healthy",
        "what has that got to do with anything",
        "what's for lunch today?",
        "any chance legal can review the MSA today?",
        "cold call blitz went fine, lots of voicemails",
    ],
)
def test_no_question_and_no_deal(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.deal, parsed.query) == ("other", None, None)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("Initech: $999k", 999000), ("Hooli - 40k", 40000), ("Raviga 1.2M", 1200000)],
)
def test_a_deal_with_an_amount_is_an_update(parse, text: str, amount: int) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.amount) == ("update", amount)


@pytest.mark.parametrize(
    "text", ["remind me to send Hooli the deck by Friday", "remind me to call Raviga on Monday"]
)
def test_remind_me_to_is_no_question(parse, text: str) -> None:
    assert parse(text).intent == "update"
