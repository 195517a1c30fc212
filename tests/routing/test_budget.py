"""The monthly budget: estimated spend, alerts at 80 % and 100 %, the pause that forwards calls
to the owner, blocked calls not counted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from allokoli.http.deps import AlloKoliApp
from allokoli.routing import schedule, spend, texts
from allokoli.routing.hooks import OwnerAlert
from tests.calls.conftest import org_hook
from tests.routing.conftest import OWNER, Line

pytestmark = pytest.mark.db


def _budget(line: Line) -> dict[str, object]:
    r = line.acc.client.get("/api/v1/budget", headers=line.acc.auth)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_alerts_at_80_and_100_percent_then_the_pause_forwards_calls(
    app: AlloKoliApp, line: Line
) -> None:
    sent: list[OwnerAlert] = []
    hook = org_hook(app, line.acc)
    minute = spend.default_eur_per_minute()
    # A budget of 10 minutes of calls, with the pause at 100 %.
    r = line.acc.client.put(
        "/api/v1/budget",
        json={"monthly_budget_eur": round(minute * 10, 4), "auto_pause": True},
        headers=line.acc.auth,
    )
    assert r.status_code == 200, r.text
    app.services.dispatcher.run_due()
    assert "assistantId" not in line.vapi_number()  # screened: the pause can take effect

    hook.report(seconds=8 * 60 + 30, assistant_id=line.assistant["id"])
    status = _budget(line)
    assert status["percent"] in (84, 85, 86) and status["paused"] is False
    schedule.run(app.services.db, datetime.now(UTC), sent.append)
    assert [a.kind for a in sent] == ["budget_80"]
    assert line.ring("+33633333333")["outcome"] == "assistant"

    hook.report(seconds=2 * 60, assistant_id=line.assistant["id"])
    schedule.run(app.services.db, datetime.now(UTC), sent.append)
    schedule.run(app.services.db, datetime.now(UTC), sent.append)  # told once
    assert [a.kind for a in sent] == ["budget_80", "budget_100"]
    assert "transférés directement sur votre ligne" in sent[1].detail
    assert _budget(line)["paused"] is True
    alerts = line.acc.client.get("/api/v1/alerts", headers=line.acc.auth).json()
    assert any(a["kind"] == "budget_100" and a["level"] == "error" for a in alerts)

    paused = line.ring("+33633333333")
    assert paused["outcome"] == "transferred"  # never dropped
    assert paused["destination"] == {
        "type": "number",
        "number": OWNER,
        "message": texts.BUDGET_TRANSFER,
    }


def test_blocked_calls_are_not_counted(app: AlloKoliApp, line: Line) -> None:
    hook = org_hook(app, line.acc)
    assert line.add("+33622222222", "blocked").status_code == 201
    app.services.dispatcher.run_due()
    call_id = f"call-{uuid.uuid4()}"
    answer = hook.post(
        {
            "type": "assistant-request",
            "call": {"id": call_id, "phoneNumberId": line.phone_provider_id},
            "customer": {"number": "+33622222222"},
        }
    )
    assert answer == {"error": texts.BLOCKED_SPOKEN}
    hook.report(call_id=call_id, seconds=600, caller="+33622222222")
    assert _budget(line)["spent_eur"] == 0
    hook.report(seconds=60, assistant_id=line.assistant["id"])
    assert 0 < float(str(_budget(line)["spent_eur"])) < 1


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        (-3, texts.BUDGET_INVALID),
        (0, texts.BUDGET_INVALID),
        (1_000_000, texts.BUDGET_TOO_HIGH),
    ],
)
def test_bad_budgets_get_a_french_message(line: Line, value: float, detail: str) -> None:
    r = line.acc.client.put(
        "/api/v1/budget", json={"monthly_budget_eur": value}, headers=line.acc.auth
    )
    assert r.status_code == 422 and r.json()["detail"] == detail
    assert _budget(line)["monthly_budget_eur"] is None


def test_the_budget_form_reads_french_amounts(line: Line) -> None:
    r = line.acc.client.post(
        "/routing/budget",
        data={"csrf_token": line.acc.csrf, "budget": "49,90 €", "auto_pause": "on"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert _budget(line)["monthly_budget_eur"] == 49.9
    r = line.acc.client.post(
        "/routing/budget", data={"csrf_token": line.acc.csrf, "budget": "beaucoup"}
    )
    assert r.status_code == 422 and texts.BUDGET_INVALID in r.text


def test_raising_the_budget_lifts_the_pause(app: AlloKoliApp, line: Line) -> None:
    sent: list[OwnerAlert] = []
    app.services.owner_alert_hook = sent.append
    hook = org_hook(app, line.acc)
    minute = spend.default_eur_per_minute()
    hook.report(seconds=5 * 60, assistant_id=line.assistant["id"])
    body = {"monthly_budget_eur": round(minute * 2, 4), "auto_pause": True}
    assert line.acc.client.put("/api/v1/budget", json=body, headers=line.acc.auth).json()["paused"]
    app.services.dispatcher.run_due()
    assert line.ring("+33633333333")["outcome"] == "transferred"
    assert [a.kind for a in sent] == ["budget_100"]  # told at once, through the services' hook
    body = {"monthly_budget_eur": round(minute * 100, 2), "auto_pause": True}
    assert not line.acc.client.put("/api/v1/budget", json=body, headers=line.acc.auth).json()[
        "paused"
    ]
    assert line.ring("+33633333333")["outcome"] == "assistant"
