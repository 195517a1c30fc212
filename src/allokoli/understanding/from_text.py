"""A BusinessProfile from a free French description (CLI/API `generate --text`, MCP)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from allokoli.domain.profile import BusinessProfile, OpeningHours, SectorRef, Tone
from allokoli.kit.errors import InvalidInput
from allokoli.kit.validation import french_summary
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.extract import city_in_first_sentence, extract_facts
from allokoli.understanding.hours import close_unnamed_days, impossible_hours
from allokoli.understanding.speech import restore_elisions
from allokoli.understanding.trade import activity_label, business_description

_PROFILE_FIELDS = set(BusinessProfile.model_fields)

MAX_DESCRIPTION_CHARS = 5000
"""Longest description any surface accepts (API, MCP, CLI): a few paragraphs at most."""


class MissingCompanyName(InvalidInput):
    """The description states no company name. Its envelope carries what was understood, so a
    client can ask for the name alone: ``missing`` (``["company_name"]``), ``sector`` (the
    detection) and ``profile`` (every other fact, as JSON)."""

    default_detail = (
        "Le nom de l'entreprise est introuvable dans la description : indiquez-le "
        "(champ « company_name », ou dans le texte : « La boulangerie s'appelle Au Bon Pain »)."
    )


def profile_from_text(text: str, company_name: str | None = None) -> BusinessProfile:
    """Every fact stated in `text`, plus the detected sector. ``company_name``, when given,
    is the name (the owner typed it apart). Raises InvalidInput (French), and
    :class:`MissingCompanyName` with the partial profile when no name is stated or given."""
    text = text.strip()
    if len(text) < 3:
        raise InvalidInput("La description est vide : décrivez votre activité en quelques phrases.")
    facts = extract_facts(restore_elisions(text))  # « ma boite cest placo pro 33 »: SMS
    data: dict[str, Any] = {
        k: v
        for k, v in facts.model_dump(exclude_none=True).items()
        if k in _PROFILE_FIELDS and v not in ([], {})
    }
    if "opening_hours" in data:
        if impossible_hours(text) is not None:
            del data["opening_hours"]  # « de 25h à 3h » is never stored
        else:  # « du mardi au samedi 9h-19h »: Monday and Sunday are closed
            hours = OpeningHours.model_validate(data["opening_hours"])
            data["opening_hours"] = close_unnamed_days(hours).model_dump()
    given = (company_name or "").strip()
    if given:
        data["company_name"] = given[:120]
    if "address" not in data:
        city = city_in_first_sentence(text)
        if city is not None:
            data["address"] = city.model_dump(exclude_none=True)
    if "business_phone" not in data:
        # A number written in a description of the business, with nothing saying it is for
        # transfers, is the business's number.
        loose = next((p.e164 for p in facts.phones if p.role is None), None)
        if loose is not None:
            data["business_phone"] = loose
    register = facts.tone_register
    style = facts.tone_style
    if register is not None or style is not None:
        tone = Tone()
        data["tone"] = tone.model_copy(
            update={k: v for k, v in (("register", register), ("style", style)) if v is not None}
        ).model_dump()
    detection = detect_sector(text)
    data["sector"] = SectorRef(
        family=detection.family, subtype=detection.subtype, label=detection.label
    ).model_dump(exclude_none=True)
    label = activity_label(detection)
    if label:
        data["activity"] = label
    # what the business does, in the sentences a caller may hear (no greeting, no instruction
    # to us): the owner's message itself is never stored
    description = business_description(text)
    if description and (label is None or description.casefold() != label.casefold()):
        notes = str(data.get("notes") or "")
        if description not in notes:
            data["notes"] = f"{notes} {description}".strip()[:2000]
    missing = not data.get("company_name")
    if missing:
        data["company_name"] = "?"  # validates the rest; never leaves this function
    try:
        profile = BusinessProfile.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"Information non valide — {french_summary(exc)}") from exc
    if missing:
        partial = profile.model_dump(mode="json", exclude_none=True, exclude={"company_name"})
        raise MissingCompanyName(
            extra={
                "missing": ["company_name"],
                "sector": {
                    "family": detection.family,
                    "subtype": detection.subtype,
                    "family_label": detection.family_label,
                    "subtype_label": detection.subtype_label,
                    "label": detection.label,
                    "confidence": detection.confidence,
                },
                "profile": partial,
            }
        )
    return profile
