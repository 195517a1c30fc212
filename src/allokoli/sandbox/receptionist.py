"""The sandbox's deterministic receptionist: answers a caller as the assistant would, from the
assistant's own facts only. Pure (no I/O), fast, and never invents a fact.

The facts are the `BusinessProfile` the generator stores in `assistant.metadata.allokoliProfile`.
Without it the receptionist can still greet, take a message and say goodbye, and says politely
that it cannot answer anything else.

The conversation state is a small JSON dict (stored with the sandbox chat): the current flow
(message taking, appointment request, a pending yes/no question), its draft, and what was
captured so far (messages, appointment requests, transfer, topics, unanswered questions). It is
what the sandbox turns into the call's summary and `analysis.structuredData`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from allokoli.sandbox.answers import OFFLINE_FACT, Answers, Facts
from allokoli.sandbox.booking import ToolRequest, is_cancellation
from allokoli.sandbox.booking_turns import BookingTurns
from allokoli.sandbox.caller import (
    BARE_NUMBER_RE,
    REASON_PREFIX_RE,
    REFUSAL_RE,
    could_be_name,
    describe_slot,
    extract_name,
    merge_slot,
    party_size,
)
from allokoli.sandbox.intents import Intent, Utterance, read
from allokoli.sandbox.phrases import INFO_INTENTS, PHRASES, TOPIC_LABELS
from allokoli.sandbox.report import structured_data, summary
from allokoli.sandbox.speech import join_fr, lower_name, say_phone
from allokoli.understanding.normalize import fold
from allokoli.understanding.phones import parse_phone
from allokoli.understanding.yesno import parse_yes_no

__all__ = [
    "PHRASES",
    "EndReason",
    "Facts",
    "Reply",
    "ToolRequest",
    "after_tool",
    "goodbye_line",
    "greeting",
    "is_goodbye",
    "new_state",
    "observe",
    "respond",
    "structured_data",
    "summary",
]

EndReason = Literal[
    "customer-ended-call", "assistant-ended-call", "assistant-forwarded-call", "silence-timed-out"
]
MAX_TURNS = 60

_FLOW_FIELDS = {
    "name": "le nom",
    "phone": "le numéro",
    "reason": "le message",
    "slot": "le créneau",
    "service": "la prestation",
    "party": "le nombre de personnes",
}
_FIX_WORDS = {
    "name": re.compile(r"\bnom\b|\bprenom\b|\bm'appelle\b"),
    "phone": re.compile(r"\bnumero\b|\btelephone\b|\bportable\b"),
    "reason": re.compile(r"\bmotif\b|\bmessage\b|\bsujet\b|\braison\b|\bobjet\b"),
    "slot": re.compile(r"\bcreneau\b|\bjour\b|\bheure\b|\bdate\b|\bhoraire\b"),
    "service": re.compile(r"\bprestation\b|\bservice\b|\bsoin\b"),
    "party": re.compile(r"\bpersonnes?\b|\bcouverts?\b|\bnombre\b"),
}


@dataclass(frozen=True)
class Reply:
    text: str
    state: dict[str, Any]
    end: EndReason | None = None
    tool: ToolRequest | None = None
    """A tool to call before the turn is over: its answer goes to `after_tool`."""


def new_state() -> dict[str, Any]:
    return {
        "flow": None,
        "step": None,
        "draft": {},
        "attempts": 0,
        "messages": [],
        "appointments": [],
        "bookings": [],
        "offered": [],
        "transfer": None,
        "topics": [],
        "unanswered": [],
        "turns": 0,
        "lastTopic": None,
    }


def greeting(facts: Facts) -> str:
    """The assistant's first message, or a polite default naming the business."""
    if facts.first_message:
        return facts.first_message
    company = facts.company or "notre établissement"
    at_company = company if fold(company).startswith("chez ") else f"chez {company}"
    return PHRASES["greeting"][1 if facts.tutoiement else 0].format(at_company=at_company)


def goodbye_line(facts: Facts) -> str:
    """What the assistant says when the caller leaves: its end-call message, else a default."""
    return facts.end_call_message or PHRASES["goodbye"][1 if facts.tutoiement else 0]


def is_goodbye(text: str) -> bool:
    return read(text).has(Intent.GOODBYE)


def observe(state: Mapping[str, Any] | None, text: str) -> dict[str, Any]:
    """Record the topics of a caller's utterance without answering (the LLM path)."""
    st = copy.deepcopy(dict(state)) if state else new_state()
    st["turns"] = int(st.get("turns", 0)) + 1
    _note_topics(st, read(text))
    return st


def _note_topics(state: dict[str, Any], u: Utterance) -> None:
    topics: list[str] = state.setdefault("topics", [])
    for intent in INFO_INTENTS:
        if u.has(intent) and TOPIC_LABELS[intent] not in topics:
            topics.append(TOPIC_LABELS[intent])


def respond(facts: Facts, state: Mapping[str, Any] | None, text: str, *, now: datetime) -> Reply:
    """Answer one caller utterance. `now` is the local (Europe/Paris) time of the call."""
    st = copy.deepcopy(dict(state)) if state else new_state()
    for key, value in new_state().items():
        st.setdefault(key, value)
    return _Conversation(facts, st, now).handle(text)


def after_tool(
    facts: Facts,
    state: Mapping[str, Any],
    name: str,
    text: str,
    *,
    ok: bool,
    now: datetime,
) -> Reply:
    """Go on with the turn once the tool a `Reply` named has answered `text` (`ok`: a result,
    not an error)."""
    st = copy.deepcopy(dict(state))
    return BookingTurns(_Conversation(facts, st, now)).after_tool(name, text, ok)


# --- the conversation --------------------------------------------------------------------------


class _Conversation:
    def __init__(self, facts: Facts, state: dict[str, Any], now: datetime) -> None:
        self.facts = facts
        self.profile = facts.profile
        self.st = state
        self.now = now
        self.answers = Answers(facts, state, now, self.say)

    def say(self, key: str, **values: str) -> str:
        text = PHRASES[key][1 if self.facts.tutoiement else 0]
        return text.format(**values) if values else text

    def _anything_else(self) -> str:
        self.st["flow"], self.st["step"] = "anything_else", None
        key = "anything_else" if self.st["turns"] % 2 else "anything_else_2"
        return self.say(key)

    def _offer_message(self) -> str:
        self.st["flow"], self.st["step"] = "offer_message", None
        return self.say("offer_message")

    def _reply(
        self, *parts: str, end: EndReason | None = None, tool: ToolRequest | None = None
    ) -> Reply:
        text = " ".join(p.strip() for p in parts if p and p.strip())
        return Reply(text=text, state=self.st, end=end, tool=tool)

    def _goodbye(self, reason: EndReason) -> Reply:
        self.st["flow"], self.st["step"] = "ended", None
        return self._reply(goodbye_line(self.facts), end=reason)

    def handle(self, text: str) -> Reply:
        self.st["turns"] += 1
        if self.st["turns"] > MAX_TURNS:
            self.st["flow"] = "ended"
            return self._reply(self.say("too_long"), end="assistant-ended-call")
        if not text.strip():
            return self._reply(self.say("pardon"))
        u = read(text, self.facts.vocabulary(), self.facts.urgencies())
        _note_topics(self.st, u)
        flow = self.st.get("flow")
        if flow in ("message", "appointment", "booking", "unbook"):
            return self._in_flow(u)
        decision = parse_yes_no(text)
        if flow == "offer_message" and not self._has_request(u):
            if decision is True:
                return self._start_message(u, intro=False)
            if decision is False:
                return self._reply(self.say("fine"), self._anything_else())
        if flow == "anything_else" and not self._has_request(u):
            if decision is False or (u.has(Intent.THANKS) and decision is not True):
                return self._goodbye("assistant-ended-call")
            if decision is True:
                self.st["flow"] = None
                return self._reply(self.say("listening"))
        return self._intents(u)

    def _has_request(self, u: Utterance) -> bool:
        meaningful = u.intents - {Intent.THANKS, Intent.GREETING, Intent.CANCEL}
        return bool(meaningful) or bool(u.days()) or self.answers.faq(u, 80) is not None

    def _intents(self, u: Utterance) -> Reply:
        self.st["flow"], self.st["step"] = None, None
        if u.has(Intent.GOODBYE):
            return self._goodbye("customer-ended-call")
        lead: list[str] = []
        if u.has(Intent.AI):
            lead.append(self.say("ai", company=self.facts.company or "l'établissement"))
        if u.has(Intent.MEDICAL) or (u.has(Intent.URGENT) and self.facts.is_medical):
            if u.has(Intent.MEDICAL):
                lead.append(self.say("no_medical_advice"))
            if u.has(Intent.URGENT) or self.facts.is_medical:
                lead.append(self.say("emergency"))
            if not u.has(Intent.APPOINTMENT, Intent.MESSAGE):
                return self._reply(*lead, self._offer_message())
        if u.has(Intent.TRANSFER) or (u.has(Intent.URGENT) and not self.facts.is_medical):
            return self._transfer(u, lead)
        if self.facts.books and is_cancellation(u):
            return BookingTurns(self).start_cancel(u, lead)
        info = self.answers.info(u)
        if u.has(Intent.APPOINTMENT):
            if self.facts.books:
                return BookingTurns(self).start(u, [*lead, *info[0]])
            return self._start_appointment(u, lead=[*lead, *info[0]])
        if u.has(Intent.MESSAGE):
            return self._start_message(u, lead=[*lead, *info[0]])
        answers, unknown = info
        if answers or unknown:
            if unknown or self.answers.missing_fact:
                self._remember_unanswered(u)
                follow = self._offer_message()
            else:
                follow = self._anything_else()
            return self._reply(*lead, *answers, *unknown, follow)
        if lead:
            return self._reply(*lead, self._anything_else())
        if u.has(Intent.THANKS):
            return self._reply(self.say("thanks"), self._anything_else())
        if u.has(Intent.CANCEL):
            return self._reply(self.say("fine"), self._anything_else())
        if u.has(Intent.GREETING) and len(u.content()) <= 1:
            return self._reply(self.say("hello"))
        self._remember_unanswered(u)
        intro = self.say("unknown") if self.profile else self.say("no_facts")
        if self.profile and self.answers.only_in_addition(u):
            intro = OFFLINE_FACT
        return self._reply(intro, self._offer_message())

    def _remember_unanswered(self, u: Utterance) -> None:
        unanswered: list[str] = self.st.setdefault("unanswered", [])
        if u.raw.strip() and len(unanswered) < 10:
            unanswered.append(u.raw.strip()[:300])

    def _transfer(self, u: Utterance, lead: list[str]) -> Reply:
        p = self.profile
        if p is not None and p.transfer_number:
            self.st["transfer"] = {
                "number": p.transfer_number,
                "reason": "urgence" if u.has(Intent.URGENT) else "demande de l'appelant",
            }
            who = p.owner_name or "un responsable"
            return self._goodbye_with(
                [*lead, self.say("transfer", who=who)], "assistant-forwarded-call"
            )
        reason = f"Urgence : {u.raw.strip()[:200]}" if u.has(Intent.URGENT) else None
        return self._start_message(u, lead=[*lead, self.say("nobody")], reason=reason, intro=False)

    def _goodbye_with(self, parts: list[str], reason: EndReason) -> Reply:
        self.st["flow"], self.st["step"] = "ended", None
        return self._reply(*parts, end=reason)

    def _start_message(
        self,
        u: Utterance,
        *,
        lead: list[str] | None = None,
        reason: str | None = None,
        intro: bool = True,
    ) -> Reply:
        self.st["flow"], self.st["attempts"] = "message", 0
        draft: dict[str, Any] = {}
        name = extract_name(u.raw, lenient=False)
        phone = parse_phone(u.raw)
        if name:
            draft["name"] = name
        if phone:
            draft["phone"] = phone
        if reason:
            draft["reason"] = reason
        self.st["draft"] = draft
        parts = list(lead or [])
        if intro:
            parts.append(self.say("msg_start"))
        return self._next(parts)

    def _start_appointment(self, u: Utterance, *, lead: list[str]) -> Reply:
        self.st["flow"], self.st["attempts"] = "appointment", 0
        draft: dict[str, Any] = {}
        hits = self.answers.service_hits(u)
        if self.profile and hits and not self.facts.is_restaurant:
            draft["service"] = self.profile.services[hits[0]].name
        party = party_size(u)
        if party:
            draft["party"] = party
        slot = describe_slot(u, self.now)
        if slot:
            problem = self.answers.slot_problem(u)
            if problem is None:
                draft["slot"] = slot
        name = extract_name(u.raw, lenient=False)
        if name:
            draft["name"] = name
        phone = parse_phone(u.raw)
        if phone:
            draft["phone"] = phone
        self.st["draft"] = draft
        start = "resa_start" if self.facts.is_restaurant else "rdv_start"
        return self._next([*lead, self.say(start)])

    def _steps(self) -> list[str]:
        if self.st["flow"] == "booking":
            return BookingTurns(self).steps()
        if self.st["flow"] == "message":
            return ["name", "phone", "reason"]
        steps = []
        if self.facts.is_restaurant:
            steps.append("party")
        elif self.profile and self.profile.services:
            steps.append("service")
        return [*steps, "slot", "name", "phone"]

    def _next(self, parts: list[str]) -> Reply:
        if self.st["flow"] == "booking":
            return BookingTurns(self).next(parts)
        draft = self.st["draft"]
        for step in self._steps():
            if step not in draft:
                self.st["step"] = step
                return self._reply(*parts, self._question(step))
        self.st["step"] = "confirm"
        return self._reply(*parts, self._confirmation())

    def _question(self, step: str) -> str:
        if step == "service" and self.profile:
            names = join_fr([s.name for s in self.profile.services[:6]], last="ou")
            return self.say("ask_service", services=names)
        key = {
            "party": "ask_party",
            "slot": "ask_slot",
            "name": "ask_name",
            "phone": "ask_phone",
            "reason": "ask_reason",
        }[step]
        return self.say(key)

    def _callback(self) -> str:
        phone = self.st["draft"].get("phone")
        return f"à rappeler au {say_phone(phone)}" if phone else "sans numéro de rappel"

    def _confirmation(self) -> str:
        if self.st["flow"] == "booking":
            return BookingTurns(self).confirmation()
        d = self.st["draft"]
        if self.st["flow"] == "message":
            return self.say(
                "confirm_message", name=d["name"], callback=self._callback(), reason=d["reason"]
            )
        if self.facts.is_restaurant:
            what = f"une réservation pour {d['party']} personne{'s' if d['party'] > 1 else ''}"
        elif d.get("service"):
            what = f"un rendez-vous pour {lower_name(d['service'])}"
        else:
            what = "un rendez-vous"
        return self.say(
            "confirm_rdv", what=what, slot=d["slot"], name=d["name"], callback=self._callback()
        )

    def _in_flow(self, u: Utterance) -> Reply:
        step = self.st.get("step")
        if u.has(Intent.CANCEL) and step != "reason":
            self.st["draft"] = {}
            return self._reply(self.say("cancelled"), self._anything_else())
        if u.has(Intent.GOODBYE) and step not in ("reason", "slot"):
            kept = self._keep_partial()
            self.st["flow"], self.st["step"] = "ended", None
            return self._reply(kept, goodbye_line(self.facts), end="customer-ended-call")
        if step in ("name", "phone", "party", "service", "confirm") and u.is_question:
            answers, unknown = self.answers.info(u)
            if answers or unknown:
                current = self._confirmation() if step == "confirm" else self._question(str(step))
                return self._reply(*answers, *unknown, current)
        if self.st["flow"] in ("booking", "unbook"):
            turn = BookingTurns(self).handle(u)
            if turn is not None:
                return turn
        handler = {
            "name": self._on_name,
            "phone": self._on_phone,
            "reason": self._on_reason,
            "party": self._on_party,
            "service": self._on_service,
            "slot": self._on_slot,
            "confirm": self._on_confirm,
            "fix": self._on_fix,
        }.get(str(step))
        if handler is None:
            return self._next([])
        return handler(u)

    def _on_name(self, u: Utterance) -> Reply:
        if self.st["flow"] == "appointment" and describe_slot(u, self.now):
            # The caller corrects or gives the slot instead of a name.
            problem = self.answers.slot_problem(u)
            if problem:
                return self._reply(problem)
            self.st["draft"]["slot"] = merge_slot(self.st["draft"].get("slot"), u, self.now)
            return self._next([])
        name = extract_name(u.raw, lenient=True) if could_be_name(u) else None
        phone = parse_phone(u.raw)
        if phone:
            self.st["draft"]["phone"] = phone
        if name is None:
            self.st["attempts"] += 1
            if self.st["attempts"] < 2:
                return self._reply(self.say("bad_name"))
            name = u.raw.strip()[:60] or "inconnu"
        self.st["attempts"] = 0
        self.st["draft"]["name"] = name
        return self._next([])

    def _on_phone(self, u: Utterance) -> Reply:
        phone = parse_phone(u.raw)
        if phone is None:
            refused = not any(ch.isdigit() for ch in u.raw) and (
                bool(REFUSAL_RE.search(u.text)) or parse_yes_no(u.raw) is False
            )
            self.st["attempts"] += 1
            if not refused and self.st["attempts"] < 3:
                return self._reply(self.say("bad_phone"))
            self.st["attempts"] = 0
            self.st["draft"]["phone"] = None
            return self._next([self.say("no_phone")])
        self.st["attempts"] = 0
        self.st["draft"]["phone"] = phone
        return self._next([])

    def _on_reason(self, u: Utterance) -> Reply:
        reason = REASON_PREFIX_RE.sub("", u.raw.strip()).strip(" .") or u.raw.strip()
        if not reason:
            return self._reply(self.say("ask_reason"))
        self.st["draft"]["reason"] = reason[:300]
        return self._next([])

    def _on_party(self, u: Utterance) -> Reply:
        party = party_size(u)
        if party is None:
            match = BARE_NUMBER_RE.match(u.digits)
            party = int(match.group(1)) if match else None
        if not party:
            return self._reply(self.say("ask_party"))
        self.st["draft"]["party"] = party
        slot = describe_slot(u, self.now)
        if slot and self.answers.slot_problem(u) is None:
            self.st["draft"]["slot"] = slot
        return self._next([])

    def _on_service(self, u: Utterance) -> Reply:
        assert self.profile is not None
        hits = self.answers.service_hits(u)
        if hits:
            self.st["draft"]["service"] = self.profile.services[hits[0]].name
        else:
            # Not in the list: note it as said, the owner will see it.
            self.st["draft"]["service"] = u.raw.strip()[:120]
        slot = describe_slot(u, self.now)
        if slot and self.answers.slot_problem(u) is None:
            self.st["draft"]["slot"] = slot
        return self._next([])

    def _on_slot(self, u: Utterance) -> Reply:
        problem = self.answers.slot_problem(u)
        if problem:
            return self._reply(problem)
        self.st["draft"]["slot"] = merge_slot(None, u, self.now) or u.raw.strip()[:200]
        name = extract_name(u.raw, lenient=False)
        if name:
            self.st["draft"]["name"] = name
        return self._next([])

    def _on_confirm(self, u: Utterance) -> Reply:
        decision = parse_yes_no(u.raw)
        phone = parse_phone(u.raw)
        if phone and decision is not True:
            self.st["draft"]["phone"] = phone
            return self._next([])
        if decision is True:
            return self._save()
        if decision is False:
            fixed = self._apply_fix(u)
            if fixed:
                return self._next([])
            self.st["step"] = "fix"
            fields = [_FLOW_FIELDS[s] for s in self._steps()]
            return self._reply(self.say("what_to_fix", fields=join_fr(fields, last="ou")))
        return self._reply(self._confirmation())

    def _on_fix(self, u: Utterance) -> Reply:
        if self._apply_fix(u):
            if self.st["flow"] == "booking":
                BookingTurns(self).after_fix()
            return self._next([])
        return self._reply(self._what_to_fix())

    def _what_to_fix(self) -> str:
        fields = [_FLOW_FIELDS[s] for s in self._steps()]
        return self.say("what_to_fix", fields=join_fr(fields, last="ou"))

    def _apply_fix(self, u: Utterance) -> bool:
        """Drop the field the caller names (it is asked again), or take a new value given."""
        draft = self.st["draft"]
        phone = parse_phone(u.raw)
        if phone:
            draft["phone"] = phone
            return True
        for step in self._steps():
            if _FIX_WORDS[step].search(u.text):
                draft.pop(step, None)
                name = extract_name(u.raw, lenient=False) if step == "name" else None
                if name:
                    draft["name"] = name
                return True
        return False

    def _keep_partial(self) -> str:
        """The caller hangs up before the end of a request: what they gave is not lost when
        there is a number to call back (the owner sees it as a message, or a request without
        a confirmed slot). Returns what to say about it ("" when nothing was kept)."""
        draft = self.st["draft"]
        phone = draft.get("phone")
        if not phone:
            return ""
        name = draft.get("name") or "inconnu"
        if self.st["flow"] == "message":
            reason = draft.get("reason") or "rappel demandé (appel interrompu)"
            self.st["messages"].append({"name": name, "phone": phone, "reason": reason})
        else:
            record: dict[str, Any] = {"name": name, "phone": phone}
            slot = draft.get("slot")
            if isinstance(slot, dict):  # a free slot the booking tool offered, not yet booked
                slot = slot.get("words")
            record["preferredSlot"] = slot or "à préciser (appel interrompu)"
            if "service" in draft:
                record["service"] = draft["service"]
            if "party" in draft:
                record["partySize"] = draft["party"]
            self.st["appointments"].append(record)
        self.st["draft"] = {}
        return self.say("partial_saved", who=self.facts.who, phone=say_phone(phone))

    def _save(self) -> Reply:
        draft = dict(self.st["draft"])
        who = self.facts.who
        if self.st["flow"] == "message":
            self.st["messages"].append(
                {"name": draft["name"], "phone": draft.get("phone"), "reason": draft["reason"]}
            )
            text = self.say("message_saved", who=who)
        else:
            record: dict[str, Any] = {
                "name": draft["name"],
                "phone": draft.get("phone"),
                "preferredSlot": draft["slot"],
            }
            if "service" in draft:
                record["service"] = draft["service"]
            if "party" in draft:
                record["partySize"] = draft["party"]
            self.st["appointments"].append(record)
            text = self.say("rdv_saved", who=who)
        self.st["draft"] = {}
        return self._reply(text, self._anything_else())
