"""« Parler au lieu d'écrire » on the configurator page, with the real Web SDK bundle.

The SDK's call goes to Vapi's cloud and then to Daily over WebRTC, neither of which exists
offline; the embedded sandbox does not speak WebRTC. So the browser test stops at the SDK's
first request (`POST https://api.vapi.ai/call/web`), intercepted here: it proves the button
starts the real SDK with our configurator assistant and the session token in
`assistantOverrides`. The voice turns are then played by the sandbox's voice call against the
live server, as Vapi would send them, and the page shows them (server-sent events) in the same
chat log and profile panel as the text chat.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from allokoli.db.session import Database
from allokoli.sandbox.voice_call import SandboxVoiceCall
from allokoli.settings import Settings
from tests.e2e.conftest import serve

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = [pytest.mark.browser, pytest.mark.journey]


@pytest.fixture
def live_server(settings: Settings, database: Database) -> Iterator[str]:
    yield from serve(settings.model_copy(update={"vapi_public_key": "pk-test-public"}), database)


def test_speaking_instead_of_typing(page: Page, live_server: str) -> None:
    from tests.e2e.journey import PASSWORD

    page.goto("/signup")
    page.get_by_label("Nom de votre entreprise").fill("Plomberie Martin")
    page.get_by_label("Adresse e-mail").fill("martin@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard")
    page.goto("/configurator")
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url("**/configurator/*")

    started: list[dict[str, Any]] = []

    def vapi_cloud(route: Route) -> None:
        started.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(status=503, json={"message": "offline"})

    page.route("https://api.vapi.ai/**", vapi_cloud)
    with page.expect_response("**/voice") as voice:
        page.get_by_role("button", name="Parler au lieu d'écrire").click()
    start = voice.value.json()
    assert voice.value.status == 200
    page.get_by_text("L'appel n'a pas pu démarrer").wait_for(timeout=30_000)
    assert started, "the Web SDK never asked Vapi to start the call"
    sent = started[0]
    assert sent["assistant"]["name"] == "AlloKoli configurateur"
    token = sent["assistantOverrides"]["variableValues"]["allokoliSession"]
    assert token == start["assistant_overrides"]["variableValues"]["allokoliSession"]

    # What Vapi would send while the owner talks: the page shows it live.
    with httpx.Client(base_url=live_server, timeout=30) as http:
        call = SandboxVoiceCall(http, start["assistant"], start["assistant_overrides"])
        call.say("Euh, je suis plombier à Lyon, la société c'est Plomberie Martin")
    page.locator(".bubble.user", has_text="je suis plombier à Lyon").wait_for(timeout=30_000)
    page.locator("#panel dd", has_text="Plomberie Martin").wait_for(timeout=30_000)
    # Back to typing, in the same conversation.
    page.get_by_label("Votre réponse").fill("du lundi au vendredi de 8h à 18h")
    page.get_by_role("button", name="Envoyer").click()
    page.locator(".bubble.user", has_text="du lundi au vendredi").wait_for(timeout=30_000)
