"""Shared fixtures. `db` is a fresh, empty, migrated database for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db import Database, make_engine
from storage.models import Base


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    engine = make_engine(f"sqlite:///{tmp_path / 'nextstep.db'}")
    Base.metadata.create_all(engine)
    yield Database(engine)
    engine.dispose()
