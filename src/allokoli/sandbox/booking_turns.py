"""The receptionist's live booking, for an assistant that has the booking tools: it asks what is
missing, calls `check_availability`, reads back the free slots the tool gives, lets the caller
pick one, recaps it, then calls `book_appointment` and says the tool's answer. Cancelling goes
the same way through `cancel_appointment`. Pure: a turn that needs a tool returns a `Reply`
naming it (`ToolRequest`); the sandbox calls it and hands the answer to `after_tool`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allokoli.sandbox.booking import (
    Slot,
    ToolRequest,
    asked_time,
    date_said,
    offered_slots,
    pick,
)
from allokoli.sandbox.caller import BARE_NUMBER_RE, extract_name, party_size
from allokoli.sandbox.intents import Utterance
from allokoli.sandbox.speech import join_fr, lower_name, say_phone
from allokoli.understanding.phones import parse_phone
from allokoli.understanding.yesno import parse_yes_no

if TYPE_CHECKING:
    from allokoli.sandbox.receptionist import Reply, _Conversation


def _national(phone: str | None) -> str:
    """The callback number as the tools' schema asks for it (« 0612345678 »)."""
    if not phone:
        return ""
    return "0" + phone[3:] if phone.startswith("+33") else phone


class BookingTurns:
    """The booking flows (`booking`, `unbook`) of one conversation turn."""

    def __init__(self, conv: _Conversation) -> None:
        self.c = conv
        self.st = conv.st

    @property
    def draft(self) -> dict[str, Any]:
        draft: dict[str, Any] = self.st["draft"]
        return draft

    # --- booking ---------------------------------------------------------------------------

    def start(self, u: Utterance, lead: list[str]) -> Reply:
        self.st["flow"], self.st["attempts"], self.st["draft"] = "booking", 0, {}
        self._take_what(u, service=True)
        name = extract_name(u.raw, lenient=False)
        if name:
            self.draft["name"] = name
        phone = parse_phone(u.raw)
        if phone:
            self.draft["phone"] = phone
        return self.next([*lead, self.c.say("book_start")])

    def _take_what(self, u: Utterance, *, service: bool) -> None:
        """The service, party size, day and time the utterance names."""
        facts, draft = self.c.facts, self.draft
        if service and facts.profile and not facts.is_restaurant:
            hits = self.c.answers.service_hits(u)
            if hits:
                draft["service"] = facts.profile.services[hits[0]].name
        party = party_size(u)
        if party:
            draft["party"] = party
        when = date_said(u)
        if when is not None:
            draft["date"] = when
        at = asked_time(u, facts.is_restaurant)
        if at is not None:
            draft["time"] = at.strftime("%H:%M")

    def steps(self) -> list[str]:
        facts = self.c.facts
        steps = []
        if facts.is_restaurant:
            steps.append("party")
        elif facts.profile and len(facts.profile.services) > 1:
            steps.append("service")
        return [*steps, "slot", "name", "phone"]

    def next(self, parts: list[str]) -> Reply:
        draft = self.draft
        for step in self.steps():
            if step in draft:
                continue
            if step == "slot":
                if "date" not in draft and "time" not in draft:
                    self.st["step"] = "date"
                    return self.c._reply(*parts, self.c.say("ask_day"))
                return self._check(parts)
            self.st["step"] = step
            return self.c._reply(*parts, self.c._question(step))
        self.st["step"] = "confirm"
        return self.c._reply(*parts, self.confirmation())

    def _check(self, parts: list[str]) -> Reply:
        draft = self.draft
        self.st["step"] = "checking"
        arguments: dict[str, object] = {
            "date": draft.get("date") or "",
            "heure": draft.get("time") or "",
            "prestation": draft.get("service") or "",
            "nombre_personnes": int(draft.get("party") or 1),
        }
        return self.c._reply(*parts, tool=ToolRequest("check_availability", arguments))

    def confirmation(self) -> str:
        d = self.draft
        if self.c.facts.is_restaurant:
            party = int(d.get("party") or 1)
            what = f"une table pour {party} personne{'s' if party > 1 else ''}"
        elif d.get("service"):
            what = f"un rendez-vous pour {lower_name(d['service'])}"
        else:
            what = "un rendez-vous"
        return self.c.say(
            "confirm_book",
            what=what,
            slot=Slot.from_state(d["slot"]).words,
            name=d["name"],
            callback=self.c._callback(),
        )

    def handle(self, u: Utterance) -> Reply | None:
        """The turn of a booking flow, or None for the steps the conversation handles itself
        (name, number, correction)."""
        step = self.st.get("step")
        if self.st["flow"] == "unbook":
            return self._unbook_turn(u, step)
        if step in ("party", "service", "date"):
            return self._on_what(u, step)
        if step == "pick":
            return self._on_pick(u)
        if step == "confirm":
            return self._on_confirm(u)
        if step == "checking":
            return self.next([])
        return None

    def _on_what(self, u: Utterance, step: str) -> Reply:
        facts, draft = self.c.facts, self.draft
        if step == "party":
            party = party_size(u)
            if party is None:
                match = BARE_NUMBER_RE.match(u.digits)
                party = int(match.group(1)) if match else None
            if not party:
                return self.c._reply(self.c.say("ask_party"))
            draft["party"] = party
        elif step == "service" and facts.profile:
            hits = self.c.answers.service_hits(u)
            draft["service"] = facts.profile.services[hits[0]].name if hits else u.raw.strip()[:120]
        self._take_what(u, service=False)
        if step == "date" and "date" not in draft and "time" not in draft:
            self.st["attempts"] += 1
            if self.st["attempts"] < 2:
                return self.c._reply(self.c.say("ask_day"))
            draft["date"] = ""  # the first free slots
        self.st["attempts"] = 0
        return self.next([])

    def _on_pick(self, u: Utterance) -> Reply:
        offered = [Slot.from_state(s) for s in self.st.get("offered", [])]
        chosen = pick(u, offered, self.c.now.date())
        if chosen is None and len(offered) == 1 and parse_yes_no(u.raw) is True:
            chosen = offered[0]
        if chosen is not None:
            self.draft["slot"] = chosen.as_state()
            return self.next([self.c.say("slot_chosen", slot=chosen.words)])
        when, at = date_said(u), u.time_of_day() or asked_time(u, self.c.facts.is_restaurant)
        if when is not None or at is not None:
            # Another day or time: look again.
            self.draft.pop("time", None)
            self._take_what(u, service=False)
            return self.next([])
        if parse_yes_no(u.raw) is False:
            for key in ("date", "time"):
                self.draft.pop(key, None)
            self.st["step"] = "date"
            return self.c._reply(self.c.say("ask_other_day"))
        slots = join_fr([s.words for s in offered], last="ou")
        return self.c._reply(self.c.say("pick_again", slots=slots))

    def _on_confirm(self, u: Utterance) -> Reply:
        decision = parse_yes_no(u.raw)
        phone = parse_phone(u.raw)
        if phone and decision is not True:
            self.draft["phone"] = phone
            return self.next([])
        if decision is True:
            d = self.draft
            slot = Slot.from_state(d["slot"])
            self.st["step"] = "booking"
            arguments: dict[str, object] = {
                "date": slot.day.isoformat(),
                "heure": slot.at.strftime("%H:%M"),
                "prestation": d.get("service") or "",
                "nom_appelant": d["name"],
                "telephone_rappel": _national(d.get("phone")),
                "nombre_personnes": int(d.get("party") or 1),
                "commentaire": "",
            }
            return self.c._reply(tool=ToolRequest("book_appointment", arguments))
        if decision is False:
            if self.c._apply_fix(u):
                self._after_fix()
                return self.next([])
            self.st["step"] = "fix"
            return self.c._reply(self.c._what_to_fix())
        return self.c._reply(self.confirmation())

    def _after_fix(self) -> None:
        if "slot" not in self.draft:
            for key in ("date", "time"):
                self.draft.pop(key, None)

    def after_fix(self) -> None:
        self._after_fix()

    # --- what the tools answered -----------------------------------------------------------

    def after_tool(self, name: str, text: str, ok: bool) -> Reply:
        if name == "check_availability":
            return self._after_check(text, ok)
        if name == "book_appointment":
            return self._after_book(text, ok)
        return self._after_cancel(text, ok)

    def _offer(self, text: str) -> list[Slot]:
        offered = offered_slots(text, self.c.now.date())
        self.st["offered"] = [s.as_state() for s in offered]
        return offered

    def _after_check(self, text: str, ok: bool) -> Reply:
        offered = self._offer(text)
        if offered:
            self.st["step"] = "pick"
            ask = "pick_single" if len(offered) == 1 else "pick_one"
            return self.c._reply(text, self.c.say(ask))
        folded = text.lower()
        if not ok and "prestation" in folded:
            self.draft.pop("service", None)
            self.st["step"] = "service"
            return self.c._reply(text)
        if not ok and "personnes" in folded:
            self.draft.pop("party", None)
            self.st["step"] = "party"
            return self.c._reply(text)
        if not ok and ("la date" in folded or "l'heure" in folded):
            for key in ("date", "time"):
                self.draft.pop(key, None)
            self.st["step"] = "date"
            return self.c._reply(text)
        self.st["draft"] = {}
        return self.c._reply(text, self.c._offer_message())

    def _after_book(self, text: str, ok: bool) -> Reply:
        if ok:
            d = self.draft
            record: dict[str, Any] = {
                "name": d["name"],
                "phone": d.get("phone"),
                "slot": Slot.from_state(d["slot"]).words,
                "status": "requested" if self.c.facts.books_on_request else "booked",
            }
            if d.get("service"):
                record["service"] = d["service"]
            if d.get("party"):
                record["partySize"] = d["party"]
            self.st.setdefault("bookings", []).append(record)
            self.st["draft"], self.st["offered"] = {}, []
            return self.c._reply(text, self.c._anything_else())
        offered = self._offer(text)
        if offered:
            self.draft.pop("slot", None)
            self.st["step"] = "pick"
            return self.c._reply(text, self.c.say("pick_one"))
        if "numéro" in text:
            self.draft.pop("phone", None)
            self.st["step"] = "phone"
            return self.c._reply(text, self.c.say("ask_phone"))
        self.st["draft"] = {}
        return self.c._reply(text, self.c._offer_message())

    # --- cancelling ------------------------------------------------------------------------

    def start_cancel(self, u: Utterance, lead: list[str]) -> Reply:
        self.st["flow"], self.st["attempts"], self.st["draft"] = "unbook", 0, {}
        phone = parse_phone(u.raw)
        if phone:
            self.draft["phone"] = phone
        when = date_said(u)
        if when:
            self.draft["date"] = when
        return self._unbook_next(lead)

    def _unbook_next(self, parts: list[str]) -> Reply:
        if "phone" not in self.draft:
            self.st["step"] = "cancel_phone"
            return self.c._reply(*parts, self.c.say("cancel_ask_phone"))
        if "date" not in self.draft:
            self.st["step"] = "cancel_date"
            return self.c._reply(*parts, self.c.say("cancel_ask_day"))
        self.st["step"] = "cancel_confirm"
        when = f"de {self.draft['date']} " if self.draft["date"] else ""
        return self.c._reply(
            *parts,
            self.c.say("cancel_confirm", when=when, phone=say_phone(self.draft["phone"])),
        )

    def _cancel_call(self) -> Reply:
        self.st["step"] = "cancelling"
        arguments: dict[str, object] = {
            "telephone_rappel": _national(self.draft.get("phone")),
            "date": self.draft.get("date") or "",
        }
        return self.c._reply(tool=ToolRequest("cancel_appointment", arguments))

    def _unbook_turn(self, u: Utterance, step: object) -> Reply:
        if step == "cancel_phone":
            phone = parse_phone(u.raw)
            if phone is None:
                self.st["attempts"] += 1
                if self.st["attempts"] < 3:
                    return self.c._reply(self.c.say("bad_phone"))
                self.st["draft"] = {}
                return self.c._reply(self.c._offer_message())
            self.draft["phone"] = phone
            when = date_said(u)
            if when:
                self.draft["date"] = when
        elif step == "cancel_date":
            self.draft["date"] = date_said(u) or ""
        elif step == "cancel_confirm":
            decision = parse_yes_no(u.raw)
            if decision is True:
                return self._cancel_call()
            if decision is False:
                self.st["draft"] = {}
                return self.c._reply(self.c.say("fine"), self.c._anything_else())
        elif step == "cancel_pick":
            offered = [Slot.from_state(s) for s in self.st.get("offered", [])]
            chosen = pick(u, offered, self.c.now.date())
            if chosen is None:
                slots = join_fr([s.words for s in offered], last="ou")
                return self.c._reply(self.c.say("pick_again", slots=slots))
            self.draft["date"] = chosen.day.isoformat()
            return self._cancel_call()
        return self._unbook_next([])

    def _after_cancel(self, text: str, ok: bool) -> Reply:
        if ok:
            self.st["draft"] = {}
            return self.c._reply(text, self.c._anything_else())
        offered = self._offer(text)
        if offered:
            self.st["step"] = "cancel_pick"
            return self.c._reply(text)
        if "numéro" in text and self.st["attempts"] < 1:
            self.st["attempts"] += 1
            self.draft.pop("phone", None)
            self.st["step"] = "cancel_phone"
            return self.c._reply(text)
        self.st["draft"] = {}
        return self.c._reply(text, self.c._offer_message())
