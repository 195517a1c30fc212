"""In Chromium at 390 px and 1280 px: no page is wider than the screen, the menu folds on
phones, tables become cards, chart labels stay readable, and chat logs keep the newest message
in view (also when a configurator conversation is reopened). No timing is assumed: every step
waits for a condition, with generous timeouts (the test machine is small and busy)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.e2e.owner import TIMEOUT, new_assistant, sign_up

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, ViewportSize

pytestmark = [pytest.mark.browser, pytest.mark.journey]

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
AT_BOTTOM = "log => log.scrollTop + log.clientHeight >= log.scrollHeight - 2"
OVERFLOWS = "log => log.scrollHeight > log.clientHeight + 10"


def _too_wide(page: Page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return int(
        page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")
    )


def _pages(assistant_id: str) -> list[str]:
    return [
        "/dashboard",
        "/assistants",
        f"/assistants/{assistant_id}",
        f"/assistants/{assistant_id}/versions",
        f"/assistants/{assistant_id}/edit?mode=avance",
        f"/assistants/{assistant_id}/test",
        "/calls",
        "/messages",
        "/configurator",
        "/settings/api-keys",
        "/settings/privacy",
        "/settings/calendar",
        f"/assistants/{assistant_id}/calendar",
        "/settings/account",
        "/conditions-d-utilisation",
        "/politique-de-confidentialite",
        "/mentions-legales",
    ]


def test_no_page_is_wider_than_a_phone_and_the_menu_folds(page: Page) -> None:
    page.set_default_timeout(TIMEOUT)
    sign_up(page, "marco@exemple.fr", "Pizzeria Da Marco")
    assistant_id = new_assistant(page)

    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for path in _pages(assistant_id):
            page.goto(path)
            page.locator("footer").wait_for()
            assert _too_wide(page) == 0, (size["width"], path)

    # Phone: the signed-in menu is folded behind « Menu » and opens on demand.
    page.set_viewport_size(PHONE)
    page.goto("/dashboard")
    toggle = page.get_by_role("button", name="Menu")
    toggle.wait_for(state="visible")
    nav_link = page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Assistants"
    )
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav_link.is_visible()
    toggle.click()
    nav_link.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    nav_link.click()
    page.wait_for_url("**/assistants")

    # Phone: the assistants table is a list of cards naming each value.
    row = page.locator("table.list tbody tr").first
    row.wait_for()
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    header = page.locator("table.list thead")
    assert header.evaluate("el => el.getBoundingClientRect().width") <= 1  # read by screen readers
    label = row.locator('td[data-label="État"]').evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert label == '"État"'

    # Phone: chart labels are drawn at least 12 px tall.
    page.goto("/dashboard")
    texts = page.locator("svg.chart text")
    texts.first.wait_for()
    heights = texts.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 12, heights
    assert page.get_by_text("Voir les données").first.is_visible()  # the text alternative

    # Desktop: no menu button, the links are there.
    page.set_viewport_size(DESKTOP)
    page.reload()
    nav_link.wait_for(state="visible")
    assert not toggle.is_visible()


def test_chat_logs_keep_the_newest_message_in_view(page: Page) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(PHONE)
    sign_up(page, "lea@exemple.fr", "Pizzeria Léa")
    assistant_id = new_assistant(page)

    # The test chat: send until the log scrolls, and each time the newest answer is in view.
    page.goto(f"/assistants/{assistant_id}/test")
    log = page.locator("#chat-log")
    for sent in range(1, 13):
        page.locator("#text").fill(f"Vous êtes ouverts le dimanche midi ? (question {sent})")
        page.get_by_role("button", name="Envoyer").click()
        page.locator("#chat-log .bubble.bot").nth(sent).wait_for()
        page.wait_for_function(f"({AT_BOTTOM})(document.getElementById('chat-log'))")
        if log.evaluate(OVERFLOWS):
            break
    assert log.evaluate(OVERFLOWS), "the conversation never filled the log"
    newest = page.locator("#chat-log .bubble.bot").last
    assert _inside(newest, log)

    # The configurator: reopening a conversation shows where it stands, not its greeting.
    page.goto("/configurator")
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url(re.compile(r".*/configurator/[0-9a-f-]+$"))
    answers = [
        "Je suis plombier à Villeurbanne, mon entreprise s'appelle Plomberie Martin.",
        "J'interviens à Lyon et dans un rayon de 20 kilomètres.",
        "Du lundi au vendredi de 8h à 18h.",
        "Dépannage, installation de chauffe-eau, débouchage.",
        "Le 06 12 34 56 78 pour les urgences.",
    ]
    log = page.locator("#chat-log")
    for sent, answer in enumerate(answers, start=1):
        page.locator("#text").fill(answer)
        page.get_by_role("button", name="Envoyer").click()
        page.locator("#chat-log .bubble.bot").nth(sent).wait_for()
        if log.evaluate(OVERFLOWS):
            break
    assert log.evaluate(OVERFLOWS), "the conversation never filled the log"
    current = page.locator("#chat-log .bubble.bot").last.inner_text()
    page.reload()
    page.wait_for_function(f"({AT_BOTTOM})(document.getElementById('chat-log'))")
    last = page.locator("#chat-log .bubble").last
    assert last.inner_text() == current
    assert _inside(last, log)
    assert log.evaluate("log => log.scrollTop") > 0  # not left at the greeting


def _inside(item: Locator, log: Locator) -> bool:
    """Whether `item`'s bottom edge is within the visible part of the scrolling `log`."""
    box, frame = item.bounding_box(), log.bounding_box()
    assert box and frame
    return frame["y"] - 1 <= box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
