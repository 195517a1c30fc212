from __future__ import annotations

from alembic import context

import allokoli.models  # registers the tables of models/ on Base.metadata
import allokoli.sandbox.models  # noqa: F401  (and the sandbox's own tables, declared in sandbox/)
from allokoli.db.base import Base
from allokoli.db.engine import make_engine

config = context.config
target_metadata = Base.metadata


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """procrastinate's tables (migration 0014) are its own, not in our models: autogenerate must
    not offer to drop them."""
    return not (type_ == "table" and reflected and (name or "").startswith("procrastinate_"))


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(str(config.get_main_option("sqlalchemy.url")))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
