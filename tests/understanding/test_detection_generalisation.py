"""Trades the catalogue does not list: the owner's own word for the trade decides, spaCy's word
vectors (against each family's description, its subtypes' descriptions and examples) choose the
family, and the result is that family's generic subtype with the owner's label; a catalogue
subtype needs one of its own keywords. Examples written for these tests (not from any fixture)."""

from __future__ import annotations

import pytest

from allokoli.domain.catalogue import load_catalogue
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.nlp import tags

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Je suis orthoptiste, rééducation des yeux pour les enfants", "sante"),
        ("Cabinet de sophrologie à Dijon, séances individuelles", "sante"),
        ("je suis frigoriste, chambres froides pour les commerces", "artisans"),
        ("Façadier, ravalement et enduits extérieurs", "artisans"),
        ("Primeur de quartier, fruits et légumes de saison", "commerce"),
        ("je suis audioprothésiste, appareils auditifs et bilans", "sante"),
        ("Vidéaste pour les mariages et les entreprises", "services"),
    ],
)
def test_a_trade_outside_the_catalogue_lands_in_its_family_generic(text: str, family: str) -> None:
    found = detect_sector(text)
    assert found.family == family
    assert found.subtype == CATALOGUE.generic_of(family).id
    assert found.generic
    assert found.label


@pytest.mark.parametrize(
    ("text", "family", "label"),
    [
        ("Cabinet de kinésiologie à Dijon", "sante", "Cabinet de kinésiologie"),
        (
            "Atelier de tapisserie à Dijon, réfection de fauteuils",
            "artisans",
            "Atelier de tapisserie",
        ),
    ],
)
def test_the_owner_label_keeps_the_establishment_noun(text: str, family: str, label: str) -> None:
    found = detect_sector(text)
    assert (found.family, found.subtype, found.label) == (
        family,
        CATALOGUE.generic_of(family).id,
        label,
    )


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        # a neighbouring trade is not this subtype: pédiatre is not a general practitioner
        ("je suis pédiatre, consultations pour les enfants", "sante_generique"),
        ("Ébéniste, meubles d'art sur mesure", "artisan_generique"),
        # the catalogue's own trade still wins, named anywhere in the owner's words
        ("Bonjour, je suis menuisière, je fais des escaliers et des placards", "menuisier"),
        ("Cabinet dentaire du Parc, soins et implants", "dentiste"),
    ],
)
def test_a_catalogue_subtype_needs_its_own_keyword(text: str, subtype: str) -> None:
    assert detect_sector(text).subtype == subtype


@pytest.mark.parametrize(
    "text",
    [
        "plutôt une voix d'homme finalement",  # an ordinary noun is not a trade
        "Beaucoup de monde le samedi, on ferme tard",
    ],
)
def test_ordinary_words_opening_a_message_are_not_trades(text: str) -> None:
    found = detect_sector(text)
    assert found.label is None
    assert found.confidence < 0.3


def test_a_trade_named_first_outweighs_a_place_mentioned_later() -> None:
    found = detect_sector("je suis toiletteur pour chiens, juste à côté du cinéma")
    assert found.family == "services"
    assert found.label == "Toiletteur"


def test_family_descriptions_feed_the_vectors() -> None:
    for family in CATALOGUE.families:
        assert len(family.description.split()) >= 20, family.id
    for _, sub in CATALOGUE.all_subtypes():
        assert sub.description, sub.id
        if sub.generic:
            assert sub.examples, sub.id


def test_tags_give_parts_of_speech_and_lemmas() -> None:
    found = tags("Cabinet de podologie")
    assert [t.text for t in found] == ["Cabinet", "de", "podologie"]
    assert found[2].pos == "NOUN"
    assert found[2].start == len("Cabinet de ")
    assert tags("   ") == ()


def test_a_word_cut_short_stands_for_the_catalogue_word_it_begins() -> None:
    from allokoli.understanding.detection import detect_sector

    assert detect_sector("salle de muscu a douai, ouvert 7/7").subtype == "salle_sport"
    # a word of the dictionary is what it says: « horloges » is no « horlogerie »
    campaniste = detect_sector("Campaniste : entretien des cloches et des horloges d'églises")
    assert campaniste.family == "artisans"


def test_a_word_after_a_is_no_village_of_that_name() -> None:
    from allokoli.understanding.detection import detect_sector
    from allokoli.understanding.places import city_spans

    # Ongles is a village of 300 inhabitants: « bar à ongles » is a nail bar
    assert detect_sector("jai un bar a ongles a marseille").subtype == "onglerie"
    assert [c.name for c in city_spans("plombier a tours, coiffeur a orange")] == [
        "Tours",
        "Orange",
    ]


def test_the_trade_right_after_the_name_is_read_and_a_foreign_word_is_not_stretched() -> None:
    from allokoli.understanding.detection import detect_sector

    # « Name, trade à Town »: the phrase after the name names the trade
    said = "Body Car Repair, carrosserie à Marseille, on fait tôlerie, peinture"
    assert detect_sector(said).subtype == "carrosserie"
    # « solar » is no « solarium » (the vectors say the two words mean different things),
    # while « muscu » still stands for « musculation »
    sun = detect_sector(
        "SunWatt Solutions, installateur photovoltaïque à Narbonne. On fait du solar."
    )
    assert "solarium" not in sun.matched and sun.label != "Solarium"
    assert detect_sector("salle de muscu a douai").subtype == "salle_sport"
