"""What the configurator says: acknowledgements of what it noted, answers to the owner's
questions, questions and re-asks, the recap prompt; and moving on to the next question."""

from __future__ import annotations

from typing import Any

from allokoli.configurator import texts
from allokoli.configurator.handlers import handler_for
from allokoli.configurator.questions import (
    P_ALWAYS,
    TONE_VOICE,
    Question,
    all_questions,
    find_question,
    is_answered,
    next_question,
    planned_questions,
)
from allokoli.configurator.recap import format_phone, recap_text, short_value
from allokoli.configurator.sector import (
    NO_MATCH,
    SECTOR_RUNNER_UP,
    ambiguous,
    redetect,
)
from allokoli.configurator.state import (
    ConfiguratorState,
    Reply,
    Stage,
)
from allokoli.configurator.updates import (
    join_and,
    set_tasks,
)
from allokoli.domain.profile import (
    Address,
    Task,
)
from allokoli.understanding import (
    ExtractedFacts,
    fold,
)
from allokoli.understanding.address import lists_communes


def _pending_question(s: ConfiguratorState) -> Question | None:
    return find_question(s, s.pending) if s.pending else None


# --- acknowledgements ---------------------------------------------------------------------------


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    keys = [k for k in texts.LABELS if k in after and after.get(k) != before.get(k)]
    if after.get("policies") != before.get("policies"):
        old = before.get("policies") or {}
        keys += [
            f"policies.{name}"
            for name, value in (after.get("policies") or {}).items()
            if value != old.get(name)
        ]
    return keys


def _ack(
    s: ConfiguratorState,
    before: dict[str, Any],
    before_sector: str | None,
    *,
    corrected: bool = False,
) -> str:
    items: list[str] = []
    labels = texts.LABELS
    if (
        s.sector is not None
        and s.sector.subtype != before_sector
        and s.sector.confidence > NO_MATCH
    ):
        items.append(labels["activity"].format(value=s.sector.label))
    for key in _changed(before, s.profile):
        value = s.profile.get(key)
        if key in ("activity", "policies"):
            continue
        if key == "tasks" and "tasks" not in s.confirmed:
            continue
        if key == "transfer_when":
            continue
        if key == "address":
            address = Address.model_validate(value)
            label = labels["address"] if address.street else labels["city"]
            items.append(label.format(value=address.one_line))
            continue
        if key.startswith("policies."):
            items.append(labels[key])
            continue
        items.append(labels[key].format(value=short_value(key, value)))
    if not items:
        return ""
    if corrected:
        return texts.ACK_CORRECTED.format(items=join_and(items))
    opener = texts.ACK_OPENERS[s.owner_turns % len(texts.ACK_OPENERS)]
    return f"{opener} {texts.ACK_NOTED.format(items=join_and(items))}"


# --- owner questions ----------------------------------------------------------------------------

_TERM_KEYS: dict[str, str] = {
    "vouvoiement": "vouvoiement",
    "vouvoyer": "vouvoiement",
    "registre": "vouvoiement",
    "tutoiement": "tutoiement",
    "tutoyer": "tutoiement",
    "transfert": "transfert",
    "transferer": "transfert",
    "enregistrement": "enregistrement",
    "devis": "devis",
    "zone d'intervention": "zone",
    "faq": "faq",
    "style": "ton",
    "ton": "ton",
    "voix": "voix",
    "assistant": "assistant",
    "ia": "assistant",
    "intelligence artificielle": "assistant",
    "vapi": "vapi",
    "qr code": "numero",
    "numero": "numero",
    "tarif": "cout",
    "abonnement": "cout",
    "prix": "cout",
    "cout": "cout",
}
_TARGET_KEYS: dict[str, str] = {
    "register": "vouvoiement",
    "style": "ton",
    "voice_gender": "voix",
    "transfer_number": "transfert",
    "service_area": "zone",
    "recording_enabled": "enregistrement",
    "tasks": "missions",
}


def _answer_question(q: Question | None, facts: ExtractedFacts) -> str:
    term = facts.question_term
    key = _TERM_KEYS.get(term) if term else None
    if key is None and facts.question_kind == "cost":
        key = "cout"
    if key is None and facts.intent_target and (q is None or facts.intent_target != q.fact):
        key = _TARGET_KEYS.get(facts.intent_target)
    if key is not None:
        return texts.GLOSSARY[key]
    help_text = q.help if q is not None and q.help else None
    if help_text is None:
        return texts.GENERIC_HELP
    if facts.question_kind == "why":
        return texts.WHY_PREFIX.format(help=help_text[:1].lower() + help_text[1:])
    return help_text


# --- replies ------------------------------------------------------------------------------------


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _question_reply(
    s: ConfiguratorState, q: Question, prefix: str, text: str | None = None
) -> Reply:
    chips = list(q.chips)
    if q.optional and texts.CHIP_SKIP not in chips and q.fact not in ("tone", "voice_gender"):
        chips.append(texts.CHIP_SKIP)
    if q.id == "activity" or q.id == "company_name":
        chips = []
    return Reply(
        text=_paragraphs(prefix, text or q.text),
        chips=chips,
        stage=s.stage,
        progress=s.progress,
        asked=q.fact,
        also_asked=list(q.also),
    )


def _ask(s: ConfiguratorState, q: Question, prefix: str) -> Reply:
    s.pending = q.id
    s.pending_kind = "question"
    s.reasks = 0
    # the street asked with the hours (« …et quelle est l'adresse exacte ? ») is not asked
    # again; the transfer number asked with the tasks is, when the owner gave none
    merged = ("tone", "voice_gender") if q.id == TONE_VOICE.id else ()
    street = ("address",) if "address" in q.also else ()
    for qid in (q.id, *merged, *street):
        if qid not in s.asked:
            s.asked.append(qid)
    if q.id == "transfer_number" and s.transfer_candidate:
        return _ask_transfer_confirm(s, q, prefix)
    if q.id == "company_name" and s.name_candidate and not s.knows("company_name"):
        s.pending_kind = "name_confirm"
        text = texts.ASK_COMPANY_NAME_CONFIRM.format(name=s.name_candidate)
        reply = _question_reply(s, q, prefix, text)
        return reply.model_copy(update={"chips": [texts.CHIP_YES, texts.CHIP_NO]})
    return _question_reply(s, q, prefix)


def _ask_transfer_confirm(s: ConfiguratorState, q: Question, prefix: str) -> Reply:
    """Read the number back: « Dois-je transférer … au 06 … ? », or, for a complete number the
    numbering plan does not know, ask the owner to confirm it before keeping it."""
    assert s.transfer_candidate is not None
    s.pending = q.id
    s.pending_kind = "transfer_confirm"
    phone = format_phone(s.transfer_candidate)
    template = (
        texts.ASK_TRANSFER_UNKNOWN_CONFIRM if s.transfer_unknown else texts.ASK_TRANSFER_CONFIRM
    )
    reply = _question_reply(s, q, prefix, template.format(phone=phone))
    return reply.model_copy(update={"chips": [texts.CHIP_YES, texts.CHIP_NO]})


def _ask_sector(s: ConfiguratorState, prefix: str) -> Reply:
    assert s.sector is not None
    runners_up = [a.label for a in s.sector.alternatives if a.confidence >= SECTOR_RUNNER_UP]
    options = [s.sector.label, *runners_up[:2]]
    s.pending = "activity"
    s.pending_kind = "sector"
    s.reasks = 0
    if len(options) == 1:
        question = texts.ASK_SECTOR_CONFIRM.format(label=options[0])
        chips = [texts.CHIP_YES, texts.SECTOR_OTHER_CHIP]
    else:
        quoted = [texts.QUOTED.format(value=o) for o in options]
        listed = f"{', '.join(quoted[:-1])} {texts.OR} {quoted[-1]}"
        question = texts.ASK_SECTOR.format(options=listed)
        chips = [*options, texts.SECTOR_OTHER_CHIP]
    return Reply(
        text=_paragraphs(prefix, question),
        chips=chips,
        stage=s.stage,
        progress=s.progress,
        asked="activity",
    )


def _reask(s: ConfiguratorState, q: Question, prefix: str, *, count: bool = True) -> Reply:
    """The pending question again, after `prefix` (an answer, an apology, a clarification)."""
    if count:
        s.reasks += 1
    if q.id == "tone" and "voice_gender" not in s.profile:
        # the detour cost a turn: ask the voice together with the tone if it no longer fits
        s.pending = None
        later = {p.id for p in planned_questions(s)}
        s.pending = q.id
        if "voice_gender" not in later:
            q = TONE_VOICE
            s.pending = q.id
    if s.pending_kind == "sector":
        return _ask_sector(s, prefix)
    if s.pending_kind == "transfer_confirm" and s.transfer_candidate:
        return _ask_transfer_confirm(s, q, prefix)
    if s.pending_kind == "name_confirm" and s.name_candidate:
        s.pending_kind = "question"
        s.name_candidate = None
    question = q.text
    if q.id == "company_name" and s.reasks >= 1:
        question = texts.ASK_COMPANY_NAME_AGAIN
    elif count and (handler := handler_for(q.fact)) is not None:
        question = handler.reask(question)  # the one targeted re-ask, with an example
    if not count:
        question = texts.BACK_TO_QUESTION.format(question=question[:1].lower() + question[1:])
    return _question_reply(s, q, prefix, question)


def _default_zone(s: ConfiguratorState) -> None:
    """A trade that travels and said its town but no zone works around that town: « Brest et
    ses alentours », marked « par défaut » on the recap like the other defaults (the owner
    changes it in one sentence, there or later)."""
    if s.knows("service_area"):
        _with_home_town(s)
        return  # (passed, the zone is unknown: the town stands for it all the same)
    if not any(q.fact == "service_area" for q in all_questions(s)):
        return  # the clients come to the business: no zone
    city = (s.profile.get("address") or {}).get("city")
    if not city:
        return
    s.profile["service_area"] = texts.DEFAULT_ZONE.format(city=city)
    if "service_area" not in s.defaulted:
        s.defaulted.append("service_area")


def _with_home_town(s: ConfiguratorState) -> None:
    """A zone of communes listed (« je vais jusqu'à Porticcio, Propriano ») holds the town the
    business works from (Ajaccio) though the owner, who lives there, did not repeat it."""
    zone = s.profile.get("service_area")
    city = (s.profile.get("address") or {}).get("city")
    if not isinstance(zone, str) or not city or not lists_communes(zone):
        return
    if fold(city) in fold(zone) or "service_area" in s.defaulted:
        return
    widened = f"{city}, {zone}"
    if len(widened) <= 300:
        s.profile["service_area"] = widened


def _show_recap(s: ConfiguratorState, prefix: str, *, again: bool = False) -> Reply:
    _default_zone(s)
    s.stage = Stage.RECAP
    s.pending = None
    s.pending_kind = "question"
    s.reasks = 0
    s.back_to_recap = False
    s.recap_shown += 1
    recap = recap_text(s)
    intro = texts.RECAP_AGAIN_INTRO if again else texts.RECAP_INTRO
    return Reply(
        text=_paragraphs(prefix, f"{intro}\n{recap}", texts.RECAP_QUESTION),
        chips=[texts.CHIP_CONFIRM, texts.CHIP_MODIFY],
        stage=Stage.RECAP,
        progress=s.progress,
        recap=recap,
        asked="confirmation",
    )


def _advance(s: ConfiguratorState, prefix: str) -> Reply:
    """Ask the next question, or show the recap when none remains."""
    s.pending = None
    s.pending_kind = "question"
    s.reasks = 0
    s.hours_problems = 0
    redetect(s)
    if s.sector is not None and ambiguous(s.sector) and "sector" not in s.asked:
        s.asked.append("sector")
        return _ask_sector(s, prefix)
    if s.back_to_recap and s.knows("company_name"):
        return _show_recap(s, prefix, again=True)
    if s.finish_requested:
        return _finish_early(s, prefix)
    q = next_question(s)
    if q is None:
        return _show_recap(s, prefix)
    return _ask(s, q, prefix)


def _recap_prompt(
    s: ConfiguratorState, prefix: str, question: str, *, chips: list[str] | None = None
) -> Reply:
    recap = recap_text(s)
    return Reply(
        text=_paragraphs(prefix, question),
        chips=chips if chips is not None else [texts.CHIP_CONFIRM, texts.CHIP_MODIFY],
        stage=Stage.RECAP,
        progress=s.progress,
        recap=recap,
        asked="confirmation",
    )


# --- the end ------------------------------------------------------------------------------------


def _missing_required(s: ConfiguratorState) -> Question | None:
    """The first fact without which no assistant can be made (the activity, the company name)."""
    return next(
        (q for q in all_questions(s) if q.priority == P_ALWAYS and not is_answered(s, q)),
        None,
    )


def _finish(
    s: ConfiguratorState, prefix: str = "", *, early: bool = False, show: bool = False
) -> Reply:
    """Done: what the owner stated is confirmed, the rest keeps the catalogue's defaults.

    After a confirmed recap the owner has just read it: a short closing word. After an early
    finish (see `_finish_early`) the reply shows the recap of what was saved, defaults marked,
    and says that every point can still be completed or changed."""
    _default_zone(s)
    s.stage = Stage.DONE
    s.pending = None
    s.pending_kind = "question"
    s.finish_requested = False
    s.back_to_recap = False
    s.recap_confirmed = True
    recap = recap_text(s)  # defaults still marked « par défaut »
    for key in s.profile:
        if key not in s.confirmed and key not in s.defaulted and key != "activity":
            s.confirmed.append(key)
    name = str(s.profile.get("company_name") or "")
    if early or show:
        intro = texts.FINISH_EARLY_INTRO if early else texts.FINAL_RECAP_INTRO
        text = _paragraphs(prefix, f"{intro}\n{recap}", texts.DONE_EARLY.format(name=name))
    else:
        text = _paragraphs(prefix, texts.DONE.format(name=name))
    return Reply(text=text, stage=Stage.DONE, progress=100, done=True, recap=recap)


#: Trades whose business is commonly known by the practitioner's own name (« Yann Le Gall »,
#: élagueur; « Hélène Vasseur », avocate), unlike a shop or a restaurant.
_PERSONAL_FAMILIES = frozenset(["liberal", "sante", "artisans", "beaute", "services"])


def _placeholder_name(s: ConfiguratorState) -> str | None:
    """What stands for a name the owner does not give: their own full name in a trade known by
    the practitioner's name, else the trade and the town (« Fleuriste à Laval »). The recap
    shows it and it can be changed at any time."""
    owner = s.profile.get("owner_name")
    family = s.sector.family if s.sector else None
    if isinstance(owner, str) and len(owner.split()) >= 2 and family in _PERSONAL_FAMILIES:
        return owner
    label = s.activity_label()
    if not label:
        return None
    address = s.profile.get("address") or {}
    city = address.get("city") if isinstance(address, dict) else None
    return f"{label} à {city}" if city else label


def _finish_early(s: ConfiguratorState, prefix: str) -> Reply:
    """The owner said they are done (« c'est bon », « je valide », « c'est tout ») before the
    recap: finish at once when the activity and the company name are known, else ask the
    missing one and finish as soon as it is given.

    Why finish rather than show the recap and ask « Tout est-il correct ? »: the owner has just
    validated, explicitly, and a demanding owner does not want to say it twice. Nothing is
    lost: the last message shows the recap of what was saved (defaults marked « par défaut »)
    and says that everything can be completed or changed later, before the assistant is put
    in service."""
    again = s.finish_requested
    s.finish_requested = True
    if not s.knows("company_name") and s.name_candidate:
        # the name guessed from the owner's own words, not yet checked: the recap shows it
        s.profile["company_name"] = s.name_candidate
        s.name_candidate = None
    missing = _missing_required(s)
    asked_in_vain = s.pending == "company_name" and s.reasks >= 1
    if missing is not None and missing.id == "company_name" and (again or asked_in_vain):
        # asked twice already, or again for the finish: the owner only validates
        # the trade and the town stand for the name (said, shown in the recap, changeable)
        name = _placeholder_name(s)
        if name is not None:
            s.profile["company_name"] = name
            prefix = _paragraphs(prefix, texts.NAME_PLACEHOLDER.format(name=name))
            missing = _missing_required(s)
    if missing is not None:
        item = texts.REQUIRED_ITEMS.get(missing.id, missing.id)
        return _ask(s, missing, _paragraphs(prefix, texts.FINISH_NEEDS.format(item=item)))
    tasks = find_question(s, "tasks")
    said = set(s.profile.get("tasks") or [])
    if tasks is not None and (not is_answered(s, tasks) or said <= {Task.TRANSFER_URGENT.value}):
        # tasks said in passing complete the trade's usual ones; and « urgences au 06… » says
        # where urgent calls go, not what the assistant does with all the others
        usual: list[Task] = [t for t in s.subtype().default_tasks if t is not Task.TRANSFER_URGENT]
        set_tasks(s, usual, replace=False)
    return _finish(s, prefix, early=True)
