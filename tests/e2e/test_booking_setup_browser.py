"""In a real browser, on a 390 px phone screen: the owner opens « Réglages des rendez-vous »
from the agenda, a refused capacity comes back with its French reason and the typed values,
then a resource and a service are added and the mode changed; every step waits on the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from allokoli.db.session import Database
from allokoli.models import Organization
from tests.bookings.conftest import make_shop

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser]

PASSWORD = "motdepasse-solide"


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"


def test_booking_settings_on_a_phone(page: Page, database: Database) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/signup")
    page.get_by_label("Nom de votre entreprise").fill("Salon Léa")
    page.get_by_label("Adresse e-mail").fill("lea@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard")
    with database.unit_of_work() as s:
        org_id = s.scalars(select(Organization.id).where(Organization.name == "Salon Léa")).one()
    make_shop(database, org_id, mode="direct")

    page.goto("/agenda")
    page.get_by_role("link", name="Salon Léa").click()
    page.get_by_role("heading", name="Réglages des rendez-vous").wait_for()
    _fits(page)

    add = page.get_by_role("form", name="Ajouter une ressource")
    add.get_by_label("Nom").fill("Bac")
    add.get_by_label("Capacité").fill("beaucoup")
    add.get_by_role("button", name="Ajouter la ressource").click()
    page.get_by_role("alert").filter(has_text="La capacité s'écrit en chiffres").wait_for()
    add = page.get_by_role("form", name="Ajouter une ressource")
    assert add.get_by_label("Nom").input_value() == "Bac"
    add.get_by_label("Capacité").fill("2")
    add.get_by_role("button", name="Ajouter la ressource").click()
    page.get_by_role("status").filter(has_text="Ressource « Bac » ajoutée.").wait_for()

    new = page.get_by_role("form", name="Ajouter une prestation")
    new.get_by_label("Nom").fill("Shampooing")
    new.get_by_label("Durée (minutes)").fill("15")
    new.get_by_label("Prix (euros, facultatif)").fill("8,50")
    new.get_by_label("Ressource").select_option(label="Bac")
    new.get_by_role("button", name="Ajouter la prestation").click()
    page.get_by_role("status").filter(has_text="Prestation « Shampooing » ajoutée.").wait_for()
    page.get_by_role("button", name="Supprimer « Shampooing »").wait_for()
    _fits(page)

    page.get_by_label("Demandes à confirmer").check()
    page.get_by_label("Délai de prévenance (en heures)").fill("3")
    # the mode change generates the assistant again: the first generation of a fresh server
    # loads the French pipeline, so the wait is on the page's answer, with room for a busy box
    page.get_by_role("button", name="Enregistrer", exact=True).first.click(no_wait_after=True)
    page.get_by_role("status").filter(has_text="l'assistant a été mis à jour").wait_for(
        timeout=180_000
    )
    assert page.get_by_label("Délai de prévenance (en heures)").input_value() == "3"
