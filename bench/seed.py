"""Fill a migrated database with deals in every state and ~10 updates each, fast, on SQLite or PostgreSQL.

Deals: 10% closed (won or lost), 8% of the open ones parked, next steps on us (40%) or on the
prospect (40%) due from two weeks ago to a month ahead; spread evenly over 25 reps; names sharing
words or not. With `forecast`: 15% hot, 30% warm, 20% cold, and 60% with an expected close from two
weeks ago to six months ahead. Updates: spread
over the last 60 days (so a week holds ~1/8 of them, ~117,000 at 100,000 deals), about 30% moving
the stage, the last one the deal's `updated_at`. Rows go in by chunks (raw executemany on SQLite,
COPY on PostgreSQL) so seeding a million updates takes seconds and little memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from storage.db import make_engine
from storage.migrate import upgrade

STAGES = ("lead", "qualified", "demo", "proposal", "negotiation")
CHUNK = 20_000
NEXT_STEP_CHANGE = '{"next_step": [null, "send the pricing"]}'
REPS = 25
# Reps' display names as a manager types them ("Dana's deals", `seed(rep_names=rep_name)`; the
# default is "Rep 7"); past 25 a number is added.
REP_NAMES = (
    "Dana",
    "Lee",
    "Priya",
    "Marcus",
    "Sofia",
    "Omar",
    "Hannah",
    "Diego",
    "Mei",
    "Tomas",
    "Aisha",
    "Jonas",
    "Kenji",
    "Laura",
    "Nadia",
    "Pablo",
    "Ruth",
    "Sanjay",
    "Tess",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zara",
    "Felix",
    "Greta",
)


def rep_name(r: int) -> str:
    return REP_NAMES[r % len(REP_NAMES)] + ("" if r < len(REP_NAMES) else f" {r // len(REP_NAMES)}")


DEAL_COLUMNS = (
    "workspace_id, name, name_key, rep_id, stage, amount, next_step, next_step_owner, due_date, park_until,"
    " park_reason, us_streak, owner_since, created_at, updated_at, closed_at, temperature, close_by"
)
UPDATE_COLUMNS = (
    "workspace_id, deal_id, author_id, channel_id, platform_message_id, raw_text, parsed, changes,"
    " created_at, stage_from, stage_to, stage_moved_at"
)


@dataclass(frozen=True, slots=True)
class Seeded:
    url: str
    workspaces: list[tuple[int, str]]  # (id, external id)
    rep_ids: dict[int, list[str]]  # workspace id -> reps' platform ids
    deals: int
    updates: int


def _iso(when: datetime | date | None, dialect: str) -> Any:
    if when is None or dialect != "sqlite":
        return when
    if isinstance(when, datetime):
        return when.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return when.isoformat()


def seed(
    url: str,
    deal_names: Callable[[int], list[str]],
    *,
    deals: int,
    workspaces: int = 1,
    updates_per_deal: int = 10,
    now: datetime,
    seed_value: int = 7,
    external_ids: list[str] | None = None,
    reps: int = REPS,
    rep_names: Callable[[int], str] = lambda r: f"Rep {r}",
    forecast: bool = False,
) -> Seeded:
    """Migrate `url` and fill it: `workspaces` workspaces of `deals` deals (named by `deal_names(w)`)."""
    upgrade(url)
    engine = make_engine(url)
    dialect = engine.dialect.name
    rng = random.Random(seed_value)
    # temperature and expected close (`forecast`), drawn apart so the other draws stay as they were
    extra = random.Random(seed_value + 1) if forecast else None
    made: list[tuple[int, str]] = []
    rep_ids: dict[int, list[str]] = {}
    total_updates = 0
    try:
        for w in range(workspaces):
            external = external_ids[w] if external_ids else f"T{w:05d}"
            ws_id, rep_rows = _workspace(engine, external, now, reps, rep_names)
            made.append((ws_id, external))
            rep_ids[ws_id] = [platform for _, platform in rep_rows]
            names = deal_names(w)
            rows = [
                _deal(ws_id, name, i, rep_rows, now, rng, updates_per_deal, extra)
                for i, name in enumerate(names[:deals])
            ]
            _copy(engine, "deals", DEAL_COLUMNS, ([_iso_row(r["row"], dialect)] for r in rows), dialect)
            with engine.connect() as connection:
                ids = list(
                    connection.execute(
                        text("SELECT id FROM deals WHERE workspace_id = :ws ORDER BY id"), {"ws": ws_id}
                    ).scalars()
                )
            updates = _updates(ws_id, ids, rows, dialect)
            total_updates += _copy(engine, "deal_updates", UPDATE_COLUMNS, updates, dialect)
        if dialect == "postgresql":
            with engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()
        else:
            with engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
    finally:
        engine.dispose()
    return Seeded(url, made, rep_ids, deals * workspaces, total_updates)


def _workspace(
    engine: Engine, external: str, now: datetime, reps: int, rep_names: Callable[[int], str]
) -> tuple[int, list[tuple[int, str]]]:
    with engine.begin() as connection:
        created = _iso(now - timedelta(days=400), engine.dialect.name)
        ws_id = connection.execute(
            text(
                "INSERT INTO workspaces (platform, external_id, name, tz, summary_weekday, summary_time,"
                " stale_days, created_at)"
                " VALUES ('slack', :ext, :ext, 'America/New_York', 0, '09:00', 14, :at)"
                " RETURNING id"
            ),
            {"ext": external, "at": created},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO channels (workspace_id, external_id, name, is_deals_channel, created_at)"
                " VALUES (:ws, 'C0DEALS', 'deals', :yes, :at)"
            ),
            {"ws": ws_id, "at": created, "yes": True},
        )
        rep_rows = []
        for r in range(reps):
            platform = f"U{r:03d}"
            rep_id = connection.execute(
                text(
                    "INSERT INTO people (workspace_id, platform_id, display_name, tz, tz_pinned, role,"
                    " created_at) VALUES (:ws, :pid, :name, 'America/Chicago', :no, 'rep', :at) RETURNING id"
                ),
                {"ws": ws_id, "pid": platform, "name": rep_names(r), "at": created, "no": False},
            ).scalar_one()
            rep_rows.append((rep_id, platform))
    return ws_id, rep_rows


def _deal(
    ws_id: int,
    name: str,
    i: int,
    reps: list[tuple[int, str]],
    now: datetime,
    rng: random.Random,
    updates: int,
    extra: random.Random | None,
) -> dict[str, Any]:
    today = now.date()
    times = sorted(now - timedelta(minutes=rng.randint(30, 60 * 24 * 60)) for _ in range(updates))
    closed = rng.random() < 0.10
    parked = not closed and rng.random() < 0.08
    owner = None if closed else rng.choices(("us", "prospect", None), (4, 4, 2))[0]
    stage = rng.choice(STAGES[:2])
    moves: list[tuple[str | None, str | None]] = []
    for k in range(updates):
        last = k == updates - 1
        if closed and last:
            new = rng.choice(("won", "lost"))
        elif rng.random() < 0.3:
            new = STAGES[min(len(STAGES) - 1, STAGES.index(stage) + 1)] if stage in STAGES else stage
            new = new if new != stage else rng.choice(STAGES)
        else:
            new = None
        if new is not None and new != stage:
            moves.append((stage, new))
            stage = new
        else:
            moves.append((None, None))
    rep_id, _platform = reps[i % len(reps)]
    updated = times[-1] if times else now
    row = (
        ws_id,
        name,
        " ".join(name.split()).casefold(),
        rep_id,
        stage,
        (i % 500 + 1) * 1000,
        "send the pricing" if owner else None,
        owner,
        today + timedelta(days=rng.randint(-15, 25)) if owner else None,
        today + timedelta(days=rng.randint(1, 90)) if parked else None,
        "budget freeze" if parked else None,
        rng.randint(0, 4) if owner == "us" else 0,
        rng.choice(times) if owner and times else None,
        (times[0] if times else now) - timedelta(days=1),
        updated,
        updated if closed else None,
        extra.choices(("hot", "warm", "cold", None), (15, 30, 20, 35))[0] if extra else None,
        today + timedelta(days=extra.randint(-14, 180)) if extra and extra.random() < 0.6 else None,
    )
    return {"row": row, "times": times, "moves": moves, "rep": rep_id, "name": name}


def _iso_row(row: tuple[Any, ...], dialect: str) -> tuple[Any, ...]:
    return tuple(_iso(v, dialect) if isinstance(v, date) else v for v in row)


def _updates(
    ws_id: int, ids: list[int], rows: list[dict[str, Any]], dialect: str
) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for deal_id, deal in zip(ids, rows, strict=True):
        for k, (at, (old, new)) in enumerate(zip(deal["times"], deal["moves"], strict=True)):
            changes = f'{{"stage": ["{old}", "{new}"]}}' if new else NEXT_STEP_CHANGE
            moved = new is not None
            chunk.append(
                (
                    ws_id,
                    deal_id,
                    deal["rep"],
                    "C0DEALS",
                    f"seed-{deal_id}-{k}",
                    f"{deal['name']}: we need to send the pricing",
                    "{}",
                    changes,
                    _iso(at, dialect),
                    old if moved else None,
                    new if moved else None,
                    _iso(at, dialect) if moved else None,
                )
            )
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _copy(engine: Engine, table: str, columns: str, chunks: Any, dialect: str) -> int:
    """Insert every row of every chunk; returns how many."""
    count = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if dialect == "sqlite":
            marks = ", ".join("?" for _ in columns.split(","))
            for chunk in _chunks(chunks):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", chunk)
                count += len(chunk)
        else:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for chunk in _chunks(chunks):
                    for row in chunk:
                        copy.write_row(row)
                    count += len(chunk)
        raw.commit()
    finally:
        raw.close()
    return count


def _chunks(chunks: Any) -> Iterator[list[tuple[Any, ...]]]:
    """`chunks` as lists of rows (a list of one-row lists is regrouped by CHUNK)."""
    pending: list[tuple[Any, ...]] = []
    for chunk in chunks:
        pending.extend(chunk)
        if len(pending) >= CHUNK:
            yield pending
            pending = []
    if pending:
        yield pending
