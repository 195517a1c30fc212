"""Opening-hours handler: read from any turn, corrected day by day."""

from __future__ import annotations

from allokoli.configurator.handlers.hours import HoursHandler, names_a_day

from ._helpers import correct, reads, say, state_for

HOURS = HoursHandler()
_WEEK = {
    "days": [
        {"day": d, "ranges": [{"start": "09:00:00", "end": "18:00:00"}]}
        for d in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
    ]
    + [{"day": "samedi", "ranges": [{"start": "09:00:00", "end": "12:00:00"}]}]
}


def _day(s: object, name: str) -> list[dict[str, str]]:
    days = s.profile["opening_hours"]["days"]  # type: ignore[attr-defined]
    return next(d["ranges"] for d in days if d["day"] == name)


def test_saturday_fix_changes_saturday_only() -> None:
    s = state_for("coiffeur", opening_hours=_WEEK)
    say(s, "le samedi on ferme a 17h", "tasks")
    assert _day(s, "samedi") == [{"start": "09:00:00", "end": "17:00:00"}]
    assert _day(s, "lundi") == [{"start": "09:00:00", "end": "18:00:00"}]


def test_correction_of_one_day_in_words() -> None:
    s = state_for("coiffeur", opening_hours=_WEEK)
    assert correct(s, "en fait le mercredi c'est de dix heures a seize heures")
    assert _day(s, "mercredi") == [{"start": "10:00:00", "end": "16:00:00"}]
    assert _day(s, "jeudi") == [{"start": "09:00:00", "end": "18:00:00"}]


def test_hours_read_while_the_name_is_asked() -> None:
    s = state_for("fleuriste")
    say(s, "Les Jardins d'Eva. ouvert du mardi au samedi 9h30-19h", "company_name")
    assert s.profile["company_name"].startswith("Les Jardins")
    assert _day(s, "mardi") == [{"start": "09:30:00", "end": "19:00:00"}]


def test_a_tone_answer_is_not_hours() -> None:
    s = state_for("coiffeur")
    answered, filled = say(s, "on tutoie, ambiance detendue", "opening_hours")
    assert not answered
    assert "opening_hours" not in s.profile
    assert "tone" in filled


def test_a_second_try_without_hours_is_kept_as_a_note_only_when_nothing_else_was_said() -> None:
    s = state_for("coiffeur")
    s.reasks = 1
    say(s, "vouvoyez svp", "opening_hours")
    assert "opening_hours" not in s.profile
    assert reads(HOURS, s, "ça dépend des saisons", "opening_hours") is not None


def test_names_a_day() -> None:
    assert names_a_day("le sam on ouvre plus tard")
    assert not names_a_day("prise de rendez-vous")


def test_a_weekly_answer_closes_the_days_it_does_not_name() -> None:
    s = state_for("fleuriste")
    say(s, "du mercredi au dimanche de 9h à 19h", "opening_hours")
    assert _day(s, "lundi") == [] and _day(s, "mardi") == []
    assert _day(s, "mercredi") == [{"start": "09:00:00", "end": "19:00:00"}]


def test_a_bar_open_past_midnight() -> None:
    s = state_for("bar")
    say(s, "du jeudi au samedi de 18h à 2h du matin", "opening_hours")
    assert _day(s, "vendredi") == [{"start": "18:00:00", "end": "02:00:00"}]
