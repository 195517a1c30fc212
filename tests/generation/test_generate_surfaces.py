"""`allokoli generate` and `POST /api/v1/generate`: thin adapters over the generator."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from allokoli.cli import app
from tests.conftest import Account

runner = CliRunner()
TEXT = (
    "Plomberie Martin, plombier chauffagiste à Lyon 3e, dépannage 7j/7, ouvert du lundi au "
    "vendredi de 8h à 18h, pour les urgences appelez le 06 12 34 56 78"
)


def test_cli_generate_from_text() -> None:
    r = runner.invoke(app, ["generate", "--text", TEXT])
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["sector"]["family"] == "artisans"
    assert result["profile"]["company_name"] == "Plomberie Martin"
    assert result["vapi_assistant"]["firstMessage"]


def test_cli_generate_vapi_only_from_stdin_profile() -> None:
    profile = {
        "company_name": "Cabinet Durand",
        "sector": {"family": "sante", "subtype": "dentiste"},
    }
    r = runner.invoke(app, ["generate", "--profile", "-", "--vapi-only"], input=json.dumps(profile))
    assert r.exit_code == 0, r.output
    dto = json.loads(r.stdout)
    assert "transcriber" in dto and "profile" not in dto


def test_cli_generate_bad_input_exit_2_french_stderr(tmp_path: Path) -> None:
    cases = [
        ["generate"],
        ["generate", "--text", "x", "--profile", "-"],
        ["generate", "--profile", str(tmp_path / "absent.json")],
    ]
    for args in cases:
        r = runner.invoke(app, args)
        assert r.exit_code == 2, args
        assert r.stdout == "", args
    bad = tmp_path / "bad.json"
    bad.write_text('{"company_name": "X", "business_phone": "12"}')
    r = runner.invoke(app, ["generate", "--profile", str(bad)])
    assert r.exit_code == 2 and "n'est pas un numéro de téléphone valide" in r.stderr
    bad.write_text("{oops")
    r = runner.invoke(app, ["generate", "--profile", str(bad)])
    assert r.exit_code == 2 and "JSON valide" in r.stderr


def test_api_generate(client: TestClient, alice: Account) -> None:
    r = client.post("/api/v1/generate", json={"text": TEXT}, headers=alice.auth)
    assert r.status_code == 200, r.text
    assert r.json()["sector"]["subtype"] in {"plombier", "chauffagiste"}
    r = client.post(
        "/api/v1/generate", json={"profile": {"company_name": "Le Fournil"}}, headers=alice.auth
    )
    assert r.status_code == 200
    r = client.post(
        "/api/v1/generate",
        json={"profile": {"company_name": "X", "email": "pas-un-mail"}},
        headers=alice.auth,
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "profile.email"
    assert "adresse e-mail valide" in r.json()["errors"][0]["message"]
    assert client.post("/api/v1/generate", json={}, headers=alice.auth).status_code == 422
    assert client.post("/api/v1/generate", json={"text": TEXT}).status_code == 401


# --- a description that states no company name -------------------------------------------------

NAMELESS = "je suis pisciniste à Perpignan, construction et entretien de piscines, 06 12 34 56 78"


def test_cli_generate_without_a_name_prints_what_was_understood() -> None:
    r = runner.invoke(app, ["generate", "--text", NAMELESS])
    assert r.exit_code == 2
    assert "nom de l'entreprise est introuvable" in r.stderr
    envelope = json.loads(r.stdout)
    assert envelope["error"] == "MissingCompanyName"
    assert envelope["missing"] == ["company_name"]
    assert envelope["sector"]["family"] == "artisans"
    assert envelope["sector"]["label"] == "Pisciniste"
    assert envelope["profile"]["business_phone"] == "+33612345678"
    r = runner.invoke(app, ["generate", "--text", NAMELESS, "--company-name", "Bleu Lagon"])
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["profile"]["company_name"] == "Bleu Lagon"
    assert result["profile"]["sector"] == {
        "family": "artisans",
        "subtype": "artisan_generique",
        "label": "Pisciniste",
    }


def test_api_generate_without_a_name_is_422_with_the_partial_profile(
    client: TestClient, alice: Account
) -> None:
    r = client.post("/api/v1/generate", json={"text": NAMELESS}, headers=alice.auth)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "MissingCompanyName"
    assert body["missing"] == ["company_name"]
    assert body["sector"]["subtype"] == "artisan_generique"
    assert body["profile"]["address"]["city"] == "Perpignan"
    assert "company_name" not in body["profile"]
    r = client.post(
        "/api/v1/generate",
        json={"text": NAMELESS, "company_name": "Bleu Lagon"},
        headers=alice.auth,
    )
    assert r.status_code == 200, r.text
    assert r.json()["profile"]["company_name"] == "Bleu Lagon"
    assert "Pisciniste" in r.json()["vapi_assistant"]["model"]["messages"][0]["content"]
    r = client.post(
        "/api/v1/generate",
        json={"profile": {"company_name": "X"}, "company_name": "Y"},
        headers=alice.auth,
    )
    assert r.status_code == 422
