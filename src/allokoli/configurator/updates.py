"""From understood facts to the partial profile: every owner message is read by every fact
handler (`handlers`), whatever was just asked.

- the pending question's handler reads the message as its answer (and may take the owner's
  own words for a free-text fact, but only when no other handler found anything in it);
- every other handler reads what the message states in passing: it fills what is unknown and
  never overwrites an earlier answer (hours merge as a correction of the days they name);
- a correction (« en fait … ») changes only what it names.

Every value is checked by its handler (type, never « oui » / « je confirme ») and validated by
the BusinessProfile sub-models before it is stored, in JSON form.
"""

from __future__ import annotations

import re
from typing import Any

from allokoli.configurator.handlers import HANDLERS, handler_for
from allokoli.configurator.handlers.base import (
    FactHandler,
    How,
    Reading,
    is_bare_reply,
    join_and,
    mark_skipped,
    set_fact,
)
from allokoli.configurator.handlers.hours import changes_known_hours
from allokoli.configurator.handlers.names import OwnerNameHandler, names_the_business
from allokoli.configurator.handlers.place import ZoneHandler, corrects_the_address, names_a_place
from allokoli.configurator.handlers.prices import price_change
from allokoli.configurator.handlers.tasks import TASK_CUE_RE, set_tasks
from allokoli.configurator.handlers.tone import ToneHandler, VoiceHandler
from allokoli.configurator.handlers.transfer import (
    NO_TRANSFER_RE,
    SELF_CORRECTION_RE,
    TransferHandler,
    drop_transfer,
    set_transfer,
)
from allokoli.configurator.questions import (
    GOES_TO_CLIENTS_RE,
    TONE_VOICE,
    Question,
    find_question,
)
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import Task
from allokoli.understanding import ExtractedFacts, find_prices, fold
from allokoli.understanding.address import lists_communes, names_a_round
from allokoli.understanding.detection import detect_sector

__all__ = [
    "DOUBT_LEAD_RE",
    "NO_TRANSFER_RE",
    "apply_correction",
    "apply_incidental",
    "drop_false_positives",
    "drop_transfer",
    "join_and",
    "mark_skipped",
    "question_for_target",
    "read_turn",
    "set_fact",
    "set_tasks",
    "set_tone",
    "set_transfer",
    "supplement_tasks",
]

_AREA_CUE_RE = re.compile(
    r"\b(?:km|kilometres?|rayon|autour|alentours?|environs|departement|region|secteur|zone"
    r"|agglo\w*|metropole|couronne|canton|interviens|intervenons|intervient|deplace\w*)\b"
)
#: The owner says the places listed are where they work (not merely where they are).
_ZONE_STATED_RE = re.compile(
    r"\b(?:zone|secteur|rayon|interv\w*|deplace\w*|tourne\w*|couvr\w*|dessert\w*|livr\w*)\b"
)
DOUBT_LEAD_RE = re.compile(
    r"^\s*(?:(?:euh|bah|ben|bon|alors|hmm+)\s*,?\s*)*(?:je (?:ne )?sais pas(?: trop| encore)?"
    r"|j'sais pas|chais pas|aucune idee|pas encore|pas pour l'instant|je n'ai pas encore"
    r"|on n'a pas encore|je verrai|on verra)\b"
)
#: Facts that, said while a free-text question is pending, are volunteered rather than an answer.
_VOLUNTEERED = frozenset(
    {"opening_hours", "services", "transfer_number", "tone", "voice_gender", "service_area"}
)
_NOT_AN_AREA_RE = re.compile(r"\b(?:tout le temps|pendant|toujours|souvent)\b")
_TONE = next(h for h in HANDLERS if isinstance(h, ToneHandler))
_VOICE = next(h for h in HANDLERS if isinstance(h, VoiceHandler))
_TRANSFER = next(h for h in HANDLERS if isinstance(h, TransferHandler))
_OWNER = next(h for h in HANDLERS if isinstance(h, OwnerNameHandler))
_ZONE = next(h for h in HANDLERS if isinstance(h, ZoneHandler))


def drop_false_positives(
    s: ConfiguratorState, facts: ExtractedFacts, q: Question | None, text: str
) -> None:
    """Guards against extractor slips seen in practice: a company "Centre de Toulouse" read
    from a place, a service area read from an unrelated phrase ("tout le temps pendant qu'…")
    or in a trade that does not travel. (Services and prices are checked by their handler.)"""
    pending = q.fact if q else None
    if facts.company_name and find_prices(facts.company_name):
        # « margherita 9e, reine 11e » while the name is asked: a price list, never a name
        facts.company_name = None
    if facts.company_name and facts.services and names_the_business(text):
        # « nom: Geek'O Dom » while the prices are asked: the name, not an item
        named = fold(facts.company_name)
        facts.services = [sv for sv in facts.services if named not in fold(sv.name)]
    if facts.company_name and pending != "company_name" and not names_the_business(text):
        first = fold(facts.company_name).split()[0]
        if first in ("centre", "quartier", "ville", "region", "secteur", "zone"):
            facts.company_name = None
    if facts.service_area and pending != "service_area" and facts.company_name:
        # « Traiteur Saveurs de Loire, Angers »: a place of the company name and the town the
        # business is in make no zone
        area = fold(facts.service_area)
        if _inside_name(area, facts.company_name) and not _AREA_CUE_RE.search(area):
            parts = [p.strip() for p in re.split(r"[,;/]|\bet\b", area) if p.strip()]
            outside = [
                p for p in parts if not re.search(rf"\b{re.escape(p)}\b", fold(facts.company_name))
            ]
            if len(outside) < 2:
                facts.service_area = None
    if facts.service_area and pending != "service_area":
        subtype = s.subtype()
        if s.sector is None:  # the opening answer: the sector is being detected from it
            subtype = load_catalogue().subtype(detect_sector(text).subtype)
        # the zone asked beside another fact (« …et si vous vous déplacez, dans quelles
        # communes ? ») is asked too
        area_questions = any(x.fact == "service_area" for x in subtype.questions) or (
            q is not None and "service_area" in q.also
        )
        area = fold(facts.service_area)
        cue = (
            _AREA_CUE_RE.search(area)
            or _AREA_CUE_RE.search(fold(text))
            or _ZONE_STATED_RE.search(fold(text))
            or lists_communes(area)
            or names_a_round(area)
        )
        # in a trade that does not ask for a zone, a zone is kept when the owner states it as
        # such (« notre zone c'est Biarritz, Anglet, Bidart »): a stated fact is never dropped
        # (« on intervient dans toute l'Eure-et-Loir »), or lists the towns it serves
        # (« 60 logements sur Biarritz, Anglet, Bidart »)
        stated = (
            (lists_communes(area) and not _inside_name(area, facts.company_name))
            or (_ZONE_STATED_RE.search(fold(text)) and names_a_place(facts.service_area))
            # « le lundi on est à Meylan, le mardi à Échirolles »: a food truck's round
            or names_a_round(area)
        )
        if (not area_questions and not stated) or not cue or _NOT_AN_AREA_RE.search(area):
            facts.service_area = None


def _inside_name(area: str, name: str | None) -> bool:
    """« Traiteur Saveurs de Loire, Angers »: a listed place that is part of the company name
    makes no list of towns."""
    if not name:
        return False
    folded_name = fold(name)
    parts = [p.strip() for p in re.split(r"[,;/]|\bet\b", area) if p.strip()]
    return any(re.search(rf"\b{re.escape(p)}\b", folded_name) for p in parts)


def set_tone(s: ConfiguratorState, facts: ExtractedFacts) -> bool:
    return _TONE.handle(s, Reading(text="", facts=facts, pending=None), How.ANSWER)


# --- one owner message, read by every handler ---------------------------------------------


def _reading(
    s: ConfiguratorState, q: Question | None, facts: ExtractedFacts, text: str, **extra: Any
) -> Reading:
    return Reading(
        text=text,
        facts=facts,
        pending=q.fact if q else None,
        pending_id=q.id if q else None,
        question_text=q.text if q else None,
        also=q.also if q else (),
        last_try=s.reasks >= 1,
        **extra,
    )


def _pending_handlers(q: Question) -> list[FactHandler[Any]]:
    if q.id == TONE_VOICE.id:
        return [_TONE, _VOICE]
    found = handler_for(q.fact)
    return [found] if found is not None else []


#: Questions a bare « oui » / « non » answers (the others never take one as their value).
_YES_NO_ANSWER_RE = re.compile(
    r"^(?:tasks|transfer_number|recording_enabled|tone|voice_gender|faq|policies\..*)$"
)
_TRANSFER_VERB_RE = re.compile(
    r"\btransf\w*|\brenvo\w*|\bpasse[rz]? (?:les |l')?appels?\b"
    # the owner's own line: « tu me le passes », « pour me joindre », « mon num pour… »
    r"|\bme (?:le |la |les )?pass\w*|\bme joindre\b|\bm'appeler\b|\bme contacter\b"
    r"|\bmon (?:num\w*|portable|tel\w*|mobile|perso)\b|\bmon 0\d"
    # « mon 06… si grosse galère », « appelle-moi si souci »
    r"|\bsi (?:\w+ )?(?:galere|souci|probleme|pepin)s?\b|\bappelle[rz]?[- ]moi\b"
    # « le numéro pour les vacanciers qui ont un souci urgent sur place : 06… »
    r"|\bnumero\b[^.?!\d]{0,60}\burgen\w*"
)


def _opens_a_closed_day(s: ConfiguratorState, r: Reading) -> bool:
    """« Ah, et le dimanche 9 h-12 h » once the hours are known: hours for a day noted closed
    (or not noted) add to the hours, whatever question is pending."""
    said = r.facts.opening_hours
    if said is None:
        return False
    known = s.profile.get("opening_hours") or {}
    open_days = {d.get("day") for d in known.get("days") or [] if d.get("ranges")}
    return any(d.ranges and d.day.value not in open_days for d in said.days)


def _completes_address(s: ConfiguratorState, r: Reading) -> bool:
    said, known = r.facts.address, s.profile.get("address") or {}
    if said is None:
        return False
    return bool(
        (said.postal_code and not known.get("postal_code"))
        or (said.street and not known.get("street"))
    )


def _volunteers(s: ConfiguratorState, r: Reading) -> bool:
    """Does a message said while a free-text question is pending state facts of its own (days
    and hours, priced services, a number to transfer to, the tone or the voice) that are not
    known yet? « Arrivée à partir de 15 h » or « le véto de garde au 04… » answer the question.
    A known fact restated with a self-correction cue (« ah attends, le numéro c'est le 06…,
    pardon ») is taken back by the owner: it counts too, as a correction of that fact."""
    correcting = SELF_CORRECTION_RE.search(r.folded) is not None
    known_tasks = set(s.profile.get("tasks") or [])
    new_tasks = any(t.value not in known_tasks for t in r.facts.tasks)
    if (
        "tasks" in r.others
        and ("tasks" not in s.confirmed or new_tasks)
        and TASK_CUE_RE.search(r.folded)
    ):
        # « L'assistant doit prendre les rendez-vous… » while « Comment les patients
        # prennent-ils rendez-vous ? » is pending: what the assistant must do, said as such
        return True
    if "opening_hours" in r.others and changes_known_hours(s, r.text):
        return True  # « précision : le vendredi nous fermons à 17 h »: a change of the hours
    if price_change(s, r):
        return True  # « ah et la couleur c'est 50 € maintenant »: a noted price changes
    if "address" in r.others and (_completes_address(s, r) or corrects_the_address(s, r)):
        # « le code postal c'est 74000 »: what the address lacked; « c pas rue du port, c quai
        # des Indes »: the street noted, taken back
        return True
    for key in r.others & _VOLUNTEERED:
        if (
            s.knows(key)
            and not correcting
            and not (key == "opening_hours" and _opens_a_closed_day(s, r))
        ):
            continue
        if key == "opening_hours" and not (r.facts.opening_hours and r.facts.opening_hours.days):
            continue
        if (
            key == "transfer_number"
            and not _TRANSFER_VERB_RE.search(r.folded)
            and not (correcting and s.knows(key))
        ):
            continue
        return True
    return False


def read_turn(
    s: ConfiguratorState,
    q: Question | None,
    facts: ExtractedFacts,
    text: str,
    *,
    answer: bool = True,
) -> tuple[bool, set[str]]:
    """Read one answer with every handler. Returns whether the pending question is answered
    and which facts the answer filled."""
    r = _reading(s, q, facts, text)
    if GOES_TO_CLIENTS_RE.search(r.folded):
        s.goes_to_clients = True  # « je suis basée à Montpellier, mais je me déplace »
    before = dict(s.profile)
    pending = _pending_handlers(q) if q is not None else []
    # the other facts the question asks for are read as answers too, but only the question's
    # own fact says whether it was answered
    besides = [h for h in (handler_for(k) for k in (q.also if q else ())) if h and h not in pending]
    r.others = {h.key for h in HANDLERS if h not in pending and h.found(s, r)}
    answered = False
    free_text = q is not None and q.expecting is None and q.id != "activity"
    if free_text and _volunteers(s, r):
        # « ouvert du lundi au vendredi de 9 h à 18 h » while « Acceptez-vous de nouveaux
        # patients ? » is pending: facts of their own, not the owner's words for that question
        answer = free_text = False
    if answer and q is not None and is_bare_reply(text) and not _YES_NO_ANSWER_RE.match(q.fact):
        answer = False  # « d'accord », « bien »: never a service, a zone or a name
    if answer:
        for handler in pending:
            answered = handler.handle(s, r, How.ANSWER) or answered
        for handler in besides:
            handler.handle(s, r, How.ANSWER)
    for handler in HANDLERS:
        if handler in pending or (answer and handler in besides):
            continue
        if (
            free_text
            and handler not in (_TONE, _VOICE, _OWNER)
            # « Livrez-vous ? Dans quelle zone… » answered « Saint-Omer, Arques et
            # Longuenesse »: the towns are the zone too
            and not (handler is _ZONE and lists_communes(r.text))
        ):
            # "le vétérinaire de garde au 02 41 …" is not the clinic's own number; the owner
            # introducing themself (« moi c'est Karine ») is always the owner
            continue
        handler.handle(s, r, How.PASSING)
    _TRANSFER.candidate(s, r)
    filled = {k for k, v in s.profile.items() if before.get(k) != v}
    return answered, filled


def apply_incidental(
    s: ConfiguratorState, facts: ExtractedFacts, text: str, pending: str | None
) -> None:
    """Facts stated besides the answer (the pending question is not answered from it)."""
    q = find_question(s, pending) if pending else None
    read_turn(s, q, facts, text, answer=False)


def question_for_target(s: ConfiguratorState, target: str | None) -> Question | None:
    if target is None:
        return None
    qid = {"register": "tone", "style": "tone", "activity": None}.get(target, target)
    if qid is None:
        return None
    return find_question(s, qid)


def apply_correction(s: ConfiguratorState, facts: ExtractedFacts, text: str) -> bool:
    """Apply a correction to an earlier answer: only what it names changes. True when
    something changed."""
    target = facts.intent_target
    if target == "voice_gender" and facts.voice_gender is None:
        _VOICE.flip(s)
        return True
    if target == "register" and facts.tone_register is None:
        _TONE.flip_register(s)
        return True
    r = Reading(text=text, facts=facts, pending=None, correction=True, target=target)
    if target in ("register", "style"):
        r.target = "tone"
    changed = False
    for handler in HANDLERS:
        changed = handler.handle(s, r, How.CORRECTION) or changed
    s.reasks = 0
    return changed


_VISIT_RE = re.compile(r"\b(?:demandes? de visites?|prendre les visites|visites?)\b")


def supplement_tasks(facts: ExtractedFacts, text: str) -> None:
    """Sector words the task extractor does not know yet ("les demandes de visite")."""
    folded = fold(text)
    if (
        Task.BOOK_APPOINTMENT not in facts.tasks
        and _VISIT_RE.search(folded)
        and (facts.tasks or TASK_CUE_RE.search(folded))
    ):
        facts.tasks.append(Task.BOOK_APPOINTMENT)
