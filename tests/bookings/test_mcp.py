"""The booking MCP tools, over the real MCP client and the app's /mcp transport."""

from __future__ import annotations

import anyio
import pytest

from allokoli.http.deps import AlloKoliApp
from tests.bookings.conftest import NOW, make_shop
from tests.conftest import Account
from tests.mcp.conftest import data, error, mcp_over_http

pytestmark = pytest.mark.db


def test_check_book_move_and_list_over_mcp(app: AlloKoliApp, alice: Account) -> None:
    app.services.clock = lambda: NOW
    shop = make_shop(app.services.db, alice.org_id)
    aid = str(shop.assistant_id)

    async def scenario() -> None:
        async with mcp_over_http(app, alice.api_key) as mcp:
            free = data(
                await mcp.call_tool(
                    "check_availability", {"assistant_id": aid, "day": "2027-03-09"}
                )
            )
            assert free["slots"][0]["spoken"] == "mardi neuf mars à neuf heures"
            booked = data(
                await mcp.call_tool(
                    "create_booking",
                    {
                        "assistant_id": aid,
                        "start_at": free["slots"][0]["start_at"],
                        "service": "Coupe",
                        "customer_name": "Marie Curie",
                        "callback_number": "0612345678",
                    },
                )
            )
            assert booked["status"] == "confirmed"
            taken = error(
                await mcp.call_tool(
                    "create_booking",
                    {
                        "assistant_id": aid,
                        "start_at": free["slots"][0]["start_at"],
                        "service": "Coupe",
                    },
                )
            )
            assert taken["status"] == 409 and taken["detail"] == "Ce créneau n'est plus libre."
            moved = data(
                await mcp.call_tool(
                    "update_booking",
                    {"booking_id": booked["id"], "start_at": "2027-03-09T14:00:00+01:00"},
                )
            )
            assert moved["start_at"].startswith("2027-03-09T13:00")
            listed = data(await mcp.call_tool("list_bookings", {"assistant_id": aid}))
            assert [b["reference"] for b in listed["items"]] == [booked["reference"]]

    anyio.run(scenario)
