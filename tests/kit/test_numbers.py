from __future__ import annotations

import pytest

from allokoli.kit.errors import InvalidInput
from allokoli.kit.numbers import decimal_fr, parse_decimal, parse_integer


@pytest.mark.parametrize(
    ("text", "value"),
    [("0,3", 0.3), ("0.3", 0.3), (" 1 ", 1.0), (",5", 0.5), ("1\u202f200,5", 1200.5), ("-2", -2.0)],
)
def test_parse_decimal_reads_french_and_english_writing(text: str, value: float) -> None:
    assert parse_decimal(text, label="La valeur") == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "nan", "inf", "1e3", "0,3 €"])
def test_parse_decimal_refuses_in_french(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"La valeur doit être un nombre, par exemple 0,3\."):
        parse_decimal(text, label="La valeur")


def test_parse_integer() -> None:
    assert parse_integer("1 200", label="La durée") == 1200
    with pytest.raises(InvalidInput, match="La durée doit être un nombre entier"):
        parse_integer("12,5", label="La durée")


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.3, "0,3"), (1.25, "1,25"), (2.0, "2"), (600, "600"), (None, ""), ("", ""), ("x", "x")],
)
def test_decimal_fr(value: object, text: str) -> None:
    assert decimal_fr(value) == text
