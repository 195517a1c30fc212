"""On a 390 px phone, in Chromium: the notification settings (a French error, then saved) and
« Questions sans réponse » (a caller's question answered; the page shows it answered). Every
step waits for what the page shows, never for time."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import select

from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.session import Database
from allokoli.models import Organization
from allokoli.providers.vapi import METADATA_KEY
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign
from tests.e2e.owner import PIZZERIA, new_assistant, sign_up

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser]

TIMEOUT = 120_000
DOGS = "Est-ce que vous acceptez les chiens ?"


def _too_wide(page: Page) -> int:
    return int(page.evaluate("Math.max(0, document.documentElement.scrollWidth - innerWidth)"))


def _unanswered_question(
    live_server: str, settings: Settings, database: Database, assistant_id: str
) -> None:
    """A live call's take_message tool call carrying a question the assistant could not
    answer, posted to our webhook over HTTP as Vapi would."""
    with database.unit_of_work() as session:
        org = session.scalars(select(Organization)).one()
        url = f"{live_server}/webhooks/vapi/{org.webhook_key}"
        secret = webhook_secret(settings, org)
    arguments = {
        "nom_appelant": "Jean Dupont",
        "telephone_rappel": "06 11 22 33 44",
        "motif": "information",
        "message": "Veut savoir si les chiens sont acceptés.",
        "urgent": False,
        "confirmation_sms": False,
        "question_sans_reponse": DOGS,
    }
    body = json.dumps(
        {
            "message": {
                "type": "tool-calls",
                "call": {"id": f"call-{uuid.uuid4()}"},
                "assistant": {"metadata": {METADATA_KEY: assistant_id}},
                "toolCallList": [
                    {
                        "id": f"tc-{uuid.uuid4()}",
                        "function": {"name": "take_message", "arguments": arguments},
                    }
                ],
            }
        }
    ).encode()
    headers = {"content-type": "application/json", **sign(body, secret, int(time.time()))}
    r = httpx.post(url, content=body, headers=headers)
    assert r.status_code == 200 and "result" in r.json()["results"][0], r.text


def test_notification_settings_and_unanswered_questions_on_a_phone(
    page: Page, live_server: str, settings: Settings, database: Database
) -> None:
    page.set_default_timeout(TIMEOUT)  # the first generation loads the French models
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page)
    new_assistant(page, PIZZERIA)
    assistant_id = page.url.rstrip("/").rsplit("/", 1)[1]

    # Notification settings: an e-mail without an address is refused in French, then saved.
    page.goto(f"/assistants/{assistant_id}/notifications")
    page.get_by_role("heading", name=re.compile("Notifications de")).wait_for()
    assert _too_wide(page) == 0
    page.get_by_label("Recevoir un e-mail").check()
    page.get_by_label("Adresses e-mail").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Ajoutez au moins une adresse e-mail, ou désactivez les e-mails.").wait_for(
        timeout=TIMEOUT
    )
    page.get_by_label("Adresses e-mail").fill("marco@exemple.fr")
    page.get_by_label("Les urgences seulement").check()
    page.get_by_label("Début du silence").fill("21:00")
    page.get_by_label("Fin du silence").fill("07:30")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Réglages des notifications enregistrés.").wait_for(timeout=TIMEOUT)
    assert page.get_by_label("Recevoir un e-mail").is_checked()
    assert page.get_by_label("Adresses e-mail").input_value() == "marco@exemple.fr"
    assert page.get_by_label("Début du silence").input_value() == "21:00"
    assert _too_wide(page) == 0

    # « Questions sans réponse »: a caller's question, answered once, shows as answered.
    _unanswered_question(live_server, settings, database, assistant_id)
    page.get_by_role("link", name="Questions sans réponse").click()
    page.wait_for_url(re.compile(r".*/questions$"), timeout=TIMEOUT)
    question = page.locator("section.card", has=page.get_by_role("heading", name=DOGS))
    question.wait_for(timeout=TIMEOUT)
    assert "Posée 1 fois" in question.inner_text()
    assert "répondue" not in question.inner_text()
    question.get_by_label("Votre réponse").fill("Oui, les chiens tenus en laisse sont acceptés.")
    question.get_by_role("button", name="Enregistrer la réponse").click()
    page.get_by_text(
        re.compile(r"Réponse enregistrée : l'assistant la connaît maintenant")
    ).wait_for(timeout=TIMEOUT)
    answered = page.locator("section.card", has=page.get_by_role("heading", name=DOGS))
    answered.get_by_text("répondue").wait_for(timeout=TIMEOUT)
    assert "Réponse : Oui, les chiens tenus en laisse sont acceptés." in answered.inner_text()
    assert answered.get_by_label("Modifier la réponse").input_value().startswith("Oui, les chiens")
    assert _too_wide(page) == 0
