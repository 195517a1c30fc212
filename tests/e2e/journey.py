"""The journey of a new owner in a real browser: sign-up → configurator → test → deploy → number.

Used by the browser test and by bench/journey.py (which times it).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

PASSWORD = "motdepasse-solide"

#: A plumber who answers the way owners do: several facts at once, SMS style, a correction.
ANSWERS = [
    "Bonjour, je suis plombier chauffagiste à Lyon, l'entreprise s'appelle Plomberie Martin",
    "On intervient sur Lyon et toute la métropole, ouvert du lundi au vendredi de 8h à 18h, "
    "fermé le week-end",
    "prendre les messages, les demandes de devis, et me transférer les urgences au 06 12 34 56 78",
    "vouvoiement, ton rassurant",
    "une voix d'homme",
]


@dataclass
class JourneyResult:
    owner_turns: int = 0
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)
    number: str = ""
    hours_reply: str = ""


def _mark(result: JourneyResult, name: str, started: float) -> None:
    result.steps[name] = round(time.perf_counter() - started, 2)


def run_journey(page: Any, email: str = "plombier@exemple.fr") -> JourneyResult:
    result = JourneyResult()
    started = time.perf_counter()
    page.goto("/signup")
    page.get_by_label("Nom de votre entreprise").fill("Plomberie Martin")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/dashboard")
    _mark(result, "signup", started)

    page.get_by_role("link", name="Créer mon assistant").click()
    page.get_by_role("link", name="Démarrer le configurateur").click()
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url(re.compile(r".*/configurator/[0-9a-f-]+$"))
    pending = list(ANSWERS)
    while "/assistants/" not in page.url:
        if result.owner_turns >= 10:
            raise AssertionError("the configurator did not finish in 10 turns")
        bubbles = page.locator("#chat-log .bubble.bot")
        before = bubbles.count()
        text = pending.pop(0) if pending else "Oui, c'est parfait"
        page.locator("#text").fill(text)
        page.get_by_role("button", name="Envoyer").click()
        result.owner_turns += 1
        page.wait_for_function(
            "([n]) => location.pathname.startsWith('/assistants/') || "
            "document.querySelectorAll('#chat-log .bubble.bot').length > n",
            arg=[before],
        )
    page.wait_for_url(re.compile(r".*/assistants/[0-9a-f-]+$"))
    _mark(result, "configured", started)

    page.get_by_role("link", name="Tester").click()
    page.locator("#text").fill("Bonjour, vous êtes ouverts le samedi ?")
    page.get_by_role("button", name="Envoyer").click()
    reply = page.locator("#chat-log .bubble.bot").nth(1)
    reply.wait_for()
    result.hours_reply = reply.inner_text()
    _mark(result, "tested", started)

    page.get_by_role("link", name="Retour à l'assistant").click()
    page.get_by_role("button", name="Mettre en service").click()
    page.get_by_role("button", name="Obtenir un numéro de téléphone").wait_for(timeout=90_000)
    _mark(result, "deployed", started)
    page.get_by_role("button", name="Obtenir un numéro de téléphone").click()
    number = page.locator("#phone-number")
    number.wait_for()
    result.number = number.inner_text()
    _mark(result, "number", started)
    result.seconds = round(time.perf_counter() - started, 2)
    return result
