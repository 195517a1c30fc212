from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.e2e.journey import run_journey

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.journey]


def test_new_owner_gets_a_deployed_assistant_with_a_number(page: Page) -> None:
    result = run_journey(page)
    assert result.owner_turns <= 8
    assert "ferm" in result.hours_reply.lower()  # closed on Saturdays, said so from the facts
    assert result.number.startswith("01 99 00")
    assert page.locator(".qr svg").count() == 1
    assert page.get_by_text("numéro de démonstration").is_visible()
    assert page.locator('a[href^="tel:+33199"]').count() == 1
