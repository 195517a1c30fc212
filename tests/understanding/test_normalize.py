from __future__ import annotations

import pytest

from allokoli.understanding import fold, prepare, words_to_digits
from allokoli.understanding.normalize import fold_with_map

WORDS_TO_DIGITS: list[tuple[str, str]] = [
    ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "06 12 34 56 78"),
    ("zero six douze", "06 12"),
    ("vingt-cinq euros", "25 euros"),
    ("vint cinq euros", "25 euros"),
    ("soixante et onze", "71"),
    # « et » joins a hundred or a thousand only to « un »: two numbers otherwise
    ("entre cent et quatre cent mille euros", "entre 100 et 400000 euros"),
    ("entre deux cents et trois cents euros", "entre 200 et 300 euros"),
    ("mille et une nuits", "1001 nuits"),
    ("de neuf heures à midi", "de 9 heures à midi"),
    ("le samedi de neuf heures à dix-sept heures trente", "le samedi de 9 heures à 17 heures 30"),
    ("une heure et demie", "1 heure et demie"),
    ("deux euros", "2 euros"),
    ("de deux à quatre", "de 2 à 4"),
    ("minuit", "minuit"),
    # words that must stay words
    ("un salon de coiffure", "un salon de coiffure"),
    ("une coupe", "une coupe"),
    ("les deux", "les deux"),
    ("un salon tout neuf", "un salon tout neuf"),
    ("une ou deux", "une ou deux"),
    ("on est à deux pas", "on est à deux pas"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), WORDS_TO_DIGITS)
def test_words_to_digits(text: str, expected: str) -> None:
    assert words_to_digits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fermé à Noël", "ferme a noel"),
        ("l’atelier « Belle Mèche »", 'l\'atelier " belle meche "'),
        ("ŒUVRE", "oeuvre"),
        ("25 €", "25 €"),
        ("déjà—là", "deja-la"),
        ("ÇA", "ca"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_map_points_back_to_source() -> None:
    text = "Œuf à 3 €"
    folded, index = fold_with_map(text)
    assert len(folded) == len(index)
    assert folded.startswith("oeuf")
    assert index[0] == index[1] == 0
    assert text[index[folded.index("3")]] == "3"


def test_prepare_views() -> None:
    prepared = prepare("Zéro six DOUZE, à Noël")
    assert prepared.converted == "06 12, à Noël"
    assert prepared.low == "06 12, a noel"
    assert prepared.raw_low == "zero six douze, a noel"
    start = prepared.low.index("noel")
    assert prepared.folded.source_slice(start, start + 4) == "Noël"


RAW_SPANS: list[tuple[str, str, str]] = [
    # (text, digits in the converted view, the owner's words behind them)
    ("quatre fromages 12 euros, la six parts à vingt-cinq", "6 parts", "six parts"),
    ("quinze, vingt-cinq ou trente euros", "25 ou 30", "vingt-cinq ou trente"),
    ("zéro six douze et deux coupes", "2 coupes", "deux coupes"),
    ("vingt et un et deux coupes", "21", "vingt et un"),
    ("groupe une heure trente vingt-deux euros", "30 22", "trente vingt-deux"),
    ("six six six. Fermé", "6. Fermé", "six. Fermé"),
]


@pytest.mark.parametrize(("text", "digits", "words"), RAW_SPANS)
def test_the_raw_span_behind_digits_is_the_owners_words(text: str, digits: str, words: str) -> None:
    prepared = prepare(text)
    start = prepared.converted.rindex(digits)
    span = prepared.raw_span(start, start + len(digits))
    assert span is not None
    assert prepared.raw[span[0] : span[1]] == words


def test_a_raw_span_of_unchanged_text_is_the_same_text() -> None:
    prepared = prepare("coupe homme 25 euros")
    assert prepared.raw_span(0, 11) == (0, 11)
