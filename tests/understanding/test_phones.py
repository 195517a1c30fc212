from __future__ import annotations

import pytest

from allokoli.understanding import PhoneKind, find_phones, parse_phone

MOBILE = "+33612345678"
LANDLINE = "+33478123456"

PHONE_CASES: list[tuple[str, str]] = [
    ("06 12 34 56 78", MOBILE),
    ("0612345678", MOBILE),
    ("06.12.34.56.78", MOBILE),
    ("06-12-34-56-78", MOBILE),
    ("06/12/34/56/78", MOBILE),
    ("06 1234 5678", MOBILE),
    ("061 234 5678", MOBILE),
    ("+33 6 12 34 56 78", MOBILE),
    ("+33612345678", MOBILE),
    ("+33 (0)6 12 34 56 78", MOBILE),
    ("+33 06 12 34 56 78", MOBILE),
    ("0033 6 12 34 56 78", MOBILE),
    ("00 33 6 12 34 56 78", MOBILE),
    ("33 6 12 34 56 78", MOBILE),
    ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", MOBILE),
    ("zero six douze trente quatre cinquante six soixante dix huit", MOBILE),
    ("Zéro Six, Douze, Trente-Quatre, Cinquante-Six, Soixante-Dix-Huit", MOBILE),
    ("zéro six un deux trois quatre cinq six sept huit", MOBILE),
    ("0 6 1 2 3 4 5 6 7 8", MOBILE),
    ("zéro 6 12 34 cinquante-six 78", MOBILE),
    ("06 douze 34 cinquante six 78", MOBILE),
    ("mon portable c'est le 06 12 34 56 78 voilà", MOBILE),
    ("appelez le 06.12.34.56.78.", MOBILE),
    ("tel:0612345678", MOBILE),
    ("(06) 12 34 56 78", MOBILE),
    ("04 78 12 34 56", LANDLINE),
    ("04.78.12.34.56", LANDLINE),
    ("zéro quatre soixante-dix-huit douze trente-quatre cinquante-six", LANDLINE),
    ("+33 4 78 12 34 56", LANDLINE),
    ("01 42 68 53 00", "+33142685300"),
    ("07 56 12 34 56", "+33756123456"),
    ("09 87 65 43 21", "+33987654321"),
]


@pytest.mark.parametrize(("text", "e164"), PHONE_CASES)
def test_parse_phone(text: str, e164: str) -> None:
    assert parse_phone(text) == e164


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("06 12 34 56 78", PhoneKind.MOBILE),
        ("07 56 12 34 56", PhoneKind.MOBILE),
        ("04 78 12 34 56", PhoneKind.LANDLINE),
        ("01 42 68 53 00", PhoneKind.LANDLINE),
        ("09 87 65 43 21", PhoneKind.LANDLINE),
        ("08 00 12 34 56", PhoneKind.OTHER),
    ],
)
def test_kind(text: str, kind: PhoneKind) -> None:
    (match,) = find_phones(text)
    assert match.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "69003 Lyon",
        "75011",
        "coupe 25 €, couleur 60 €",
        "de 9h à 12h et de 14h à 19h",
        "09:30-18:00",
        "le 01/02/2024",
        "1200 euros",
        "06 12 34 56 7",
        "06 12 34 56 78 90",
        "SIRET 123 456 789 00012",
        "dans un rayon de 30 km",
        "12 rue de la République",
        "",
        "zéro",
    ],
)
def test_not_a_phone(text: str) -> None:
    assert find_phones(text) == []


def test_several_numbers_in_order() -> None:
    found = find_phones("le salon : 04 78 12 34 56, mon portable : 06 12 34 56 78")
    assert [p.e164 for p in found] == [LANDLINE, MOBILE]


def test_postal_code_glued_to_number() -> None:
    found = find_phones("12 rue Victor Hugo 69003 04 78 12 34 56")
    assert [p.e164 for p in found] == [LANDLINE]


def test_same_number_twice_is_reported_once() -> None:
    assert len(find_phones("06 12 34 56 78, je répète 06 12 34 56 78")) == 1


def test_foreign_number() -> None:
    assert parse_phone("+32 2 555 12 34") == "+3225551234"


def test_a_number_read_out_pair_by_pair_is_read_back_when_the_plan_does_not_know_it() -> None:
    from allokoli.understanding.phones import find_unknown_numbers

    # 06 39 98: ARCEP's mobile range kept for fiction (the rest of 06 39 is Mayotte's)
    said = "zéro six, trente-neuf, quatre-vingt-dix-huit, soixante et onze, vingt-quatre"
    assert find_unknown_numbers(said) == ["+33639987124"]
    assert find_unknown_numbers("prix 0,5 et 1,2") == []
