"""Facts kept in the owner's own words: FAQ answers, policies, specialties, when to transfer,
remarks. They are read only as the answer to their own question."""

from __future__ import annotations

import re

from allokoli.configurator.handlers.base import (
    FactHandler,
    How,
    Reading,
    dump,
    is_bare_reply,
    sentence,
    set_fact,
    split_list,
)
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import FAQItem

__all__ = ["FaqHandler", "NotesHandler", "PolicyHandler", "SpecialtiesHandler"]


_DECLINES_TRANSFER_RE = re.compile(
    r"\bpas de (?:transfert|numero de transfert)|\bne (?:me )?transf\w* (?:pas|rien|aucun)"
    r"|\bsans transfert\b"
)


class _FreeTextHandler(FactHandler[str]):
    bare_ok = False
    """A bare « oui » / « non » is a real answer (« Acceptez-vous les chèques ? »)."""
    yields_to: frozenset[str] = frozenset()
    """Facts that, found in the answer, are what the owner said instead of this one."""

    def read(self, s: ConfiguratorState, r: Reading) -> str | None:
        return None  # never read from an answer to another question

    def read_answer(self, s: ConfiguratorState, r: Reading) -> str | None:
        text = r.text.strip()
        if r.others & self.yields_to == {"owner_name"} and r.facts.owner_name:
            # « Moi c'est Karine Fabre. On fait mariages, buffets… »: the introduction aside,
            # the rest answers the question
            text = _without_sentence_of(text, r.facts.owner_name)
            if len(text.split()) < 3:
                return None
        elif r.others & self.yields_to:
            return None
        if _DECLINES_TRANSFER_RE.search(r.folded):
            return None  # « non pas de transfert »: what the owner wants of calls, not this
        if not text or (not self.bare_ok and is_bare_reply(text)):
            return None
        return text


def _without_sentence_of(text: str, name: str) -> str:
    """``text`` without the sentences that hold ``name``."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    last = name.split()[-1]
    return " ".join(part for part in sentences if last not in part).strip()


#: Facts that, stated in an answer to an FAQ or a policy question, are what the owner says
#: instead (« Ah, et je m'appelle Philippe. Pour le ton, chaleureux »): never an FAQ answer.
#: (A phone number or an e-mail may well be one: « le véto de garde au 04 90 … ».)
_NOT_ANSWERS = frozenset({"owner_name", "tone", "voice_gender"})


class FaqHandler(_FreeTextHandler):
    key = "faq"
    yields_to = _NOT_ANSWERS
    bare_ok = True

    def store(self, s: ConfiguratorState, value: str, how: How, r: Reading) -> bool:
        question = (r.question_text or "")[:300]
        item = dump(FAQItem(question=question, answer=sentence(value)[:1000]))
        faq = [f for f in s.profile.get("faq") or [] if f.get("question") != question]
        faq.append(item)
        set_fact(s, "faq", faq[:50])
        return True


class PolicyHandler(_FreeTextHandler):
    key = "policies"
    yields_to = _NOT_ANSWERS
    bare_ok = True

    def store(self, s: ConfiguratorState, value: str, how: How, r: Reading) -> bool:
        name = (r.pending or "policies.other").split(".", 1)[1]
        policies = dict(s.profile.get("policies") or {})
        policies[name] = sentence(value)[:500]
        set_fact(s, "policies", policies)
        return True


class NotesHandler(_FreeTextHandler):
    """ "notes" and "transfer_when": one sentence of the owner's."""

    def __init__(self, key: str, limit: int) -> None:
        self.key = key  # type: ignore[misc]
        self.limit = limit

    def store(self, s: ConfiguratorState, value: str, how: How, r: Reading) -> bool:
        set_fact(s, self.key, sentence(value)[: self.limit])
        return True


#: Facts that, stated in an answer to the specialties question, are what the owner says
#: instead (« précision : le vendredi nous fermons à 17 h » is no field of expertise).
_NOT_SPECIALTIES = frozenset(
    {
        "opening_hours",
        "transfer_number",
        "tone",
        "voice_gender",
        "business_phone",
        "email",
        # « Première consultation : 80 euros, 45 minutes »: a service and its price
        "services",
    }
)


class SpecialtiesHandler(_FreeTextHandler):
    key = "specialties"
    yields_to = _NOT_SPECIALTIES

    def store(self, s: ConfiguratorState, value: str, how: How, r: Reading) -> bool:
        items = split_list(value)
        if not items:
            return False
        set_fact(s, self.key, [i[:200] for i in items])
        return True
