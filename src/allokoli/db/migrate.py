"""Run Alembic migrations programmatically (used by `allokoli db upgrade` and the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from allokoli.db.engine import make_engine, normalize_url
from allokoli.db.rls import grant_app_role

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


def upgrade(migration_url: str, app_url: str | None = None, revision: str = "head") -> None:
    """Upgrade the schema as the owner; on PostgreSQL grant data access to the app's role."""
    command.upgrade(alembic_config(migration_url), revision)
    if app_url is None or app_url == migration_url:
        return
    admin = make_url(normalize_url(migration_url))
    app = make_url(normalize_url(app_url))
    if admin.get_backend_name() == "postgresql" and app.username and app.username != admin.username:
        engine = make_engine(migration_url)
        with engine.begin() as conn:
            grant_app_role(conn, app.username)
        engine.dispose()
