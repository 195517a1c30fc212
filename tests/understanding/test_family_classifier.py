"""The family classifier (data/family_cat, trained by tools/train_trade_families.py): loaded
beside the French model, asked by sector detection only when the words found no trade in a
text long enough for a bag of words."""

from __future__ import annotations

from allokoli.domain.catalogue import load_catalogue
from allokoli.understanding import detection, nlp
from allokoli.understanding.detection import detect_sector
from tests.understanding.tools import load_tool

#: No catalogue word names the trade, and the text is long enough for the classifier.
TRAMPOLINE = (
    "Trampoline park à Béziers. On fait des open sessions, des birthday packages et des events "
    "pour les entreprises, réservation en ligne conseillée le week-end."
)


def test_the_classifier_is_shipped_and_scores_every_family() -> None:
    assert (nlp.FAMILY_CLASSIFIER / "model").is_file()
    scores = dict(nlp.family_scores(TRAMPOLINE))
    assert set(scores) == {f.id for f in load_catalogue().families}
    assert abs(sum(scores.values()) - 1) < 1e-3
    assert "family" not in nlp.load().pipe_names  # never run by nlp(text)


def test_it_decides_when_the_words_found_no_trade() -> None:
    index = detection._index_for(None)
    words = detection._read_words(TRAMPOLINE, index)
    assert words.confidence < detection.CLASSIFIER_BELOW
    found = detect_sector(TRAMPOLINE)
    assert found.family == "loisirs" and found.subtype == "loisirs_generique"
    assert found.generic


def test_a_trade_the_words_know_is_never_second_guessed() -> None:
    text = "Plombier à Lyon, on intervient pour les fuites, les chauffe-eau et les débouchages."
    assert detect_sector(text).subtype == "plombier"


def test_a_short_text_is_read_by_its_words_alone() -> None:
    text = "Relais routier, menu ouvrier et parking poids lourds"
    assert len(text.split()) < detection.CLASSIFIER_MIN_WORDS
    index = detection._index_for(None)
    assert detect_sector(text) == detection._read_words(text, index)


def test_the_training_data_is_every_dev_description() -> None:
    data = load_tool("train_trade_families").load(set())
    families = {f.id for f in load_catalogue().families}
    assert len(data) > 2500
    assert {family for _text, family in data} <= families
