"""In a real browser: « Bloquer ce numéro » and « Toujours me transférer ce numéro » on a call's
page, then the lists page (waits on what the page shows, never on time)."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import select

from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.session import Database
from allokoli.models import Organization
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser]

PASSWORD = "motdepasse-solide"


def _report(live_server: str, settings: Settings, database: Database, caller: str) -> None:
    """An end-of-call report from the caller, posted to our webhook over HTTP as Vapi would."""
    with database.unit_of_work() as session:
        org = session.scalars(select(Organization)).one()
        url = f"{live_server}/webhooks/vapi/{org.webhook_key}"
        secret = webhook_secret(settings, org)
    started = datetime.now(UTC) - timedelta(minutes=5)
    body = json.dumps(
        {
            "message": {
                "type": "end-of-call-report",
                "call": {"id": f"call-{uuid.uuid4()}", "type": "inboundPhoneCall"},
                "customer": {"number": caller},
                "endedReason": "customer-ended-call",
                "startedAt": started.isoformat(),
                "endedAt": (started + timedelta(minutes=2)).isoformat(),
                "analysis": {"summary": "Démarchage pour une isolation à 1 euro."},
            }
        }
    ).encode()
    headers = {"content-type": "application/json", **sign(body, secret, int(time.time()))}
    assert httpx.post(url, content=body, headers=headers).status_code == 200


def test_block_then_protect_a_caller_from_the_call_page(
    page: Page, live_server: str, settings: Settings, database: Database
) -> None:
    page.goto("/signup")
    page.get_by_label("Nom de votre entreprise").fill("Plomberie Martin")
    page.get_by_label("Adresse e-mail").fill("martin@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard")

    _report(live_server, settings, database, "+33655555555")
    page.goto("/calls")
    page.locator(".item-list .item").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/calls/[0-9a-f-]+$"))
    call_page = page.url

    page.get_by_role("button", name="Bloquer ce numéro").click()
    page.get_by_text("Le 06 55 55 55 55 est bloqué : ses appels seront refusés.").wait_for()
    assert page.get_by_text("Ce numéro est bloqué.").is_visible()
    assert page.get_by_role("button", name="Bloquer ce numéro").count() == 0

    # Protecting a blocked number is refused, with the reason.
    page.get_by_role("button", name="Toujours me transférer ce numéro").click()
    page.get_by_text("est déjà dans vos numéros bloqués").wait_for()

    page.get_by_role("link", name="Filtrage et budget").click()
    blocked = page.locator("#list-blocked")
    assert "06 55 55 55 55" in blocked.inner_text()
    blocked.get_by_role("button", name="Retirer").click()
    page.get_by_text("a été retiré des numéros bloqués").wait_for()

    page.goto(call_page)
    page.get_by_role("button", name="Toujours me transférer ce numéro").click()
    page.get_by_text("sera toujours transféré directement sur votre ligne").wait_for()
    page.goto("/routing/numbers")
    assert "06 55 55 55 55" in page.locator("#list-protected").inner_text()
