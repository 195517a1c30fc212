"""Closures: switched on and off by themselves (new version, redeploy), said by the assistant
and the hours tool, shown on the dashboard, readable as closed date ranges."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from allokoli.assistants.service import system_prompt
from allokoli.http.deps import AlloKoliApp
from allokoli.routing import closures, schedule
from allokoli.routing.hooks import OwnerAlert
from allokoli.tenancy import Tenant
from tests.calls.conftest import org_hook
from tests.routing.conftest import Line

pytestmark = pytest.mark.db

BEFORE = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
FIRST_DAY = datetime(2026, 12, 24, 6, 0, tzinfo=UTC)
AFTER = datetime(2026, 12, 27, 6, 0, tzinfo=UTC)
MESSAGE = "Fermé pour les fêtes, réouverture le 27 décembre"


def _assistant(line: Line) -> dict[str, Any]:
    r = line.acc.client.get(f"/api/v1/assistants/{line.assistant['id']}", headers=line.acc.auth)
    return dict(r.json())


def _vapi_prompt(line: Line) -> str:
    client = line.app.services.gateway_factory(line.acc.org_id).client
    found = client.assistants.get(line.assistant["provider_id"])
    body = found.dict(by_alias=True, exclude_none=True)
    return str(next(m["content"] for m in body["model"]["messages"] if m["role"] == "system"))


def _hours_answer(app: AlloKoliApp, line: Line, day: str) -> str:
    hook = org_hook(app, line.acc)
    answer = hook.post(
        {
            "type": "tool-calls",
            "call": {"id": f"call-{uuid.uuid4()}", "assistantId": line.assistant["provider_id"]},
            "toolCallList": [
                {
                    "id": f"tc-{uuid.uuid4()}",
                    "function": {"name": "check_opening_hours", "arguments": {"date": day}},
                }
            ],
        }
    )
    return str(answer["results"][0].get("result") or answer["results"][0].get("error"))


def test_a_closure_switches_on_and_off_by_itself(app: AlloKoliApp, line: Line) -> None:
    sent: list[OwnerAlert] = []
    app.services.clock = lambda: BEFORE
    r = line.acc.client.post(
        "/api/v1/closures",
        json={"starts_on": "24/12/2026", "ends_on": "2026-12-26", "message": MESSAGE},
        headers=line.acc.auth,
    )
    assert r.status_code == 201, r.text
    assert r.json()["active"] is False
    version = _assistant(line)["version"]
    assert "Prochaine fermeture" in line.acc.client.get("/dashboard").text

    # The hours tool says it before the period starts already (asked about those days).
    assert f"c'est fermé ({MESSAGE})" in _hours_answer(app, line, "2026-12-24")

    schedule.run(app.services.db, FIRST_DAY, sent.append)
    detail = _assistant(line)
    assert detail["version"] == version + 1
    prompt = system_prompt(detail["config"])
    assert "# Fermeture en cours" in prompt and MESSAGE in prompt
    app.services.dispatcher.run_due()
    assert MESSAGE in _vapi_prompt(line)  # redeployed
    assert [a.kind for a in sent] == ["closure_on"]
    assert "annonce la fermeture" in sent[0].detail
    alerts = line.acc.client.get("/api/v1/alerts", headers=line.acc.auth).json()
    assert any(a["kind"] == "closure_on" for a in alerts)

    schedule.run(app.services.db, FIRST_DAY, sent.append)  # a second pass changes nothing
    assert _assistant(line)["version"] == version + 1 and len(sent) == 1

    # Regenerated from its facts during the period: the next pass says the closure again.
    r = line.acc.client.post(
        f"/api/v1/assistants/{line.assistant['id']}/regenerate", headers=line.acc.auth
    )
    assert r.status_code == 200, r.text
    assert "# Fermeture en cours" not in system_prompt(_assistant(line)["config"])
    schedule.run(app.services.db, FIRST_DAY, sent.append)
    assert MESSAGE in system_prompt(_assistant(line)["config"])
    app.services.dispatcher.run_due()
    version = _assistant(line)["version"] - 1

    schedule.run(app.services.db, AFTER, sent.append)
    detail = _assistant(line)
    assert detail["version"] == version + 2
    assert "# Fermeture en cours" not in system_prompt(detail["config"])
    app.services.dispatcher.run_due()
    assert MESSAGE not in _vapi_prompt(line)
    assert [a.kind for a in sent] == ["closure_on", "closure_off"]


def test_a_closure_starting_today_is_said_at_once_and_stops_when_deleted(
    app: AlloKoliApp, line: Line
) -> None:
    app.services.clock = lambda: FIRST_DAY
    r = line.acc.client.post(
        "/api/v1/closures",
        json={"starts_on": "2026-12-24", "ends_on": "2026-12-24"},
        headers=line.acc.auth,
    )
    assert r.status_code == 201 and r.json()["active"] is True
    assert "aujourd'hui" in system_prompt(_assistant(line)["config"])
    r = line.acc.client.delete(f"/api/v1/closures/{r.json()['id']}", headers=line.acc.auth)
    assert r.status_code == 200
    assert "# Fermeture en cours" not in system_prompt(_assistant(line)["config"])


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"starts_on": "2026-12-26", "ends_on": "2026-12-24"},
            "La date de fin doit être le même jour que la date de début ou après.",
        ),
        ({"starts_on": "31/02/2026", "ends_on": "2026-12-24"}, "« 31/02/2026 » n'est pas une date"),
        (
            {"starts_on": "2026-12-01", "ends_on": "2026-12-02"},
            "Cette fermeture est déjà terminée",
        ),
        ({"starts_on": "2026-12-24", "ends_on": "2028-12-24"}, "Une fermeture dure au plus 366"),
        (
            {"starts_on": "2026-12-24", "ends_on": "2026-12-24", "message": "x" * 501},
            "Le message de fermeture doit faire au plus 500 caractères.",
        ),
    ],
)
def test_bad_closures_get_a_french_message(
    app: AlloKoliApp, line: Line, body: dict[str, Any], detail: str
) -> None:
    app.services.clock = lambda: BEFORE
    r = line.acc.client.post("/api/v1/closures", json=body, headers=line.acc.auth)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(detail)
    assert line.acc.client.get("/api/v1/closures", headers=line.acc.auth).json() == []


def test_overlapping_closures_are_refused(app: AlloKoliApp, line: Line) -> None:
    app.services.clock = lambda: BEFORE
    body = {"starts_on": "2026-12-24", "ends_on": "2026-12-26"}
    assert (
        line.acc.client.post("/api/v1/closures", json=body, headers=line.acc.auth).status_code
        == 201
    )
    body = {"starts_on": "2026-12-26", "ends_on": "2026-12-28"}
    r = line.acc.client.post("/api/v1/closures", json=body, headers=line.acc.auth)
    assert r.status_code == 422
    assert (
        r.json()["detail"]
        == "Une fermeture couvre déjà une partie de ces dates (du 24/12/2026 au 26/12/2026)."
    )


def test_closed_ranges_read_api_has_closures_and_public_holidays(
    app: AlloKoliApp, line: Line
) -> None:
    app.services.clock = lambda: BEFORE
    body = {"starts_on": "2026-12-28", "ends_on": "2026-12-30", "message": "Inventaire"}
    assert (
        line.acc.client.post("/api/v1/closures", json=body, headers=line.acc.auth).status_code
        == 201
    )
    with app.services.db.unit_of_work(tenant_id=line.acc.org_id) as s:
        ranges = closures.closed_ranges(
            s,
            Tenant(line.acc.org_id),
            uuid.UUID(line.assistant["id"]),
            date(2026, 12, 20),
            date(2027, 1, 2),
        )
    assert [(r.start, r.end, r.reason) for r in ranges] == [
        (date(2026, 12, 25), date(2026, 12, 25), "jour férié (Noël)"),
        (date(2026, 12, 28), date(2026, 12, 30), "Inventaire"),
        (date(2027, 1, 1), date(2027, 1, 1), "jour férié (Jour de l'an)"),
    ]
