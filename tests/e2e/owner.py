"""What most browser tests start with: an owner signs up, then generates an assistant from a
pizzeria's description. Every step waits for its page (generous timeouts: the first generation
loads the French models on a small, busy machine)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "motdepasse-solide"
TIMEOUT = 90_000
PIZZERIA = (
    "Pizzeria Da Marco à Lyon 3e, ouvert du mardi au dimanche de 11h30 à 14h et de 18h30 à "
    "22h30, fermé le lundi, on prend les réservations"
)


def sign_up(
    page: Page, email: str = "marco@exemple.fr", company: str = "Pizzeria Da Marco"
) -> None:
    page.goto("/signup")
    page.get_by_label("Nom de votre entreprise").fill(company)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard", timeout=TIMEOUT)


def new_assistant(page: Page, description: str = PIZZERIA) -> str:
    """Generates an assistant from `description`; its id (the page shown is its own)."""
    page.goto("/assistants/new")
    page.get_by_label("Description").fill(description)
    page.get_by_role("button", name="Générer mon assistant").click()
    page.wait_for_url(re.compile(r".*/assistants/[0-9a-f-]+$"), timeout=TIMEOUT)
    return page.url.rstrip("/").rsplit("/", 1)[1]
