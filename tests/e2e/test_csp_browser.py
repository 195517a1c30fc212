"""Under the strict Content-Security-Policy (no inline script, style or handler), every
behaviour moved to static/app.js works in the real browser, and Chromium reports no violation
(the `page` fixture fails the test on any)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.journey]


def _signup(page: Page) -> None:
    page.goto("/signup")
    page.get_by_label("Nom de votre entreprise").fill("Salon Belle Mèche")
    page.get_by_label("Adresse e-mail").fill("salon@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard")


def test_the_policy_is_sent_and_inline_script_is_refused(page: Page) -> None:
    response = page.goto("/login")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    # The policy really binds: a script injected into a page is refused, and reported (on a
    # second page: the fixture's watcher fails the test on any report from `page`).
    other = page.context.new_page()
    messages: list[str] = []
    other.on("console", lambda m: messages.append(m.text))
    other.goto("/login")
    other.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    assert other.evaluate("typeof window.injected") == "undefined"
    other.close()
    assert any("Content Security Policy" in m for m in messages)


def test_configurator_chips_enter_and_progress_work(page: Page) -> None:
    _signup(page)
    page.goto("/configurator")
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url("**/configurator/*")
    log = page.locator("#chat-log")
    before = log.locator(".bubble").count()
    text = page.locator("#text")
    text.fill("Je suis coiffeuse à Bordeaux, mon salon s'appelle Belle Mèche")
    text.press("Enter")  # data-enter-submits
    page.wait_for_function(
        "n => document.querySelectorAll('#chat-log .bubble').length >= n + 2", arg=before
    )
    assert log.locator(".bubble.user").last.inner_text().startswith("Je suis coiffeuse")
    assert text.input_value() == ""
    # app.js sizes the bar once htmx has settled the swap (no inline style: the CSP).
    page.wait_for_function(
        "() => (document.querySelector('.progress-bar')?.style.width || '').endsWith('%')"
    )
    chips = page.locator("[data-chip-for]")
    if chips.count():
        count = log.locator(".bubble").count()
        label = chips.first.inner_text()
        chips.first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('#chat-log .bubble').length >= n + 2", arg=count
        )
        assert label in log.locator(".bubble.user").last.inner_text()
    # data-confirm: dismissing the question keeps the conversation.
    url = page.url
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="Recommencer").click()
    assert page.url == url


def test_test_chat_follows_its_chat_id_and_select_all_and_confirm(page: Page) -> None:
    _signup(page)
    page.goto("/assistants/new")
    page.get_by_label("Description").fill(
        "Salon Belle Mèche à Bordeaux, coiffure, ouvert du mardi au samedi de 9h à 19h"
    )
    page.get_by_role("button", name="Générer mon assistant").click()
    page.wait_for_url("**/assistants/*")
    detail = page.url
    page.get_by_role("link", name="Tester").click()
    page.locator("#text").fill("Vous êtes ouverts samedi ?")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_function("() => document.getElementById('chat_id').value !== ''")
    chat_id = page.locator("#chat_id").input_value()
    assert page.locator("#text").input_value() == ""
    page.locator("#text").fill("Et le mardi ?")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_function("() => document.querySelectorAll('#chat-log .bubble.bot').length >= 3")
    # Each turn is a new provider chat chained to the previous one: the field follows.
    page.wait_for_function(
        "first => document.getElementById('chat_id').value !== first", arg=chat_id
    )
    assert not page.locator("[data-set-value]").count()

    page.goto("/assistants")
    page.locator("#select-all").check()
    boxes = page.locator("input[name=ids]")
    assert boxes.count() >= 1
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))

    page.goto(detail)
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="Supprimer").click()
    assert page.url == detail
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Supprimer").click()
    page.wait_for_url("**/assistants")


def test_messages_filter_and_account_page(page: Page) -> None:
    _signup(page)
    page.goto("/messages")
    page.locator("#kind").select_option(index=1)
    page.wait_for_url("**/messages?*kind=*")
    page.get_by_role("link", name="Mon compte").click()
    page.get_by_role("button", name="Déconnecter toutes les sessions").click()
    page.wait_for_url("**/login")
    assert page.get_by_text("Toutes vos sessions ont été déconnectées").is_visible()
    page.goto("/dashboard")
    page.wait_for_url("**/login?next=/dashboard")
