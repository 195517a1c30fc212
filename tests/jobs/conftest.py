from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text


@pytest.fixture
def clean_queue(admin_engine: Engine) -> Iterator[None]:
    """Empties procrastinate's tables after the test (the shared wipe knows only ours)."""
    yield
    if admin_engine.dialect.name == "postgresql":
        with admin_engine.begin() as conn:
            conn.execute(
                text(
                    "TRUNCATE procrastinate_events, procrastinate_periodic_defers, "
                    "procrastinate_jobs, procrastinate_workers CASCADE"
                )
            )
