"""Which question to ask next: the sector's questions from the catalogue plus the generic ones,
ordered like a natural conversation and trimmed to a budget of owner turns.

The flow is: activity → company name → the sector's required facts → address (for businesses
that receive clients; a zone d'intervention for those that travel) → the sector's optional
facts (a price question for every trade, the catalogue's own or a generic one) → what the
assistant must do, which also asks for the number to pass calls to (`Question.also`,
`Reply.also_asked`) → transfer number (in every trade, unless the owner's tasks leave
transfers out or the number came with them) → tone → voice → recap. A question whose answer
is already known is never asked.

Budget: the recap must appear by the end of owner turn `COLLECT_BUDGET` (6; turns that said
nothing at all are not counted), so that a correction at the recap and the confirmation still
fit in 8 owner turns. When the core questions (priority up to `P_KEY_DETAIL`) do not fit in the
remaining turns, tone and voice are merged into one question, then the least important core
questions are dropped (their facts keep the catalogue defaults or stay unknown, as the recap
shows). Optional questions (a street when only the city is known, FAQ and policy questions)
are asked only with a turn to spare, at most `MAX_OPTIONAL` of them. The activity and the
company name are always asked, whatever the budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from allokoli.configurator import texts
from allokoli.configurator.handlers.hours import DAYS_ID, days_to_say
from allokoli.configurator.handlers.place import DETAIL_ID, vague_zone
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.catalogue import SectorQuestion, Subtype
from allokoli.domain.profile import Task
from allokoli.generation.recommendations import load_recommendations
from allokoli.understanding import fold

__all__ = [
    "COLLECT_BUDGET",
    "MAX_OWNER_TURNS",
    "Question",
    "all_questions",
    "find_question",
    "is_answered",
    "next_question",
    "planned_questions",
    "task_phrase",
]

#: Owner turns after which the recap is shown (whatever remains unasked).
COLLECT_BUDGET = 6
#: Optional sector questions (FAQ, policies…) asked at most, even when turns remain.
MAX_OPTIONAL = 2
#: The target: done (confirmation included) within this many owner turns.
MAX_OWNER_TURNS = 8

#: Priorities (lower = more important). Questions up to `_CORE_PRIORITY` are the core of the
#: conversation; tone and voice are merged when the core does not fit in the remaining turns,
#: then the least important core questions are dropped. The optional ones (above) are asked
#: only with a turn to spare, and at most `MAX_OPTIONAL` of them.
P_ALWAYS = 0
"""Activity and company name: asked whatever the budget."""
P_FIRST_REQUIRED = 1
"""The sector's first required fact, the tasks, the transfer number in trades that transfer
urgent calls (in the others it comes with the address, `P_ADDRESS`)."""
P_REQUIRED = 2
"""The sector's other required facts."""
P_ADDRESS = 3
"""Where the business is, when nothing is known about it."""
P_KEY_FACT = 4
"""The sector's optional hours, zone or services: the "key facts" of the journey, what callers
ask about. They come before the way of speaking, which has the trade's usual choice for a
default (shown in the recap, where the owner may change it)."""
P_TONE_VOICE = 5
P_KEY_DETAIL = 6
"""A key fact said vaguely (« Metz et alentours »): made precise when a turn remains."""
_CORE_PRIORITY = P_KEY_DETAIL
P_DETAIL = 7
"""Optional details: the street when only the city is known, e-mail, specialties…"""
P_FAQ = 8
"""Optional FAQ and policy questions."""
_KEY_FACTS = frozenset({"opening_hours", "service_area", "services"})

#: Catalogue facts the engine reads with a dedicated extractor (the others are free text).
_STRUCTURED = frozenset(
    {
        "opening_hours",
        "services",
        "service_area",
        "specialties",
        "address",
        "email",
        "website",
        "business_phone",
        "owner_name",
    }
)
#: Catalogue facts that the generic tasks / transfer questions cover instead.
_FOLDED_INTO_TASKS = frozenset({"transfer_when", "activity"})


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    """Unique within a conversation: a fact key, "faq:<topic>", "tone_voice"…"""
    fact: str
    """The fact key it fills (Reply.asked): "faq" for every FAQ question, "tone" for tone."""
    text: str
    help: str | None
    chips: tuple[str, ...]
    priority: int
    """0 = always asked; higher = dropped first when turns run short."""
    order: int
    """Position in the conversation."""
    optional: bool
    expecting: str | None
    """The `extract_facts(expecting=…)` value for the answer (None: free text)."""
    topic: str | None = None
    answered_by: str | None = None
    """Another fact that answers it once known (the catalogue's `answered_by`)."""
    also: tuple[str, ...] = ()
    """Other facts the same question asks for (the tasks question asks for the transfer
    number too, the merged tone question for the voice): `Reply.also_asked`."""


def task_phrase(task: Task | str, subtype: Subtype, *, chip: bool = False) -> str:
    value = task.value if isinstance(task, Task) else task
    if value == Task.BOOK_APPOINTMENT.value and _is_restaurant(subtype):
        value = "book_appointment_restaurant"
    table = texts.TASK_CHIPS if chip else texts.TASK_PHRASES
    return table.get(value, value)


def _is_restaurant(subtype: Subtype) -> bool:
    from allokoli.domain.catalogue import load_catalogue

    try:
        return load_catalogue().family_of(subtype.id).id == "restauration"
    except KeyError:
        return False


def _join_or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {texts.OR} {items[-1]}"


def _catalogue_question(q: SectorQuestion, index: int, required_rank: int | None) -> Question:
    qid = f"faq:{q.topic}" if q.fact == "faq" and q.topic else q.fact
    if required_rank is not None:
        priority = P_FIRST_REQUIRED if required_rank == 0 else P_REQUIRED
        order = 10 + index
    elif q.fact == "opening_hours":
        # every receptionist says when the business can be reached and handles the calls
        # outside hours: the hours come before the tone and the voice, which have defaults
        priority = P_ADDRESS
        order = 30 + index
    elif q.fact in _KEY_FACTS:
        priority = P_KEY_FACT
        order = 30 + index
    else:
        priority = P_DETAIL if q.fact in _STRUCTURED else P_FAQ
        order = 30 + index
    return Question(
        id=qid,
        fact=q.fact,
        text=q.text,
        help=q.help,
        chips=(texts.CHIP_SKIP,) if required_rank is None else (),
        priority=priority,
        order=order,
        optional=True,
        expecting=q.fact if q.fact in _STRUCTURED else None,
        topic=q.topic,
        answered_by=q.answered_by,
    )


#: The quality check (generation/quality.py) each fact counts for.
_QUALITY_CHECK: dict[str, str] = {
    "opening_hours": "opening_hours",
    "services": "services",
    "address": "address",
    "service_area": "service_area",
    "faq": "faq",
    "email": "contact",
    "website": "contact",
    "business_phone": "business_phone",
    "owner_name": "owner_name",
    "policies": "policies",
}


def _quality_weight(check_id: str, family: str) -> float:
    """The weight of a quality check for the family (0 when it does not apply)."""
    for check in load_recommendations().quality.checks:
        if check.id == check_id:
            if check.families is not None and family not in check.families:
                return 0.0
            return check.family_weights.get(family, check.weight)
    return 0.0


def quality_gain(state: ConfiguratorState, q: Question) -> float:
    """How much the assistant's quality score (its weight, before rescaling) gains when this
    question is answered: the optional questions that weigh most are asked first."""
    fact = "policies" if q.fact.startswith("policies.") else q.fact
    check = _QUALITY_CHECK.get(fact)
    if check is None:
        return 0.0
    weight = _quality_weight(check, state.sector.family if state.sector else "")
    half = load_recommendations().quality.weak_credit
    if check == "faq":
        # one answer makes the FAQ « weak », a second one complete
        return weight * (1 - half)
    if check == "address" and (state.profile.get("address") or {}).get("city"):
        return weight * (1 - half)  # the street and postcode complete a known town
    return weight


def _generic_extras(state: ConfiguratorState, seen: set[str]) -> list[Question]:
    """Optional questions the catalogue does not ask but the quality score counts: an e-mail
    or a website, and a cancellation policy where the family's score counts policies."""
    family = state.sector.family if state.sector else ""
    out: list[Question] = []
    if not ({"email", "website"} & seen):
        out.append(
            Question(
                id="contact",
                fact="email",
                text=texts.ASK_CONTACT,
                help=texts.HELP_CONTACT,
                chips=(texts.CHIP_SKIP,),
                priority=P_FAQ,
                order=45,
                optional=True,
                expecting="email",
                also=("website",),
            )
        )
    if not any(x.startswith("policies.") for x in seen) and _quality_weight("policies", family):
        out.append(
            Question(
                id="policies.cancellation",
                fact="policies.cancellation",
                text=texts.ASK_CANCELLATION,
                help=texts.HELP_CANCELLATION,
                chips=(texts.CHIP_SKIP,),
                priority=P_FAQ,
                order=46,
                optional=True,
                expecting=None,
            )
        )
    if _books(state):
        restaurant = _is_restaurant(state.subtype())
        out.append(
            Question(
                id="booking_facts",
                fact="booking_facts",
                text=texts.ASK_BOOKING_RESTAURANT if restaurant else texts.ASK_BOOKING,
                help=texts.HELP_BOOKING_RESTAURANT if restaurant else texts.HELP_BOOKING,
                chips=(texts.CHIP_SKIP,),
                priority=P_FAQ,
                order=47,
                optional=True,
                expecting=None,
            )
        )
    return out


def _books(state: ConfiguratorState) -> bool:
    """Does the trade take bookings (the catalogue's tasks, or the owner's when stated)?"""
    if "tasks" in state.confirmed:
        return Task.BOOK_APPOINTMENT.value in (state.profile.get("tasks") or [])
    return Task.BOOK_APPOINTMENT in state.subtype().default_tasks


#: The owner delivers or goes to the client (said in their first answers).
GOES_TO_CLIENTS_RE = re.compile(
    r"\b(?:livr(?:e|ons|ez|er|aison|aisons)|a domicile|(?:je me|on se|nous nous) deplace\w*"
    r"|deplacements?|chez (?:le|les) clients?|sur place chez|remorqu(?:age|er|ons|ez)|itinerante?s?"
    r"|depannage sur place|(?:je|on|nous) (?:viens|vient|venons|passe|passons) chez"
    # « j'interviens sur… », « les demandes d'intervention »
    r"|(?:j'|on |nous )interv(?:iens|ient|enons)\s+(?:sur|a|chez|autour|partout|jusqu"
    r"|dans\s+(?:un\s+rayon|tout|toute|les\s+communes|le\s+secteur))"
    r"|demandes? d'intervention"
    # « je suis basée à Clermont-Ferrand »: a base, from which the owner goes out
    r"|bas(?:e|ee|es|ees)\s+(?:a|sur|dans|en))\b"
)


def _goes_to_clients(state: ConfiguratorState) -> bool:
    """The owner's activity says they go to clients, or an item they sell does (« livraison
    8 euros », « déplacement 40 € »)."""
    items = " ; ".join(str(item.get("name") or "") for item in state.profile.get("services") or [])
    said = f"{state.activity_text or ''} ; {items}"
    return state.goes_to_clients or bool(GOES_TO_CLIENTS_RE.search(fold(said)))


def _either_way(state: ConfiguratorState, subtype: Subtype, seen: set[str]) -> bool:
    """A trade outside the catalogue (its family's generic subtype) may receive its clients or
    go to them (a sophrologue, a home organiser, a consultant): unless the owner said which,
    the place question also asks for the communes they go to, in the same turn."""
    return (
        subtype.generic
        and "service_area" not in seen
        and not _goes_to_clients(state)
        and not state.knows("service_area")
        and "service_area" not in state.skipped
    )


def all_questions(state: ConfiguratorState) -> list[Question]:
    """Every question that may be asked for this sector, in conversation order."""
    subtype = state.subtype()
    out: list[Question] = [
        Question(
            id="activity",
            fact="activity",
            text=texts.ASK_ACTIVITY_SHORT,
            help=texts.HELP_ACTIVITY,
            chips=(),
            priority=P_ALWAYS,
            order=0,
            optional=False,
            expecting="activity",
        ),
        Question(
            id="company_name",
            fact="company_name",
            text=texts.ASK_COMPANY_NAME,
            help=texts.HELP_COMPANY_NAME,
            chips=(),
            priority=P_ALWAYS,
            order=1,
            optional=False,
            expecting="company_name",
        ),
    ]
    seen: set[str] = {"activity", "company_name"}
    required_rank = 0
    mobile = False
    for index, q in enumerate(subtype.questions):
        if q.fact in _FOLDED_INTO_TASKS:
            continue
        if q.fact == "service_area":
            mobile = True
        question = _catalogue_question(q, index, required_rank if q.required else None)
        if question.id in seen:
            continue
        seen.add(question.id)
        if q.required:
            required_rank += 1
        out.append(question)
    if "services" not in seen:
        # every business has something callers ask the price of: asked like the catalogue's
        # key facts when the sector names no question for it
        out.append(
            Question(
                id="services",
                fact="services",
                text=texts.ASK_SERVICES,
                help=texts.HELP_SERVICES,
                chips=(texts.CHIP_SKIP,),
                priority=P_KEY_FACT,
                order=35,
                optional=True,
                expecting="services",
            )
        )
    out.extend(_generic_extras(state, seen))
    if not mobile and _goes_to_clients(state):
        # « on fait à emporter et livraison », « je me déplace à domicile »: a trade the
        # catalogue keeps in one place, that this owner takes out to clients
        out.append(
            Question(
                id="service_area",
                fact="service_area",
                text=texts.ASK_DELIVERY_AREA,
                help=texts.HELP_DELIVERY_AREA,
                chips=(texts.CHIP_SKIP,),
                priority=P_KEY_FACT,
                order=25,
                optional=True,
                expecting="service_area",
            )
        )
    town = vague_zone(str(state.profile.get("service_area") or ""))
    if town is not None:
        # « Metz et alentours »: how far, so that the assistant can tell a caller from a town
        # nearby whether it is in the zone; asked before the way of speaking (the last
        # question), dropped before it when turns run short
        out.append(
            Question(
                id=DETAIL_ID,
                fact="service_area",
                text=texts.ASK_AREA_DETAIL.format(town=town),
                help=texts.HELP_AREA_DETAIL,
                chips=(texts.CHIP_SKIP,),
                priority=P_KEY_DETAIL,
                order=48,
                optional=True,
                expecting="service_area",
            )
        )
    times = days_to_say(state.profile.get("opening_hours"))
    if times is not None:
        # « entre 7h et 19h »: the times are noted, the days are asked when a turn remains
        out.append(
            Question(
                id=DAYS_ID,
                fact="opening_hours",
                text=texts.ASK_HOURS_DAYS.format(times=times),
                help=texts.HELP_HOURS_DAYS,
                chips=(texts.CHIP_SKIP,),
                priority=P_KEY_DETAIL,
                order=47,
                optional=True,
                expecting="opening_hours",
            )
        )
    if not mobile and "address" not in seen:
        city_only = bool((state.profile.get("address") or {}).get("city"))
        template = texts.ASK_STREET if city_only else texts.ASK_ADDRESS
        either_way = _either_way(state, subtype, seen)
        out.append(
            Question(
                id="address",
                fact="address",
                text=template.format(place=subtype.place, of_place=texts.of_place(subtype.place))
                + (f" {texts.ASK_AREA_TOO}" if either_way else ""),
                help=texts.HELP_ADDRESS,
                chips=(texts.CHIP_SKIP,),
                priority=P_DETAIL if city_only else P_ADDRESS,
                order=20,
                optional=True,
                expecting="address",
                also=("service_area",) if either_way else (),
            )
        )
    defaults = list(subtype.default_tasks)
    examples = _join_or([task_phrase(t, subtype) for t in defaults])
    # the tasks question also asks for the number to pass calls to, unless it is known: one
    # turn for two facts that go together (no number given and no transfer named: no transfer)
    number_known = state.knows("transfer_number")
    if number_known:
        template = texts.ASK_TASKS
    elif Task.TRANSFER_URGENT in defaults:
        template = texts.ASK_TASKS_WITH_TRANSFER
    else:
        template = texts.ASK_TASKS_WITH_NUMBER
    # the number to pass calls to comes with the name the assistant announces the call to
    name_too = not state.knows("owner_name")
    ask_name = texts.ASK_OWNER_NAME_TOO if name_too else ""
    out.append(
        Question(
            id="tasks",
            fact="tasks",
            text=template.format(examples=examples) + ("" if number_known else ask_name),
            help=texts.HELP_TASKS,
            chips=(*(task_phrase(t, subtype, chip=True) for t in defaults), texts.CHIP_ALL_TASKS),
            priority=P_FIRST_REQUIRED,
            order=40,
            optional=True,
            expecting="tasks",
            also=()
            if number_known
            else ("transfer_number", *(("owner_name",) if name_too else ())),
        )
    )
    usual_transfer = Task.TRANSFER_URGENT in defaults
    out.append(
        Question(
            id="transfer_number",
            fact="transfer_number",
            text=(texts.ASK_TRANSFER_NUMBER if usual_transfer else texts.ASK_TRANSFER_NUMBER_ANY)
            + ask_name,
            help=texts.HELP_TRANSFER_NUMBER,
            chips=(texts.CHIP_SKIP,),
            priority=P_FIRST_REQUIRED if usual_transfer else P_ADDRESS,
            order=41,
            optional=True,
            expecting="transfer_number",
            also=("owner_name",) if name_too else (),
        )
    )
    out.append(
        Question(
            id="tone",
            fact="tone",
            text=texts.ASK_TONE,
            help=texts.HELP_TONE,
            chips=texts.CHIPS_TONE,
            priority=P_TONE_VOICE,
            order=50,
            optional=True,
            expecting="tone",
        )
    )
    out.append(
        Question(
            id="voice_gender",
            fact="voice_gender",
            text=texts.ASK_VOICE,
            help=texts.HELP_VOICE,
            chips=texts.CHIPS_VOICE,
            priority=P_TONE_VOICE,
            order=51,
            optional=True,
            expecting="voice_gender",
        )
    )
    return _base_with_zone(state, _street_with_hours(state, out))


def _base_with_zone(state: ConfiguratorState, out: list[Question]) -> list[Question]:
    """A trade that goes to its clients has a base all the same (a nurse's cabinet, a
    plumber's workshop): when no town is known, the zone question asks where they start from
    too (« …Et d'où partez-vous ? »), in the same turn."""
    if (state.profile.get("address") or {}).get("city") or "address" in state.skipped:
        return out
    if any(q.id == "address" for q in out):
        return out  # asked on its own (a trade that receives its clients)
    zone = next((q for q in out if q.id == "service_area"), None)
    if zone is None:
        return out
    asked_before = is_answered(state, zone) or "service_area" in state.asked
    if asked_before and state.pending != "service_area":
        return out  # (while pending, the question keeps the words it was asked with)
    merged = replace(zone, text=f"{zone.text} {texts.ASK_BASE_TOO}", also=(*zone.also, "address"))
    return [merged if q is zone else q for q in out]


def _street_with_hours(state: ConfiguratorState, out: list[Question]) -> list[Question]:
    """Where clients come in and only the town is known, the street is asked with the hours
    (« Quels sont les horaires du salon ? Et quelle est son adresse exacte ? »): one turn
    for two facts every caller needs, instead of an optional question the budget drops."""
    street = next((q for q in out if q.id == "address" and q.priority == P_DETAIL), None)
    hours = next((q for q in out if q.id == "opening_hours"), None)
    if street is None or hours is None or "opening_hours" in state.asked:
        return out
    if is_answered(state, street):
        return out  # « au 20 rue de Paris » said already
    if any(q.topic and "emplacement" in q.topic for q in state.subtype().questions):
        return out  # a food truck is found where it stands that day: no street
    if is_answered(state, hours) and state.pending != hours.id:
        return out
    subtype = state.subtype()
    street_text = texts.ASK_STREET_TOO.format(of_place=texts.of_place(subtype.place))
    merged = replace(
        hours,
        text=f"{hours.text} {street_text}"
        + (f" {texts.ASK_AREA_TOO}" if "service_area" in street.also else ""),
        also=(*hours.also, *street.also, "address"),
    )
    return [merged if q is hours else q for q in out if q is not street]


TONE_VOICE = Question(
    id="tone_voice",
    fact="tone",
    text=texts.ASK_TONE_VOICE,
    help=f"{texts.HELP_TONE} {texts.HELP_VOICE}",
    chips=texts.CHIPS_TONE_VOICE,
    priority=P_TONE_VOICE,
    order=50,
    optional=True,
    expecting="tone",
    also=("voice_gender",),
)


def find_question(state: ConfiguratorState, qid: str) -> Question | None:
    if qid == TONE_VOICE.id:
        return TONE_VOICE
    return next((q for q in all_questions(state) if q.id == qid), None)


def _faq_known(state: ConfiguratorState, q: Question) -> bool:
    return any(
        isinstance(item, dict) and item.get("question") == q.text
        for item in state.profile.get("faq") or []
    )


def is_answered(state: ConfiguratorState, q: Question) -> bool:
    """Is the fact this question asks for already known (or deliberately left out)?"""
    if q.id in state.skipped:
        return True
    profile = state.profile
    if q.id == "activity":
        return state.activity_text is not None or state.sector is not None
    if q.id == "tasks":
        return "tasks" in state.confirmed or "tasks" in state.defaulted
    if q.id == "transfer_number":
        # asked in every trade (most owners want the important calls passed to them), unless
        # the owner listed what the assistant does and left transfers out
        tasks = profile.get("tasks") or []
        declined = "tasks" in state.confirmed and Task.TRANSFER_URGENT.value not in tasks
        return state.knows("transfer_number") or declined
    if q.id == "tone":
        return "tone" in profile
    if q.id == "tone_voice":
        return "tone" in profile and "voice_gender" in profile
    if q.id == "opening_hours":
        hours = profile.get("opening_hours") or {}
        return bool(hours.get("days") or hours.get("by_appointment"))
    if q.answered_by is not None and state.knows(q.answered_by):
        return True  # « le lundi on est à Meylan, le mardi à Échirolles »: where to find them
    if q.fact == "faq":
        return _faq_known(state, q)
    if q.fact.startswith("policies."):
        return bool((profile.get("policies") or {}).get(q.fact.split(".", 1)[1]))
    if q.id == "contact":
        return state.knows("email") or state.knows("website")
    if q.id == "address":
        address = profile.get("address") or {}
        return bool(address.get("street"))
    if q.id in (DETAIL_ID, DAYS_ID):
        return q.id in state.asked and state.pending != q.id
    return state.knows(q.fact)


def planned_questions(state: ConfiguratorState) -> list[Question]:
    """The questions still to ask after the pending one, within the turn budget, in order."""
    every = all_questions(state)
    candidates = [
        q
        for q in every
        if q.id != state.pending and q.id not in state.asked and not is_answered(state, q)
    ]
    if state.pending == TONE_VOICE.id:
        candidates = [q for q in candidates if q.id not in ("tone", "voice_gender")]
    used = state.owner_turns - state.idle_turns
    turns_left = COLLECT_BUDGET - used - (1 if state.pending else 0)
    ids = {q.id for q in candidates}
    if {"tone", "voice_gender"} <= ids:
        # one question for the way of speaking and the voice: owners answer both at once
        # (« vous, et une voix de femme »), and the turn saved goes to a fact that counts
        candidates = [q for q in candidates if q.id not in ("tone", "voice_gender")]
        candidates.append(TONE_VOICE)
    must = [q for q in candidates if q.priority == P_ALWAYS]
    rest = sorted(
        (q for q in candidates if q.priority > P_ALWAYS), key=lambda q: (q.priority, q.order)
    )
    by_id = {q.id: q for q in every}
    optional_left = MAX_OPTIONAL - len(
        [qid for qid in state.asked if qid in by_id and by_id[qid].priority > _CORE_PRIORITY]
    )
    core = [q for q in rest if q.priority <= _CORE_PRIORITY]
    chosen = sorted(must + core[: max(0, turns_left - len(must))], key=lambda q: q.order)
    # optional questions use the turns left, after the core ones: a detour (a question from
    # the owner, a correction) drops them first. The ones that weigh most on the assistant's
    # quality score come first (issue 16: a complete conversation scores high).
    # one turn stays spare, so that a correction in two steps at the recap (« non », « la
    # voix ») and the confirmation still fit in the budget
    room = min(optional_left, turns_left - len(chosen) - 1)
    if state.extras_declined:
        room = 0
    # the booking facts come first when the owner said the assistant takes bookings: they make
    # the agenda ready the day bookings are turned on (issue 17)
    booking_first = Task.BOOK_APPOINTMENT.value in (state.profile.get("tasks") or []) and (
        "tasks" in state.confirmed
    )
    optional = sorted(
        (q for q in rest if q.priority > _CORE_PRIORITY),
        key=lambda q: (
            not (booking_first and q.id == "booking_facts"),
            -quality_gain(state, q),
            q.priority,
            q.order,
        ),
    )
    return chosen + optional[: max(0, room)]


def next_question(state: ConfiguratorState) -> Question | None:
    """The next question to ask (the state must have no pending question), or None: recap."""
    planned = planned_questions(state)
    return planned[0] if planned else None
