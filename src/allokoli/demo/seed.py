"""Demo data: assistants generated from varied profiles of the sector catalogue, and calls over
the last 60 days with French transcripts, summaries, costs, ended reasons, messages and
appointment requests. Fast: rows are built in memory and inserted in bulk (no ORM objects);
100,000 calls take a few seconds on SQLite.

Demo calls have provider ids starting with `demo-`; demo assistants have provider ids starting
with `demo-` too (they are not on Vapi). Deterministic for a given `seed`.
"""

from __future__ import annotations

import itertools
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import phonenumbers

from allokoli.assistants.service import validate_config
from allokoli.audit import service as audit
from allokoli.calls import search, stats
from allokoli.calls.display import PARIS
from allokoli.calls.hours import is_open
from allokoli.calls.repository import CallRepository, TakenMessageRepository
from allokoli.calls.service import usd_to_eur
from allokoli.db.session import Database
from allokoli.demo import texts
from allokoli.domain.catalogue import Family, Subtype, load_catalogue
from allokoli.domain.profile import BusinessProfile, OpeningHours
from allokoli.generation.service import generate
from allokoli.kit.clock import utcnow
from allokoli.models import Assistant, AssistantStatus, AssistantVersion
from allokoli.tenancy import Tenant

DAYS_BACK = 60
CHUNK = 5000
USD_PER_MINUTE = 0.11
DEMO_PREFIX = "demo-"
HOUR_WEIGHTS = list(
    itertools.accumulate(
        [1, 1, 1, 1, 1, 1, 2, 6, 12, 16, 16, 14, 10, 10, 14, 15, 15, 14, 12, 8, 5, 3, 2, 1]
    )
)


@dataclass
class SeedResult:
    assistants: int = 0
    calls: int = 0
    messages: int = 0
    appointments: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Assistant:
    id: uuid.UUID
    name: str
    family: str
    owner: str
    hours: OpeningHours
    hours_text: str
    phone: str
    weight: float


def _hours(family: str) -> tuple[dict[str, Any], str]:
    days, ranges = texts.HOURS.get(family, texts.DEFAULT_HOURS)
    week = [
        {
            "day": day,
            "ranges": [{"start": s, "end": e} for s, e in ranges] if day in days else [],
        }
        for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    ]
    spoken = " et ".join(
        f"de {s.replace(':00', ' heures').replace(':', ' heures ')} "
        f"à {e.replace(':00', ' heures').replace(':', ' heures ')}"
        for s, e in ranges
    )
    return {"days": week}, spoken


def _profile(rng: random.Random, family: Family, subtype: Subtype, index: int) -> BusinessProfile:
    city, postal = rng.choice(texts.CITIES)
    owner = rng.choice(texts.FIRST_NAMES)
    name = f"{subtype.label} {rng.choice(texts.LAST_NAMES)}"
    if index >= len(texts.CITIES):
        name = f"{name} {city}"
    hours, _ = _hours(family.id)
    tasks = ["answer_faq", "take_message"] + (["book_appointment"] if rng.random() < 0.7 else [])
    return BusinessProfile.model_validate(
        {
            "company_name": name[:120],
            "activity": f"{subtype.label} à {city}",
            "sector": {"family": family.id, "subtype": subtype.id},
            "address": {
                "street": f"{rng.randint(1, 120)} {rng.choice(texts.STREETS)}",
                "postal_code": postal,
                "city": city,
            },
            "opening_hours": hours,
            "tasks": tasks,
            "owner_name": owner,
            "transfer_number": _phone(rng),
            "voice_gender": rng.choice(["féminine", "masculine"]),
        }
    )


def _phone(rng: random.Random) -> str:
    """A random French number that phonenumbers deems valid (so RGPD look-ups accept it)."""
    while True:
        prefix = rng.choices(["6", "7", "1", "4", "5"], weights=[55, 25, 8, 7, 5])[0]
        number = f"+33{prefix}{rng.randint(0, 99_999_999):08d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def _spoken(e164: str) -> str:
    national = "0" + e164[3:]
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))


def _assistants(
    rng: random.Random, tenant: Tenant, count: int, actor: str, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[_Assistant]]:
    families = load_catalogue().families
    rows: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    kept: list[_Assistant] = []
    for i in range(count):
        family = families[i % len(families)]  # every family in turn, then their subtypes
        subtype = family.subtypes[(i // len(families)) % len(family.subtypes)]
        profile = _profile(rng, family, subtype, i)
        result = generate(profile)
        config = validate_config(result.vapi_assistant)
        status = rng.choices(
            [AssistantStatus.ACTIVE, AssistantStatus.DRAFT, AssistantStatus.PAUSED],
            weights=[80, 15, 5],
        )[0]
        deployed = status is not AssistantStatus.DRAFT
        assistant_id = uuid.uuid4()
        created = now - timedelta(days=rng.randint(DAYS_BACK, DAYS_BACK + 120))
        rows.append(
            {
                "id": assistant_id,
                "name": profile.company_name,
                "status": status.value,
                "sector_family": result.sector.family,
                "sector_subtype": result.sector.subtype,
                "profile": result.profile.model_dump(mode="json"),
                "config": config,
                "generation": result.model_dump(
                    mode="json",
                    include={"sector", "recommendations", "quality", "cost", "generator_version"},
                ),
                "version": 1,
                "provider_id": f"{DEMO_PREFIX}{uuid.uuid4().hex[:24]}" if deployed else None,
                "deployed_version": 1 if deployed else None,
                "deployed_at": created if deployed else None,
                "created_at": created,
                "updated_at": created,
                "organization_id": tenant.organization_id,
            }
        )
        versions.append(
            {
                "assistant_id": assistant_id,
                "version": 1,
                "config": config,
                "profile": rows[-1]["profile"],
                "actor": actor,
                "note": "Données de démonstration",
                "created_at": created,
                "organization_id": tenant.organization_id,
            }
        )
        hours, spoken = _hours(result.sector.family)
        if deployed:
            kept.append(
                _Assistant(
                    id=assistant_id,
                    name=profile.company_name,
                    family=result.sector.family,
                    owner=profile.owner_name or "le responsable",
                    hours=OpeningHours.model_validate(hours),
                    hours_text=spoken,
                    phone=f"+33199{rng.randint(0, 999_999):06d}",
                    weight=rng.paretovariate(1.2),
                )
            )
    return rows, versions, kept


def _when(rng: random.Random, now: datetime) -> datetime:
    """A start time in the last 60 days, mostly in business hours (Paris)."""
    day = now - timedelta(days=rng.random() * DAYS_BACK)
    local = day.astimezone(PARIS)
    hour = rng.choices(range(24), cum_weights=HOUR_WEIGHTS)[0]
    started = local.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59))
    return min(started.astimezone(UTC), now - timedelta(minutes=5))


def _uuid7(rng: random.Random, at: datetime) -> uuid.UUID:
    """A time-ordered UUID (version 7 layout): bulk inserts append to the indexes."""
    ms = int(at.timestamp() * 1000) & ((1 << 48) - 1)
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62)
    return uuid.UUID(int=value | rng.getrandbits(62))


def _scenario_picker(
    rng: random.Random,
) -> Callable[[], tuple[str, int, str, tuple[tuple[str, str], ...], str]]:
    scenarios = texts.SCENARIOS
    cumulative = list(itertools.accumulate(s[1] for s in scenarios))
    return lambda: rng.choices(scenarios, cum_weights=cumulative)[0]


def _calls(
    rng: random.Random,
    count: int,
    assistants: list[_Assistant],
    now: datetime,
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    pick = _scenario_picker(rng)
    cumulative = list(itertools.accumulate(a.weight for a in assistants))
    callers = [_phone(rng) for _ in range(max(20, count // 3))]
    regulars = callers[: max(5, len(callers) // 10)]
    rate = usd_to_eur()
    starts = sorted(_when(rng, now) for _ in range(count))
    for started in starts:
        assistant = rng.choices(assistants, cum_weights=cumulative)[0]
        kind, _w, reason, turns, summary = pick()
        topics = texts.TOPICS.get(assistant.family, texts.DEFAULT_TOPICS)
        caller = rng.choice(regulars) if rng.random() < 0.3 else rng.choice(callers)
        callback = caller if rng.random() < 0.8 else rng.choice(callers)
        urgent = topics["urgent"] or ("un problème urgent",)
        values: dict[str, Any] = {
            "company": assistant.name,
            "owner": assistant.owner,
            "name": f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}",
            "phone": _spoken(callback),
            "day": rng.choice(texts.DAYS),
            "time": rng.choice(texts.TIMES),
            "party": rng.randint(2, 8),
            "service": rng.choice(topics["service"]),
            "topic": rng.choice(topics["topic"]),
            "answer": rng.choice(topics["answer"]),
            "reason": rng.choice(topics["reason"]),
            "urgent": rng.choice(urgent),
            "hours": assistant.hours_text,
        }
        values["service"] = str(values["service"]).format(party=values["party"])
        if kind == "urgent" and assistant.family == "sante":
            turns = (
                ("User", "Bonjour, c'est urgent, j'ai {urgent}."),
                (
                    "AI",
                    "S'il s'agit d'une urgence vitale, raccrochez et appelez le 15 ou le 112. "
                    "Sinon, je préviens le cabinet immédiatement.",
                ),
            )
            reason = "customer-ended-call"
        lines = [("AI", texts.GREETING.format(**values))]
        lines += [(who, text.format(**values)) for who, text in turns]
        elapsed = 0.0
        messages: list[dict[str, Any]] = []
        for who, text in lines:
            messages.append(
                {
                    "role": "bot" if who == "AI" else "user",
                    "message": text,
                    "secondsFromStart": round(elapsed, 1),
                }
            )
            elapsed += 2.5 + len(text) / 14 + rng.random() * 3
        seconds = round(elapsed + rng.random() * 8, 1)
        cost_usd = round(seconds / 60 * USD_PER_MINUTE + 0.01, 4)
        call_id = _uuid7(rng, started)
        provider_call_id = f"{DEMO_PREFIX}{call_id.hex}"
        call = {
            "id": call_id,
            "assistant_id": assistant.id,
            "provider_call_id": provider_call_id,
            "type": "inboundPhoneCall",
            "phone_number": assistant.phone,
            "caller_number": caller,
            "status": "ended",
            "started_at": started,
            "ended_at": started + timedelta(seconds=seconds),
            "duration_seconds": seconds,
            "ended_reason": reason,
            "transcript": "\n".join(f"{who}: {text}" for who, text in lines) + "\n",
            "messages": messages,
            "summary": summary.format(**values),
            "recording_url": None,
            "cost_usd": cost_usd,
            "cost_eur": round(cost_usd * rate, 4),
            "structured": None,
            "outside_hours": is_open(assistant.hours, started) is False,
            "created_at": started,
            "updated_at": started + timedelta(seconds=seconds),
        }
        taken = None
        if kind in ("message", "appointment"):
            appointment = kind == "appointment"
            taken = {
                "id": _uuid7(rng, started),
                "assistant_id": assistant.id,
                "call_id": call_id,
                "provider_call_id": provider_call_id,
                "kind": kind,
                "caller_name": values["name"],
                "callback_number": callback,
                "reason": (values["service"] if appointment else values["reason"])[:60],
                "details": None
                if appointment
                else f"Merci de rappeler au sujet de {values['reason']}.",
                "urgent": False,
                "preferred_date": None,
                "preferred_time": f"{values['day']} vers {values['time']}" if appointment else None,
                "party_size": values["party"]
                if appointment and assistant.family == "restauration"
                else None,
                "handled": (now - started).days > 3 and rng.random() < 0.85,
                "tool_call_id": None,
                "created_at": call["ended_at"],
                "updated_at": call["ended_at"],
            }
        yield call, taken


def seed(
    db: Database,
    org_id: uuid.UUID,
    *,
    assistants: int = 5,
    calls: int = 500,
    seed: int = 1,
    actor: str = "cli",
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """Fill one organisation with demo assistants and calls (one transaction)."""
    rng = random.Random(seed)
    now = now or utcnow()
    tenant = Tenant(org_id)
    out = SeedResult()
    say = progress or (lambda _m: None)
    with db.unit_of_work(tenant_id=org_id) as session:
        started = time.perf_counter()
        rows, versions, deployed = _assistants(rng, tenant, assistants, actor, now)
        if rows:  # the unit of work is bound to the tenant: RLS checks every row
            session.execute(Assistant.__table__.insert(), rows)  # type: ignore[attr-defined]
            session.execute(AssistantVersion.__table__.insert(), versions)  # type: ignore[attr-defined]
        out.assistants = len(rows)
        out.seconds["assistants"] = round(time.perf_counter() - started, 2)
        say(f"{out.assistants} assistant(s) générés en {out.seconds['assistants']} s")
        if calls and not deployed:
            raise ValueError(
                "Aucun assistant en service pour recevoir des appels de démonstration."
            )
        started = time.perf_counter()
        call_repo = CallRepository(session, tenant)
        message_repo = TakenMessageRepository(session, tenant)
        batch: list[dict[str, Any]] = []
        taken: list[dict[str, Any]] = []
        with search.bulk_indexing(session):
            for call, message in _calls(rng, calls, deployed, now):
                batch.append(call)
                if message is not None:
                    taken.append(message)
                    if message["kind"] == "appointment":
                        out.appointments += 1
                    else:
                        out.messages += 1
                if len(batch) >= CHUNK:
                    call_repo.bulk_add(batch)
                    message_repo.bulk_add(taken)
                    out.calls += len(batch)
                    batch, taken = [], []
            call_repo.bulk_add(batch)
            message_repo.bulk_add(taken)
            out.calls += len(batch)
        stats.forget(session, org_id)
        out.seconds["calls"] = round(time.perf_counter() - started, 2)
        say(f"{out.calls} appel(s) créés en {out.seconds['calls']} s")
        audit.record(
            session,
            tenant,
            actor=actor,
            entity="organization",
            entity_id=org_id,
            action="demo_seed",
            details={
                "assistants": out.assistants,
                "calls": out.calls,
                "messages": out.messages,
                "appointments": out.appointments,
            },
        )
    return out
