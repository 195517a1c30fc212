"""The generated text is clean French: « Activité » is a short label, never the owner's message;
a vouvoyant assistant never greets with « Salut » nor says tu; prepositions and articles are
glued the French way (« au responsable », never « à le responsable »)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import Register, Style, TimeRange
from allokoli.generation.prompt.hours import ranges_words
from allokoli.generation.prompt.spoken import speak_text
from allokoli.generation.prompt.wording import elides, french_format, preposition
from allokoli.generation.service import generate
from allokoli.understanding.from_text import profile_from_text
from tests.generation.test_vapi_schema import rich_profile

NOW = datetime(2026, 11, 25, 10, 0)
SUBTYPES = load_catalogue().all_subtypes()

_UNCONTRACTED = re.compile(r"\b(à|de) (le|les)\b", re.IGNORECASE)
# Tutoiement words as they occur in spoken French; « tout », « tes » inside « Êtes » and the like
# are not matched because the forms are word-bounded.
_TUTOIEMENT = re.compile(r"\b(salut|coucou|tu|te|toi|ton|ta|tes)\b|\bt'", re.IGNORECASE)
_ACTIVITY = re.compile(r"^- Activité : (.*)\.$", re.MULTILINE)


def _prompt(body: dict[str, Any]) -> str:
    content = body["model"]["messages"][0]["content"]
    assert isinstance(content, str)
    return content


def _heard(body: dict[str, Any]) -> list[str]:
    """Every line the caller hears that the generator wrote."""
    heard = [body["firstMessage"], body["endCallMessage"], *body["endCallPhrases"]]
    for hook in body.get("hooks", []):
        for action in hook["do"]:
            exact = action.get("exact", [])
            heard += [exact] if isinstance(exact, str) else exact
    for tool in body["model"]["tools"]:
        heard += [m["content"] for m in tool.get("messages", []) if m.get("role") != "system"]
        for destination in tool.get("destinations", []):
            heard.append(destination.get("message", ""))
            fallback = destination.get("transferPlan", {}).get("fallbackPlan", {})
            heard.append(fallback.get("message", ""))
    return heard


def _activity(prompt: str) -> str:
    found = _ACTIVITY.findall(prompt)
    assert len(found) == 1, prompt
    return str(found[0])


def _assert_clean_label(label: str, raw: str | None) -> None:
    assert 0 < len(label) <= 60, label
    assert not re.search(r"[!?…:;«»]", label), label
    assert not re.search(r"\b(je|j'|moi)\b", label, re.IGNORECASE), label
    assert label != raw


# --- The wording function ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "phrase", "expected"),
    [
        ("à", "le responsable", "au responsable"),
        ("à", "les associés", "aux associés"),
        ("de", "le cabinet", "du cabinet"),
        ("de", "les Délices de Marie", "des Délices de Marie"),
        ("De", "le salon", "Du salon"),
        ("À", "les clients", "Aux clients"),
        ("de", "Le Comptoir", "du Comptoir"),
        ("à", "la pharmacie", "à la pharmacie"),
        ("de", "la pizzeria", "de la pizzeria"),
        ("de", "l'institut", "de l'institut"),
        ("de", "Atelier Dupont", "d'Atelier Dupont"),
        ("de", "Élodie", "d'Élodie"),
        ("de", "une heure", "d'une heure"),
        ("de", "hôtel du Parc", "d'hôtel du Parc"),
        ("de", "Hugo", "de Hugo"),
        ("de", "onze heures", "de onze heures"),
        ("de", "huit heures", "de huit heures"),
        ("à", "Anne", "à Anne"),
        ("le", "atelier", "l'atelier"),
        ("la", "entreprise", "l'entreprise"),
        ("La", "hôtellerie", "L'hôtellerie"),
        ("le", "cabinet", "le cabinet"),
        ("à", "Le", "à Le"),
    ],
)
def test_preposition_glues_the_french_way(word: str, phrase: str, expected: str) -> None:
    assert preposition(word, phrase) == expected


def test_elision_follows_vowels_and_mute_h_only() -> None:
    assert elides("atelier") and elides("Écurie") and elides("hôpital")
    assert not elides("hammam") and not elides("onze") and not elides("") and not elides("yoga")


def test_french_format_fills_slots_and_leaves_unknown_ones() -> None:
    template = "Je suis l'assistante de {place}.{recording} Passe l'appel à {person}, chez {name}."
    assert french_format(template, place="le garage", person="les associés", recording="") == (
        "Je suis l'assistante du garage. Passe l'appel aux associés, chez {name}."
    )
    assert french_format("{person} de {company}", person="Léa", company="Atelier Roux") == (
        "Léa d'Atelier Roux"
    )


def test_hours_starting_at_one_elide() -> None:
    night = [TimeRange.model_validate({"start": "01:00", "end": "03:00"})]
    assert ranges_words(night) == "d'une heure à trois heures"
    assert speak_text("ouvert de 1h-3h puis 11h-14h") == (
        "ouvert d'une heure à trois heures puis de onze heures à quatorze heures"
    )


# --- Every subtype, both registers, every style ------------------------------------------------


@pytest.mark.parametrize("pair", SUBTYPES, ids=lambda pair: pair[1].id)
def test_every_subtype_speaks_clean_french_in_both_registers(pair: Any) -> None:
    family, subtype = pair
    for register in Register:
        for style in Style:
            profile = rich_profile(
                family,
                subtype,
                # an article in the name and no owner name: « du Comptoir », « au responsable »
                company_name="Le Comptoir de Saint-Germain",
                owner_name=None,
                tone={"register": register.value, "style": style.value},
            )
            body = generate(profile, now=NOW).vapi_assistant
            prompt = _prompt(body)
            where = f"{subtype.id}/{register.value}/{style.value}"
            for text in (prompt, body["firstMessage"], body["endCallMessage"]):
                assert not _UNCONTRACTED.search(text), (where, _UNCONTRACTED.search(text))
            assert "au responsable" in prompt, where
            if register is Register.VOUVOIEMENT:
                for line in _heard(body):
                    assert not _TUTOIEMENT.search(line), (where, line)
                assert not re.match(r"(?i)(salut|coucou|hello)\b", body["firstMessage"]), where
            activity = _activity(prompt)
            _assert_clean_label(activity, profile.activity)
            assert activity == subtype.label, where


def test_a_salut_template_says_bonjour_with_vous_and_may_keep_salut_with_tu() -> None:
    family, subtype = next(
        (f, s) for f, s in SUBTYPES if any(m.startswith("Salut") for m in s.first_messages)
    )
    for register in Register:
        for style in Style:
            profile = rich_profile(
                family, subtype, tone={"register": register.value, "style": style.value}
            )
            first = generate(profile, now=NOW).vapi_assistant["firstMessage"]
            if register is Register.VOUVOIEMENT:
                assert "salut" not in first.casefold(), first
                assert first.startswith("Bonjour"), first


# --- The owner's own words ---------------------------------------------------------------------

RAMBLING = (
    "Salut, moi c'est Karim ! J'ai une entreprise de plomberie à Villeurbanne, Plomberie "
    "Karim. Dépannage et installation de chauffe-eau. Je veux que l'assistant prenne les "
    "messages quand je suis sur un chantier et qu'il soit sympa avec les clients…"
)


def test_a_rambling_owner_message_is_never_the_activity() -> None:
    profile = profile_from_text(RAMBLING, company_name="Plomberie Karim")
    assert profile.activity is not None
    _assert_clean_label(profile.activity, RAMBLING)  # the raw message is never stored…
    assert "Karim !" not in (profile.notes or "")
    prompt = _prompt(generate(profile, now=NOW).vapi_assistant)
    _assert_clean_label(_activity(prompt), RAMBLING)
    # …and neither it nor the instructions addressed to us reach the prompt
    assert "moi c'est Karim" not in prompt
    assert "Je veux que l'assistant" not in prompt
    assert "Salut" not in prompt
    assert "Dépannage et installation de chauffe-eau" in prompt


def test_an_owner_trade_label_is_the_activity_for_a_generic_subtype() -> None:
    profile = profile_from_text("Bleu Lagon, pisciniste à Perpignan, entretien de piscines.")
    prompt = _prompt(generate(profile, now=NOW).vapi_assistant)
    assert _activity(prompt) == "Pisciniste"


def test_a_label_that_is_a_sentence_falls_back_to_the_subtype_label() -> None:
    family, subtype = next((f, s) for f, s in SUBTYPES if s.generic)
    profile = rich_profile(
        family,
        subtype,
        sector={
            "family": family.id,
            "subtype": subtype.id,
            "label": "Salut, je fais des piscines !",
        },
    )
    prompt = _prompt(generate(profile, now=NOW).vapi_assistant)
    assert _activity(prompt) == subtype.label
