"""The monthly budget: what the month's calls cost (estimated), alerts at 80 % and 100 %, and
the optional pause at 100 % (calls forwarded to the owner, never dropped).

The estimate is minutes × a price per minute: the assistant's own estimate from its generation
(`generation.cost`, the catalogue's price list), else the price list's with the default model,
voice and transcriber. A call forwarded to the owner at screening costs telephony only; a call
refused (blocked number) costs nothing. Months are calendar months in Paris.
"""

from __future__ import annotations

import functools
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.db.session import after_commit
from allokoli.generation.cost import estimate_cost, load_pricing
from allokoli.kit.errors import InvalidInput
from allokoli.models import ScreeningDecision, SpendControl
from allokoli.phone_numbers.screening import screening_wanted
from allokoli.routing import texts
from allokoli.routing.hooks import OwnerAlert, OwnerAlertHook, log_owner_alert
from allokoli.routing.numbers import reroute_numbers
from allokoli.routing.repository import AssistantReader, SpendControlRepository
from allokoli.tenancy import Tenant

PARIS = ZoneInfo("Europe/Paris")
THRESHOLDS = (80, 100)
MAX_BUDGET_EUR = 100_000.0

# The defaults the generator picks most (see generation.recommendations), for an assistant
# without its own estimate; a typical prompt size.
_DEFAULT_MODEL = "gpt-4.1-mini"
_DEFAULT_VOICE = "azure"
_DEFAULT_TRANSCRIBER = "deepgram:nova-3"
_DEFAULT_PROMPT_CHARS = 6000
_DEFAULT_TOOLS = 3


@lru_cache(maxsize=1)
def default_eur_per_minute() -> float:
    estimate = estimate_cost(
        calls_per_month=100,
        average_call_minutes=1.0,
        sector_label="",
        prompt_chars=_DEFAULT_PROMPT_CHARS,
        tool_count=_DEFAULT_TOOLS,
        model_key=_DEFAULT_MODEL,
        voice_key=_DEFAULT_VOICE,
        transcriber_key=_DEFAULT_TRANSCRIBER,
    )
    return estimate.eur_per_minute


def forwarded_eur_per_minute() -> float:
    pricing = load_pricing()
    return pricing.telephony.usd_per_minute * pricing.usd_to_eur


def month_bounds(now: datetime) -> tuple[datetime, datetime, str]:
    """[start, end) of the Paris calendar month of `now`, in UTC, and its "YYYY-MM"."""
    local = now.astimezone(PARIS)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    nxt = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return start.astimezone(UTC), nxt.astimezone(UTC), f"{start.year:04d}-{start.month:02d}"


@dataclass(frozen=True)
class SpendStatus:
    month: str
    spent_eur: float
    minutes: float
    budget_eur: float | None
    auto_pause: bool

    @property
    def percent(self) -> int | None:
        if not self.budget_eur:
            return None
        return math.floor(self.spent_eur / self.budget_eur * 100)

    @property
    def reached(self) -> int:
        """The highest threshold reached (0, 80 or 100)."""
        percent = self.percent or 0
        return max((t for t in THRESHOLDS if percent >= t), default=0)

    @property
    def paused(self) -> bool:
        """Calls go to the owner instead of the assistant."""
        return self.auto_pause and self.reached >= 100


def month_spend(session: Session, tenant: Tenant, now: datetime) -> SpendStatus:
    control = SpendControlRepository(session, tenant).current()
    since, until, month = month_bounds(now)
    rows = SpendControlRepository(session, tenant).minutes_by_assistant(since, until)
    rates: dict[uuid.UUID | None, float] = {}
    reader = AssistantReader(session, tenant)
    spent = 0.0
    minutes = 0.0
    for assistant_id, decision, mins in rows:
        if decision == ScreeningDecision.BLOCKED:
            continue  # refused before the assistant: not spent
        minutes += mins
        if decision == ScreeningDecision.FORWARDED:
            spent += mins * forwarded_eur_per_minute()
            continue
        if assistant_id not in rates:
            rates[assistant_id] = _rate(reader, assistant_id)
        spent += mins * rates[assistant_id]
    return SpendStatus(
        month=month,
        spent_eur=round(spent, 2),
        minutes=round(minutes, 1),
        budget_eur=control.monthly_budget_eur if control else None,
        auto_pause=bool(control and control.auto_pause),
    )


def budget_status(session: Session, tenant: Tenant, now: datetime) -> SpendStatus | None:
    """The month's status when a budget is set (None: no budget, nothing estimated)."""
    control = SpendControlRepository(session, tenant).current()
    if control is None or not control.monthly_budget_eur:
        return None
    return month_spend(session, tenant, now)


def _rate(reader: AssistantReader, assistant_id: uuid.UUID | None) -> float:
    assistant = reader.find(assistant_id) if assistant_id is not None else None
    cost = ((assistant.generation if assistant else None) or {}).get("cost") or {}
    value = cost.get("eur_per_minute")
    if isinstance(value, int | float) and value > 0:
        return float(value)
    return default_eur_per_minute()


def parse_budget(raw: str | float | None) -> float | None:
    """ "49,90", "50 €", 50 → 49.9 / 50.0; "" or None → no budget; else InvalidInput."""
    if raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = raw.replace("€", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise InvalidInput(texts.BUDGET_INVALID) from None
    if not math.isfinite(value) or value <= 0:
        raise InvalidInput(texts.BUDGET_INVALID)
    if value > MAX_BUDGET_EUR:
        raise InvalidInput(texts.BUDGET_TOO_HIGH)
    return round(value, 2)


def set_budget(
    session: Session,
    principal: Principal,
    budget_eur: str | float | None,
    auto_pause: bool,
    *,
    now: datetime,
    hook: OwnerAlertHook = log_owner_alert,
) -> SpendControl:
    """Set (or clear, with None) the monthly budget and the pause at 100 %. The thresholds are
    checked again at once against the new budget (a raised budget lifts the pause)."""
    value = parse_budget(budget_eur)
    repo = SpendControlRepository(session, principal.tenant)
    was_screening = screening_wanted(session, principal.tenant)
    control = repo.current()
    if control is None:
        control = repo.add(SpendControl(monthly_budget_eur=value, auto_pause=auto_pause))
    else:
        control.monthly_budget_eur = value
        control.auto_pause = auto_pause
    control.alerted_month = None
    control.alerted_percent = 0
    session.flush()
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="spend_control",
        entity_id=control.id,
        action="update",
        details={"monthly_budget_eur": value, "auto_pause": auto_pause},
    )
    if screening_wanted(session, principal.tenant) != was_screening:
        reroute_numbers(session, principal.tenant)
    check_thresholds(session, principal.tenant, now, hook)
    return control


def _euros(value: float) -> str:
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def budget_alert(org_id: uuid.UUID, status: SpendStatus) -> OwnerAlert | None:
    """The alert for the threshold reached, None below 80 %."""
    if status.reached == 0 or status.budget_eur is None:
        return None
    spent, budget = _euros(status.spent_eur), _euros(status.budget_eur)
    if status.reached >= 100:
        then = (
            "Les appels sont maintenant transférés directement sur votre ligne jusqu'à la fin du "
            "mois ou jusqu'à ce que vous releviez le budget."
            if status.auto_pause
            else "Votre assistant continue de répondre ; relevez le budget ou activez la pause "
            "automatique si vous le souhaitez."
        )
        return OwnerAlert(
            organization_id=org_id,
            kind="budget_100",
            title="Budget mensuel atteint",
            detail=f"Vos appels du mois ont coûté environ {spent} € sur un budget de {budget} €. "
            + then,
            link="/routing/budget",
            dedupe_key=f"budget_100:{status.month}",
        )
    return OwnerAlert(
        organization_id=org_id,
        kind="budget_80",
        title="80 % du budget mensuel utilisé",
        detail=f"Vos appels du mois ont coûté environ {spent} € sur un budget de {budget} € "
        f"({status.percent} %).",
        link="/routing/budget",
        dedupe_key=f"budget_80:{status.month}",
    )


def paused_now(control: SpendControl, now: datetime) -> bool:
    """Calls go to the owner: the pause is on and 100 % was recorded for this month."""
    if not control.auto_pause or not control.monthly_budget_eur:
        return False
    return control.alerted_month == month_bounds(now)[2] and control.alerted_percent >= 100


def check_thresholds(
    session: Session, tenant: Tenant, now: datetime, hook: OwnerAlertHook
) -> OwnerAlert | None:
    """Tell the owner once per month and threshold (after the commit that records it)."""
    control = SpendControlRepository(session, tenant).current()
    if control is None or not control.monthly_budget_eur:
        return None
    status = month_spend(session, tenant, now)
    already = control.alerted_percent if control.alerted_month == status.month else 0
    if status.reached <= already:
        return None
    alert = budget_alert(tenant.organization_id, status)
    if alert is None:  # pragma: no cover - reached > 0 always has an alert
        return None
    control.alerted_month = status.month
    control.alerted_percent = status.reached
    after_commit(session, f"owner-alert:{alert.dedupe_key}", functools.partial(hook, alert))
    return alert
