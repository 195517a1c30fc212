"""Questions callers asked that the assistant could not answer (« Questions sans réponse »).

They come from a live tool argument (`question_sans_reponse` on take_message, or the dedicated
`signaler_question` tool), and from the end-of-call structured output
(`questions_sans_reponse`). Similar wordings are one question: the key is the question's
significant words, folded by `understanding.detection.normalize_tokens` (accents, plurals,
stop words) and cut to their first letters (« acceptez » and « acceptés » are one word), and a
new wording joins an unanswered question of the same assistant whose words it mostly shares.
Each call counts once per question. The owner answers once: the answer becomes an FAQ entry of
the profile, a new assistant version, pushed at once when the assistant is live.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from allokoli.assistants import service as assistants
from allokoli.auth.principal import Principal
from allokoli.kit.errors import Conflict, InvalidInput
from allokoli.models import Assistant, KnowledgeGap, KnowledgeGapAsk
from allokoli.notifications.repository import GapAskRepository, GapRepository
from allokoli.tenancy import Tenant
from allokoli.understanding.detection import normalize_tokens

#: Tool arguments that carry a question the assistant could not answer.
TOOL_ARGUMENTS = ("question_sans_reponse", "reponse_inconnue")
STRUCTURED_KEY = "questions_sans_reponse"
STEM = 6
SIMILAR = 0.6
_FILLERS = {"est", "ce", "que", "qu", "vous", "est-ce", "il", "elle", "on", "pouvez", "peut"}


def question_words(text: str) -> frozenset[str]:
    return frozenset(
        token[:STEM] for token in normalize_tokens(text) if token not in _FILLERS and token
    )


def question_key(text: str) -> str:
    words = question_words(text)
    return " ".join(sorted(words)) if words else " ".join(text.lower().split())[:300]


def clean_question(raw: Any) -> str | None:
    text = " ".join(str(raw or "").split()).strip(" -–•")
    if len(text) < 3:
        return None
    text = text[:300]
    return text[0].upper() + text[1:]


def questions_of(value: Any) -> list[str]:
    """The questions a tool argument or a structured output holds (a string or a list)."""
    items: Iterable[Any] = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("question")
        question = clean_question(item)
        if question and question not in found:
            found.append(question)
    return found[:10]


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def record(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    provider_call_id: str,
    questions: Sequence[str],
    now: datetime,
) -> list[KnowledgeGap]:
    """Count each question once for this call, grouped with the similar ones."""
    gaps = GapRepository(session, tenant)
    asks = GapAskRepository(session, tenant)
    touched: list[KnowledgeGap] = []
    for question in questions:
        key = question_key(question)
        gap = gaps.by_key(assistant_id, key)
        if gap is None:
            words = question_words(question)
            best = max(
                gaps.unanswered(assistant_id),
                key=lambda g: _similarity(words, frozenset(g.key.split())),
                default=None,
            )
            if best is not None and _similarity(words, frozenset(best.key.split())) >= SIMILAR:
                gap = best
        if gap is None:
            gap = gaps.add(
                KnowledgeGap(
                    assistant_id=assistant_id,
                    key=key,
                    question=question,
                    asked_count=0,
                    last_asked_at=now,
                )
            )
        if asks.has(gap.id, provider_call_id):
            continue
        asks.add(
            KnowledgeGapAsk(
                gap_id=gap.id, provider_call_id=provider_call_id, wording=question, asked_at=now
            )
        )
        gap.asked_count += 1
        gap.last_asked_at = max(gap.last_asked_at, now)
        touched.append(gap)
    session.flush()
    return touched


def from_tool(
    session: Session,
    tenant: Tenant,
    assistant: Assistant | None,
    arguments: dict[str, Any],
    provider_call_id: str | None,
    now: datetime,
) -> list[KnowledgeGap]:
    """The questions a live tool call reported (`question_sans_reponse`, `reponse_inconnue`,
    or the `question` of `signaler_question`)."""
    if assistant is None or not provider_call_id:
        return []
    questions: list[str] = []
    for name in TOOL_ARGUMENTS:
        questions += [q for q in questions_of(arguments.get(name)) if q not in questions]
    return record(session, tenant, assistant.id, provider_call_id, questions, now)


def list_gaps(
    session: Session, principal: Principal, assistant_id: uuid.UUID | None = None
) -> Sequence[KnowledgeGap]:
    if assistant_id is not None:
        assistants.get(session, principal, assistant_id)
    return GapRepository(session, principal.tenant).for_assistant(assistant_id)


def answer(
    session: Session, principal: Principal, gap_id: uuid.UUID, text: str, now: datetime
) -> KnowledgeGap:
    """The owner's answer: an FAQ entry, a new assistant version (pushed when live)."""
    gap = GapRepository(session, principal.tenant).get(gap_id)
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("La réponse est vide : écrivez ce que l'assistant doit répondre.")
    if len(text) > 1000:
        raise InvalidInput("La réponse est trop longue (1 000 caractères au plus).")
    if gap.answered_at is not None and gap.answer == text:
        raise Conflict("Cette question a déjà cette réponse.")
    assistant = assistants.add_faq(session, principal, gap.assistant_id, gap.question, text)
    gap.answer = text
    gap.answered_at = now
    gap.answered_version = assistant.version
    session.flush()
    return gap


def call_marks(
    session: Session, tenant: Tenant, provider_call_ids: Sequence[str]
) -> dict[str, list[tuple[str, bool]]]:
    """For the call list: per call, its unanswered questions and whether each is answered now."""
    found = GapAskRepository(session, tenant).gaps_of_calls(provider_call_ids)
    return {
        call_id: [(gap.question, gap.answered_at is not None) for _, gap in pairs]
        for call_id, pairs in found.items()
    }


def marks_by_call_id(
    session: Session, tenant: Tenant, call_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[str, bool]]]:
    """`call_marks` keyed by our call ids (the call pages know those)."""
    calls = GapAskRepository(session, tenant).provider_ids(call_ids)
    marks = call_marks(session, tenant, list(calls.values()))
    return {call_id: marks[pid] for call_id, pid in calls.items() if pid in marks}
