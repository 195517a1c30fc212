"""PostgreSQL only: the row-level-security matrix with the app role, and the start-up check."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from allokoli.app import create_app
from allokoli.db.base import TENANT_TABLES
from allokoli.db.engine import make_engine
from allokoli.db.rls import UnsafeDatabaseRole, check_app_role
from allokoli.db.session import Database
from allokoli.settings import Settings
from tests.conftest import PG_URL, Account, DbUrls

pytestmark = pytest.mark.pg


def _org_id(acc: Account) -> str:
    return str(acc.client.get("/api/v1/me", headers=acc.auth).json()["organization"]["id"])


def _as_tenant(engine: Engine, tenant: str | None, sql: str, **params: object) -> int:
    with engine.begin() as conn:
        if tenant is not None:
            conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant})
        result = conn.execute(text(sql), params)
        return result.rowcount if result.returns_rows is False else len(result.all())


def test_every_tenant_table_has_forced_rls(admin_engine: Engine) -> None:
    with admin_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"
            ),
            {"t": TENANT_TABLES},
        ).all()
    assert {r.relname for r in rows} == set(TENANT_TABLES)
    assert all(r.relrowsecurity and r.relforcerowsecurity for r in rows)


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_rls_matrix(table: str, alice: Account, bob: Account, database: Database) -> None:
    engine = database.engine
    a, b = _org_id(alice), _org_id(bob)
    own = _as_tenant(engine, a, f"SELECT * FROM {table} WHERE organization_id = :o", o=a)
    assert own > 0
    # Cross-tenant SELECT returns nothing; no tenant set returns nothing.
    assert _as_tenant(engine, b, f"SELECT * FROM {table} WHERE organization_id = :o", o=a) == 0
    assert _as_tenant(engine, None, f"SELECT * FROM {table}") == 0
    # Cross-tenant UPDATE / DELETE affect no row.
    col = "name" if table == "api_keys" else "actor"
    assert (
        _as_tenant(
            engine, b, f"UPDATE {table} SET {col} = 'pirate' WHERE organization_id = :o", o=a
        )
        == 0
    )
    assert _as_tenant(engine, b, f"DELETE FROM {table} WHERE organization_id = :o", o=a) == 0
    assert _as_tenant(engine, a, f"SELECT * FROM {table} WHERE organization_id = :o", o=a) == own


def test_insert_with_another_tenants_id_raises(
    alice: Account, bob: Account, database: Database
) -> None:
    a, b = _org_id(alice), _org_id(bob)
    with pytest.raises(DBAPIError, match="row-level security"):
        _as_tenant(
            database.engine,
            b,
            "INSERT INTO audit_log (id, organization_id, actor, entity, action, at, details) "
            "VALUES (:id, :o, 'x', 'x', 'create', now(), '{}')",
            id=str(uuid.uuid4()),
            o=a,
        )


def test_app_refuses_to_start_with_a_privileged_role(settings: Settings) -> None:
    superuser = make_engine(PG_URL)
    with pytest.raises(UnsafeDatabaseRole, match="superuser"):
        check_app_role(superuser)
    app = create_app(settings, database=Database(superuser))
    with pytest.raises(UnsafeDatabaseRole), TestClient(app):
        pass
    superuser.dispose()


def test_owner_role_is_refused_too(db_urls: DbUrls) -> None:
    owner = make_engine(db_urls.admin)
    with pytest.raises(UnsafeDatabaseRole, match="owns"):
        check_app_role(owner)
    owner.dispose()


def test_app_role_passes_the_check(database: Database) -> None:
    check_app_role(database.engine)
