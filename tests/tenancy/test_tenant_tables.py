"""Every table with an organisation column is declared a tenant table (RLS on PostgreSQL)."""

from __future__ import annotations

import allokoli.models  # registers the tables of models/ on the metadata
import allokoli.sandbox.models  # noqa: F401 - and the sandbox's, declared in sandbox/
from allokoli.db.base import TENANT_TABLES, Base


def test_tables_with_an_organisation_column_are_tenant_tables() -> None:
    owned = {t.name for t in Base.metadata.tables.values() if "organization_id" in t.columns}
    assert owned - set(TENANT_TABLES) == set()
    assert set(TENANT_TABLES) - owned == set()
