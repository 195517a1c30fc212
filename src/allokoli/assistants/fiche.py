"""The « Fiche »: every fact of the business profile, edited in plain French forms, one group at
a time (identity and address, hours, services, tasks, transfers, FAQ, policies, tone and voice).

Pure: a group's submitted fields (strings, as a form or a JSON body sends them) in, the profile
facts they set out, or `FicheInvalid` with one French message per field. Free text is read by the
same parsers as the configurator (`allokoli.understanding`), and the examples in the messages are
the configurator's own (`HINTS`, kept equal to `configurator.texts.HINTS` by a test: importing it
here would make a cycle, the configurator saves through this feature).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers
from pydantic import ValidationError

from allokoli.domain.profile import (
    WEEKDAYS,
    BusinessProfile,
    Style,
    Task,
    Weekday,
    normalize_french_phone,
)
from allokoli.kit.errors import InvalidInput
from allokoli.kit.validation import french_errors
from allokoli.understanding import (
    examples,
    extract_services,
    extract_website,
    parse_opening_hours,
    parse_phone,
)
from allokoli.understanding.hours import close_unnamed_days

__all__ = [
    "GROUPS",
    "GROUP_IDS",
    "HINTS",
    "TASK_LABELS",
    "FicheInvalid",
    "Group",
    "field_for_check",
    "form_values",
    "read_group",
    "service_line",
]

#: The configurator's examples and its message for a number it cannot use (one source).
HINTS = examples.HINTS
PHONE_INVALID = examples.PHONE_INCOMPLETE
HOURS_UNREADABLE = "Je n'ai pas réussi à lire ces horaires précisément."

TASK_LABELS: dict[str, str] = {
    "answer_faq": "Répondre aux questions",
    "take_message": "Prendre les messages",
    "book_appointment": "Noter les rendez-vous ou réservations",
    "transfer_urgent": "Transférer les urgences",
    "take_order": "Prendre les commandes",
    "qualify_quote": "Recueillir les demandes de devis",
}
STYLE_LABELS = {s.value: s.value.capitalize() for s in Style}
REGISTER_LABELS = {"vouvoiement": "Vouvoiement (« vous »)", "tutoiement": "Tutoiement (« tu »)"}
VOICE_LABELS = {"féminine": "Féminine", "masculine": "Masculine"}
FAQ_EXTRA_ROWS = 2


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    help: str


GROUPS: tuple[Group, ...] = (
    Group("identite", "Identité et adresse", "Ce que l'assistant dit de votre entreprise."),
    Group("horaires", "Horaires et fermetures", "Un jour laissé vide reste « non précisé »."),
    Group("prestations", "Prestations et tarifs", "Une prestation par ligne, avec son prix."),
    Group("missions", "Ce que fait l'assistant", "Ses missions quand il décroche."),
    Group("transferts", "Transferts", "Quand et vers qui l'assistant passe l'appel en direct."),
    Group("faq", "Questions fréquentes", "L'assistant répond avec vos propres mots."),
    Group("conditions", "Conditions", "Annulation, paiement, livraison."),
    Group("ton", "Ton et voix", "Comment l'assistant parle à vos clients."),
)
GROUP_IDS = frozenset(g.id for g in GROUPS)


class FicheInvalid(InvalidInput):
    """One or more fields of a Fiche form cannot be used; `extra["errors"]` names each one."""

    default_detail = "Certaines informations ne sont pas valides."


class _Errors:
    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.items.append({"field": field, "message": message})

    def raise_if_any(self) -> None:
        if self.items:
            detail = " ".join(e["message"] for e in self.items)
            raise FicheInvalid(detail, extra={"errors": self.items})


def _text(form: dict[str, str], key: str) -> str | None:
    value = (form.get(key) or "").strip()
    return value or None


def _checked(form: dict[str, str], key: str) -> bool:
    return (form.get(key) or "").strip().lower() in ("1", "on", "oui", "true")


# --- reading each group -------------------------------------------------------------------------


def _identity(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    company = _text(form, "company_name")
    if company is None:
        errors.add(
            "company_name",
            "Il me faut au moins le nom de votre entreprise : c'est celui que l'assistant "
            f"annoncera en décrochant. {HINTS['company_name']}",
        )
    postal = _text(form, "postal_code")
    if postal is not None and not re.fullmatch(r"\d{5}", postal.replace(" ", "")):
        errors.add(
            "postal_code", f"« {postal} » n'est pas un code postal à 5 chiffres. {HINTS['address']}"
        )
    address = {
        "street": _text(form, "street"),
        "postal_code": postal.replace(" ", "") if postal else None,
        "city": _text(form, "city"),
    }
    phone = _phone(form, "business_phone", errors)
    website = _text(form, "website")
    if website is not None:
        found = extract_website(website)
        if found is None:
            errors.add("website", f"« {website} » n'est pas une adresse de site web valide.")
        website = found
    return {
        "company_name": company,
        "activity": _text(form, "activity"),
        "owner_name": _text(form, "owner_name"),
        "address": address if any(address.values()) else None,
        "business_phone": phone,
        "email": _text(form, "email"),
        "website": website,
        "service_area": _text(form, "service_area"),
    }


def _phone(form: dict[str, str], key: str, errors: _Errors) -> str | None:
    raw = _text(form, key)
    if raw is None:
        return None
    parsed = parse_phone(raw)
    if parsed is None:
        try:
            parsed = normalize_french_phone(raw)
        except ValueError:
            errors.add(key, PHONE_INVALID)
            return None
    return parsed


def _day_hours(day: str, raw: str) -> dict[str, Any] | None:
    """The hours of one day written in French, read like a configurator answer."""
    hours = parse_opening_hours(f"{day} {raw}", expecting=True)
    found = hours.for_day(Weekday(day)) if hours else None
    return found.model_dump(mode="json") if found else None


def _date(raw: str) -> date | None:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw.strip())
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _closures(raw: str | None, errors: _Errors) -> list[dict[str, Any]]:
    closures: list[dict[str, Any]] = []
    for line in (raw or "").splitlines():
        line = line.strip()
        if not line:
            continue
        dates, _, reason = line.partition(":")
        parts = re.split(r"\s+au\s+|\s*[-–]\s*", dates.strip(), maxsplit=1)
        first = parts[0]
        last = parts[1] if len(parts) > 1 else ""
        start, end = _date(first), _date(last) if last else None
        if start is None or (last and end is None) or (end is not None and end < start):
            errors.add(
                "closures",
                f"Je n'ai pas compris la fermeture « {line} ». Par exemple : « 24/12/2026 au "
                "02/01/2027 : congés ».",
            )
            continue
        closures.append({"start": start, "end": end, "reason": reason.strip()[:200] or None})
    return closures


def _hours(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    days: list[dict[str, Any]] = []
    for day in WEEKDAYS:
        raw = _text(form, f"day_{day}")
        if raw is None:
            continue
        parsed = _day_hours(day, raw)
        if parsed is None:
            errors.add(
                f"day_{day}",
                f"{HOURS_UNREADABLE} Le {day} : « {raw} ». Écrivez par exemple « 9h-12h et "
                "14h-19h », ou « fermé ».",
            )
            continue
        days.append(parsed)
    by_appointment = _checked(form, "by_appointment")
    hours: dict[str, Any] = {
        "days": days,
        "by_appointment": by_appointment,
        "closures": _closures(form.get("closures"), errors),
        "open_on_public_holidays": _checked(form, "open_on_public_holidays"),
        "note": _text(form, "hours_note"),
    }
    if not days and not by_appointment and not hours["closures"] and not hours["note"]:
        return {"opening_hours": None}
    return {"opening_hours": hours}


def _services(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    services: list[dict[str, Any]] = []
    names: set[str] = set()
    for line in (form.get("services") or "").splitlines():
        line = line.strip(" -•\t")
        if not line:
            continue
        found = extract_services(line, bare_list=True)
        if len(found) != 1:
            errors.add(
                "services",
                f"Je n'ai pas compris la ligne « {line} » : une prestation par ligne, avec son "
                f"prix. {HINTS['services']}",
            )
            continue
        service = found[0]
        if service.name.lower() in names:
            continue
        names.add(service.name.lower())
        services.append(service.model_dump(mode="json", exclude_none=True))
    specialties = [s.strip() for s in (form.get("specialties") or "").split(",") if s.strip()]
    return {"services": services, "specialties": specialties}


def _tasks(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    chosen = [t.value for t in Task if _checked(form, f"task_{t.value}")]
    return {"tasks": chosen, "notes": _text(form, "notes")}


def _transfer(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    return {
        "transfer_number": _phone(form, "transfer_number", errors),
        "transfer_when": _text(form, "transfer_when"),
    }


def _faq(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    items: list[dict[str, str]] = []
    indexes = sorted(
        {int(m.group(1)) for k in form if (m := re.fullmatch(r"faq_(?:q|a)_(\d{1,2})", k))}
    )
    for i in indexes:
        question, answer = _text(form, f"faq_q_{i}"), _text(form, f"faq_a_{i}")
        if question and not answer:
            errors.add(f"faq_a_{i}", f"Donnez la réponse à la question « {question} ».")
        elif answer and not question:
            errors.add(f"faq_q_{i}", f"Quelle question a pour réponse « {answer[:60]} » ?")
        elif question and answer:
            items.append({"question": question, "answer": answer})
    return {"faq": items}


def _policies(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    return {
        "policies": {
            "cancellation": _text(form, "cancellation"),
            "payment": _text(form, "payment"),
            "delivery": _text(form, "delivery"),
        }
    }


def _choice(form: dict[str, str], key: str, allowed: dict[str, str], errors: _Errors) -> str:
    value = (form.get(key) or "").strip()
    if value not in allowed:
        errors.add(key, f"Choisissez {' ou '.join(f'« {v} »' for v in allowed.values())}.")
    return value


def _tone(form: dict[str, str], errors: _Errors) -> dict[str, Any]:
    register = _choice(form, "register", REGISTER_LABELS, errors)
    style = _choice(form, "style", STYLE_LABELS, errors)
    voice = (form.get("voice_gender") or "").strip()
    if voice and voice not in VOICE_LABELS:
        errors.add("voice_gender", HINTS["voice_gender"])
    return {
        "tone": {"register": register, "style": style},
        "voice_gender": voice or None,
        "recording_enabled": _checked(form, "recording_enabled"),
    }


_READERS = {
    "identite": _identity,
    "horaires": _hours,
    "prestations": _services,
    "missions": _tasks,
    "transferts": _transfer,
    "faq": _faq,
    "conditions": _policies,
    "ton": _tone,
}


def read_group(group: str, form: dict[str, str], current: dict[str, Any]) -> BusinessProfile:
    """The profile with `group`'s facts replaced by the submitted ones; `FicheInvalid` (nothing
    changed) when a field cannot be used."""
    if group not in _READERS:
        raise FicheInvalid(f"Rubrique inconnue : « {group} ».")
    errors = _Errors()
    changes = _READERS[group](form, errors)
    errors.raise_if_any()
    try:
        profile = BusinessProfile.model_validate({**current, **changes})
    except ValidationError as exc:
        for e in french_errors(exc, limit=5):
            errors.add(_form_field(str(e["field"] or "")), str(e["message"]))
        errors.raise_if_any()
        raise  # pragma: no cover - every error was added above
    if group == "horaires" and profile.opening_hours is not None:
        # « mardi au samedi » with Monday and Sunday left blank means closed, as in the chat
        profile = profile.model_copy(
            update={"opening_hours": close_unnamed_days(profile.opening_hours)}
        )
    return profile


def _form_field(path: str) -> str:
    """The form field of a pydantic error path (« address.postal_code » → « postal_code »)."""
    head = path.split(".")
    if head[0] in ("address", "policies", "tone"):
        return head[-1]
    if head[0] == "faq" and len(head) > 2:
        return f"faq_{'q' if head[2] == 'question' else 'a'}_{head[1]}"
    return head[0]


# --- the forms' current values -----------------------------------------------------------------


def _hm(value: str) -> str:
    h, m = value.split(":")[:2]
    return f"{int(h)}h{m}" if m != "00" else f"{int(h)}h"


def day_text(day: dict[str, Any] | None) -> str:
    if day is None:
        return ""
    if not day["ranges"]:
        return "fermé"
    return " et ".join(f"{_hm(r['start'])}-{_hm(r['end'])}" for r in day["ranges"])


def phone_display(e164: str | None) -> str:
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "FR")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _price(amount: float) -> str:
    text = f"{amount:.2f}".replace(".", ",").removesuffix(",00")
    return f"{text} €"


def service_line(service: dict[str, Any]) -> str:
    price = service.get("price_eur")
    note = service.get("price_note")
    if price is None:
        return str(service["name"]) + (f" : {note}" if note else "")
    if note == "gratuit" or price == 0:
        return f"{service['name']} : gratuit"
    prefix = f"{note} " if note else ""
    return f"{service['name']} : {prefix}{_price(float(price))}"


def _closure_line(c: dict[str, Any]) -> str:
    def fr(d: str) -> str:
        return date.fromisoformat(d).strftime("%d/%m/%Y")

    text = fr(c["start"]) + (f" au {fr(c['end'])}" if c.get("end") else "")
    return text + (f" : {c['reason']}" if c.get("reason") else "")


def form_values(profile: dict[str, Any]) -> dict[str, str]:
    """Every form field's value for the stored profile (what the owner sees before editing)."""
    p = BusinessProfile.model_validate(profile).model_dump(mode="json")
    address = p.get("address") or {}
    hours = p.get("opening_hours") or {}
    days = {d["day"]: d for d in hours.get("days") or []}
    values: dict[str, str] = {
        "company_name": p["company_name"],
        "activity": p.get("activity") or "",
        "owner_name": p.get("owner_name") or "",
        "street": address.get("street") or "",
        "postal_code": address.get("postal_code") or "",
        "city": address.get("city") or "",
        "business_phone": phone_display(p.get("business_phone")),
        "email": p.get("email") or "",
        "website": p.get("website") or "",
        "service_area": p.get("service_area") or "",
        "by_appointment": "on" if hours.get("by_appointment") else "",
        "open_on_public_holidays": "on" if hours.get("open_on_public_holidays") else "",
        "closures": "\n".join(_closure_line(c) for c in hours.get("closures") or []),
        "hours_note": hours.get("note") or "",
        "services": "\n".join(service_line(s) for s in p["services"]),
        "specialties": ", ".join(p["specialties"]),
        "notes": p.get("notes") or "",
        "transfer_number": phone_display(p.get("transfer_number")),
        "transfer_when": p.get("transfer_when") or "",
        "cancellation": p["policies"].get("cancellation") or "",
        "payment": p["policies"].get("payment") or "",
        "delivery": p["policies"].get("delivery") or "",
        "register": p["tone"]["register"],
        "style": p["tone"]["style"],
        "voice_gender": p.get("voice_gender") or "",
        "recording_enabled": "on" if p.get("recording_enabled") else "",
    }
    for day in WEEKDAYS:
        values[f"day_{day}"] = day_text(days.get(day))
    for task in Task:
        values[f"task_{task.value}"] = "on" if task.value in p["tasks"] else ""
    for i, item in enumerate([*p["faq"], *([{}] * FAQ_EXTRA_ROWS)]):
        values[f"faq_q_{i}"] = item.get("question", "")
        values[f"faq_a_{i}"] = item.get("answer", "")
    return values


def faq_rows(values: dict[str, str]) -> list[int]:
    return sorted(int(k.removeprefix("faq_q_")) for k in values if k.startswith("faq_q_"))


# --- the quality card's links -------------------------------------------------------------------

_CHECK_FIELDS: dict[str, tuple[str, str]] = {
    "opening_hours": ("horaires", "day_lundi"),
    "transfer_number": ("transferts", "transfer_number"),
    "services": ("prestations", "services"),
    "address": ("identite", "street"),
    "service_area": ("identite", "service_area"),
    "faq": ("faq", "faq_q_0"),
    "business_phone": ("identite", "business_phone"),
    "contact": ("identite", "email"),
    "owner_name": ("identite", "owner_name"),
    "tasks": ("missions", "task_answer_faq"),
    "sector": ("identite", "activity"),
    "policies": ("conditions", "cancellation"),
}


def field_for_check(check: str, profile: dict[str, Any] | None = None) -> tuple[str, str]:
    """The group and the field that fill a quality check (the first empty one for hours, a weak
    transfer, the FAQ)."""
    group, field = _CHECK_FIELDS.get(check, ("identite", "company_name"))
    if profile is None:
        return group, field
    if check == "opening_hours":
        known = {d["day"] for d in (profile.get("opening_hours") or {}).get("days") or []}
        field = next((f"day_{d}" for d in WEEKDAYS if d not in known), field)
    elif check == "transfer_number" and profile.get("transfer_number"):
        field = "transfer_when"
    elif check == "faq":
        field = f"faq_q_{len(profile.get('faq') or [])}"
    elif check == "address" and (profile.get("address") or {}).get("street"):
        address = profile["address"]
        field = "postal_code" if not address.get("postal_code") else "city"
    return group, field


def group_of_field(field: str) -> str:
    for group, name in _CHECK_FIELDS.values():
        if name == field:
            return group
    return "identite"
