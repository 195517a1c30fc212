"""From understood facts to the partial profile: the pending question's answer, the facts
stated in passing, corrections, and guards against known extractor slips.

Merging policy: the answer to the pending question overwrites that fact; facts stated in
passing only fill what is unknown (hours are merged as a correction; the tone, the voice and a
transfer number are explicit enough to overwrite); a correction overwrites its target. Every
value is validated by the BusinessProfile sub-models before it is stored, in JSON form.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from allokoli.configurator import texts
from allokoli.configurator.names import extend_left, name_from_opening
from allokoli.configurator.questions import TONE_VOICE, Question, find_question
from allokoli.configurator.sector import NO_MATCH, activity_excerpt, set_sector
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import (
    Address,
    FAQItem,
    OpeningHours,
    Register,
    Service,
    Task,
    VoiceGender,
)
from allokoli.understanding import (
    ExtractedFacts,
    apply_hours_correction,
    extract_services,
    fold,
)
from allokoli.understanding.detection import detect_sector

__all__ = [
    "DOUBT_LEAD_RE",
    "NO_TRANSFER_RE",
    "answer_pending",
    "apply_correction",
    "apply_incidental",
    "drop_false_positives",
    "drop_transfer",
    "join_and",
    "mark_skipped",
    "question_for_target",
    "set_fact",
    "set_tasks",
    "set_tone",
    "set_transfer",
    "supplement_tasks",
]

_ALL_TASKS_RE = re.compile(
    r"^\s*(?:(?:oui|ouais|ok|bah|ben|euh)\s*[,.!]?\s*)?(?:tout|toutes?|tout ca|tout cela"
    r"|tout ce que vous avez dit|les (?:deux|trois|quatre)|l'ensemble|un peu tout|tout ca oui"
    r"|oui|ouais|ok|d'accord|comme d'habitude|le tout|la totale|tout le reste)\b"
)
NO_TRANSFER_RE = re.compile(
    r"\b(?:pas de transfert|pas besoin|jamais|ne (?:me )?transf\w* pas|pas transf\w*|aucun"
    r"|non merci|sans transfert|pas de numero|pas la peine)\b"
)
_TASK_CUE_RE = re.compile(
    r"\b(?:assistant\w*|standard\w*|repondeur|secretaire|qu'il|qu'elle|il doit|elle doit"
    r"|il devra|elle devra|il faut qu|j'aimerais qu|je voudrais qu|je veux qu|prenne|note"
    r"|transfere)\b"
)
_AREA_CUE_RE = re.compile(
    r"\b(?:km|kilometres?|rayon|autour|alentours?|environs|departement|region|secteur|zone"
    r"|agglo\w*|metropole|couronne|canton|interviens|intervenons|intervient|deplace\w*)\b"
)
DOUBT_LEAD_RE = re.compile(
    r"^\s*(?:(?:euh|bah|ben|bon|alors|hmm+)\s*,?\s*)*(?:je (?:ne )?sais pas(?: trop| encore)?"
    r"|j'sais pas|chais pas|aucune idee|pas encore|pas pour l'instant|je n'ai pas encore"
    r"|on n'a pas encore|je verrai|on verra)\b"
)
_FREE_TEXT_LEAD_RE = re.compile(
    r"^\s*(?:(?:euh|bah|ben|bon|alors|hmm+|oui|ouais|ok|je (?:ne )?sais pas(?: trop)?)"
    r"\s*[,.:!]*\s*)+",
    re.IGNORECASE,
)
_NOT_AN_AREA_RE = re.compile(r"\b(?:tout le temps|pendant|toujours|souvent)\b")
_LIST_SPLIT_RE = re.compile(r"\s*(?:[,;/\n+]|\bet\b|\bou\b|&)\s*")
_FILLER_RE = re.compile(
    r"^(?:euh|alors|bah|ben|bon|ok|oui|ouais|donc|on fait|je fais|nous faisons|on propose"
    r"|je propose|surtout|principalement|notamment|aussi|un peu de|un peu d'|du|de la|des|le|la"
    r"|les|en)\s+"
)
_BAD_SERVICE_NAMES = frozenset(
    [
        "est",
        "on",
        "et",
        "c'est",
        "ca",
        "il",
        "elle",
        "nous",
        "vous",
        "je",
        "tu",
        "y",
        "a",
        "au",
        "aux",
        "de",
        "du",
        "des",
        "le",
        "la",
        "les",
        "un",
        "une",
    ]
)
_DAY_OR_TIME_RE = re.compile(
    r"\b(?:lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|\d+\s*h|\d+j|\d+/\d+)\b|/"
)


def _plausible_service(service: Service) -> bool:
    name = fold(service.name).strip(" .-'/")
    if len(name) < 3 or name in _BAD_SERVICE_NAMES or not re.search(r"[a-z]{3}", name):
        return False
    return not _DAY_OR_TIME_RE.search(name)


def drop_false_positives(
    s: ConfiguratorState, facts: ExtractedFacts, q: Question | None, text: str
) -> None:
    """Guards against extractor slips seen in practice: a "service" read from hours ("Lun-ven",
    8 h) or from "on est trois", a company "Centre de Toulouse" read from a place, a service
    area read from an unrelated phrase ("tout le temps pendant qu'…")."""
    pending = q.fact if q else None
    facts.services = [
        sv
        for sv in facts.services
        if _plausible_service(sv) and (pending == "services" or sv.price_eur is not None)
    ]
    if facts.company_name and pending != "company_name":
        first = fold(facts.company_name).split()[0]
        if first in ("centre", "quartier", "ville", "region", "secteur", "zone"):
            facts.company_name = None
    if facts.service_area and pending != "service_area":
        subtype = s.subtype()
        if s.sector is None:  # the opening answer: the sector is being detected from it
            subtype = load_catalogue().subtype(detect_sector(text).subtype)
        area_questions = any(x.fact == "service_area" for x in subtype.questions)
        area = fold(facts.service_area)
        cue = _AREA_CUE_RE.search(area) or _AREA_CUE_RE.search(fold(text))
        if not area_questions or not cue or _NOT_AN_AREA_RE.search(area):
            facts.service_area = None


# --- small helpers ----------------------------------------------------------------------------


def join_and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {texts.AND} {items[-1]}"


def _sentence(text: str) -> str:
    """The owner's words as a sentence: hesitations at the start dropped, capital, full stop."""
    stripped = _FREE_TEXT_LEAD_RE.sub("", text)
    text = stripped if len(stripped) >= 3 else text
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else f"{text}."


def _split_list(text: str) -> list[str]:
    items: list[str] = []
    for part in _LIST_SPLIT_RE.split(text):
        part = part.strip(" .!-")
        while True:
            stripped = _FILLER_RE.sub("", part, count=1)
            if stripped == part:
                break
            part = stripped
        if len(part) >= 2 and re.search(r"[^\W\d_]", part):
            items.append(part[:1].upper() + part[1:])
    return list(dict.fromkeys(items))[:50]


def set_fact(s: ConfiguratorState, key: str, value: Any) -> None:
    s.profile[key] = value
    if key not in s.confirmed:
        s.confirmed.append(key)
    if key in s.defaulted:
        s.defaulted.remove(key)


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", exclude_none=True)


def mark_skipped(s: ConfiguratorState, qid: str) -> None:
    if qid not in s.skipped:
        s.skipped.append(qid)


# --- facts into the profile ---------------------------------------------------------------------


def _merge_address(s: ConfiguratorState, address: Address, *, overwrite: bool) -> None:
    current = s.profile.get("address")
    if current is None or overwrite:
        set_fact(s, "address", _dump(address))
        return
    old = Address.model_validate(current)
    if address.street and not old.street:
        set_fact(s, "address", _dump(address))
    elif not old.postal_code and address.postal_code and address.city in (None, old.city):
        set_fact(s, "address", _dump(old.model_copy(update={"postal_code": address.postal_code})))


def _set_hours(
    s: ConfiguratorState,
    facts: ExtractedFacts,
    text: str,
    *,
    overwrite: bool,
    incidental: bool = False,
) -> bool:
    """Set the hours (`overwrite`), or merge them into known hours as a correction. A passing
    mention ("80 euros le week-end") only changes known hours when it names days with hours or
    closed days."""
    hours = facts.opening_hours
    if hours is None:
        return False
    current = s.profile.get("opening_hours")
    known = bool(current and (current.get("days") or current.get("by_appointment")))
    if known and incidental and not hours.days:
        return False
    if known and not overwrite:
        try:
            merged = apply_hours_correction(OpeningHours.model_validate(current), text)
        except (ValidationError, ValueError):
            return False
        set_fact(s, "opening_hours", _dump(merged))
    else:
        set_fact(s, "opening_hours", _dump(hours))
    return True


def _add_services(s: ConfiguratorState, services: list[Service], *, replace: bool) -> None:
    current = [] if replace else list(s.profile.get("services") or [])
    names = {fold(item["name"]) for item in current}
    for service in services:
        if fold(service.name) not in names:
            current.append(_dump(service))
            names.add(fold(service.name))
    if current:
        set_fact(s, "services", current[:100])


def set_tasks(s: ConfiguratorState, tasks: list[Task], *, replace: bool) -> None:
    current: list[str] = [] if replace else list(s.profile.get("tasks") or [])
    for task in tasks:
        if task.value not in current:
            current.append(task.value)
    if s.knows("transfer_number") and Task.TRANSFER_URGENT.value not in current:
        current.append(Task.TRANSFER_URGENT.value)
    s.profile["tasks"] = current


def set_transfer(s: ConfiguratorState, number: str) -> None:
    set_fact(s, "transfer_number", number)
    s.transfer_candidate = None
    tasks = list(s.profile.get("tasks") or [])
    if Task.TRANSFER_URGENT.value not in tasks:
        tasks.append(Task.TRANSFER_URGENT.value)
    s.profile["tasks"] = tasks


def set_tone(s: ConfiguratorState, facts: ExtractedFacts) -> bool:
    if facts.tone_register is None and facts.tone_style is None:
        return False
    tone = dict(s.profile.get("tone") or {})
    if facts.tone_register is not None:
        tone["register"] = facts.tone_register.value
    if facts.tone_style is not None:
        tone["style"] = facts.tone_style.value
    set_fact(s, "tone", tone)
    return True


def _set_faq(s: ConfiguratorState, question: str, answer: str) -> None:
    item = _dump(FAQItem(question=question[:300], answer=_sentence(answer)[:1000]))
    faq = [f for f in s.profile.get("faq") or [] if f.get("question") != question]
    faq.append(item)
    set_fact(s, "faq", faq[:50])


def _set_policy(s: ConfiguratorState, name: str, value: str) -> None:
    policies = dict(s.profile.get("policies") or {})
    policies[name] = _sentence(value)[:500]
    set_fact(s, "policies", policies)


def apply_incidental(
    s: ConfiguratorState, facts: ExtractedFacts, text: str, pending: str | None
) -> None:
    """Facts stated besides the answer: fill what is unknown, never overwrite the owner's
    earlier words (hours are merged as a correction; tone, voice and transfer are explicit).
    A free-text answer (FAQ, policy) keeps its numbers, times and addresses to itself: "le
    vétérinaire de garde au 02 41 …" is not the clinic's own number."""
    question = find_question(s, pending) if pending else None
    if question is not None and question.expecting is None and question.id != "activity":
        if facts.voice_gender is not None:
            set_fact(s, "voice_gender", facts.voice_gender.value)
        set_tone(s, facts)
        return
    if facts.company_name and pending != "company_name" and not s.knows("company_name"):
        set_fact(s, "company_name", extend_left(facts.company_name, text)[:120])
    if facts.owner_name and not s.knows("owner_name"):
        set_fact(s, "owner_name", facts.owner_name[:80])
    if facts.address is not None and pending != "address":
        _merge_address(s, facts.address, overwrite=False)
    if facts.business_phone and not s.knows("business_phone"):
        set_fact(s, "business_phone", facts.business_phone)
    if facts.email and not s.knows("email"):
        set_fact(s, "email", facts.email)
    if facts.website and not s.knows("website"):
        set_fact(s, "website", facts.website)
    if pending != "opening_hours":
        _set_hours(s, facts, text, overwrite=False, incidental=True)
    if facts.services and pending != "services":
        _add_services(s, facts.services, replace=False)
    if facts.service_area and pending != "service_area" and not s.knows("service_area"):
        set_fact(s, "service_area", facts.service_area[:300])
    if facts.voice_gender is not None and pending not in ("voice_gender", TONE_VOICE.id):
        set_fact(s, "voice_gender", facts.voice_gender.value)
    if pending not in ("tone", TONE_VOICE.id):
        set_tone(s, facts)
    if facts.transfer_number and pending != "transfer_number":
        set_transfer(s, facts.transfer_number)
    if facts.transfer_when and not s.knows("transfer_when"):
        s.profile["transfer_when"] = facts.transfer_when[:300]
    if facts.recording_enabled is not None:
        set_fact(s, "recording_enabled", facts.recording_enabled)
    if facts.tasks and pending != "tasks":
        set_tasks(s, facts.tasks, replace=False)
        if _TASK_CUE_RE.search(fold(text)) and "tasks" not in s.confirmed:
            s.confirmed.append("tasks")
    if not s.knows("transfer_number"):
        for phone in facts.phones:
            if phone.role is None and phone.kind == "mobile":
                s.transfer_candidate = phone.e164
                break


# --- pending answers ------------------------------------------------------------------------------


def answer_pending(s: ConfiguratorState, q: Question, facts: ExtractedFacts, text: str) -> bool:
    """Fill the pending question's fact from this answer. True when it is answered."""
    fact = q.fact
    last_try = s.reasks >= 1
    if q.id == "activity":
        return _answer_activity(s, facts, text)
    if fact == "company_name":
        if facts.company_name:
            set_fact(s, "company_name", extend_left(facts.company_name, text)[:120])
            return True
        return False
    if fact == "opening_hours":
        hours = facts.opening_hours
        if hours is not None and (hours.days or hours.by_appointment or last_try):
            _set_hours(s, facts, text, overwrite=True)
            return True
        if last_try and text:
            set_fact(s, "opening_hours", _dump(OpeningHours(note=_sentence(text)[:300])))
            return True
        return False
    if fact == "address":
        if facts.address is not None:
            _merge_address(s, facts.address, overwrite=True)
            return True
        return False
    if fact == "service_area":
        area = facts.service_area or (text if len(text) <= 300 else None)
        if area:
            set_fact(s, "service_area", area.strip(" .")[:300])
            return True
        return False
    if fact == "services":
        services = facts.services or extract_services(text, bare_list=True)
        services = [sv for sv in services if _plausible_service(sv)]
        other_facts = [k for k in facts.found() if k not in ("services", "activity", "tasks")]
        if not services and not other_facts:
            names = _split_list(text)
            services = [Service(name=n[:120]) for n in names if len(n) <= 120]
        if services:
            _add_services(s, services, replace=True)
            return True
        return False
    if fact == "specialties":
        items = _split_list(text)
        if items:
            set_fact(s, "specialties", [i[:200] for i in items])
            return True
        return False
    if fact == "tasks":
        return _answer_tasks(s, facts, text)
    if fact == "transfer_number":
        return _answer_transfer(s, facts, text)
    if fact == "tone":
        answered = set_tone(s, facts)
        if q.id == TONE_VOICE.id and facts.voice_gender is not None:
            set_fact(s, "voice_gender", facts.voice_gender.value)
            answered = True
        return answered
    if fact == "voice_gender":
        if facts.voice_gender is not None:
            set_fact(s, "voice_gender", facts.voice_gender.value)
            return True
        return False
    if fact == "faq":
        if text:
            _set_faq(s, q.text, text)
            return True
        return False
    if fact.startswith("policies."):
        if text:
            _set_policy(s, fact.split(".", 1)[1], text)
            return True
        return False
    if fact in ("email", "website", "owner_name", "business_phone"):
        value = getattr(facts, fact)
        if value:
            set_fact(s, fact, value)
            return True
        return False
    if fact in ("notes", "transfer_when"):
        if text:
            set_fact(s, fact, _sentence(text)[: 300 if fact == "transfer_when" else 2000])
            return True
        return False
    return bool(text)


def _answer_activity(s: ConfiguratorState, facts: ExtractedFacts, text: str) -> bool:
    detection = detect_sector(text)
    recognised = detection.confidence > NO_MATCH
    if not recognised and s.reasks == 0 and len(text.split()) <= 4 and s.activity_text is None:
        # "Chez Marco": probably the name; the trade is still unknown
        s.activity_text = None
        return False
    s.activity_text = activity_excerpt(text, detection)
    if recognised or s.sector is None:
        set_sector(s, detection)
    s.profile["activity"] = s.activity_text[:1000]
    if not facts.company_name and not s.knows("company_name"):
        cities = {fold(facts.address.city)} if facts.address and facts.address.city else set()
        facts.company_name = name_from_opening(text, cities, facts.owner_name)
    return True


_VISIT_RE = re.compile(r"\b(?:demandes? de visites?|prendre les visites|visites?)\b")


def supplement_tasks(facts: ExtractedFacts, text: str) -> None:
    """Sector words the task extractor does not know yet ("les demandes de visite")."""
    folded = fold(text)
    if (
        Task.BOOK_APPOINTMENT not in facts.tasks
        and _VISIT_RE.search(folded)
        and (facts.tasks or _TASK_CUE_RE.search(folded))
    ):
        facts.tasks.append(Task.BOOK_APPOINTMENT)


def _answer_tasks(s: ConfiguratorState, facts: ExtractedFacts, text: str) -> bool:
    defaults: list[Task] = list(s.subtype().default_tasks)
    tasks = list(facts.tasks)
    folded = fold(text)
    if not tasks and (_ALL_TASKS_RE.search(folded) or facts.yes_no is True):
        tasks = defaults
    if not tasks:
        return False
    if Task.TRANSFER_URGENT in tasks and not s.knows("transfer_number") and facts.transfer_number:
        set_transfer(s, facts.transfer_number)
    set_tasks(s, tasks, replace=True)
    if "tasks" not in s.confirmed:
        s.confirmed.append("tasks")
    return True


def _answer_transfer(s: ConfiguratorState, facts: ExtractedFacts, text: str) -> bool:
    number = facts.transfer_number or next((p.e164 for p in facts.phones), None)
    if number:
        set_transfer(s, number)
        return True
    if facts.yes_no is False or NO_TRANSFER_RE.search(fold(text)):
        drop_transfer(s)
        return True
    return False


def drop_transfer(s: ConfiguratorState) -> None:
    tasks = [t for t in s.profile.get("tasks") or [] if t != Task.TRANSFER_URGENT.value]
    s.profile["tasks"] = tasks
    s.profile.pop("transfer_when", None)
    s.transfer_candidate = None
    mark_skipped(s, "transfer_number")


# --- corrections ----------------------------------------------------------------------------------


def question_for_target(s: ConfiguratorState, target: str | None) -> Question | None:
    if target is None:
        return None
    qid = {"register": "tone", "style": "tone", "activity": None}.get(target, target)
    if qid is None:
        return None
    return find_question(s, qid)


def apply_correction(s: ConfiguratorState, facts: ExtractedFacts, text: str) -> bool:
    """Apply a correction to an earlier answer. True when something changed."""
    target = facts.intent_target
    changed = False
    if target == "voice_gender" and facts.voice_gender is None:
        current = s.profile.get("voice_gender") or s.subtype().voice_gender.value
        voice = (
            VoiceGender.MASCULINE if current == VoiceGender.FEMININE.value else VoiceGender.FEMININE
        )
        set_fact(s, "voice_gender", voice.value)
        return True
    if target == "register" and facts.tone_register is None:
        register = (
            Register.TUTOIEMENT
            if s.tone().register is Register.VOUVOIEMENT
            else Register.VOUVOIEMENT
        )
        tone = dict(s.profile.get("tone") or {})
        tone["register"] = register.value
        set_fact(s, "tone", tone)
        return True
    if target == "activity":
        detection = detect_sector(text)
        if detection.confidence > NO_MATCH:
            set_sector(s, detection)
            if s.sector is not None:
                s.sector.confirmed = True
            changed = True
    if facts.company_name and target in (None, "company_name"):
        set_fact(s, "company_name", facts.company_name[:120])
        changed = True
    if facts.opening_hours is not None:
        changed = _set_hours(s, facts, text, overwrite=False) or changed
    if facts.address is not None:
        _merge_address(s, facts.address, overwrite=True)
        changed = True
    if facts.services:
        _add_services(s, facts.services, replace=target == "services")
        changed = True
    if facts.service_area:
        set_fact(s, "service_area", facts.service_area[:300])
        changed = True
    if facts.voice_gender is not None:
        set_fact(s, "voice_gender", facts.voice_gender.value)
        changed = True
    if set_tone(s, facts):
        changed = True
    if facts.transfer_number:
        set_transfer(s, facts.transfer_number)
        changed = True
    if facts.tasks and target in (None, "tasks"):
        set_tasks(s, facts.tasks, replace=True)
        if "tasks" not in s.confirmed:
            s.confirmed.append("tasks")
        changed = True
    for key in ("email", "website", "owner_name", "business_phone"):
        value = getattr(facts, key)
        if value:
            set_fact(s, key, value)
            changed = True
    if facts.recording_enabled is not None:
        set_fact(s, "recording_enabled", facts.recording_enabled)
        changed = True
    return changed
