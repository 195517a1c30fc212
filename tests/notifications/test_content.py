"""What the owner and the caller read: natural French, never incomplete (no database)."""

from __future__ import annotations

from datetime import UTC, datetime

from allokoli.calls.display import PARIS
from allokoli.models import NotificationSettings, TakenMessage
from allokoli.notifications.content import confirmation_sms, long_date
from allokoli.notifications.service import in_quiet_hours


def _message(**fields: object) -> TakenMessage:
    base: dict[str, object] = {
        "kind": "appointment",
        "caller_name": "Léa Martin",
        "callback_number": "+33611223344",
        "preferred_date": "2026-12-01",
        "preferred_time": "en fin de matinée",
    }
    return TakenMessage(**{**base, **fields})


def test_the_confirmation_reads_naturally() -> None:
    text = confirmation_sms("Salon Belle Mèche", _message())
    assert text == (
        "Bonjour Léa Martin, Salon Belle Mèche a bien reçu votre demande de rendez-vous pour le "
        "1er décembre 2026 (en fin de matinée). Vous serez rappelé au 06 11 22 33 44 pour la "
        "confirmer. Répondez STOP pour ne plus recevoir de SMS."
    )
    assert long_date(datetime(2026, 3, 14).date()) == "14 mars 2026"


def test_the_confirmation_is_never_sent_incomplete() -> None:
    assert confirmation_sms("", _message()) is None
    assert confirmation_sms("Salon Belle Mèche", _message(callback_number=None)) is None


def test_quiet_hours_across_midnight_in_paris_time() -> None:
    prefs = NotificationSettings(quiet_start="21:00", quiet_end="08:00")
    evening = datetime(2026, 7, 1, 22, 0, tzinfo=PARIS).astimezone(UTC)
    early = datetime(2026, 7, 2, 7, 59, tzinfo=PARIS).astimezone(UTC)
    day = datetime(2026, 7, 2, 8, 0, tzinfo=PARIS).astimezone(UTC)
    assert in_quiet_hours(prefs, evening) == datetime(2026, 7, 2, 8, 0, tzinfo=PARIS)
    assert in_quiet_hours(prefs, early) == datetime(2026, 7, 2, 8, 0, tzinfo=PARIS)
    assert in_quiet_hours(prefs, day) is None
    assert in_quiet_hours(NotificationSettings(), evening) is None
