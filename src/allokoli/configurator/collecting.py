"""The collecting stage: one owner answer while a question is pending (skips, « peu importe »,
corrections, confirmations of a transfer number or of a guessed company name, and the answer
itself, read by every fact handler)."""

from __future__ import annotations

import re
from typing import Any

from allokoli.configurator import texts
from allokoli.configurator.handlers import is_bare_reply
from allokoli.configurator.handlers.transfer import looks_like_number
from allokoli.configurator.questions import (
    TONE_VOICE,
    Question,
    task_phrase,
)
from allokoli.configurator.replies import (
    _ack,
    _advance,
    _answer_question,
    _ask,
    _ask_transfer_confirm,
    _finish,
    _finish_early,
    _paragraphs,
    _pending_question,
    _placeholder_name,
    _question_reply,
    _reask,
)
from allokoli.configurator.sector import (
    choose_sector,
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
from allokoli.domain.profile import (
    Task,
)
from allokoli.understanding import (
    ExtractedFacts,
    IntentKind,
    detect_target,
    extract_company_name,
    extract_facts,
    find_prices,
    fold,
    parse_yes_no,
    words_to_digits,
)
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.hours import impossible_hours
from allokoli.understanding.intents import (
    Finish,
    closes_everything,
    detect_finish,
    without_finish,
)
from allokoli.understanding.names import says_no_name

# --- the collecting stage -------------------------------------------------------------------------


def _collect_turn(s: ConfiguratorState, text: str, facts: ExtractedFacts) -> Reply:
    q = _pending_question(s)
    if q is None:
        # the pending question no longer applies (the trade changed): a validation still ends
        if detect_finish(text) is not None:
            return _finish_early(s, "")
        return _advance(s, "")
    intent = facts.intent
    before = dict(s.profile)
    before_sector = s.sector.subtype if s.sector else None

    if intent is IntentKind.EMPTY and not _acknowledges(text):  # « 👍 » says something
        s.idle_turns += 1
        return _nothing_useful(s, q, _empty_prefix(text))
    if intent is IntentKind.OFF_TOPIC and detect_finish(text) is None:
        # (« Ok, c'est validé, thanks ! » validates, whatever the English word makes of it)
        return _nothing_useful(s, q, texts.OFF_TOPIC)
    if intent is IntentKind.QUESTION and not s.repeats:
        return _reask(s, q, _answer_question(q, facts), count=False)
    problem = impossible_hours(text)
    if problem is not None:  # « de 25h à 3h »: the owner is asked, the hours are not stored
        return _impossible_hours_turn(s, q, text, facts, problem, before, before_sector)
    if q.id == "company_name" and says_no_name(text):
        # « je n'ai pas de nom de cabinet, j'exerce sous mon nom »: asking again is no use,
        # the owner's own name (or the trade and the town) stands for it at once; the words
        # saying so are no name (« pas de nom commercial, c'est à mon nom »)
        if facts.company_name and re.search(r"\bnom\b", fold(facts.company_name)):
            facts.company_name = None
        if not facts.company_name:
            s.reasks = max(s.reasks, 1)
    # the same words again after the answer to them: read them as the answer they may be
    finish = detect_finish(text)
    if finish is Finish.STRONG or (
        finish is Finish.WEAK and (s.pending_kind == "question" or closes_everything(text))
    ):
        # (« oui c'est parfait, merci » to « Votre entreprise s'appelle-t-elle X ? »: the
        # check is confirmed, and so is everything else)
        return _finish_turn(s, q, text, facts, before, before_sector)
    if finish is None and s.pending_kind == "question" and _acknowledges(text):
        # « ok », « 👍 »: the usual choice for the tone, the voice or the tasks; an open
        # question it cannot answer (hours, a number…) is passed. When that leaves nothing to
        # ask, the owner has accepted everything: done, the recap shown in the last reply.
        # An owner who answers « ok » wants to be done: no optional question is added
        s.extras_declined = True
        named = _name_by_default(s, q, "", now=True)
        if named is not None:
            reply = named
        elif q.optional and q.fact not in _ANSWERED_BY_OK and q.id != TONE_VOICE.id:
            reply = _skip_turn(s, q)
        else:
            reply = _checked_turn(s, q, facts, text, before, before_sector)
        voice = _pending_question(s) if s.stage is Stage.COLLECTING else None
        if q.fact == "tone" and voice is not None and voice.fact == "voice_gender":
            # « ok » to the usual way of speaking accepts the usual voice as well
            reply = _checked_turn(s, voice, facts, text, before, before_sector)
        if s.stage is Stage.RECAP and s.recap_shown == 1 and not s.back_to_recap:
            return _finish(s, show=True)
        return reply
    if finish is Finish.WEAK:
        # « oui c'est bon » to a yes/no check answers it; when nothing is left to ask, it
        # also closes the conversation instead of asking « Tout est-il correct ? » again
        if facts.yes_no is None:
            facts.yes_no = True  # « tout est bon », « c good »: a yes to the check
        reply = _checked_turn(s, q, facts, text, before, before_sector)
        if s.stage is Stage.RECAP and s.recap_shown == 1 and not s.back_to_recap:
            return _finish(s, _ack(s, before, before_sector), show=True)
        return reply
    return _checked_turn(s, q, facts, text, before, before_sector)


#: Questions a bare « ok » answers (the usual tone, voice or tasks) or that are asked again (the
#: trade and the name, without which no assistant is made): never passed.
_ANSWERED_BY_OK = frozenset({"activity", "company_name", "tone", "voice_gender", "tasks"})


def _impossible_hours_turn(
    s: ConfiguratorState,
    q: Question,
    text: str,
    facts: ExtractedFacts,
    problem: str,
    before: dict[str, Any],
    before_sector: str | None,
) -> Reply:
    """Impossible hours are never stored, but every other fact of the message is, and the
    owner is asked once: the same impossible hours again (or a second impossible answer) leave
    the hours unknown, said as missing, and the conversation goes on."""
    facts.opening_hours = None
    apply_incidental(s, facts, text, q.id)
    ack = _ack(s, before, before_sector)
    if s.repeats or s.hours_problems >= 1:
        s.hours_problems = 0
        if q.fact == "opening_hours":
            mark_skipped(s, q.id)
            return _advance(s, _paragraphs(ack, _missing_note(q)))
        return _advance(s, ack)
    s.hours_problems += 1
    return _question_reply(s, q, ack, problem)


def _acknowledges(text: str) -> bool:
    """A bare acknowledgement: « ok », « oui », « 👍 », « d'accord », « très bien »."""
    return parse_yes_no(text) is True and is_bare_reply(text)


def _name_by_default(
    s: ConfiguratorState, q: Question, prefix: str, *, now: bool = False
) -> Reply | None:
    """The name asked twice in vain (« je sais pas »), or once and only confirmed (« ok »,
    « c'est bon »): a placeholder, then on (or done, when the owner asked to finish)."""
    if q.id != "company_name" or (s.reasks < 1 and not now and not s.finish_requested):
        return None
    name = _placeholder_name(s)
    if name is None:
        return None
    s.profile["company_name"] = name
    s.name_candidate = None
    return _advance(s, _paragraphs(prefix, texts.NAME_PLACEHOLDER.format(name=name)))


def _checked_turn(
    s: ConfiguratorState,
    q: Question,
    facts: ExtractedFacts,
    text: str,
    before: dict[str, Any],
    before_sector: str | None,
) -> Reply:
    intent = facts.intent
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
    if intent is IntentKind.NO_PREFERENCE or (
        q.fact in ("tone", "voice_gender") and is_bare_reply(text)
    ):
        # « oui, c'est parfait » to a choice with a usual answer: the usual one
        return _no_preference_turn(s, q, facts, before, before_sector)

    if intent is IntentKind.CORRECTION and not s.profile:
        # « salon à Lons, Coiff'Émilie… non attendez, c'est L'Atelier d'Émilie » as a first
        # message corrects nothing said before: the owner repairs a word in the same breath,
        # and the message is read for every fact it holds
        intent = IntentKind.ANSWER
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
    answered, filled = read_turn(s, q, facts, text)
    ack = _ack(s, before, before_sector)
    if not answered and filled and q.optional and q.fact != "transfer_number":
        # the owner goes their own way (« vouvoiement, voix de femme » while the address is
        # asked): what they said is kept, and the question is not pressed on them again
        return _advance(s, ack)
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
    if q.fact == "transfer_number" and looks_like_number(text):
        if s.reasks >= 1:
            # read back once; a number still unreadable is left for later, not asked forever
            drop_transfer(s)
            return _advance(s, _paragraphs(ack, texts.TRANSFER_UNREADABLE))
        s.reasks += 1
        return _question_reply(s, q, ack, texts.ASK_TRANSFER_NUMBER_INVALID)
    if (
        q.id == "company_name"
        and (s.reasks >= 1 or _own_full_name(s, text))
        and not says_no_name(text)
        and (name := _insisted_name(text, facts))
    ):
        # asked twice, the owner gives the same kind of short answer: it is the name
        # (« Cassis » is a town, and also the shop), as the owner said it
        set_fact(s, "company_name", name)
        return _advance(s, _ack(s, before, before_sector))
    return _unanswered(s, q, ack or texts.UNCLEAR)


def _own_full_name(s: ConfiguratorState, text: str) -> bool:
    """The owner answers the name question with their own full name, said before (« Yann Le
    Gall »): the business trades under it."""
    owner = fold(str(s.profile.get("owner_name") or "")).strip()
    said = fold(text).strip(" .,!?;:«»\"'")
    return len(owner.split()) >= 2 and said == owner


def _insisted_name(text: str, facts: ExtractedFacts) -> str | None:
    words = re.sub(r"\s+", " ", text.strip(" .,!?;:«»\"'")).strip()
    if not words or len(words.split()) > 8 or not re.search(r"[^\W\d_]", words):
        return None
    if is_bare_reply(words) or facts.yes_no is not None or facts.phones or facts.email:
        return None
    if find_prices(words) or facts.opening_hours is not None:
        return None  # prices or hours said instead: never a name
    if facts.tone_register or facts.tone_style or facts.voice_gender or facts.tasks:
        return None  # « tutoiement, ton décontracté »: another question answered
    name = extract_company_name(words, expecting_name=True) or words
    return name[:1].upper() + name[1:120]


def _finish_turn(
    s: ConfiguratorState,
    q: Question,
    text: str,
    facts: ExtractedFacts,
    before: dict[str, Any],
    before_sector: str | None,
) -> Reply:
    """« C'est bon », « je valide », « c'est tout » while a question is pending: what the
    message states before its validation is read (« le samedi c'est 18 h, sinon c'est bon »),
    never the validation itself; a pending yes/no check (the trade, a guessed name, a transfer
    number read back) is taken as confirmed; then the configurator finishes
    (`replies._finish_early`), the catalogue's defaults standing for what was not said."""
    if s.pending_kind == "sector":
        choose_sector(s, "oui")
    elif s.pending_kind == "name_confirm" and s.name_candidate:
        set_fact(s, "company_name", s.name_candidate)
        s.name_candidate = None
    elif s.pending_kind == "transfer_confirm" and s.transfer_candidate:
        set_transfer(s, s.transfer_candidate)
    s.pending_kind = "question"
    body = without_finish(text)
    if body and not is_bare_reply(body):
        said = facts if body == text else extract_facts(body, expecting=q.expecting)
        if body != text:
            drop_false_positives(s, said, q, body)
            supplement_tasks(said, body)
        if said.intent is IntentKind.CORRECTION:
            apply_correction(s, said, body)
        else:
            read_turn(s, q, said, body, answer=_states_pending(said, q))
    return _finish_early(s, _ack(s, before, before_sector))


def _same_number(e164: str, text: str) -> bool:
    """Is the number read back said again (« 07 11 22 33 44 », « +33 7 11… »)?"""
    national = e164.removeprefix("+33")
    if len(national) < 9:
        return False
    # each number written in the answer (« 06 39 98 27 41 — pas 27 14, hein, 27 41 »)
    for written in _WRITTEN_NUMBER_RE.findall(words_to_digits(text)):
        digits = re.sub(r"\D", "", written)
        if len(digits) <= 12 and digits.endswith(national):
            return True
    return False


#: Digits written as one phone number: one separator at most between two digits.
_WRITTEN_NUMBER_RE = re.compile(r"(?:\+\s*)?\d(?:[\s.\-/]?\d){8,}")


def _empty_prefix(text: str) -> str:
    if not text.strip():
        return texts.EMPTY_INPUT
    if re.match(r"\s*(?:bonjour|bonsoir|salut|hello|coucou|bjr|slt)\b", fold(text)):
        return texts.GREETING_BACK
    return ""


def _nothing_useful(s: ConfiguratorState, q: Question, prefix: str) -> Reply:
    """Empty or off-topic input: the question again; an optional one is dropped after two
    fruitless attempts, a required one is asked until answered."""
    if (s.reasks >= 2 and q.optional) or (s.repeats and q.id == "activity"):
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
    # what the answer did fill (« margherita 9e… » while the name is asked) is said
    by_default = _name_by_default(s, q, "" if prefix == texts.UNCLEAR else prefix)
    if by_default is not None:
        return by_default
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
    if says_no_name(text) and not (
        facts.company_name and not re.search(r"\bnom\b", fold(facts.company_name))
    ):
        # « Oh, je n'ai pas de nom particulier. Bernadette, écrivain public »: no name to ask
        # for again; the owner's own name (or the trade and the town) stands for it
        facts.company_name = None
        s.reasks = max(s.reasks, 1)
        read_turn(s, q, facts, text, answer=False)
        named = _name_by_default(s, q, _ack(s, before, before_sector), now=True)
        if named is not None:
            return named
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
            by_default = _name_by_default(s, q, "")
            if by_default is not None:
                return by_default
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
    elif candidate and (facts.yes_no is True or _same_number(candidate, text)):
        set_transfer(s, candidate)  # « oui », or the same number said again
    elif facts.yes_no is False or NO_TRANSFER_RE.search(fold(text)):
        s.transfer_candidate = None
        s.transfer_unknown = False
        s.pending_kind = "question"
        s.reasks = 0
        return _question_reply(s, q, "", texts.ASK_TRANSFER_NUMBER)
    else:
        apply_incidental(s, facts, text, q.id)
        if s.profile == before:
            return _unanswered(s, q, texts.UNCLEAR)
        if candidate:
            # the owner goes on with other facts: the number they gave is kept, as a guessed
            # company name is (the recap shows it, a word changes it); one the numbering plan
            # does not know is shown there to be checked, never dropped
            unknown = s.transfer_unknown
            set_transfer(s, candidate)
            s.transfer_unconfirmed = unknown
        return _advance(s, _ack(s, before, before_sector))
    apply_incidental(s, facts, text, q.id)
    return _advance(s, _ack(s, before, before_sector))
