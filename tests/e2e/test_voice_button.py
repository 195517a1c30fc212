"""The in-browser voice test is wired to Vapi's Web SDK (bundled from npm)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from allokoli.db.session import Database
from allokoli.settings import Settings
from tests.e2e.conftest import serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.journey]


@pytest.fixture
def live_server(settings: Settings, database: Database) -> Iterator[str]:
    yield from serve(settings.model_copy(update={"vapi_public_key": "pk-test-public"}), database)


def test_voice_button_uses_the_web_sdk(page: Page, live_server: str) -> None:
    from tests.e2e.journey import PASSWORD

    page.goto("/signup")
    page.get_by_label("Nom de votre entreprise").fill("Garage Dupont")
    page.get_by_label("Adresse e-mail").fill("garage@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard")
    page.goto("/assistants/new")
    page.get_by_label("Description").fill(
        "Garage Dupont à Rennes, mécanique, ouvert du lundi au vendredi de 8h à 18h"
    )
    page.get_by_role("button", name="Générer mon assistant").click()
    page.wait_for_url("**/assistants/*")
    page.get_by_role("button", name="Mettre en service").click()
    page.get_by_text("En service", exact=True).wait_for(timeout=90_000)
    page.get_by_role("link", name="Tester").click()
    button = page.get_by_role("button", name="Démarrer l'appel")
    assert button.is_enabled()
    assert button.get_attribute("data-key") == "pk-test-public"
    assert page.evaluate("typeof window.AlloKoliVoice") in ("undefined", "function")
    button.click()
    # No network here: the SDK's call fails and the owner gets a French explanation.
    page.get_by_text("L'appel n'a pas pu démarrer").wait_for(timeout=30_000)
