"""Plain-French rendering of the collected facts: the recap and the short values quoted in
acknowledgements ("J'ai noté le numéro de transfert (06 12 34 56 78)")."""

from __future__ import annotations

from datetime import time
from itertools import pairwise
from typing import Any

import phonenumbers

from allokoli.configurator import texts
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import (
    WEEKDAYS,
    Address,
    OpeningHours,
    Register,
    Service,
    Style,
    TimeRange,
)

__all__ = [
    "format_hours",
    "format_phone",
    "format_price",
    "format_services",
    "format_tone",
    "recap_text",
    "short_value",
]

_MAX_SERVICES = 8


def format_phone(e164: str) -> str:
    """ "+33612345678" → "06 12 34 56 78" (French numbers by pairs, others in national form)."""
    try:
        parsed = phonenumbers.parse(e164, "FR")
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 33:
        digits = "0" + str(parsed.national_number)
        return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def format_price(amount: float) -> str:
    if float(amount).is_integer():
        return f"{int(amount)} €"
    return f"{amount:.2f}".replace(".", ",") + " €"


def _time(t: time, *, end: bool = False) -> str:
    if end and t == time(0, 0):
        return texts.MIDNIGHT
    if t.minute:
        return texts.TIME_HM.format(h=t.hour, m=t.minute)
    return texts.TIME_H.format(h=t.hour)


def _ranges(ranges: list[TimeRange]) -> str:
    if not ranges:
        return texts.HOURS_CLOSED
    if len(ranges) == 1 and ranges[0].start == time(0, 0) and ranges[0].end == time(0, 0):
        return texts.HOURS_ALWAYS
    parts = [f"{_time(r.start)} – {_time(r.end, end=True)}" for r in ranges]
    return _join(parts)


def _join(items: list[str], last: str = texts.AND) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _days_label(indexes: list[int]) -> str:
    names = [WEEKDAYS[i] for i in indexes]
    if len(names) == 7:
        return texts.HOURS_EVERY_DAY
    if len(names) == 1:
        return names[0]
    consecutive = all(b == a + 1 for a, b in pairwise(indexes))
    if consecutive and len(names) > 2:
        return texts.HOURS_DAY_SPAN.format(first=names[0], last=names[-1])
    return _join(names)


def format_hours(hours: OpeningHours) -> str:
    """ "du mardi au samedi : 9 h – 12 h et 14 h – 19 h ; fermé le lundi et le dimanche"."""
    groups: list[tuple[list[int], list[TimeRange]]] = []
    closed: list[int] = []
    for day in hours.days:
        index = WEEKDAYS.index(day.day.value)
        if not day.ranges:
            closed.append(index)
            continue
        same = next((g for g in groups if g[1] == day.ranges), None)
        if same is not None:
            same[0].append(index)
        else:
            groups.append(([index], list(day.ranges)))
    parts = [f"{_days_label(days)} : {_ranges(ranges)}" for days, ranges in groups]
    if closed:
        days = _join([texts.HOURS_ON_DAY.format(day=WEEKDAYS[i]) for i in closed])
        parts.append(f"{texts.HOURS_CLOSED} {days}")
    if hours.by_appointment:
        parts.append(texts.HOURS_ALSO_BY_APPOINTMENT if groups else texts.HOURS_BY_APPOINTMENT)
    text = " ; ".join(parts)
    if hours.note:
        text = f"{text} ({hours.note})" if text else hours.note
    return text[:1].upper() + text[1:] if text else ""


def _service(service: Service) -> str:
    details: list[str] = []
    if service.price_eur == 0:
        details.append(texts.FREE)  # « gratuit », never « gratuit 0 € »
    elif service.price_eur is not None:
        price = format_price(service.price_eur)
        note = service.price_note
        details.append(f"{note} {price}" if note else price)
    elif service.price_note:
        details.append(service.price_note)
    if service.duration_minutes:
        minutes = service.duration_minutes
        if minutes >= 60:
            hours, rest = divmod(minutes, 60)
            details.append(
                texts.TIME_HM.format(h=hours, m=rest) if rest else texts.TIME_H.format(h=hours)
            )
        else:
            details.append(texts.DURATION_MIN.format(m=minutes))
    return f"{service.name} ({', '.join(details)})" if details else service.name


def format_services(services: list[Service]) -> str:
    shown = [_service(s) for s in services[:_MAX_SERVICES]]
    if len(services) > _MAX_SERVICES:
        shown.append("…")
    return ", ".join(shown)


def format_tone(register: Register, style: Style) -> str:
    return f"{register.value}, {style.value}"


def short_value(key: str, value: Any) -> str:
    """A fact's value as quoted in an acknowledgement."""
    if value is None:
        return ""
    if key in ("transfer_number", "business_phone"):
        return format_phone(str(value))
    if key == "address":
        return Address.model_validate(value).one_line
    if key == "specialties":
        return ", ".join(value)
    if key == "voice_gender":
        return str(value)
    if key == "tone":
        register = Register(value.get("register", Register.VOUVOIEMENT.value))
        style = value.get("style")
        return register.value if style is None else format_tone(register, Style(style))
    return str(value)


def recap_text(state: ConfiguratorState) -> str:
    """The recap: one "- " line per fact, defaults marked, in plain French."""
    data = state.profile_data()
    subtype = state.subtype()
    lines: list[str] = []
    line = texts.RECAP_LINES
    defaults = texts.RECAP_DEFAULT_MARK

    def add(key: str, value: str, **extra: str) -> None:
        if value:
            lines.append("- " + line[key].format(value=value, **extra))

    add("company_name", data.get("company_name") or "")
    add("sector", str(data.get("activity") or ""))
    add("owner_name", data.get("owner_name") or "")
    if data.get("address"):
        add("address", Address.model_validate(data["address"]).one_line)
    if data.get("business_phone"):
        add("business_phone", format_phone(data["business_phone"]))
    add("email", data.get("email") or "")
    add("website", str(data.get("website") or ""))
    if data.get("opening_hours"):
        add("opening_hours", format_hours(OpeningHours.model_validate(data["opening_hours"])))
    if data.get("services"):
        services = [Service.model_validate(s) for s in data["services"]]
        add("services", format_services(services))
    if data.get("specialties"):
        add("specialties", ", ".join(data["specialties"]))
    zone = data.get("service_area") or ""
    add("service_area", zone + (defaults if zone and "service_area" in state.defaulted else ""))
    topics = {q.text: q.topic for q in subtype.questions if q.topic}
    for item in data.get("faq") or []:
        topic = topics.get(item["question"]) or item["question"]
        add("faq", item["answer"], topic=topic[:1].upper() + topic[1:])
    for name, value in (data.get("policies") or {}).items():
        if value:
            add(f"policies.{name}", value)
    add("booking_facts", booking_line(data.get("booking_facts") or {}))

    from allokoli.configurator.questions import task_phrase

    phrases: list[str] = []
    for task in data["tasks"]:
        if task == "transfer_urgent" and data.get("transfer_number"):
            phrases.append(
                texts.TASK_PHRASES["transfer_urgent_to"].format(
                    phone=format_phone(data["transfer_number"])
                )
                + (texts.TRANSFER_TO_CHECK if state.transfer_unconfirmed else "")
            )
        else:
            phrases.append(task_phrase(task, subtype))
    tasks_line = _join(phrases)
    if "tasks" not in state.confirmed and "tasks" not in state.defaulted:
        tasks_line += defaults
    add("tasks", tasks_line)
    if data.get("transfer_when") and data["transfer_when"] != texts.EXTRACTED_URGENT_WHEN:
        add("transfer_when", data["transfer_when"])
    tone = data["tone"]
    tone_line = format_tone(Register(tone["register"]), Style(tone["style"]))
    if "tone" not in state.profile:
        tone_line += defaults
    add("tone", tone_line)
    voice_line = str(data["voice_gender"])
    if "voice_gender" not in state.profile:
        voice_line += defaults
    add("voice_gender", voice_line)
    if "recording_enabled" in state.profile:
        add(
            "recording_enabled",
            texts.RECORDING_ON if data["recording_enabled"] else texts.RECORDING_OFF,
        )
    add("notes", data.get("notes") or "")
    return "\n".join(lines)


def booking_line(facts: dict[str, Any]) -> str:
    """« 30 minutes, 2 h à l'avance au moins, 40 couverts »: the booking facts in words."""
    parts: list[str] = []
    if facts.get("duration_minutes"):
        parts.append(f"{facts['duration_minutes']} minutes par rendez-vous")
    if facts.get("seats"):
        parts.append(f"{facts['seats']} couverts par service")
    notice = facts.get("min_notice_minutes")
    if notice == 0:
        parts.append("réservable le jour même")
    elif notice:
        hours = notice / 60
        amount = f"{notice} minutes" if notice < 60 else f"{hours:g} h".replace(".", ",")
        parts.append(f"au moins {amount} à l'avance")
    return ", ".join(parts)
