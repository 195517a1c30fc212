"""The sector catalogue (data/sectors.yaml) against its schema and the house rules for its text."""

from __future__ import annotations

import re
import string
from collections import defaultdict
from typing import get_args

import pytest

from allokoli.domain.catalogue import FactKey, SectorCatalogue, Subtype, load_catalogue
from allokoli.understanding.detection import normalize_tokens

CATALOGUE = load_catalogue()
SUBTYPES = CATALOGUE.all_subtypes()
IDS = [s.id for _, s in SUBTYPES]
PLACEHOLDERS = {"company_name", "place", "recording"}
RECORDING = " Cet appel peut être enregistré."
AI_DISCLOSURE = re.compile(
    r"assistante? (vocale? |virtuelle? )|intelligence artificielle", re.IGNORECASE
)

#: Keywords that several subtypes may share on purpose (none today). A keyword names one trade;
#: sharing one would make detection a coin toss between the subtypes that list it.
SHARED_KEYWORDS_ALLOWED: set[tuple[str, ...]] = set()

#: The families the product promises (PRODUCT.md, F1/F2) and subtypes named in the brief.
REQUIRED_FAMILIES = {
    "restauration",
    "beaute",
    "artisans",
    "sante",
    "commerce",
    "liberal",
    "immobilier",
    "automobile",
    "services",
}
REQUIRED_SUBTYPES = {
    "pizzeria",
    "brasserie",
    "restaurant_gastronomique",
    "restaurant",
    "boulangerie",
    "traiteur",
    "hotel",
    "bar",
    "food_truck",
    "coiffeur",
    "barbier",
    "institut_beaute",
    "spa",
    "onglerie",
    "tatoueur",
    "plombier",
    "electricien",
    "serrurier",
    "chauffagiste",
    "couvreur",
    "peintre",
    "menuisier",
    "macon",
    "vitrier",
    "paysagiste",
    "medecin_generaliste",
    "dentiste",
    "kinesitherapeute",
    "osteopathe",
    "veterinaire",
    "pharmacie",
    "infirmier",
    "psychologue",
    "orthophoniste",
    "opticien",
    "boutique_vetements",
    "fleuriste",
    "librairie",
    "epicerie",
    "caviste",
    "bijouterie",
    "magasin_velos",
    "avocat",
    "notaire",
    "expert_comptable",
    "consultant",
    "coach",
    "architecte",
    "agence_traduction",
    "agence_immobiliere",
    "syndic",
    "diagnostiqueur",
    "garage",
    "auto_ecole",
    "carrosserie",
    "controle_technique",
    "pressing",
    "demenageur",
    "nettoyage",
    "informatique",
    "photographe",
    "salle_sport",
    "pme_generique",
}


def _by_id(subtype_id: str) -> Subtype:
    return CATALOGUE.subtype(subtype_id)


def test_catalogue_loads_and_is_big_enough() -> None:
    assert isinstance(CATALOGUE, SectorCatalogue)
    assert len(CATALOGUE.families) >= 8
    assert len(SUBTYPES) >= 50
    assert {f.id for f in CATALOGUE.families} >= REQUIRED_FAMILIES
    assert set(IDS) >= REQUIRED_SUBTYPES
    assert CATALOGUE.generic_subtype == "pme_generique"
    assert CATALOGUE.family_of("pme_generique").id == CATALOGUE.generic_family == "services"


def test_family_rules_cover_health_and_trades() -> None:
    sante = " ".join(next(f for f in CATALOGUE.families if f.id == "sante").rules)
    assert "15" in sante
    assert "112" in sante
    assert "conseil médical" in sante
    assert "posologie" in sante
    assert "diagnostic" in sante
    artisans = " ".join(next(f for f in CATALOGUE.families if f.id == "artisans").rules)
    assert "urgence" in artisans
    assert "devis" in artisans


@pytest.mark.parametrize("subtype_id", IDS)
def test_first_messages_disclose_ai_and_format(subtype_id: str) -> None:
    sub = _by_id(subtype_id)
    assert 2 <= len(sub.first_messages) <= 3
    for template in sub.first_messages:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert fields <= PLACEHOLDERS, template
        assert "recording" in fields, template
        assert AI_DISCLOSURE.search(template), f"no AI disclosure: {template}"
        for recording in (RECORDING, ""):
            text = template.format(company_name="Chez Nous", place=sub.place, recording=recording)
            assert "  " not in text, text
            assert not re.search(r"\b(de|à) (le|les) ", text), f"missing contraction: {text}"
            assert ".." not in text, text
            assert text.rstrip().endswith(("?", "!", ".")), text


@pytest.mark.parametrize("subtype_id", IDS)
def test_end_call_messages_are_never_bare_goodbyes(subtype_id: str) -> None:
    sub = _by_id(subtype_id)
    assert len(sub.end_call_messages) == 2
    for message in sub.end_call_messages:
        assert "{" not in message, "end-call messages are not templates"
        bare = message.lower().strip(" .!").replace(",", "")
        assert bare not in {"au revoir", "merci au revoir", "merci"}
        assert len(message) > 20
        # Said at the end of EVERY call the assistant closes, also after a mere question about
        # the hours: it must not claim that something was noted, passed on or ordered, nor
        # wish a good evening at ten in the morning.
        assert not re.search(
            r"noté|transmis|revien\w* vers|rappel|vous confirme|commande|soirée", message
        ), message
        assert re.search(r"[Mm]erci|remercie", message), message


@pytest.mark.parametrize("subtype_id", IDS)
def test_subtype_content(subtype_id: str) -> None:
    sub = _by_id(subtype_id)
    assert sub.label[0].isupper()
    assert re.match(r"^(le |la |les |l')", sub.place), sub.place
    assert 3 <= len(sub.questions) <= 6
    facts = set(get_args(FactKey))
    for question in sub.questions:
        assert question.fact in facts
        assert question.text.endswith("?"), question.text
        if question.fact == "faq":
            assert question.topic, f"faq question without topic: {question.text}"
    assert {"end_call", "take_message"} <= set(sub.tools)
    assert len(set(sub.tools)) == len(sub.tools)
    assert 1 <= len(sub.prompt_blocks) <= 5
    assert sub.keywords
    assert sub.expected_calls_per_month >= 20
    assert 0.5 <= sub.average_call_minutes <= 5


@pytest.mark.parametrize("subtype_id", IDS)
def test_tools_follow_tasks(subtype_id: str) -> None:
    sub = _by_id(subtype_id)
    if "transfer_urgent" in sub.default_tasks:
        assert "transfer_call" in sub.tools
    if "book_appointment" in sub.default_tasks:
        assert "request_appointment" in sub.tools
    if any(q.fact == "opening_hours" for q in sub.questions):
        assert "check_opening_hours" in sub.tools


def test_terms_are_lower_case_and_survive_normalisation() -> None:
    for _, sub in SUBTYPES:
        for term in [*sub.keywords, *sub.synonyms]:
            assert term == term.lower().strip(), term
            tokens = normalize_tokens(term)
            assert tokens, f"{sub.id}: {term!r} has no significant word"
            words = re.findall(r"[^\W_]+", term)
            if len(words) > 1:
                assert len(tokens) >= 2, f"{sub.id}: {term!r} collapses to {tokens}"


def test_no_keyword_is_shared_between_subtypes() -> None:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for _, sub in SUBTYPES:
        for keyword in sub.keywords:
            owners[tuple(sorted(normalize_tokens(keyword)))].add(sub.id)
    shared = {k: v for k, v in owners.items() if len(v) > 1 and k not in SHARED_KEYWORDS_ALLOWED}
    assert not shared, shared


def test_typography_is_consistent() -> None:
    texts: list[str] = []
    for family in CATALOGUE.families:
        texts += [family.label, *family.rules]
        for sub in family.subtypes:
            texts += [sub.label, sub.place, *sub.prompt_blocks, *sub.first_messages]
            texts += sub.end_call_messages
            for question in sub.questions:
                texts += [question.text, question.help or "", question.topic or ""]
    for text in texts:
        assert "’" not in text, f"use straight apostrophes: {text}"
        assert not re.search(r"\s[,.]", text), f"space before punctuation: {text}"
        assert not re.search(r"[^\s(«][?!:;]", text.replace("://", "")), f"missing space: {text}"
        assert "  " not in text, text
