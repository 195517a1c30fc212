"""In a real browser, on a 390 px phone screen: the owner's agenda shows a request, the owner
accepts it, moves it and blocks a slot; every step waits on what the page shows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from allokoli.bookings import service
from allokoli.db.session import Database
from allokoli.models import Organization
from tests.bookings.conftest import NOW, make_shop

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser]

PASSWORD = "motdepasse-solide"


def test_agenda_on_a_phone(page: Page, database: Database) -> None:
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
    shop = make_shop(database, org_id, mode="request")
    with database.unit_of_work(write=True) as s:
        service.book(
            s,
            shop.tenant,
            service.NewBooking(
                assistant_id=shop.assistant_id,
                start=datetime(2027, 3, 9, 9, 0, tzinfo=UTC),
                service="Coupe",
                customer_name="Marie Curie",
                callback_number="0612345678",
                source="call",
            ),
            now=NOW,
            runtime=shop.runtime,
            actor="assistant",
        )

    page.goto("/agenda?day=2027-03-09")
    booking = page.locator(".item", has_text="Marie Curie")
    booking.get_by_text("Demande à valider").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the agenda is {width} px wide on a 390 px screen"

    booking.get_by_role("button", name="Accepter").click()
    page.get_by_role("status").filter(has_text="Demande acceptée.").wait_for()
    booking.get_by_text("Confirmé").wait_for()

    booking.get_by_label("Déplacer au").fill("2027-03-09T11:30")
    booking.get_by_role("button", name="Déplacer").click()
    page.get_by_role("status").filter(has_text="Rendez-vous déplacé").wait_for()
    page.get_by_text("11:30–12:00 · Coupe").wait_for()

    page.get_by_label("De (vide : toute la journée)").fill("16:00")
    page.get_by_label("À", exact=True).fill("17:00")
    page.get_by_label("Motif (facultatif)").fill("Formation")
    page.get_by_role("button", name="Bloquer", exact=True).click()
    page.get_by_role("status").filter(has_text="Créneau bloqué.").wait_for()
    page.get_by_text("Bloqué 16:00–17:00 : Formation").wait_for()

    page.get_by_role("link", name="Semaine").click()
    page.get_by_role("heading", name="Lundi huit mars").wait_for()
    page.get_by_text("Marie Curie").wait_for()
