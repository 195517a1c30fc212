"""French messages for Pydantic validation errors (owners read them; Pydantic speaks English).

Errors raised by our own validators already carry a French message ("Value error, …"): it is
kept as is, without the English prefix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_TEMPLATES: dict[str, str] = {
    "missing": "champ obligatoire",
    "string_too_short": "doit contenir au moins {min_length} caractère(s)",
    "string_too_long": "doit contenir au plus {max_length} caractère(s)",
    "string_type": "doit être un texte",
    "string_pattern_mismatch": "format non valide",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "float_type": "doit être un nombre",
    "float_parsing": "doit être un nombre",
    "bool_type": "doit être vrai ou faux",
    "bool_parsing": "doit être vrai ou faux",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "literal_error": "valeur non autorisée (attendu : {expected})",
    "enum": "valeur non autorisée (attendu : {expected})",
    "extra_forbidden": "champ inconnu",
    "too_short": "doit contenir au moins {min_length} élément(s)",
    "too_long": "doit contenir au plus {max_length} élément(s)",
    "list_type": "doit être une liste",
    "dict_type": "doit être un objet",
    "model_type": "doit être un objet",
    "model_attributes_type": "doit être un objet",
    "url_parsing": "adresse web non valide",
    "url_scheme": "l'adresse web doit commencer par http:// ou https://",
    "value_error": "{reason}",
    "assertion_error": "{reason}",
    "time_parsing": "heure non valide (format HH:MM)",
    "date_parsing": "date non valide (format AAAA-MM-JJ)",
    "date_from_datetime_parsing": "date non valide (format AAAA-MM-JJ)",
    "uuid_parsing": "identifiant non valide",
    "json_invalid": "JSON non valide",
    "union_tag_invalid": "type non reconnu",
    "int_from_float": "doit être un nombre entier",
    "finite_number": "doit être un nombre fini",
    "datetime_parsing": "date et heure non valides (format AAAA-MM-JJTHH:MM)",
    "datetime_from_date_parsing": "date et heure non valides (format AAAA-MM-JJTHH:MM)",
    "datetime_type": "date et heure non valides (format AAAA-MM-JJTHH:MM)",
    "date_type": "date non valide (format AAAA-MM-JJ)",
    "time_type": "heure non valide (format HH:MM)",
    "uuid_type": "identifiant non valide",
    "url_type": "adresse web non valide",
    "url_too_long": "adresse web trop longue",
    "string_unicode": "doit être un texte",
    "bytes_type": "doit être un texte",
    "decimal_parsing": "doit être un nombre",
    "decimal_type": "doit être un nombre",
    "multiple_of": "doit être un multiple de {multiple_of}",
    "set_type": "doit être une liste",
    "tuple_type": "doit être une liste",
    "is_instance_of": "valeur non valide",
    "none_required": "doit être vide",
    "frozen_field": "ne peut pas être modifié",
    "missing_argument": "champ obligatoire",
    "unexpected_keyword_argument": "champ inconnu",
}
#: Pydantic's own `value_error`s, in English: their start, and what an owner reads instead.
_ENGLISH_VALUE_ERRORS = {
    "value is not a valid email address": "adresse e-mail non valide (par exemple nom@exemple.fr)",
    "value is not a valid phone number": "numéro de téléphone non valide",
}
FALLBACK = "valeur non valide"
"""What an error of a kind without a French template says (never Pydantic's English)."""


def french_message(error: ErrorDetails | dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        msg = str(error.get("msg", ""))
        msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        for english, french in _ENGLISH_VALUE_ERRORS.items():
            if msg.startswith(english):
                return french
        return msg
    template = _TEMPLATES.get(kind)
    if template is None:
        return FALLBACK
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return FALLBACK


def location(error: ErrorDetails | dict[str, Any], *, skip: tuple[str, ...] = ()) -> str:
    return ".".join(str(p) for p in error.get("loc", ()) if p not in skip)


def french_errors(exc: ValidationError, *, limit: int = 5) -> list[dict[str, str]]:
    return [
        {"field": location(e), "message": french_message(e), "type": e["type"]}
        for e in exc.errors()[:limit]
    ]


def french_summary(
    exc: ValidationError, *, limit: int = 5, labels: Mapping[str, str] | None = None
) -> str:
    """The errors on one line; `labels` names fields the way the form does ("Nom")."""
    names = labels or {}
    return "; ".join(
        f"{names.get(e['field'], e['field']) or 'valeur'} : {e['message']}"
        for e in french_errors(exc, limit=limit)
    )
