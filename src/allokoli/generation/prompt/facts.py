"""The facts of the profile the assistant may say, and what it must say it does not know."""

from __future__ import annotations

import re
from datetime import date

from allokoli.domain.catalogue import Subtype
from allokoli.domain.profile import BusinessProfile, Service
from allokoli.generation.prompt.hours import hours_lines
from allokoli.generation.prompt.numerals import date_words, duration_words, price_words
from allokoli.generation.prompt.spoken import (
    phone_words,
    postal_code_words,
    speak_text,
    spoken_address,
    spoken_website,
    street_words,
)
from allokoli.generation.prompt.wording import bullets, join_words
from allokoli.understanding.trade import business_description as owner_description

__all__ = ["activity_label", "facts_and_unknowns", "owner_description", "service_line"]

_LABEL_MAX = 60
# A label is a few words naming a trade: no sentence, no first person.
_NOT_A_LABEL = re.compile(r"[!?.…:;«»\n]|\b(je|j'|moi|me|m'|mon|ma|mes)\b", re.IGNORECASE)


def activity_label(profile: BusinessProfile, subtype: Subtype) -> str:
    """The trade in a few words: the owner's own label for a trade outside the catalogue
    (« Pisciniste » under the artisans' generic subtype), else the subtype's label."""
    sector = profile.sector
    label = sector.label.strip() if sector and sector.label else ""
    if (
        sector is None
        or sector.subtype != subtype.id
        or not label
        or len(label) > _LABEL_MAX
        or _NOT_A_LABEL.search(label)
    ):
        return subtype.label
    return label[0].upper() + label[1:]


def service_line(service: Service) -> str:
    parts: list[str] = []
    note = speak_text(service.price_note) if service.price_note else None
    if service.price_eur == 0:
        parts.append("gratuit")  # never « zéro centime (gratuit) »
    elif service.price_eur is not None:
        price = price_words(service.price_eur)
        if note and note.casefold().startswith(("à partir", "a partir", "dès", "des ")):
            parts.append(f"{note} {price}")
        else:
            parts.append(price + (f" ({note})" if note else ""))
    elif note:
        parts.append(note)
    else:
        parts.append("tarif non communiqué")
    if service.duration_minutes:
        parts.append(f"environ {duration_words(service.duration_minutes)}")
    return f"{speak_text(service.name)} : {', '.join(parts)}."


def facts_and_unknowns(
    profile: BusinessProfile, subtype: Subtype, today: date
) -> tuple[list[str], list[str]]:
    facts: list[str] = [f"Nom : {profile.company_name}."]
    unknown: list[str] = []
    facts.append(f"Activité : {activity_label(profile, subtype)}.")
    description = owner_description(profile.activity)
    said = {subtype.label.casefold(), activity_label(profile, subtype).casefold()}
    if description and description.casefold() not in said:
        facts.append(f"Description donnée par l'établissement : {speak_text(description)}.")
    if profile.owner_name:
        facts.append(f"Responsable : {profile.owner_name}.")
    address = profile.address
    if address and (address.street or address.city):
        pieces = [street_words(address.street)] if address.street else []
        town = " ".join(
            p
            for p in (address.postal_code and postal_code_words(address.postal_code), address.city)
            if p
        )
        if town:
            pieces.append(town)
        facts.append(f"Adresse : {', '.join(pieces)}.")
    else:
        unknown.append("l'adresse")
    if profile.business_phone:
        facts.append(f"Téléphone de l'établissement : {phone_words(profile.business_phone)}.")
    if profile.email:
        facts.append(f"E-mail : {profile.email} (à dire « {spoken_address(profile.email)} »).")
    if profile.website:
        facts.append(f"Site internet : {spoken_website(str(profile.website))}.")
    if profile.service_area:
        facts.append(f"Zone d'intervention : {speak_text(profile.service_area)}.")
    hours = profile.opening_hours
    if hours is not None and not hours.is_empty:
        facts.append("Horaires d'ouverture :\n" + bullets(hours_lines(hours), "  "))
    else:
        unknown.append("les horaires d'ouverture")
    closures = []
    for closure in hours.closures if hours else []:
        end = closure.end or closure.start
        if end < today:
            continue
        when = (
            f"le {date_words(closure.start)}"
            if end == closure.start
            else f"du {date_words(closure.start)} au {date_words(end)}"
        )
        reason = f" ({speak_text(closure.reason)})" if closure.reason else ""
        closures.append(f"{when[0].upper()}{when[1:]}{reason}.")
    if closures:
        facts.append("Fermetures exceptionnelles :\n" + bullets(closures, "  "))
    if profile.services:
        facts.append(
            "Prestations et tarifs :\n" + bullets((service_line(s) for s in profile.services), "  ")
        )
    else:
        unknown.append("les prestations et les tarifs")
    if profile.specialties:
        facts.append(f"Spécialités : {join_words([speak_text(s) for s in profile.specialties])}.")
    policies = profile.policies
    for label, value in (
        ("Conditions d'annulation", policies.cancellation),
        ("Paiement", policies.payment),
        ("Livraison", policies.delivery),
    ):
        if value:
            facts.append(f"{label} : {speak_text(value)}")
    if profile.faq:
        items = [
            f"Question : « {speak_text(f.question)} » Réponse : {speak_text(f.answer)}"
            for f in profile.faq
        ]
        facts.append("Questions fréquentes et leurs réponses :\n" + bullets(items, "  "))
    if profile.notes:
        facts.append(f"Autres informations de l'établissement : {speak_text(profile.notes)}")
    return facts, unknown
