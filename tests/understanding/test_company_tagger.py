"""The company-name tagger (data/company_ner, trained by tools/train_company_names.py): loaded
beside the French model without changing its entities, read with the sentence's checks, and
trained on data whose every stated name is found in its text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from allokoli.understanding import nlp
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.names import company_name_candidates
from tests.understanding.tools import load_tool


def test_the_tagger_is_shipped_and_reads_a_name_without_a_cue() -> None:
    assert (nlp.COMPANY_TAGGER / "model").is_file()
    spans = nlp.company_spans("Serrurier à Roubaix, Lockout Express, ouvert 7 jours sur 7.")
    assert [s.text for s in spans] == ["Lockout Express"]
    assert all(s.label == nlp.COMPANY_LABEL for s in spans)


def test_the_models_own_entities_are_unchanged() -> None:
    labels = {e.label for e in nlp.entities("Bonjour, ici la boulangerie Au Bon Pain à Lyon.")}
    assert nlp.COMPANY_LABEL not in labels
    assert "LOC" in labels
    assert "company" not in nlp.load().pipe_names  # never run by nlp(text)


def test_a_name_found_by_the_tagger_alone_is_a_candidate() -> None:
    candidates = company_name_candidates("Serrurier à Roubaix, Lockout Express, ouvert 7j/7.")
    assert candidates and candidates[0].text == "Lockout Express"
    assert "tagger" in candidates[0].sources


def test_a_name_typed_in_lower_case_gets_capitals() -> None:
    assert extract_facts("pizzeria da marco a toulon on livre le soir").company_name in (
        "Da Marco",
        "Pizzeria Da Marco",
    )


@pytest.mark.parametrize(
    "text",
    [
        # an item in the middle of a list of products
        "Fromagerie à Annecy, Reblochon, Tomme de Savoie, Abondance, raclette.",
        # an offer with its duration or price
        "Balades à cheval en Camargue, Tour des Étangs en 2h, sur réservation.",
        "Escape game à Lille, Le Manoir Hanté à 25 € par personne, dès 12 ans.",
        # a practitioner's title and name
        "Infirmière libérale Claire Dubois, soins à domicile à Dole.",
    ],
)
def test_what_the_sentence_shows_is_not_the_business_is_not_taken(text: str) -> None:
    assert extract_facts(text).company_name is None


def test_what_a_verb_sells_is_not_the_business() -> None:
    candidates = company_name_candidates("je suis fleuriste et je vends des Roses Anciennes")
    assert all("tagger" not in c.sources for c in candidates)


def test_a_missing_tagger_leaves_the_cues(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import spacy

    monkeypatch.setattr(nlp, "COMPANY_TAGGER", tmp_path / "absent")
    blank = spacy.blank("fr")
    with caplog.at_level(logging.WARNING, logger="allokoli.nlp"):
        nlp._add_company_tagger(blank)
    assert "company" not in blank.component_names
    assert "names come from cues only" in caplog.text


def test_every_stated_name_of_the_training_data_is_found_in_its_text() -> None:
    """The trainer reads every dev description: a stated name it cannot place in the text is
    left out of training, and must stay rare (a writer's typo between the two)."""
    trainer = load_tool("train_company_names")
    data = trainer.load(None, set())
    with_name = sum(bool(spans) for _text, spans in data)
    assert len(data) > 2500 and with_name > 2000
    for text, spans in data:
        for start, end in spans:
            assert 0 <= start < end <= len(text)
    examples = trainer.examples(nlp.load(), data[:50])
    assert all(
        [e.text for e in ex.reference.ents] == [text[a:b] for a, b in spans]
        for ex, (text, spans) in zip(examples, data[:50], strict=True)
        if all(text[a:b] == text[a:b].strip() for a, b in spans)
    )
