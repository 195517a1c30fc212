"""E-mail, website and business phone handlers."""

from __future__ import annotations

from allokoli.configurator.handlers.contact import EmailHandler, WebsiteHandler

from ._helpers import correct, reads, say, state_for

EMAIL = EmailHandler()
WEBSITE = WebsiteHandler()


def test_spoken_email_from_an_unrelated_turn() -> None:
    s = state_for("photographe")
    assert reads(EMAIL, s, "tutoiement. mon mail c'est lea point photo arobase gmail point com")


def test_website_read_in_passing_fills_once() -> None:
    s = state_for("fleuriste", website="www.fleurs-apt.fr")
    say(s, "voyez www.autre-site.fr pour les horaires", "opening_hours")
    assert s.profile["website"] == "www.fleurs-apt.fr"


def test_email_correction_replaces_it() -> None:
    s = state_for("photographe", email="old@example.fr")
    assert correct(s, "en fait l'adresse mail c'est studio.lumiere@orange.fr")
    assert s.profile["email"] == "studio.lumiere@orange.fr"


def test_yes_is_no_email() -> None:
    s = state_for("photographe")
    assert reads(EMAIL, s, "oui", "email") is None
