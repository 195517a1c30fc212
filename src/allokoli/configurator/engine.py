"""The configurator's dialogue engine: `start()` and `turn(state, text)`, with no I/O.

One engine for every channel (web chat, terminal, REST API, Vapi voice through tool calls):
a channel only shows `Reply.text` and `Reply.chips`, sends back what the owner typed or said,
and stores the returned state. `turn` is pure apart from the optional LLM call: it never mutates
the state it receives and returns a new one.

Each owner turn is understood by the deterministic French extractors of
`allokoli.understanding` (merged with the LLM's facts when an extractor is given), then:

- a restart wipes the state; at the recap, "oui" finishes, "non"/"modifier" asks what to change
  and any stated fact is applied as a correction before the recap is shown again;
- a question from the owner gets a short answer, then the pending question is asked again;
- empty or off-topic input gets a polite word and the question again (an optional question is
  dropped after two failed attempts, a required one is asked until answered);
- "je ne sais pas" / "passer" skips an optional question; "peu importe" takes the catalogue's
  default for the tone, the voice or the tasks;
- a correction ("en fait c'est fermé le lundi", "change le nom en …", "non, plutôt une voix
  d'homme") is applied at once, whatever the pending question;
- an answer fills the pending fact and every other fact it states, without overwriting what the
  owner said earlier (except hours, merged as a correction, and the explicit tone, voice and
  transfer number). An answer that does not fill the pending fact gets one targeted
  clarification, then the question is dropped (or its answer kept as the owner's words).

Then the next question comes from `questions.next_question` (never one whose answer is known),
or the recap when none remains within the turn budget.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from allokoli.configurator import texts
from allokoli.configurator.handlers import is_bare_reply
from allokoli.configurator.llm import LLMExtractor, merge_facts
from allokoli.configurator.questions import (
    TONE_VOICE,
    Question,
    find_question,
    next_question,
    planned_questions,
    task_phrase,
)
from allokoli.configurator.recap import format_phone, recap_text, short_value
from allokoli.configurator.sector import (
    NO_MATCH,
    SECTOR_RUNNER_UP,
    ambiguous,
    choose_sector,
    redetect,
    set_sector,
)
from allokoli.configurator.state import (
    ConfiguratorState,
    Reply,
    Stage,
)
from allokoli.configurator.updates import (
    DOUBT_LEAD_RE,
    NO_TRANSFER_RE,
    apply_correction,
    apply_incidental,
    drop_false_positives,
    drop_transfer,
    join_and,
    mark_skipped,
    question_for_target,
    read_turn,
    set_fact,
    set_tasks,
    set_tone,
    set_transfer,
    supplement_tasks,
)
from allokoli.generation.detection import detect_sector
from allokoli.generation.profile import (
    Address,
    Style,
    Task,
)
from allokoli.understanding import (
    ExtractedFacts,
    IntentKind,
    detect_target,
    extract_company_name,
    extract_facts,
    extract_voice_gender,
    fold,
    words_to_digits,
)

__all__ = ["MAX_INPUT_CHARS", "resume", "start", "turn"]

log = logging.getLogger(__name__)

#: Longer inputs are cut (a 300-word answer is about 2,000 characters).
MAX_INPUT_CHARS = 4000

# --- entry points ---------------------------------------------------------------------------


def start(*, now: datetime | None = None) -> tuple[Reply, ConfiguratorState]:
    """A new conversation: the greeting and the first question."""
    when = now or datetime.now(UTC)
    state = ConfiguratorState(
        stage=Stage.GREETING,
        pending="activity",
        asked=["activity"],
        started_at=when,
        updated_at=when,
    )
    reply = Reply(
        text=f"{texts.GREETING}\n\n{texts.ASK_ACTIVITY}",
        stage=Stage.GREETING,
        progress=0,
        asked="activity",
    )
    return reply, state


def turn(
    state: ConfiguratorState,
    text: str,
    *,
    llm: LLMExtractor | None = None,
    now: datetime | None = None,
) -> tuple[Reply, ConfiguratorState]:
    """One owner turn: understand `text`, update a copy of `state`, say what comes next."""
    s = state.model_copy(deep=True)
    s.owner_turns += 1
    s.updated_at = now or datetime.now(UTC)
    if s.started_at is None:
        s.started_at = s.updated_at
    text = (text or "").strip()[:MAX_INPUT_CHARS]
    facts = _understand(s, text, llm)
    if facts.intent is IntentKind.RESTART:
        reply, fresh = start(now=s.updated_at)
        fresh.owner_turns = 0
        return reply.model_copy(
            update={"text": f"{texts.RESTARTED}\n\n{texts.ASK_ACTIVITY}"}
        ), fresh
    if s.stage is Stage.DONE:
        name = str(s.profile.get("company_name") or "")
        reply = Reply(
            text=texts.ALREADY_DONE.format(name=name), stage=Stage.DONE, progress=100, done=True
        )
        return reply, s
    if s.stage is Stage.RECAP:
        return _recap_turn(s, text, facts), s
    if s.stage is Stage.GREETING:
        s.stage = Stage.COLLECTING
    return _collect_turn(s, text, facts), s


def resume(state: ConfiguratorState) -> Reply:
    """The pending question again, with its chips, for an owner who comes back later (the
    state is not changed: nothing is counted as a turn)."""
    s = state.model_copy(deep=True)
    if s.stage is Stage.DONE:
        name = str(s.profile.get("company_name") or "")
        return Reply(
            text=texts.ALREADY_DONE.format(name=name), stage=Stage.DONE, progress=100, done=True
        )
    if s.stage is Stage.GREETING:
        return Reply(
            text=f"{texts.GREETING}\n\n{texts.ASK_ACTIVITY}",
            stage=Stage.GREETING,
            progress=0,
            asked="activity",
        )
    if s.stage is Stage.RECAP:
        recap = recap_text(s)
        if s.pending_kind == "change":
            return _recap_prompt(
                s, texts.RESUMED, texts.RECAP_ASK_CHANGE, chips=list(texts.CHIPS_CHANGE)
            )
        return _recap_prompt(
            s, texts.RESUMED, f"{texts.RECAP_INTRO}\n{recap}\n\n{texts.RECAP_QUESTION}"
        )
    q = _pending_question(s)
    if q is None:
        return _advance(s, texts.RESUMED)
    if s.pending_kind == "sector":
        return _ask_sector(s, texts.RESUMED)
    reply = _question_reply(s, q, texts.RESUMED, _question_text(s, q))
    if s.pending_kind == "transfer_confirm" and s.transfer_candidate:
        reply = reply.model_copy(update={"chips": [texts.CHIP_YES, texts.CHIP_NO]})
    return reply


def _question_text(s: ConfiguratorState, q: Question) -> str:
    if s.pending_kind == "transfer_confirm" and s.transfer_candidate:
        return texts.ASK_TRANSFER_CONFIRM.format(phone=format_phone(s.transfer_candidate))
    return q.text


# --- understanding ----------------------------------------------------------------------------


def _pending_question(s: ConfiguratorState) -> Question | None:
    return find_question(s, s.pending) if s.pending else None


def _expecting(s: ConfiguratorState, q: Question | None) -> str | None:
    if s.stage is Stage.RECAP and s.pending_kind != "question":
        return None
    if s.pending_kind == "transfer_confirm":
        return "transfer_number"
    if s.pending_kind in ("sector", "name_confirm"):
        return None
    return q.expecting if q is not None else None


def _understand(s: ConfiguratorState, text: str, llm: LLMExtractor | None) -> ExtractedFacts:
    q = _pending_question(s)
    expecting = _expecting(s, q)
    facts = extract_facts(text, expecting=expecting)
    if facts.voice_gender is None and re.search(r"\bvoix\b", fold(text)):
        # extract_voice_gender misses "une voix de femme" without `expecting`
        facts.voice_gender = extract_voice_gender(text, expecting=True)
    if q is not None and q.id == TONE_VOICE.id and facts.voice_gender is None:
        facts.voice_gender = extract_voice_gender(text, expecting=True)
    if q is not None and q.fact == "tone":
        # an option named as such ("très doux, rassurant") wins over a synonym ("doux")
        folded = fold(text)
        named = {
            style
            for style in Style
            if re.search(rf"\b{fold(style.value)}\b", folded)
            and not re.search(rf"\b(?:pas|ni|sans|jamais)\s+(?:\w+\s+)?{fold(style.value)}", folded)
        }
        if len(named) == 1:
            facts.tone_style = named.pop()
    if llm is not None and text:
        try:
            extra = llm.extract(text, asked=q.fact if q else None, question=q.text if q else None)
        except Exception:  # a misbehaving extractor must never break the conversation
            log.warning("configurator LLM extractor raised; deterministic path", exc_info=True)
            extra = None
        if extra is not None:
            facts = merge_facts(facts, extra)
            s.llm_used += 1
    drop_false_positives(s, facts, q, text)
    supplement_tasks(facts, text)
    return facts


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
    )


def _ask(s: ConfiguratorState, q: Question, prefix: str) -> Reply:
    s.pending = q.id
    s.pending_kind = "question"
    s.reasks = 0
    for qid in (q.id, *(("tone", "voice_gender") if q.id == TONE_VOICE.id else ())):
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
    elif count and q.fact in texts.HINTS:
        question = f"{question} {texts.HINTS[q.fact]}"
    if not count:
        question = texts.BACK_TO_QUESTION.format(question=question[:1].lower() + question[1:])
    return _question_reply(s, q, prefix, question)


def _show_recap(s: ConfiguratorState, prefix: str, *, again: bool = False) -> Reply:
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
    redetect(s)
    if s.sector is not None and ambiguous(s.sector) and "sector" not in s.asked:
        s.asked.append("sector")
        return _ask_sector(s, prefix)
    if s.back_to_recap and s.knows("company_name"):
        return _show_recap(s, prefix, again=True)
    q = next_question(s)
    if q is None:
        return _show_recap(s, prefix)
    return _ask(s, q, prefix)


# --- the collecting stage -------------------------------------------------------------------------


def _collect_turn(s: ConfiguratorState, text: str, facts: ExtractedFacts) -> Reply:
    q = _pending_question(s)
    if q is None:
        return _advance(s, "")
    intent = facts.intent
    before = dict(s.profile)
    before_sector = s.sector.subtype if s.sector else None

    if intent is IntentKind.EMPTY:
        s.idle_turns += 1
        return _nothing_useful(s, q, _empty_prefix(text))
    if intent is IntentKind.OFF_TOPIC:
        return _nothing_useful(s, q, texts.OFF_TOPIC)
    if intent is IntentKind.QUESTION:
        return _reask(s, q, _answer_question(q, facts), count=False)
    if s.pending_kind == "sector":
        # « en fait on est à Cavaillon » while the trade is checked: nothing stated is dropped
        if intent is IntentKind.CORRECTION:
            apply_correction(s, facts, text)
        else:
            apply_incidental(s, facts, text, None)
        choose_sector(s, text)
        return _advance(s, _ack(s, before, before_sector) or texts.SECTOR_THANKS)
    if s.pending_kind == "transfer_confirm":
        return _transfer_confirm_turn(s, q, facts, text, before, before_sector)
    if s.pending_kind == "name_confirm":
        return _name_confirm_turn(s, q, facts, text, before, before_sector)

    if intent is IntentKind.SKIP:
        return _skip_turn(s, q)
    if intent is IntentKind.NO_PREFERENCE:
        return _no_preference_turn(s, q, facts, before, before_sector)

    if intent is IntentKind.CORRECTION and not _targets(facts, q):
        if not apply_correction(s, facts, text):
            target_q = question_for_target(s, facts.intent_target or detect_target(text))
            if target_q is not None and target_q.id != q.id:
                return _ask(s, target_q, texts.CORRECT_ASK)
            return _reask(s, q, texts.NOTHING_TO_CORRECT, count=False)
        ack = _ack(s, before, before_sector, corrected=True)
        before = dict(s.profile)
        answered, _filled = read_turn(s, q, facts, text, answer=_states_pending(facts, q))
        if answered:
            return _advance(s, _paragraphs(ack, _ack(s, before, before_sector)))
        return _reask(s, q, ack, count=False)

    if (
        q.expecting is not None
        and DOUBT_LEAD_RE.match(fold(text))
        and not _states_pending(facts, q)
    ):
        # "je ne sais pas encore, on change les horaires en septembre"
        apply_incidental(s, facts, text, q.id)
        return _skip_turn(s, q)
    answered, _filled = read_turn(s, q, facts, text)
    ack = _ack(s, before, before_sector)
    if answered:
        if q.id == TONE_VOICE.id:
            ack = _paragraphs(ack, _tone_voice_defaults_note(s))
        if q.fact == "transfer_number" and not s.knows("transfer_number"):
            ack = texts.ACK_NO_TRANSFER
        return _advance(s, ack)
    if q.fact == "transfer_number" and s.transfer_unknown and s.transfer_candidate:
        return _ask_transfer_confirm(s, q, ack)
    if q.id == "activity" and s.activity_text is None and s.name_candidate:
        # « Chez Marco »: the name, the trade is still to ask
        set_fact(s, "company_name", s.name_candidate)
        s.name_candidate = None
        return _reask(s, q, _ack(s, before, before_sector), count=False)
    if q.fact == "transfer_number" and re.search(r"\d{2}", words_to_digits(text)):
        s.reasks += 1
        return _question_reply(s, q, ack, texts.ASK_TRANSFER_NUMBER_INVALID)
    return _unanswered(s, q, ack or texts.UNCLEAR)


def _empty_prefix(text: str) -> str:
    if not text.strip():
        return texts.EMPTY_INPUT
    if re.match(r"\s*(?:bonjour|bonsoir|salut|hello|coucou|bjr|slt)\b", fold(text)):
        return texts.GREETING_BACK
    return ""


def _nothing_useful(s: ConfiguratorState, q: Question, prefix: str) -> Reply:
    """Empty or off-topic input: the question again; an optional one is dropped after two
    fruitless attempts, a required one is asked until answered."""
    if s.reasks >= 2 and q.optional:
        return _unanswered(s, q, prefix)
    return _reask(s, q, prefix)


def _targets(facts: ExtractedFacts, q: Question) -> bool:
    """Does a "correction" actually answer the pending question ("non, plutôt une voix
    d'homme" while the voice is asked)?"""
    target = facts.intent_target
    if target is None:
        return False
    if target in ("register", "style"):
        target = "tone"
    if q.id == TONE_VOICE.id and target == "voice_gender":
        return True
    return target == q.fact


def _states_pending(facts: ExtractedFacts, q: Question) -> bool:
    value: object
    if q.fact == "tone":
        value = facts.tone_register or facts.tone_style
    elif q.fact in ("faq", "notes", "transfer_when", "specialties") or q.fact.startswith(
        "policies."
    ):
        return False
    else:
        value = getattr(facts, q.fact, None)
    return value is not None and value != []


def _tone_voice_defaults_note(s: ConfiguratorState) -> str:
    """After the merged tone/voice question, say which half was taken by default."""
    subtype = s.subtype()
    if "voice_gender" not in s.profile:
        choice = texts.DEFAULT_VOICE.format(gender=subtype.voice_gender.value)
        return texts.ACK_DEFAULT_CHOSEN.format(choice=choice)
    if "tone" not in s.profile:
        choice = texts.DEFAULT_TONE.format(
            register=subtype.register.value, style=subtype.style.value
        )
        return texts.ACK_DEFAULT_CHOSEN.format(choice=choice)
    return ""


def _unanswered(s: ConfiguratorState, q: Question, prefix: str) -> Reply:
    """An answer that does not fill the pending fact: one targeted clarification, then an
    optional question is dropped (the tasks take the sector's defaults)."""
    if s.reasks >= 1 and q.optional:
        if q.fact == "tasks":
            return _default_tasks(s, prefix)
        if q.fact == "transfer_number":
            drop_transfer(s)
            return _advance(s, _paragraphs(prefix, texts.ACK_NO_TRANSFER))
        mark_skipped(s, q.id)
        return _advance(s, _paragraphs(prefix, _missing_note(q)))
    if s.reasks >= 1 and q.id == "activity":
        # nothing recognisable twice: go on with the generic assistant
        if s.sector is None:
            set_sector(s, detect_sector(""))
        s.activity_text = s.activity_text or ""
        return _advance(s, prefix)
    return _reask(s, q, prefix)


def _missing_note(q: Question) -> str:
    missing = texts.MISSING.get(q.fact)
    if missing is None:
        return texts.ACK_SKIPPED
    return texts.MOVE_ON_MISSING.format(items=missing)


def _name_confirm_turn(
    s: ConfiguratorState,
    q: Question,
    facts: ExtractedFacts,
    text: str,
    before: dict[str, Any],
    before_sector: str | None,
) -> Reply:
    """The answer to « Votre entreprise s'appelle-t-elle « X » ? » (asked once): yes keeps X,
    no asks the name, another name (cued, or a short bare answer) is taken. An owner who goes
    on with other facts keeps X, and what was stated is read."""
    candidate = s.name_candidate or ""
    s.pending_kind = "question"
    s.name_candidate = None
    if not facts.company_name and facts.yes_no is None and len(text.split()) <= 5:
        bare = extract_company_name(text, expecting_name=True)
        if bare and not is_bare_reply(bare) and not facts.found():
            facts.company_name = bare
    if facts.company_name and fold(facts.company_name) != fold(candidate):
        answered, _filled = read_turn(s, q, facts, text)
        if answered:
            return _advance(s, _ack(s, before, before_sector))
    if facts.yes_no is False and not facts.company_name:
        return _question_reply(s, q, "", q.text)
    set_fact(s, "company_name", candidate)
    read_turn(s, q, facts, text, answer=False)
    return _advance(s, _ack(s, before, before_sector))


def _default_tasks(s: ConfiguratorState, prefix: str) -> Reply:
    subtype = s.subtype()
    defaults: list[Task] = [t for t in subtype.default_tasks if t is not Task.TRANSFER_URGENT]
    set_tasks(s, defaults, replace=False)
    if "tasks" not in s.defaulted:
        s.defaulted.append("tasks")
    listed = join_and([task_phrase(t, subtype) for t in defaults])
    return _advance(s, _paragraphs(prefix, texts.ACK_DEFAULT_TASKS.format(tasks=listed)))


def _skip_turn(s: ConfiguratorState, q: Question) -> Reply:
    if not q.optional:
        if q.id == "company_name":
            s.reasks = max(s.reasks, 1)
            return _reask(s, q, "")
        return _unanswered(s, q, texts.UNCLEAR)
    if q.fact == "tasks":
        return _default_tasks(s, "")
    if q.fact == "transfer_number":
        drop_transfer(s)
        return _advance(s, texts.ACK_NO_TRANSFER)
    mark_skipped(s, q.id)
    required = any(sq.required and (sq.fact == q.fact) for sq in s.subtype().questions)
    return _advance(s, texts.ACK_SKIPPED_REQUIRED if required else texts.ACK_SKIPPED)


def _no_preference_turn(
    s: ConfiguratorState,
    q: Question,
    facts: ExtractedFacts,
    before: dict[str, Any],
    before_sector: str | None,
) -> Reply:
    """ "Peu importe": what was stated is kept, the rest takes the catalogue's default."""
    subtype = s.subtype()
    if q.fact in ("voice_gender", "tone"):
        set_tone(s, facts)
        if facts.voice_gender is not None:
            set_fact(s, "voice_gender", facts.voice_gender.value)
    if (q.fact == "voice_gender" or q.id == TONE_VOICE.id) and "voice_gender" not in s.profile:
        s.profile["voice_gender"] = subtype.voice_gender.value
        s.defaulted.append("voice_gender")
    if q.fact == "tone" and "tone" not in s.profile:
        s.profile["tone"] = {"register": subtype.register.value, "style": subtype.style.value}
        s.defaulted.append("tone")
    if q.fact in ("voice_gender", "tone"):
        choices: list[str] = []
        if "tone" in s.defaulted:
            choices.append(
                texts.DEFAULT_TONE.format(
                    register=subtype.register.value, style=subtype.style.value
                )
            )
        if "voice_gender" in s.defaulted:
            choices.append(texts.DEFAULT_VOICE.format(gender=subtype.voice_gender.value))
        if not choices:
            return _advance(s, _ack(s, before, before_sector))
        return _advance(s, texts.ACK_DEFAULT_CHOSEN.format(choice=join_and(choices)))
    if q.fact == "tasks":
        return _default_tasks(s, "")
    return _skip_turn(s, q)


def _transfer_confirm_turn(
    s: ConfiguratorState,
    q: Question,
    facts: ExtractedFacts,
    text: str,
    before: dict[str, Any],
    before_sector: str | None,
) -> Reply:
    candidate = s.transfer_candidate
    other = next((p.e164 for p in facts.phones if p.e164 != candidate), None)
    if other is not None:
        set_transfer(s, other)
    elif facts.yes_no is True and candidate:
        set_transfer(s, candidate)
    elif facts.yes_no is False or NO_TRANSFER_RE.search(fold(text)):
        s.transfer_candidate = None
        s.transfer_unknown = False
        s.pending_kind = "question"
        s.reasks = 0
        return _question_reply(s, q, "", texts.ASK_TRANSFER_NUMBER)
    else:
        return _unanswered(s, q, texts.UNCLEAR)
    apply_incidental(s, facts, text, q.id)
    return _advance(s, _ack(s, before, before_sector))


# --- the recap stage ------------------------------------------------------------------------------

_MODIFY_RE = re.compile(r"\b(?:modifi\w*|change\w*|corrig\w*|rectifi\w*|pas correct|erreur)\b")
_NOTHING_TO_CHANGE_RE = re.compile(
    r"\b(?:rien a (?:changer|modifier|corriger)|ne change\w* rien|ne modifi\w* rien"
    r"|c'est tout bon|rien du tout)\b|^\s*(?:non\s*,?\s*)?rien\s*[.!]*\s*$"
)
_RECAP_FACT_KEYS = frozenset(
    {
        "company_name",
        "owner_name",
        "address",
        "business_phone",
        "email",
        "website",
        "opening_hours",
        "services",
        "service_area",
        "voice_gender",
        "register",
        "style",
        "tasks",
        "transfer_number",
        "recording_enabled",
    }
)


def _recap_turn(s: ConfiguratorState, text: str, facts: ExtractedFacts) -> Reply:
    before = dict(s.profile)
    before_sector = s.sector.subtype if s.sector else None
    intent = facts.intent
    bare_mobile = next(
        (p.e164 for p in facts.phones if p.role is None and p.kind == "mobile"), None
    )
    if bare_mobile and not facts.transfer_number:
        # the only number the configurator asks for is the transfer number
        facts.transfer_number = bare_mobile
    stated = [k for k in facts.found() if k in _RECAP_FACT_KEYS]
    if intent is IntentKind.QUESTION:
        answer = _answer_question(None, facts)
        return _recap_prompt(s, answer, texts.RECAP_QUESTION)
    if stated or intent is IntentKind.CORRECTION:
        if stated and apply_correction(s, facts, text):
            ack = _ack(s, before, before_sector, corrected=True)
            if _needs_transfer_number(s):
                # "et les urgences" without a number: ask it, then back to the recap
                s.stage = Stage.COLLECTING
                s.back_to_recap = True
                question = find_question(s, "transfer_number")
                assert question is not None
                if re.search(r"\d{2}", words_to_digits(text)):
                    s.pending = question.id
                    s.pending_kind = "question"
                    s.reasks = 1
                    return _question_reply(s, question, ack, texts.ASK_TRANSFER_NUMBER_INVALID)
                return _ask(s, question, ack)
            return _show_recap(s, ack, again=True)
        target_q = question_for_target(s, facts.intent_target or detect_target(text))
        if target_q is not None and facts.intent_target not in ("voice_gender", "register"):
            s.stage = Stage.COLLECTING
            s.back_to_recap = True
            return _ask(s, target_q, "")
        if apply_correction(s, facts, text):
            return _show_recap(s, _ack(s, before, before_sector, corrected=True), again=True)
        s.pending_kind = "change"
        return _recap_prompt(s, "", texts.RECAP_ASK_CHANGE, chips=list(texts.CHIPS_CHANGE))
    if s.pending_kind == "change":
        target = detect_target(text)
        if target in ("voice_gender", "register"):
            facts.intent_target = target
            apply_correction(s, facts, text)
            s.pending_kind = "question"
            return _show_recap(s, _ack(s, before, before_sector, corrected=True), again=True)
        target_q = question_for_target(s, target)
        if target_q is not None:
            s.stage = Stage.COLLECTING
            s.back_to_recap = True
            return _ask(s, target_q, "")
        if facts.yes_no is True or _NOTHING_TO_CHANGE_RE.search(fold(text)):
            return _finish(s)
        return _recap_prompt(s, "", texts.RECAP_ASK_CHANGE, chips=list(texts.CHIPS_CHANGE))
    folded = fold(text)
    if _NOTHING_TO_CHANGE_RE.search(folded) or (
        facts.yes_no is True and not _MODIFY_RE.search(folded)
    ):
        return _finish(s)
    if facts.yes_no is False or _MODIFY_RE.search(folded):
        s.pending_kind = "change"
        return _recap_prompt(s, "", texts.RECAP_ASK_CHANGE, chips=list(texts.CHIPS_CHANGE))
    prefix = texts.OFF_TOPIC if intent is IntentKind.OFF_TOPIC else ""
    return _recap_prompt(s, prefix, texts.RECAP_UNCLEAR)


def _needs_transfer_number(s: ConfiguratorState) -> bool:
    return Task.TRANSFER_URGENT.value in (s.profile.get("tasks") or []) and not s.knows(
        "transfer_number"
    )


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


def _finish(s: ConfiguratorState) -> Reply:
    s.stage = Stage.DONE
    s.pending = None
    s.pending_kind = "question"
    s.recap_confirmed = True
    for key in s.profile:
        if key not in s.confirmed and key not in s.defaulted and key != "activity":
            s.confirmed.append(key)
    name = str(s.profile.get("company_name") or "")
    return Reply(
        text=texts.DONE.format(name=name),
        stage=Stage.DONE,
        progress=100,
        done=True,
        recap=recap_text(s),
    )
