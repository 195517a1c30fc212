"""Migration 0008 on a database that has sandbox rows of the old token-hash accounts: they
belong to no organisation and are deleted; the schema goes to `organization_id` and back."""

from __future__ import annotations

import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from allokoli.db.engine import make_engine
from allokoli.db.migrate import alembic_config, upgrade


def _columns(url: str, table: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_0008_deletes_ownerless_rows_and_round_trips(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url, revision="0007")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sandbox_assistants (id, org_id, body, created_at, updated_at) "
                "VALUES (:id, :org, :body, '2026-11-30 10:00:00', '2026-11-30 10:00:00')"
            ),
            {
                "id": uuid.uuid4().hex,
                "org": "0" * 64,
                "body": '{"server": {"headers": {"X-Vapi-Secret": "in-clear"}}}',
            },
        )
    engine.dispose()

    upgrade(url, revision="0008")
    assert "organization_id" in _columns(url, "sandbox_assistants")
    assert "org_id" not in _columns(url, "sandbox_chats")
    assert "sandbox_keys" in _tables(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sandbox_assistants")).scalar_one() == 0
    engine.dispose()

    command.downgrade(alembic_config(url), "0007")
    assert "org_id" in _columns(url, "sandbox_phone_numbers")
    assert "sandbox_keys" not in _tables(url)
    upgrade(url)
    assert "organization_id" in _columns(url, "sandbox_credentials")
