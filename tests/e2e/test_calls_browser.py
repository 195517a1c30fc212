"""In a real browser: a test chat with the sandbox that ends with a goodbye becomes a call in
/calls, with its transcript and the message it took (the sandbox posts its end-of-call-report to
our webhook over real HTTP)."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import pytest

from tests.e2e.owner import PIZZERIA, new_assistant, sign_up

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.journey]

CONVERSATION = [
    "Bonjour, je voudrais laisser un message",
    "Paul Martin",
    "06 12 34 56 78",
    "c'est pour une privatisation de la salle",
    "oui",
    "non merci, au revoir",
]


def test_test_chat_shows_up_in_calls_with_transcript_and_message(page: Page) -> None:
    sign_up(page)
    new_assistant(page, PIZZERIA)
    page.get_by_role("link", name="Tester").click()
    for i, line in enumerate(CONVERSATION):
        page.locator("#text").fill(line)
        page.get_by_role("button", name="Envoyer").click()
        page.locator("#chat-log .bubble.bot").nth(i + 1).wait_for()

    # The report and the message arrive after the last chat answer (webhooks written in the
    # background): reload the list until both are there, however loaded the machine is.
    deadline = time.monotonic() + 90
    while True:
        page.goto("/calls")
        items = page.locator(".item-list .item")
        if (items.count() and "Message laissé" in items.first.inner_text()) or (
            time.monotonic() > deadline
        ):
            break
        page.wait_for_timeout(250)
    calls = page.locator(".item-list .item")
    assert calls.count() == 1
    assert "Message laissé par Paul Martin" in calls.first.inner_text()

    calls.first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/calls/[0-9a-f-]+$"))
    conversation = page.locator("ol.conversation")
    assert "Paul Martin" in conversation.inner_text()
    assert conversation.locator(".bubble.user").count() == len(CONVERSATION)
    taken = page.locator("section[aria-labelledby=pris]")
    assert "Paul Martin" in taken.inner_text()
    assert taken.locator('a[href="tel:+33612345678"]').count() == 1

    taken.get_by_role("button", name="Marquer comme traité").click()
    page.get_by_role("button", name="✓ Traité").wait_for()
    page.goto("/messages")
    assert "Rien à traiter" in page.locator("main").inner_text()
