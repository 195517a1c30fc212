"""The Fiche's readers, the owner's changes and the readable history, without a database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from allokoli.assistants import fiche, history, owner
from allokoli.assistants.fiche import FicheInvalid, read_group
from allokoli.configurator import texts
from allokoli.domain.profile import BusinessProfile
from allokoli.sandbox.answers import OFFLINE_FACT, OFFLINE_PRICE, Facts
from allokoli.sandbox.receptionist import respond

BASE: dict[str, Any] = BusinessProfile(company_name="Salon Belle Mèche").model_dump(mode="json")


def _errors(group: str, form: dict[str, str]) -> dict[str, str]:
    with pytest.raises(FicheInvalid) as info:
        read_group(group, form, BASE)
    return {e["field"]: e["message"] for e in info.value.extra["errors"]}


def test_the_examples_are_the_configurators() -> None:
    assert {k: texts.HINTS[k] for k in fiche.HINTS} == fiche.HINTS
    assert fiche.PHONE_INVALID == texts.ASK_TRANSFER_NUMBER_INVALID


def test_identity_reads_and_checks_each_field() -> None:
    form = {
        "company_name": "Salon Belle Mèche",
        "street": "12 rue de la République",
        "postal_code": "69 002",
        "city": "Lyon",
        "business_phone": "04 78 12 34 56",
        "email": "Contact@BelleMeche.fr",
        "website": "www.bellemeche.fr",
        "owner_name": "Sophie Martin",
    }
    profile = read_group("identite", form, BASE)
    assert profile.address is not None and profile.address.postal_code == "69002"
    assert profile.business_phone == "+33478123456" and profile.email == "contact@bellemeche.fr"
    assert str(profile.website) == "https://www.bellemeche.fr/"
    errors = _errors(
        "identite",
        {"company_name": "", "postal_code": "6900", "email": "pas un mail", "business_phone": "12"},
    )
    assert errors["company_name"].startswith("Il me faut au moins le nom de votre entreprise")
    assert errors["postal_code"].startswith("« 6900 » n'est pas un code postal à 5 chiffres.")
    assert errors["business_phone"] == texts.ASK_TRANSFER_NUMBER_INVALID
    errors = _errors("identite", {"company_name": "X", "email": "pas un mail"})
    assert errors == {"email": "« pas un mail » n'est pas une adresse e-mail valide."}


def test_hours_by_day_close_the_blank_days_of_a_week_statement() -> None:
    form = {f"day_{d}": "9h-12h et 14h-19h" for d in ("mardi", "mercredi", "jeudi", "vendredi")}
    form["day_samedi"] = "9h - 17h"
    hours = read_group("horaires", form, BASE).opening_hours
    assert hours is not None
    by_day = {d.day.value: d.ranges for d in hours.days}
    assert by_day["lundi"] == [] and by_day["dimanche"] == []  # named nowhere: closed
    assert [str(r.start) for r in by_day["mardi"]] == ["09:00:00", "14:00:00"]
    errors = _errors("horaires", {"day_lundi": "blabla", "closures": "demain"})
    assert errors["day_lundi"].startswith("Je n'ai pas réussi à lire ces horaires précisément.")
    assert "« 24/12/2026 au 02/01/2027 : congés »" in errors["closures"]
    closures = read_group(
        "horaires", {"closures": "24/12/2026 au 02/01/2027 : congés"}, BASE
    ).opening_hours
    assert closures is not None and closures.closures[0].reason == "congés"


def test_services_one_per_line_with_the_configurators_price_reader() -> None:
    form = {"services": "Coupe femme : 35 €\nBrushing à partir de 25 €\nDevis gratuit\nColoration"}
    services = read_group("prestations", form, BASE).services
    assert [(s.name, s.price_eur, s.price_note) for s in services] == [
        ("Coupe femme", 35.0, None),
        ("Brushing", 25.0, "à partir de"),
        ("Devis", 0.0, "gratuit"),
        ("Coloration", None, None),
    ]
    values = fiche.form_values(
        BusinessProfile.model_validate(
            {**BASE, "services": [s.model_dump() for s in services]}
        ).model_dump(mode="json")
    )
    assert values["services"].splitlines()[:3] == [
        "Coupe femme : 35 €",
        "Brushing : à partir de 25 €",
        "Devis : gratuit",
    ]
    errors = _errors("prestations", {"services": "12"})
    assert errors["services"].endswith(texts.HINTS["services"])


def test_faq_transfer_tone_and_tasks() -> None:
    assert _errors("faq", {"faq_q_0": "Livrez-vous ?", "faq_a_0": ""}) == {
        "faq_a_0": "Donnez la réponse à la question « Livrez-vous ? »."
    }
    assert _errors("transferts", {"transfer_number": "06 12"}) == {
        "transfer_number": texts.ASK_TRANSFER_NUMBER_INVALID
    }
    errors = _errors("ton", {"register": "vous", "style": "chaleureux"})
    assert set(errors) == {"register"}
    profile = read_group(
        "ton", {"register": "tutoiement", "style": "dynamique", "voice_gender": "masculine"}, BASE
    )
    assert profile.tone.register.value == "tutoiement" and profile.voice_gender is not None
    tasks = read_group("missions", {"task_take_message": "on", "task_answer_faq": "on"}, BASE)
    assert [t.value for t in tasks.tasks] == ["answer_faq", "take_message"]
    with pytest.raises(FicheInvalid, match="Rubrique inconnue"):
        read_group("autre", {}, BASE)


def test_every_group_reads_back_its_own_form_unchanged() -> None:
    profile = BusinessProfile.model_validate(
        {
            **BASE,
            "address": {"street": "3 rue Neuve", "postal_code": "69002", "city": "Lyon"},
            "business_phone": "+33478123456",
            "transfer_number": "+33612345678",
            "services": [{"name": "Coupe", "price_eur": 20}],
            "faq": [{"question": "Parking ?", "answer": "Oui, derrière."}],
            "opening_hours": {
                "days": [{"day": "lundi", "ranges": [{"start": "09:00", "end": "12:30"}]}]
            },
            "tasks": ["take_message"],
            "policies": {"cancellation": "24 h avant"},
        }
    )
    current = profile.model_dump(mode="json")
    values = fiche.form_values(current)
    assert values["transfer_number"] == "06 12 34 56 78"
    for group in fiche.GROUPS:
        assert read_group(group.id, values, current) == profile, group.id


def test_quality_checks_point_at_the_field_that_fills_them() -> None:
    assert fiche.field_for_check("contact") == ("identite", "email")
    hours = {"opening_hours": {"days": [{"day": "lundi", "ranges": []}]}}
    assert fiche.field_for_check("opening_hours", hours) == ("horaires", "day_mardi")
    assert fiche.field_for_check("faq", {"faq": [{}]}) == ("faq", "faq_q_1")
    assert fiche.field_for_check("transfer_number", {"transfer_number": "+33612345678"}) == (
        "transferts",
        "transfer_when",
    )


def _config(prompt: str, first: str = "Bonjour") -> dict[str, Any]:
    return {
        "firstMessage": first,
        "model": {"model": "gpt-4.1-mini", "messages": [{"role": "system", "content": prompt}]},
        "metadata": {"sector": "x"},
    }


def test_owner_additions_are_found_anywhere_and_kept_on_a_new_generation() -> None:
    generated = _config("Ligne 1\nLigne 2\nLigne 3")
    edited = _config("Ligne 1\nTarifs : déplacement 45 €\nLigne 2\nLigne 3", first="Allô !")
    edited["model"]["temperature"] = 0.2
    changes = owner.derive(generated, edited)
    assert changes.prompt_addition == "Tarifs : déplacement 45 €"
    assert changes.first_message == "Allô !" and changes.settings == {"model.temperature": 0.2}
    regenerated = owner.compose(_config("Ligne 1 bis\nLigne 2"), changes)
    prompt = regenerated["model"]["messages"][0]["content"]
    assert prompt == f"Ligne 1 bis\nLigne 2\n\n{owner.ADDITION_HEADER}\nTarifs : déplacement 45 €"
    assert regenerated["firstMessage"] == "Allô !" and regenerated["model"]["temperature"] == 0.2
    assert owner.read(regenerated) == changes
    # composing twice does not repeat the addition; deriving again finds the same
    again = owner.compose(regenerated, changes)
    assert again["model"]["messages"][0]["content"] == prompt
    assert owner.derive(_config("Ligne 1 bis\nLigne 2"), again).prompt_addition == (
        changes.prompt_addition
    )
    assert owner.read(owner.compose(generated, owner.OwnerChanges())) == owner.OwnerChanges()
    assert "allokoliOwner" not in owner.compose(generated, owner.OwnerChanges())["metadata"]


def test_history_in_french_field_by_field_and_word_by_word() -> None:
    old = {
        **BASE,
        "services": [{"name": "Coupe", "price_eur": 30}],
        "tasks": ["take_message"],
        "opening_hours": {"days": [{"day": "lundi", "ranges": []}]},
    }
    new = {
        **BASE,
        "services": [{"name": "Coupe", "price_eur": 35}, {"name": "Brushing", "price_eur": 20}],
        "tasks": ["take_message", "answer_faq"],
        "opening_hours": {
            "days": [{"day": "lundi", "ranges": [{"start": "09:00", "end": "12:00"}]}]
        },
    }
    found = history.changes(old, new, _config("a"), _config("a", first="Allô"))
    rows = {c.label: (c.before, c.after) for c in found}
    assert rows["Prestation « Coupe »"] == ("Coupe : 30 €", "Coupe : 35 €")
    assert rows["Prestation « Brushing »"] == ("(absente)", "Brushing : 20 €")
    assert rows["Missions"] == (
        "Prendre les messages",
        "Prendre les messages, Répondre aux questions",
    )
    assert rows["Horaires du lundi"] == ("fermé", "9h-12h")
    assert rows["Premier message"] == ("Bonjour", "Allô")
    lines = history.prompt_diff(
        "Un\nNous ouvrons à 9 h le matin.\nTrois", "Un\nNous ouvrons à 8 h le matin.\nTrois"
    )
    changed = [line for line in lines if line is not None and line.kind != "same"]
    assert [line.kind for line in changed] == ["del", "add"]
    assert [text for marked, text in changed[1].parts if marked] == ["8"]
    assert "".join(text for _, text in changed[1].parts) == "Nous ouvrons à 8 h le matin."
    assert history.prompt_diff("Même\ntexte", "Même\ntexte") == []
    assert history.paris_time(datetime(2026, 7, 14, 10, 5, tzinfo=UTC)) == "14/07/2026 à 12:05"
    assert history.paris_time(datetime(2026, 12, 5, 22, 0, tzinfo=UTC)) == "05/12/2026 à 23:00"


def test_the_offline_test_says_when_only_an_added_instruction_answers() -> None:
    profile = BusinessProfile(
        company_name="Plomberie Martin", services=[{"name": "Débouchage", "price_eur": 90}]
    ).model_dump(mode="json")
    added = "Tarifs : déplacement 45 €\nParking gratuit devant la boutique"
    now = datetime(2026, 12, 7, 10, tzinfo=UTC)
    plain = Facts.from_assistant({"metadata": {"allokoliProfile": profile}})
    facts = Facts.from_assistant(
        {"metadata": {"allokoliProfile": profile, "allokoliOwner": {"prompt_addition": added}}}
    )
    assert facts.owner_addition == added and plain.owner_addition is None
    price = respond(facts, None, "Combien coûte le déplacement ?", now=now).text
    assert price.startswith(OFFLINE_PRICE)
    assert "ajoutez ce tarif à vos prestations" in price
    assert respond(facts, None, "Vous avez un parking ?", now=now).text.startswith(OFFLINE_FACT)
    # what the facts answer is answered; without an addition, nothing changes
    assert "quatre-vingt-dix" in respond(facts, None, "Combien coûte le débouchage ?", now=now).text
    assert "En test hors ligne" not in respond(plain, None, "Vous avez un parking ?", now=now).text


def test_an_edit_adds_to_what_was_recorded_and_never_takes_generated_text_for_the_owners() -> None:
    recorded = owner.OwnerChanges(prompt_addition="Parking gratuit.", first_message="Allô !")
    stored = owner.compose(_config("Ancienne ligne générée\nLigne 2"), recorded)
    edited = owner.compose(_config("Ancienne ligne générée\nLigne 2"), recorded)
    edited["model"]["messages"][0]["content"] = edited["model"]["messages"][0]["content"].replace(
        "Ligne 2", "Ligne 2\nFermé en août."
    )
    changes = owner.derive(stored, edited, recorded)
    assert changes.prompt_addition == "Parking gratuit.\nFermé en août."
    assert changes.first_message == "Allô !"  # untouched by this edit, still theirs


def test_an_edit_elsewhere_keeps_an_addition_typed_inline() -> None:
    recorded = owner.OwnerChanges(prompt_addition="Tarifs : déplacement 45 €")
    stored = _config("Ligne 1\nLigne 2\nTarifs : déplacement 45 €")
    edited = _config("Ligne 1\nLigne 2\nTarifs : déplacement 45 €", first="Allô !")
    changes = owner.derive(stored, edited, recorded)
    assert changes.prompt_addition == "Tarifs : déplacement 45 €"
    assert changes.first_message == "Allô !"
    dropped = _config("Ligne 1\nLigne 2")
    assert owner.derive(stored, dropped, recorded).prompt_addition is None
