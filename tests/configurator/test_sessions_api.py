"""The configurator over the REST API and the web chat: persistence, resume, generation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from allokoli.cli import app as cli
from tests.conftest import Account

ANSWERS = [
    "Bonjour, je suis coiffeuse à Bordeaux, mon salon s'appelle Belle Mèche",
    "du mardi au samedi de 9h à 19h, fermé dimanche et lundi",
    "coupe femme 35 euros, coupe homme 22 euros, couleur à partir de 60 euros",
    "prendre les rendez-vous et les messages",
    "vouvoiement, chaleureux",
    "une voix féminine",
]


def _converse(acc: Account, answers: list[str]) -> dict[str, Any]:
    r = acc.client.post("/api/v1/configurator/sessions", headers=acc.auth)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    assert body["reply"] and body["done"] is False and body["progress"] >= 0
    sid = body["id"]
    for text in answers:
        body = acc.client.post(
            f"/api/v1/configurator/sessions/{sid}/turns", json={"text": text}, headers=acc.auth
        ).json()
        if body.get("stage") == "recap":
            break
    for _ in range(3):
        if body["done"]:
            break
        body = acc.client.post(
            f"/api/v1/configurator/sessions/{sid}/turns",
            json={"text": "oui, c'est parfait"},
            headers=acc.auth,
        ).json()
    return body


def test_api_conversation_to_draft_assistant(alice: Account) -> None:
    body = _converse(alice, ANSWERS)
    assert body["done"] is True, body
    assert body["assistant_id"]
    assistant = alice.client.get(
        f"/api/v1/assistants/{body['assistant_id']}", headers=alice.auth
    ).json()
    assert assistant["status"] == "draft"
    assert assistant["profile"]["company_name"] == "Belle Mèche"
    detail = alice.client.get(
        f"/api/v1/configurator/sessions/{body['id']}", headers=alice.auth
    ).json()
    roles = [t["role"] for t in detail["transcript"]]
    assert roles[0] == "configurator" and "owner" in roles
    r = alice.client.post(
        f"/api/v1/configurator/sessions/{body['id']}/turns",
        json={"text": "encore"},
        headers=alice.auth,
    )
    assert r.status_code == 409


def test_resume_unfinished(alice: Account) -> None:
    r = alice.client.post("/api/v1/configurator/sessions", headers=alice.auth).json()
    alice.client.post(
        f"/api/v1/configurator/sessions/{r['id']}/turns",
        json={"text": ANSWERS[0]},
        headers=alice.auth,
    )
    listed = alice.client.get("/api/v1/configurator/sessions", headers=alice.auth).json()
    assert [s["id"] for s in listed] == [r["id"]]
    assert listed[0]["company_name"] == "Belle Mèche"
    page = alice.client.get(f"/configurator/{r['id']}")
    assert page.status_code == 200 and "Belle Mèche" in page.text
    assert "Reprendre une conversation" in alice.client.get("/configurator").text


def test_bad_input(alice: Account) -> None:
    r = alice.client.post("/api/v1/configurator/sessions", headers=alice.auth).json()
    too_long = alice.client.post(
        f"/api/v1/configurator/sessions/{r['id']}/turns",
        json={"text": "x" * 5000},
        headers=alice.auth,
    )
    assert too_long.status_code == 422
    empty = alice.client.post(
        f"/api/v1/configurator/sessions/{r['id']}/turns", json={"text": ""}, headers=alice.auth
    )
    assert empty.status_code == 200 and empty.json()["reply"]


def test_web_chat_turns(alice: Account, client: TestClient) -> None:
    r = alice.client.post("/configurator", data={"csrf_token": alice.csrf}, follow_redirects=False)
    url = r.headers["location"]
    page = alice.client.get(url)
    assert "Bonjour" in page.text and 'role="progressbar"' in page.text
    turn = alice.client.post(
        f"{url}/turns",
        data={"csrf_token": alice.csrf, "text": ANSWERS[0]},
        headers={"HX-Request": "true"},
    )
    assert turn.status_code == 200
    assert 'class="bubble bot' in turn.text and "Belle Mèche" in turn.text


def test_cli_configure_with_answers_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_text("\n".join([*ANSWERS, "oui", "oui", "oui"]), encoding="utf-8")
    r = CliRunner().invoke(cli, ["configure", "--answers", str(path)])
    assert r.exit_code == 0, r.output
    assert '"company_name": "Belle Mèche"' in r.stdout
    assert "AlloKoli :" in r.stderr and "AlloKoli :" not in r.stdout
    short = tmp_path / "short.txt"
    short.write_text(ANSWERS[0], encoding="utf-8")
    r = CliRunner().invoke(cli, ["configure", "--answers", str(short)])
    assert r.exit_code == 2 and "s'arrête avant la fin" in r.stderr


def test_hours_summary_for_the_live_panel() -> None:
    from allokoli.configurator.views import hours_summary

    nine_to_seven = [{"start": "09:00:00", "end": "19:00:00"}]
    hours = {
        "days": [
            {"day": "lundi", "ranges": []},
            {"day": "mardi", "ranges": nine_to_seven},
            {"day": "mercredi", "ranges": nine_to_seven},
            {"day": "samedi", "ranges": [{"start": "09:30:00", "end": "12:00:00"}]},
        ],
        "by_appointment": True,
    }
    assert hours_summary(hours) == "lun. fermé · mar.–mer. 9h–19h · sam. 9h30–12h · sur rendez-vous"
