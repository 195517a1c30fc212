"""The notification and unanswered-question tools over MCP: same services, same French errors."""

from __future__ import annotations

import anyio
import pytest

from allokoli_sdk import AlloKoli, ValidationError
from tests.conftest import InProcessTransport
from tests.mcp.conftest import data, error, mcp_over_http
from tests.notifications.conftest import Setup, settle


def test_settings_and_questions_through_mcp(owner: Setup) -> None:
    owner.hook.report(
        assistant_id=owner.assistant_id,
        structured={"questions_sans_reponse": ["Faites-vous la livraison ?"]},
    )
    listed = owner.acc.client.get("/api/v1/knowledge-gaps", headers=owner.acc.auth)
    settle(
        owner.app,
        lambda: bool(owner.acc.client.get("/api/v1/knowledge-gaps", headers=owner.acc.auth).json()),
        "the question",
    )
    assert listed.status_code == 200

    async def main() -> None:
        async with mcp_over_http(owner.app, owner.acc.api_key) as mcp:
            aid = owner.assistant_id
            bad = await mcp.call_tool(
                "update_notification_settings",
                {"assistant_id": aid, "settings": {"emails": ["gerant@"]}},
            )
            assert "« gerant@ » n'est pas une adresse e-mail valide." in error(bad)["detail"]
            saved = data(
                await mcp.call_tool(
                    "update_notification_settings",
                    {"assistant_id": aid, "settings": {"emails": ["gerant@exemple.fr"]}},
                )
            )
            assert saved["emails"] == ["gerant@exemple.fr"]
            got = data(await mcp.call_tool("get_notification_settings", {"assistant_id": aid}))
            assert got["calls"] == "messages"
            questions = data(await mcp.call_tool("list_unanswered_questions", {}))["result"]
            assert [q["question"] for q in questions] == ["Faites-vous la livraison ?"]
            answered = data(
                await mcp.call_tool(
                    "answer_question",
                    {"question_id": questions[0]["id"], "answer": "Non, pas de livraison."},
                )
            )
            assert answered["answered_version"] == 2

    anyio.run(main)


def test_the_sdk_reads_and_changes_the_settings(owner: Setup) -> None:
    with AlloKoli(
        api_key=owner.acc.api_key,
        base_url="http://testserver",
        transport=InProcessTransport(owner.acc.client),  # the app in process
    ) as sdk:
        saved = sdk.notifications.update(owner.assistant_id, emails=["gerant@exemple.fr"])
        assert saved.emails == ["gerant@exemple.fr"]
        assert sdk.notifications.get(owner.assistant_id).calls == "messages"
        with pytest.raises(ValidationError, match="« 12 » n'est pas un numéro de téléphone"):
            sdk.notifications.update(owner.assistant_id, phones=["12"], sms_enabled=True)
        assert sdk.sms_opt_outs.create("06 11 22 33 44") == {"number": "+33611223344"}
        assert [o.number for o in sdk.sms_opt_outs.list()] == ["+33611223344"]
        sdk.sms_opt_outs.delete("+33611223344")
        assert sdk.sms_opt_outs.list() == []
        assert sdk.knowledge_gaps.list() == []
        assert sdk.notifications.deliveries() == []
