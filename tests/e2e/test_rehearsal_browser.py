"""The rehearsal's report card in Chromium, at phone width: run it, read a scenario's
conversation, nothing wider than the screen. Every step waits for a condition."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.e2e.owner import new_assistant, sign_up

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.journey]

TIMEOUT = 120_000
PIZZERIA = (
    "Pizzeria Da Marco à Lyon 3e, ouvert du mardi au dimanche de 11h30 à 14h et de 18h30 à "
    "22h30, fermé le lundi, on prend les réservations, pour les urgences appelez le "
    "06 12 34 56 78"
)


def test_the_owner_runs_the_rehearsal_and_reads_the_report_card_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page)
    new_assistant(page, PIZZERIA)

    card = page.locator("#rehearsal-card")
    card.get_by_role("link", name="Lancer la répétition").click()
    page.wait_for_url(re.compile(r".*/repetition$"), timeout=TIMEOUT)
    page.get_by_role("button", name="Lancer la répétition").click()
    summary = page.locator("#rehearsal-summary")
    summary.wait_for(state="visible", timeout=TIMEOUT)
    assert summary.get_attribute("data-passed") == "oui", page.locator("#scenarios").inner_text()
    scenarios = page.locator("#scenarios > li")
    assert scenarios.count() >= 8
    callback = page.locator('[data-scenario="callback_number"]')
    callback.locator("summary").click()
    transcript = callback.locator(".transcript")
    transcript.wait_for(state="visible", timeout=TIMEOUT)
    assert "zéro six, douze" in transcript.inner_text()
    assert "message enregistré" in transcript.inner_text()
    too_wide = page.evaluate("Math.max(0, document.documentElement.scrollWidth - innerWidth)")
    assert too_wide == 0
    page.get_by_role("link", name=re.compile("Retour à")).click()
    page.locator("#rehearsal-card").get_by_text("Réussie").wait_for(timeout=TIMEOUT)
