"""PostgreSQL row-level security: the second wall behind the application's tenant scoping.

Migrations (run as the owner role) enable and force RLS on every tenant table with a policy on
`app.tenant_id`; the app connects with another role that owns nothing, is not superuser and has no
BYPASSRLS, and sets `app.tenant_id` per transaction (`db.session.bind_tenant`).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

TENANT_EXPR = "nullif(current_setting('app.tenant_id', true), '')::uuid"
USER_EXPR = "nullif(current_setting('app.user_id', true), '')::uuid"


class UnsafeDatabaseRole(RuntimeError):
    pass


def enable_rls_sql(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING (organization_id = {TENANT_EXPR}) WITH CHECK (organization_id = {TENANT_EXPR})",
    ]


def disable_rls_sql(table: str) -> list[str]:
    return [
        f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
    ]


def check_app_role(engine: Engine) -> None:
    """Refuse to run on PostgreSQL with a role that would make RLS toothless."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT r.rolname, r.rolsuper, r.rolbypassrls, "
                "(SELECT count(*) FROM pg_tables t WHERE t.tableowner = r.rolname) AS owned "
                "FROM pg_roles r WHERE r.rolname = current_user"
            )
        ).one()
    problems = []
    if row.rolsuper:
        problems.append("is a superuser")
    if row.rolbypassrls:
        problems.append("has BYPASSRLS")
    if row.owned:
        problems.append(f"owns {row.owned} table(s)")
    if problems:
        raise UnsafeDatabaseRole(
            f"The database role {row.rolname!r} {', '.join(problems)}: row-level security would "
            "not protect tenants. Connect the app with a dedicated role (see docs/deployment.md); "
            "run migrations with ALLOKOLI_DATABASE_ADMIN_URL."
        )


def grant_app_role(conn: Connection, role: str) -> None:
    """Give the app role data access (no DDL) to every table and sequence of the schema."""
    quoted = conn.dialect.identifier_preparer.quote(role)
    for stmt in (
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {quoted}",
    ):
        conn.execute(text(stmt))
