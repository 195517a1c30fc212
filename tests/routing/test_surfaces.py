"""The routing lists, closures and budget through the Python SDK and the MCP tools."""

from __future__ import annotations

from datetime import UTC, datetime

import anyio
import pytest
from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from allokoli_sdk import AlloKoli
from allokoli_sdk.errors import ConflictError
from tests.conftest import Account, InProcessTransport
from tests.mcp.conftest import data, error, mcp_over_http

pytestmark = pytest.mark.db


def test_sdk(app: AlloKoliApp, client: TestClient, alice: Account) -> None:
    app.services.clock = lambda: datetime(2026, 12, 20, 9, tzinfo=UTC)
    api = AlloKoli(
        api_key=alice.api_key, base_url="http://testserver", transport=InProcessTransport(client)
    )
    rule = api.numbers.add("06 11 11 11 11", "protected", label="Maman")
    assert rule.number == "+33611111111" and rule.display == "06 11 11 11 11"
    assert [r.id for r in api.numbers.list(kind="protected")] == [rule.id]
    assert api.numbers.get(rule.id).label == "Maman"
    with pytest.raises(ConflictError) as refused:
        api.numbers.add("+33611111111", "blocked")
    assert "déjà dans vos numéros protégés" in str(refused.value)
    assert api.numbers.remove(rule.id).id == rule.id and api.numbers.list() == []

    closure = api.closures.create("2026-12-24", "2026-12-26", message="Noël")
    assert closure.active is False and [c.id for c in api.closures.list()] == [closure.id]
    assert api.closures.get(closure.id).message == "Noël"
    assert api.closures.delete(closure.id).id == closure.id

    budget = api.budget.set(80, auto_pause=True)
    assert budget.monthly_budget_eur == 80 and budget.auto_pause and budget.percent == 0
    assert api.budget.get().month == "2026-12"


def test_mcp(app: AlloKoliApp, client: TestClient, alice: Account) -> None:
    app.services.clock = lambda: datetime(2026, 12, 20, 9, tzinfo=UTC)

    async def main() -> None:
        async with mcp_over_http(app, alice.api_key) as mcp:
            added = data(
                await mcp.call_tool(
                    "add_listed_number", {"number": "06 22 22 22 22", "kind": "blocked"}
                )
            )
            listed = data(await mcp.call_tool("list_listed_numbers", {}))
            assert [r["id"] for r in listed["items"]] == [added["id"]]
            bad = error(
                await mcp.call_tool("add_listed_number", {"number": "abc", "kind": "blocked"})
            )
            assert "n'est pas un numéro de téléphone valide" in bad["detail"]
            data(await mcp.call_tool("remove_listed_number", {"rule_id": added["id"]}))
            closure = data(
                await mcp.call_tool(
                    "add_closure", {"starts_on": "2026-12-24", "ends_on": "2026-12-26"}
                )
            )
            assert len(data(await mcp.call_tool("list_closures", {}))["items"]) == 1
            data(await mcp.call_tool("delete_closure", {"closure_id": closure["id"]}))
            budget = data(await mcp.call_tool("set_budget", {"monthly_budget_eur": 30}))
            assert budget["monthly_budget_eur"] == 30
            assert data(await mcp.call_tool("get_budget", {}))["month"] == "2026-12"

    anyio.run(main)
