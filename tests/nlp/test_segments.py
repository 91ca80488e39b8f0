"""A message about several deals is one update per deal, each read from its own part (PARSING.md)."""

from __future__ import annotations

from datetime import date

FRIDAY, THURSDAY = date(2026, 11, 27), date(2026, 11, 26)


def _fields(parsed, *names: str) -> list[tuple[object, ...]]:
    return [tuple(getattr(update, name) for name in names) for update in parsed.updates]


def test_sentences_with_a_label_each(parse) -> None:
    parsed = parse("Pied Piper: sent the proposal, $40k. Hooli: they owe us the signed MSA by Friday")
    assert _fields(parsed, "deal", "owner", "due", "amount", "stage") == [
        ("Pied Piper", "prospect", None, 40_000, "proposal"),
        ("Hooli", "prospect", FRIDAY, None, None),
    ]
    assert (parsed.deal, parsed.amount) == ("Pied Piper", 40_000)  # the top level is the first's


def test_a_recap_with_a_header_and_bullets(parse) -> None:
    parsed = parse(
        "Weekly recap:\n- Aviato: sent the SOW, now with their legal"
        "\n- Raviga: demo for their ops team on Thursday\n- Initech: still nothing from their CFO"
    )
    assert _fields(parsed, "deal", "owner", "due", "next_step") == [
        ("Aviato", "prospect", None, parsed.updates[0].next_step),
        ("Raviga", "us", THURSDAY, parsed.updates[1].next_step),
        ("Initech", "prospect", None, None),
    ]
    assert parsed.updates[1].stage == "demo" and parsed.updates[0].stage != "demo"
    # the top level is the first update's, not the meeting of a later one
    first = parsed.updates[0]
    assert (parsed.deal, parsed.owner, parsed.due, parsed.next_step) == (
        "Aviato",
        "prospect",
        None,
        first.next_step,
    )


def test_a_label_after_a_comma(parse) -> None:
    parsed = parse("Endframe: sent pricing, Aviato: waiting on their legal")
    assert _fields(parsed, "deal", "owner", "stage") == [
        ("Endframe", "prospect", "proposal"),
        ("Aviato", "prospect", None),
    ]


def test_lines_about_the_same_deal_join_its_update(parse) -> None:
    parsed = parse("Initech: sent pricing\nRaviga: demo Thursday\nInitech: they want a reference too")
    assert [u.deal for u in parsed.updates] == ["Initech", "Raviga"]
    first = parsed.updates[0]
    assert (first.stage, first.owner) == ("proposal", "us")  # the later line's step wins within the deal


def test_each_part_keeps_its_own_fields(parse) -> None:
    parsed = parse("Raviga is hot. Aviato went cold.")
    assert _fields(parsed, "deal", "temperature") == [("Raviga", "hot"), ("Aviato", "cold")]


def test_a_new_deal_on_its_own_line(parse) -> None:
    parsed = parse("new lead: Massive Dynamic, inbound from the webinar\nRaviga: sent pricing")
    assert _fields(parsed, "deal", "is_new_deal", "stage") == [
        ("Massive Dynamic", True, "lead"),
        ("Raviga", False, "proposal"),
    ]


def test_ambiguous_deals_per_part(parse) -> None:
    parsed = parse("Acme: sent pricing. Raviga: waiting on their legal")
    assert _fields(parsed, "deal", "candidates") == [(None, ("Acme Corp", "Acme Labs")), ("Raviga", ())]


def test_one_deal_is_one_update(parse) -> None:
    for text in (
        "Raviga: sent the deck. They want a demo next week.",
        "Raviga: they want a reference from Initech",
        "Raviga: sent pricing.\nThey need to sign by Friday",
    ):
        parsed = parse(text)
        assert [u.deal for u in parsed.updates] == ["Raviga"], text


def test_text_before_the_first_deal_is_the_firsts(parse) -> None:
    parsed = parse("Updates: Raviga wants a demo on Friday; Aviato is waiting on their legal")
    assert _fields(parsed, "deal", "owner", "due") == [("Raviga", "us", FRIDAY), ("Aviato", "prospect", None)]


def test_slack_markup_and_numbered_lines(parse) -> None:
    parsed = parse("1) *Raviga* — demo Thursday\n2) *Aviato* — they owe us the PO")
    assert _fields(parsed, "deal", "owner", "due") == [
        ("Raviga", "us", THURSDAY),
        ("Aviato", "prospect", None),
    ]


def test_a_recap_line_labelled_with_an_unknown_name_is_its_own(parse) -> None:
    parsed = parse("Raviga: sent pricing\nMassive Dynamic: waiting on their legal\nAviato: demo Thursday")
    assert _fields(parsed, "deal", "is_new_deal", "owner") == [
        ("Raviga", False, "prospect"),
        ("Massive Dynamic", True, "prospect"),
        ("Aviato", False, "us"),
    ]


def test_a_note_label_is_no_deal(parse) -> None:
    parsed = parse("Raviga: sent pricing\nTodo: send the MSA Friday")
    assert [u.deal for u in parsed.updates] == ["Raviga"]
    assert (parsed.owner, parsed.due) == ("us", FRIDAY)


def test_a_sentence_labelled_with_a_name_we_do_not_know_is_its_own_deal(parse) -> None:
    """After a known deal's sentence, "Umbrellix: ..." starts the next deal's update (a new one)."""
    parsed = parse("Hooli: signed! Umbrellix: intro call went well")
    assert _fields(parsed, "deal", "is_new_deal", "stage") == [
        ("Hooli", False, "won"),
        ("Umbrellix", True, "lead"),
    ]
    parsed = parse("Pied Piper: intro call went well. Umbrellix: they want pricing")
    assert _fields(parsed, "deal", "is_new_deal") == [("Pied Piper", False), ("Umbrellix", True)]
    # A common word as a label is no company: "Next week: demo" stays with Hooli.
    assert _fields(parse("Hooli: sent the deck. Next week: demo"), "deal") == [("Hooli",)]


def test_a_date_move_without_a_deal_is_an_update_for_the_threads_deal(parse) -> None:
    """ "wait, they actually said 3 weeks" in a deal's thread moves that deal's date (PARSING.md)."""
    for text in ("wait, they actually said 3 weeks", "slipped a week", "pushed to end of Q1"):
        parsed = parse(text)
        assert (parsed.intent, parsed.deal, parsed.next_step) == ("update", None, None), text
        assert parsed.due is not None, text
    assert parse("see you next week").intent == "other"
