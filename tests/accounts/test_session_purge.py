"""Ended browser sessions (revoked or expired) are deleted once they have been over for the
retention, in every organisation at once; live ones and recently ended ones stay."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from allokoli.accounts import sessions
from allokoli.cli import app as cli
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.clock import utcnow
from allokoli.models import UserSession
from tests.accounts.test_sessions import _login
from tests.conftest import Account, DbUrls

RETENTION = timedelta(days=30)


def _session_ids(admin_engine: Engine) -> list[uuid.UUID]:
    with admin_engine.connect() as conn:
        return list(conn.scalars(select(UserSession.id).order_by(UserSession.created_at)))


def _age(admin_engine: Engine, session_id: uuid.UUID, **days_ago: int) -> None:
    """Move a session's `created_at` / `revoked_at` that many days into the past."""
    now = utcnow()
    values = {column: now - timedelta(days=days) for column, days in days_ago.items()}
    with admin_engine.begin() as conn:
        conn.execute(update(UserSession).where(UserSession.id == session_id).values(**values))


@pytest.fixture
def five_sessions(
    app: AlloKoliApp, alice: Account, bob: Account, admin_engine: Engine
) -> dict[str, uuid.UUID]:
    """Alice's and Bob's sign-up sessions plus three more log-ins, aged into each case."""
    for email in (alice.email, bob.email, alice.email):
        _login(app, email)
    live, revoked_long_ago, revoked_lately, expired_long_ago, expired_lately = _session_ids(
        admin_engine
    )
    _age(admin_engine, revoked_long_ago, created_at=45, revoked_at=31)
    _age(admin_engine, revoked_lately, created_at=12, revoked_at=10)
    # LIFETIME is 14 days: created 45 days ago, it expired 31 days ago; created 40, 26 days ago.
    _age(admin_engine, expired_long_ago, created_at=45)
    _age(admin_engine, expired_lately, created_at=40)
    return {
        "live": live,
        "revoked_long_ago": revoked_long_ago,
        "revoked_lately": revoked_lately,
        "expired_long_ago": expired_long_ago,
        "expired_lately": expired_lately,
    }


def test_purge_deletes_only_sessions_ended_longer_ago_than_the_retention(
    database: Database, admin_engine: Engine, five_sessions: dict[str, uuid.UUID]
) -> None:
    assert sessions.purge(database, RETENTION) == 2
    kept = set(_session_ids(admin_engine))
    assert kept == {
        five_sessions["live"],
        five_sessions["revoked_lately"],
        five_sessions["expired_lately"],
    }
    assert sessions.purge(database, RETENTION) == 0  # idempotent


def test_purge_spans_organisations(
    database: Database, admin_engine: Engine, alice: Account, bob: Account
) -> None:
    """Both sign-up sessions (one per organisation) revoked long ago: both go, on PostgreSQL too
    where the app role sees no organisation's rows without a tenant."""
    for session_id in _session_ids(admin_engine):
        _age(admin_engine, session_id, created_at=60, revoked_at=59)
    assert sessions.purge(database, RETENTION) == 2
    assert _session_ids(admin_engine) == []


def test_a_retention_of_zero_keeps_live_sessions(
    database: Database, admin_engine: Engine, alice: Account
) -> None:
    assert sessions.purge(database, timedelta(0)) == 0
    assert len(_session_ids(admin_engine)) == 1
    assert alice.client.get("/api/v1/me").status_code == 200  # still logged in


def test_cli_sessions_purge(
    db_urls: DbUrls,
    admin_engine: Engine,
    five_sessions: dict[str, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    monkeypatch.setenv("ALLOKOLI_ENV", "test")
    monkeypatch.setenv("ALLOKOLI_SESSION_RETENTION_DAYS", "30")
    runner = CliRunner()
    r = runner.invoke(cli, ["sessions", "purge", "--days", "60"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "0 session(s) terminée(s) supprimée(s)."
    r = runner.invoke(cli, ["sessions", "purge"])  # the setting's 30 days
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "2 session(s) terminée(s) supprimée(s)."
    assert len(_session_ids(admin_engine)) == 3
    r = runner.invoke(cli, ["sessions", "purge", "--days", "-1"])
    assert r.exit_code == 2
    assert "Valeur invalide pour --days : doit être supérieur ou égal à 0." in r.stderr
    assert len(_session_ids(admin_engine)) == 3
