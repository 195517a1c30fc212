"""The configurator's dialogue engine: `start()` and `turn(state, text)`, with no I/O.

One engine for every channel (web chat, terminal, REST API, Vapi voice through tool calls):
a channel only shows `Reply.text` and `Reply.chips`, sends back what the owner typed or said,
and stores the returned state. `turn` is pure apart from the optional LLM call: it never mutates
the state it receives and returns a new one.

Each owner turn is understood by the deterministic French extractors of
`allokoli.understanding` (merged with the LLM's facts when an extractor is given), then:

- a restart wipes the state; at the recap, "oui" finishes, "non"/"modifier" asks what to change
  and any stated fact is applied as a correction before the recap is shown again (with a
  validation in the same message, « le samedi c'est 18 h, sinon c'est bon », it finishes);
- an explicit validation (« c'est bon », « c'est tout », « je valide », « ça me va », « on y
  va », « parfait »: `understanding.intents.detect_finish`) said while a question is pending
  finishes the conversation as soon as the activity and the company name are known: what the
  message states before it is read, the catalogue's defaults stand for the rest, and the last
  reply shows the recap of what was saved and says it can all be changed later. The owner has
  just validated, explicitly: asking « Tout est-il correct ? » would make a demanding owner
  say it twice (see `replies._finish_early`). A bare « oui » / « ok » / « 👍 » is an answer,
  never an end, and never a value: the usual tone, voice or tasks, an open question it cannot
  answer passed; when that leaves nothing to ask, the owner has accepted everything and the
  conversation ends with the recap shown. A validation that reads as a yes (« oui c'est
  bon ») answers a yes/no check (a guessed name, a number read back) and ends only when
  nothing is left;
- the company name asked in vain (twice « je sais pas », or only confirmed) is stood in for by
  the trade and the town (« Fleuriste à Laval »), said to the owner and shown in the recap;
  « je sais pas » to the recap confirms it;
- a question from the owner gets a short answer, then the pending question is asked again;
- empty or off-topic input gets a polite word and the question again (an optional question is
  dropped after two failed attempts, a required one is asked until answered);
- "je ne sais pas" / "passer" skips an optional question; "peu importe" takes the catalogue's
  default for the tone, the voice or the tasks;
- a correction ("en fait c'est fermé le lundi", "change le nom en …", "non, plutôt une voix
  d'homme") is applied at once, whatever the pending question, and changes only what it names
  ("le samedi on ferme à 17h" changes Saturday);
- an answer is read by every fact handler (`handlers`, through `updates.read_turn`), whatever
  was asked: it fills the pending fact and every other fact it states, each checked against
  its own type (« oui, je confirme » is never a city), without overwriting what the owner said
  earlier (except hours, merged as a correction, and the explicit tone, voice and transfer
  number). An answer that fills other facts but not the pending optional one is the owner
  going their own way: the question is not pressed again. An answer that fills nothing gets
  one targeted re-ask with an example; then the engine moves on and says what is still
  missing. The same words twice in a row are taken or moved past, never asked about again;
- a complete transfer number the numbering plan does not know is read back and kept once the
  owner confirms it; a company name guessed from the first answer is asked once
  (« Votre entreprise s'appelle-t-elle « X » ? »).

The stages live in `collecting` and `recap_stage`; what the engine says, in `replies`.
Then the next question comes from `questions.next_question` (never one whose answer is known),
or the recap when none remains within the turn budget.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from allokoli.configurator import texts
from allokoli.configurator.collecting import _collect_turn
from allokoli.configurator.llm import LLMExtractor, merge_facts
from allokoli.configurator.questions import (
    TONE_VOICE,
    Question,
)
from allokoli.configurator.recap import format_phone, recap_text
from allokoli.configurator.recap_stage import _recap_turn
from allokoli.configurator.replies import (
    _ack,
    _advance,
    _ask_sector,
    _pending_question,
    _question_reply,
    _recap_prompt,
)
from allokoli.configurator.state import (
    ConfiguratorState,
    Reply,
    Stage,
)
from allokoli.configurator.updates import (
    apply_correction,
    drop_false_positives,
    supplement_tasks,
)
from allokoli.domain.profile import (
    Style,
)
from allokoli.understanding import (
    ExtractedFacts,
    IntentKind,
    extract_facts,
    extract_voice_gender,
    fold,
)
from allokoli.understanding.intents import answered_part, detect_finish
from allokoli.understanding.speech import normalise_speech

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
    said_before, s.last_text = s.last_text, fold(text)[:300]
    s.repeats = s.repeats + 1 if text and said_before == s.last_text else 0
    text = answered_part(text)  # « tu ou vous ? vous plutôt… »: read the owner's own answer
    text = normalise_speech(text)  # fillers, self-repairs, spelling: voice and text alike
    facts = _understand(s, text, llm)
    if facts.intent is IntentKind.RESTART:
        reply, fresh = start(now=s.updated_at)
        fresh.owner_turns = 0
        return reply.model_copy(
            update={"text": f"{texts.RESTARTED}\n\n{texts.ASK_ACTIVITY}"}
        ), fresh
    if s.stage is Stage.DONE:
        return _done_turn(s, text, facts), s
    if s.stage is Stage.RECAP:
        return _recap_turn(s, text, facts), s
    if s.stage is Stage.GREETING:
        s.stage = Stage.COLLECTING
    return _collect_turn(s, text, facts), s


def _done_turn(s: ConfiguratorState, text: str, facts: ExtractedFacts) -> Reply:
    """After the end: a fact the owner still gives (« ok » said early, then « ah et le
    samedi 9h-12h ») is not lost; it corrects what it names, and the reply says so."""
    name = str(s.profile.get("company_name") or "")
    said = ""
    if facts.intent in (IntentKind.ANSWER, IntentKind.CORRECTION) and detect_finish(text) is None:
        before = dict(s.profile)
        apply_correction(s, facts, text)
        said = _ack(s, before, s.sector.subtype if s.sector else None, corrected=True)
    if said:
        return Reply(
            text=f"{said}\n\n{texts.DONE_UPDATED.format(name=name)}",
            stage=Stage.DONE,
            progress=100,
            done=True,
        )
    return Reply(
        text=texts.ALREADY_DONE.format(name=name), stage=Stage.DONE, progress=100, done=True
    )


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
    if q is not None and q.id == "tasks" and not facts.transfer_number:
        # the tasks question asks for the number to transfer to: a bare mobile is that one
        bare_mobile = [p.e164 for p in facts.phones if p.role is None and p.kind == "mobile"]
        if len(bare_mobile) == 1 and len(facts.phones) == 1:
            facts.transfer_number = bare_mobile[0]
    drop_false_positives(s, facts, q, text)
    supplement_tasks(facts, text)
    return facts
