"""Every Pydantic validation error reads in French, including Pydantic's own English ones."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import BaseModel, EmailStr, ValidationError

from allokoli.kit.validation import FALLBACK, french_errors, french_message


class Form(BaseModel):
    email: EmailStr
    when: datetime
    count: int
    ratio: float


def test_pydantic_english_becomes_french() -> None:
    with pytest.raises(ValidationError) as caught:
        Form(email="pas-une-adresse", when="hier", count=1.5, ratio="beaucoup")
    messages = {e["field"]: e["message"] for e in french_errors(caught.value)}
    assert messages == {
        "email": "adresse e-mail non valide (par exemple nom@exemple.fr)",
        "when": "date et heure non valides (format AAAA-MM-JJTHH:MM)",
        "count": "doit être un nombre entier",
        "ratio": "doit être un nombre",
    }


def test_an_unknown_kind_never_shows_english() -> None:
    error = {"type": "some_new_kind", "msg": "Input should be something else", "loc": ("x",)}
    assert french_message(error) == FALLBACK


def test_our_own_french_value_errors_are_kept() -> None:
    error = {"type": "value_error", "msg": "Value error, Le nom de l'entreprise est vide."}
    assert french_message(error) == "Le nom de l'entreprise est vide."
