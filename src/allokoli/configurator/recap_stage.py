"""The recap stage: « oui » finishes, « modifier » asks what to change, and any fact stated is
applied as a correction before the recap is shown again."""

from __future__ import annotations

import re

from allokoli.configurator import texts
from allokoli.configurator.handlers.transfer import looks_like_number
from allokoli.configurator.questions import (
    find_question,
)
from allokoli.configurator.replies import (
    _ack,
    _answer_question,
    _ask,
    _finish,
    _question_reply,
    _recap_prompt,
    _show_recap,
)
from allokoli.configurator.state import (
    ConfiguratorState,
    Reply,
    Stage,
)
from allokoli.configurator.updates import (
    apply_correction,
    question_for_target,
)
from allokoli.domain.profile import (
    Task,
)
from allokoli.understanding import (
    ExtractedFacts,
    IntentKind,
    detect_target,
    fold,
)
from allokoli.understanding.hours import impossible_hours
from allokoli.understanding.intents import detect_finish

# --- the recap stage ------------------------------------------------------------------------------

_MODIFY_RE = re.compile(
    r"(?<!\bpas de )(?<!\baucune )(?<!\bsans )(?<!\brien a )"
    r"\b(?:modifi\w*|change\w*|corrig\w*|rectifi\w*|pas correct|erreur)\b"
)
_THANKS_ONLY_RE = re.compile(r"^\W*(?:merci|mrc|thanks|thx)(?: beaucoup| bien| bcp)?\W*$")
_NOTHING_TO_CHANGE_RE = re.compile(
    r"\b(?:rien a (?:changer|modifier|corriger)|ne change\w* rien|ne modifi\w* rien"
    r"|c'est tout bon|rien du tout"
    r"|(?:pas de|aucune|sans) (?:modif(?:ication)?|changement|correction)s?"
    r")\b|^\s*(?:non\s*,?\s*)?(?:rien|ras|r\.a\.s\.?|(?:ca|tout) va(?: bien)?)\s*[.!]*\s*$"
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
    if intent is IntentKind.QUESTION and not s.repeats:
        answer = _answer_question(None, facts)
        return _recap_prompt(s, answer, texts.RECAP_QUESTION)
    problem = impossible_hours(text)
    if problem is not None:  # « le samedi on ferme à 25h »: asked, never stored
        if not s.repeats and s.hours_problems < 1:
            s.hours_problems += 1
            return _recap_prompt(s, "", problem, chips=[])
        # asked once already: the hours stay as they were, the rest of the message is read
        s.hours_problems = 0
        facts.opening_hours = None
        stated = [k for k in stated if k != "opening_hours"]
    finish = detect_finish(text) is not None and not _MODIFY_RE.search(fold(text))
    if stated or intent is IntentKind.CORRECTION:
        if stated and apply_correction(s, facts, text):
            ack = _ack(s, before, before_sector, corrected=True)
            yes = facts.yes_no is True and not _MODIFY_RE.search(fold(text))
            if s.profile == before and (finish or yes) and not _needs_transfer_number(s):
                # « oui, c'est bien le 06 12 34 56 78 »: what the recap already says, confirmed
                return _finish(s)
            if finish and not _needs_transfer_number(s):
                # « le samedi c'est jusqu'à 18 h, sinon c'est bon »: corrected and confirmed
                return _finish(s, ack, show=True)
            if _needs_transfer_number(s):
                # "et les urgences" without a number: ask it, then back to the recap
                s.stage = Stage.COLLECTING
                s.back_to_recap = True
                question = find_question(s, "transfer_number")
                assert question is not None
                if looks_like_number(text):
                    s.pending = question.id
                    s.pending_kind = "question"
                    s.reasks = 1
                    return _question_reply(s, question, ack, texts.ASK_TRANSFER_NUMBER_INVALID)
                return _ask(s, question, ack)
            return _show_recap(s, ack, again=True)
        yes = facts.yes_no is True and not _MODIFY_RE.search(fold(text))
        if (finish or yes) and intent is not IntentKind.CORRECTION:
            # « c'est bon pour les horaires et le reste », « vous validez, moi c'est bon »: a
            # validation that names facts the recap already holds
            return _finish(s)
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
        if finish:
            return _finish(s)
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
        if facts.yes_no is True or finish or _NOTHING_TO_CHANGE_RE.search(fold(text)):
            return _finish(s)
        return _recap_prompt(s, "", texts.RECAP_ASK_CHANGE, chips=list(texts.CHIPS_CHANGE))
    folded = fold(text)
    if (
        finish
        or _THANKS_ONLY_RE.match(folded)  # « Merci ! » to « Tout est-il correct ? »
        or _NOTHING_TO_CHANGE_RE.search(folded)
        or (facts.yes_no is True and not _MODIFY_RE.search(folded))
    ):
        return _finish(s)
    if facts.yes_no is False or _MODIFY_RE.search(folded):
        s.pending_kind = "change"
        return _recap_prompt(s, "", texts.RECAP_ASK_CHANGE, chips=list(texts.CHIPS_CHANGE))
    if intent is IntentKind.SKIP:
        # « je sais pas » to « Tout est-il correct ? »: nothing to change; the last reply shows
        # the recap again and says everything can still be changed
        return _finish(s, show=True)
    prefix = texts.OFF_TOPIC if intent is IntentKind.OFF_TOPIC else ""
    return _recap_prompt(s, prefix, texts.RECAP_UNCLEAR)


def _needs_transfer_number(s: ConfiguratorState) -> bool:
    return Task.TRANSFER_URGENT.value in (s.profile.get("tasks") or []) and not s.knows(
        "transfer_number"
    )
