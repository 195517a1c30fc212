from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.journey]


def test_signup_dashboard_logout_login(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").click()
    page.get_by_label("Nom de votre entreprise").fill("Boulangerie du Port")
    page.get_by_label("Adresse e-mail").fill("boulanger@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard")
    assert page.get_by_role("heading", name="Créez votre premier assistant").is_visible()
    assert "Boulangerie du Port" in page.content()

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/login")
    assert page.get_by_text("Vous êtes déconnecté.").is_visible()

    page.get_by_label("Adresse e-mail").fill("boulanger@exemple.fr")
    page.get_by_label("Mot de passe").fill("mauvais-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("E-mail ou mot de passe incorrect.").is_visible()

    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/dashboard")
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()


def test_keyboard_focus_is_visible(page: Page) -> None:
    page.goto("/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
