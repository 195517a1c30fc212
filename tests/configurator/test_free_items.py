"""A free item is said « gratuit », in the recap and in the assistant's prompt, never
« gratuit 0 € » or « zéro centime »."""

from __future__ import annotations

from allokoli.configurator.recap import format_services
from allokoli.domain.profile import Service
from allokoli.generation.prompt.facts import service_line
from allokoli.understanding.intents import Finish, detect_finish


def test_a_free_item_is_free_in_the_recap() -> None:
    services = [
        Service(name="Bilan auditif", price_eur=0, price_note="gratuit", duration_minutes=60),
        Service(name="Appareil", price_eur=950),
    ]
    assert format_services(services) == "Bilan auditif (gratuit, 1 h), Appareil (950 €)"


def test_a_free_item_is_free_in_the_prompt() -> None:
    line = service_line(Service(name="Bilan auditif", price_eur=0, duration_minutes=60))
    assert "gratuit" in line
    assert "zéro" not in line and "centime" not in line


def test_it_is_clear_validates() -> None:
    assert detect_finish("Oui, parfait, merci beaucoup, c'est très clair.") is Finish.WEAK
    assert detect_finish("tout est clair") is Finish.WEAK
    assert detect_finish("c'est pas clair") is None
    assert detect_finish("c'est clair que le samedi on ferme") is None
