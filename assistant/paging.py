"""A list's filters and where its next page starts, carried by a "more" button or kept for "more" typed.

Encoded as a short string: `overdue;r=12;s=proposal;t=hot;p=month;c=10;n=10;z=10` (kind, rep id,
stage, temperature, period, cursor, how many were shown before, page size). Unknown or broken
strings decode to None, so an old button gets a polite answer instead of an error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nlp.types import PERIODS, STAGES

PAGE_SIZE = 10
SHOW_ALL_SIZE = 50
LIST_KINDS = (
    "waiting_on_us",
    "waiting_on_prospect",
    "overdue",
    "stale",
    "parked",
    "pipeline",
    "due_today",
    "hot",
    "closing",
)
TEMPERATURES = ("cold", "warm", "hot")
END = "end"  # the cursor of a list that has been shown to its end


@dataclass(frozen=True, slots=True)
class ListSpec:
    """One list question, with its filters: `rep_id` None is the whole team."""

    kind: str
    rep_id: int | None = None
    stage: str | None = None
    temperature: str | None = None
    period: str | None = None
    cursor: str | None = None
    shown: int = 0
    size: int = PAGE_SIZE

    @property
    def at_end(self) -> bool:
        return self.cursor == END

    def first_page(self, size: int = PAGE_SIZE) -> ListSpec:
        return replace(self, cursor=None, shown=0, size=size)

    def encode(self) -> str:
        parts = [self.kind]
        for key, value in (
            ("r", self.rep_id),
            ("s", self.stage),
            ("t", self.temperature),
            ("p", self.period),
            ("c", self.cursor),
            ("n", self.shown or None),
            ("z", self.size if self.size != PAGE_SIZE else None),
        ):
            if value is not None:
                parts.append(f"{key}={value}")
        return ";".join(parts)

    @classmethod
    def decode(cls, text: str) -> ListSpec | None:
        kind, *pairs = text.strip().split(";")
        if kind not in LIST_KINDS:
            return None
        fields = dict(pair.partition("=")[::2] for pair in pairs)
        numbers = {k: fields[k] for k in ("r", "n", "z") if k in fields}
        if any(not v.isdigit() for v in numbers.values()):
            return None
        stage, temperature, period = fields.get("s"), fields.get("t"), fields.get("p")
        if (
            (stage and stage not in STAGES)
            or (temperature and temperature not in TEMPERATURES)
            or (period and period not in PERIODS)
        ):
            return None
        size = int(numbers.get("z", PAGE_SIZE))
        return cls(
            kind=kind,
            rep_id=int(numbers["r"]) if "r" in numbers else None,
            stage=stage or None,
            temperature=temperature or None,
            period=period or None,
            cursor=fields.get("c") or None,
            shown=int(numbers.get("n", 0)),
            size=min(max(size, 1), SHOW_ALL_SIZE),
        )
