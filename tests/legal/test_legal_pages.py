"""The legal pages: public, written from the operator's settings, linked from the sign-up
consent, whose accepted version is recorded with the user."""

from __future__ import annotations

import html
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.legal import content
from allokoli.models import User
from allokoli.settings import LEGAL_SETTINGS, Settings, SettingsError
from tests.conftest import PASSWORD, csrf_from

PAGES = ("/conditions-d-utilisation", "/politique-de-confidentialite", "/mentions-legales")
OPERATOR: dict[str, Any] = {
    "legal_company": "Standard Malin SAS, au capital de 10 000 €",
    "legal_address": "12 rue des Lilas, 69003 Lyon",
    "legal_registration": "RCS Lyon 912 345 678",
    "legal_publisher": "Camille Durand",
    "legal_contact_email": "bonjour@standard-malin.fr",
    "legal_host": "OVH SAS, 2 rue Kellermann, 59100 Roubaix",
    "legal_dpo_email": "rgpd@standard-malin.fr",
}


@pytest.fixture
def operated(settings: Settings, database: Database) -> TestClient:
    app = create_app(settings.model_copy(update=OPERATOR), database=database)
    return TestClient(app)


@pytest.mark.parametrize("path", PAGES)
def test_each_legal_page_is_public_and_names_the_operator(operated: TestClient, path: str) -> None:
    r = operated.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<meta name="description" content="' in r.text
    assert "Version de démonstration" not in r.text
    for other in PAGES:  # the three pages link to each other
        assert f'href="{other}"' in r.text


def test_notice_gives_company_host_publisher_and_contacts(operated: TestClient) -> None:
    page = operated.get("/mentions-legales").text
    for key in ("legal_address", "legal_registration", "legal_publisher", "legal_host"):
        assert OPERATOR[key] in page
    assert "Standard Malin SAS, au capital de 10 000 €" in page
    assert 'href="mailto:bonjour@standard-malin.fr"' in page
    assert 'href="mailto:rgpd@standard-malin.fr"' in page


def test_privacy_policy_states_the_rgpd_facts(operated: TestClient) -> None:
    page = html.unescape(operated.get("/politique-de-confidentialite").text)
    for fact in (
        "transcription",  # data kept
        "numéro de l'appelant",
        "de 1 à 3 650 jours, 365 jours par défaut",  # retention
        "Sessions de connexion terminées</strong> : 30 jours",
        "Vapi",  # processors
        "Twilio",
        "OpenAI",
        "droit d'accès",  # rights
        "CNIL",
        "assistant virtuel",  # AI disclosure
        "mailto:rgpd@standard-malin.fr",
        f"Version du {content.VERSION_LABEL}",
    ):
        assert fact in page, fact


def test_the_configurator_llm_is_listed_when_one_is_configured(
    settings: Settings, database: Database
) -> None:
    configured = settings.model_copy(update={"llm_base_url": "https://api.mistral.ai/v1"})
    page = TestClient(create_app(configured, database=database)).get(
        "/politique-de-confidentialite"
    )
    assert "configurateur (api.mistral.ai)" in page.text


def test_placeholders_are_flagged_outside_production(client: TestClient) -> None:
    page = client.get("/mentions-legales").text
    assert "Version de démonstration" in page
    assert "&lt;Raison sociale" in page


@pytest.mark.parametrize("name", LEGAL_SETTINGS)
def test_production_refuses_a_placeholder_legal_setting(name: str) -> None:
    real = {k: v for k, v in OPERATOR.items() if k != name}
    with pytest.raises(SettingsError, match=f"ALLOKOLI_{name.upper()}"):
        Settings(_env_file=None, env="production", secret_key="Zq8" * 16, **real)


def test_production_accepts_real_operator_settings() -> None:
    prod = Settings(_env_file=None, env="production", secret_key="Zq8" * 16, **OPERATOR)
    assert prod.legal_dpo_email == "rgpd@standard-malin.fr"


def test_signup_consent_links_to_the_pages_and_records_the_version(
    client: TestClient, database: Database
) -> None:
    page = client.get("/signup").text
    assert 'href="/conditions-d-utilisation"' in page
    assert 'href="/politique-de-confidentialite"' in page
    assert content.VERSION_LABEL in page
    r = client.post(
        "/signup",
        data={
            "csrf_token": csrf_from(page),
            "email": "lea@exemple.fr",
            "password": PASSWORD,
            "organization_name": "Fleurs de Léa",
            "consent": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with database.unit_of_work() as session:
        user = session.scalars(select(User).where(User.email == "lea@exemple.fr")).one()
        assert user.terms_version == content.VERSION
        assert user.consent_at is not None


def test_every_page_footer_links_the_legal_pages(client: TestClient) -> None:
    for path in ("/", "/login", "/signup"):
        page = client.get(path).text
        for legal_path in PAGES:
            assert f'href="{legal_path}"' in page, (path, legal_path)
