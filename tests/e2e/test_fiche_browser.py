"""Issue 16 in Chromium, through the real UI, as one owner's afternoon (one browser, one server):
the quality card's « Compléter ma fiche » walks the missing items up to ≥ 90/100; a price edited
in the Fiche is heard in the next test chat; a transfer shows in the test chat and an idle test
call ends on « Silence prolongé »; an owner's line added to the instructions survives the
confirmed regeneration of the live assistant; the history shows a price change line by line.
Every page visited fits a 1280 px and a 390 px screen.

No timing is assumed: each step waits for what the page shows. The idle test call is ended by
the app's own mechanism (the reconciliation job lists the provider's calls, and the sandbox ends
the idle ones with their report), with a short timeout set for this test only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

from allokoli.settings import Settings
from tests.e2e.owner import PIZZERIA, TIMEOUT, new_assistant, sign_up

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

pytestmark = [pytest.mark.browser, pytest.mark.journey]

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
OWNER_LINE = "Proposez toujours le tiramisu maison en dessert."
#: What each quality item of this pizzeria is completed with (« Compléter ma fiche »).
COMPLETION: dict[str, dict[str, str]] = {
    "transferts": {
        "#transfer_number": "06 12 34 56 78",
        "#transfer_when": "si le client demande à parler au responsable",
    },
    "prestations": {"#services": "Pizza margherita : 12 €\nPizza reine : 14 €"},
    "faq": {
        "#faq_q_0": "Faites-vous des pizzas sans gluten ?",
        "#faq_a_0": "Oui, avec une pâte sans gluten, sur demande.",
        "#faq_q_1": "Peut-on venir avec un chien ?",
        "#faq_a_1": "Oui, les chiens sont les bienvenus en terrasse.",
    },
    "identite": {
        "#street": "12 rue Paul Bert",
        "#owner_name": "Marco Rossi",
        "#business_phone": "04 78 12 34 56",
        "#email": "contact@damarco.fr",
    },
    "conditions": {"#cancellation": "Prévenez-nous au moins deux heures avant."},
}
#: Whether the calls list (fetched again at each poll, one fetch at a time) shows `text`:
#: `wait_for_function` does not wait for a promise, so the answer is kept on `window`.
LISTED = """text => {
  if (window.listed === undefined) {
    window.listed = null;
    fetch('/calls?fragment=items').then(r => r.text()).then(html => {
      window.listed = html.includes(text) || undefined;
    }, () => { window.listed = undefined; });
  }
  return window.listed === true;
}"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A test call idle for 2 s ends; the reconciliation that lists (and so ends) them runs
    every second."""
    return settings.model_copy(update={"test_call_idle_seconds": 2.0, "reconcile_seconds": 1.0})


def _fits(page: Page, shots: Path, name: str) -> None:
    """The page at its current width: a screenshot, and no horizontal overflow."""
    page.locator("footer").wait_for()
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, (name, width, scroll, inner)


def _score(page: Page) -> int:
    heading = page.locator("h2").filter(has_text="Qualité :").inner_text()
    found = re.fullmatch(r"Qualité : (\d+)/100", heading.strip())
    assert found, heading
    return int(found.group(1))


def test_owner_completes_edits_tests_and_regenerates_through_the_fiche(
    page: Page, tmp_path: Path
) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(DESKTOP)
    sign_up(page)
    new_assistant(page, PIZZERIA)
    base = page.url
    assert _score(page) < 90

    # Each missing item links to the field that fills it; « Compléter ma fiche » walks them,
    # the costliest first, each with its own form.
    card = page.locator("section.card").filter(has_text="Qualité :")
    link = card.get_by_role("link", name=re.compile("Aucun numéro de transfert"))
    assert (
        link.get_attribute("href")
        == f"{urlparse(base).path}/fiche?rubrique=transferts#transfer_number"
    )
    page.get_by_role("link", name="Compléter ma fiche").click()
    for _ in range(len(COMPLETION)):
        page.get_by_role("heading", name="Compléter ma fiche").wait_for()
        form = page.locator("form.card")
        assert form.count() == 1  # only the group of the missing item
        group = str(form.get_attribute("id"))
        for selector, value in COMPLETION.pop(group).items():
            form.locator(selector).fill(value)
        with page.expect_navigation():
            form.get_by_role("button", name=re.compile("^Enregistrer")).click()
        if page.url == base:
            break
    assert not COMPLETION, f"never asked for: {list(COMPLETION)}"
    assert "Votre fiche est complète" in page.locator(".flash").inner_text()
    assert _score(page) >= 90
    _fits(page, tmp_path, "assistant")

    # The Fiche: a price changed, and what changed is said in French.
    page.get_by_role("link", name="Fiche", exact=True).click()
    services = page.locator("#services")
    services.fill(
        services.input_value().replace("Pizza margherita : 12 €", "Pizza margherita : 13,50 €")
    )
    page.get_by_role("button", name="Enregistrer prestations et tarifs").click()
    flash = page.locator(".flash")
    flash.wait_for()
    assert "13,50 €" in flash.inner_text()
    _fits(page, tmp_path, "fiche")

    # The next test chat answers the new price; a transfer is shown as such.
    page.goto(base + "/test")
    bots = page.locator("#chat-log .bubble.bot")
    for sent, question in enumerate(
        ["Je voudrais parler au responsable", "Combien coûte la pizza margherita ?"], start=1
    ):
        page.locator("#text").fill(question)
        page.get_by_role("button", name="Envoyer").click()
        bots.nth(sent).wait_for()
    assert "Transfert vers 06 12 34 56 78" in page.locator(".chat-event").first.inner_text()
    assert "treize euros cinquante" in bots.nth(2).inner_text()  # as spoken on the phone
    _fits(page, tmp_path, "test")

    # « Expert »: a line of the owner's own, added to the instructions.
    page.goto(base + "/edit")
    prompt = page.locator("#system_prompt")
    prompt.fill(f"{prompt.input_value()}\n{OWNER_LINE}")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(base)

    # Live, then regenerated after seeing the changes: the owner's line stays.
    page.get_by_role("button", name="Mettre en service").click()
    page.get_by_role("button", name="Obtenir un numéro de téléphone").wait_for()
    page.get_by_role("link", name="Régénérer…").click()
    assert "en service" in page.get_by_role("note").inner_text()
    assert page.locator(".prompt-diff").count() == 1  # the diff comes before the confirmation
    page.get_by_role("button", name="Confirmer la régénération").click()
    page.wait_for_url(base)
    assert "Assistant régénéré" in page.locator(".flash").inner_text()
    assert OWNER_LINE in page.locator("pre.prompt").first.inner_text()

    # The history: the price change, line by line, the changed words marked.
    page.goto(base + "/versions")
    row = page.locator("tr", has_text="Fiche : Prestations et tarifs").first
    row.get_by_role("link", name="Voir les changements").click()
    diff = page.locator(".prompt-diff")
    diff.wait_for()
    removed = diff.locator("p.del", has_text="Pizza margherita")
    added = diff.locator("p.add", has_text="Pizza margherita")
    # the prompt spells prices as they are said: only the changed words are marked
    assert "douze" in removed.locator("del").all_inner_texts()
    assert "treize" in " ".join(added.locator("ins").all_inner_texts())
    assert "Pizza margherita" not in " ".join(added.locator("ins").all_inner_texts())
    fields = page.locator("table.diff-fields")
    assert "Prestation « Pizza margherita »" in fields.inner_text()
    versions = page.url
    _fits(page, tmp_path, "versions")

    # The idle test call ends like a real one on silence; the transfer has its own ending.
    page.goto("/calls")
    page.wait_for_function(LISTED, arg="Silence prolongé", polling=500)
    page.reload()
    badges = page.locator(".item-list .item .badge").all_inner_texts()
    assert "Silence prolongé" in badges and "Transféré" in badges, badges

    # A phone: the same pages, no wider than the screen.
    page.set_viewport_size(PHONE)
    for name, url in (
        ("fiche", base + "/fiche"),
        ("assistant", base),
        ("versions", versions),
        ("test", base + "/test"),
    ):
        page.goto(url)
        _fits(page, tmp_path, name)
