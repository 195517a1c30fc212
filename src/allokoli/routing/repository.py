"""SQL of the routing feature: number lists, closures, budget, screened calls, the month's
minutes. Every query is scoped to one tenant."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select

from allokoli.models import (
    Assistant,
    Call,
    CallScreening,
    Closure,
    NumberRule,
    PhoneNumber,
    SpendControl,
)
from allokoli.tenancy import TenantRepository


class NumberRuleRepository(TenantRepository[NumberRule]):
    model = NumberRule
    not_found = "Ce numéro n'est dans aucune de vos listes."

    def kinds_of(self, number: str) -> set[str]:
        """The lists `number` (E.164) is on: one indexed lookup, whatever the lists' size."""
        rows = self.session.scalars(
            self.scoped().with_only_columns(NumberRule.kind).where(NumberRule.number == number)
        )
        return set(rows)

    def on(self, number: str, kind: str) -> NumberRule | None:
        return self.session.scalar(
            self.scoped().where(NumberRule.number == number, NumberRule.kind == kind)
        )

    def page(self, kind: str | None, limit: int, offset: int) -> Sequence[NumberRule]:
        stmt = self.scoped()
        if kind is not None:
            stmt = stmt.where(NumberRule.kind == kind)
        return self.list(
            stmt.order_by(NumberRule.created_at.desc(), NumberRule.id).limit(limit).offset(offset)
        )

    def any(self) -> bool:
        return (
            self.session.scalar(self.scoped().with_only_columns(NumberRule.id).limit(1)) is not None
        )


class ClosureRepository(TenantRepository[Closure]):
    model = Closure
    not_found = "Fermeture introuvable."

    def upcoming(self, today: date, assistant_id: uuid.UUID | None = None) -> Sequence[Closure]:
        """Closures not over yet (today included), soonest first; for one assistant, its own
        and the organisation's."""
        stmt = self.scoped().where(Closure.ends_on >= today)
        if assistant_id is not None:
            stmt = stmt.where(
                or_(Closure.assistant_id.is_(None), Closure.assistant_id == assistant_id)
            )
        return self.list(stmt.order_by(Closure.starts_on, Closure.created_at))

    def all(self) -> Sequence[Closure]:
        return self.list(self.scoped().order_by(Closure.starts_on.desc(), Closure.created_at))

    def to_switch(self, today: date) -> Sequence[Closure]:
        """Closures the assistants do not say as they should today: begun and not switched on,
        or over and switched on but not off."""
        return self.list(
            self.scoped().where(
                or_(
                    and_(
                        Closure.starts_on <= today,
                        Closure.ends_on >= today,
                        Closure.switched_on_at.is_(None),
                    ),
                    and_(
                        Closure.ends_on < today,
                        Closure.switched_on_at.is_not(None),
                        Closure.switched_off_at.is_(None),
                    ),
                )
            )
        )

    def running(self, today: date) -> Sequence[Closure]:
        """Closures switched on and still in their period."""
        return self.list(
            self.scoped().where(
                Closure.switched_on_at.is_not(None),
                Closure.switched_off_at.is_(None),
                Closure.ends_on >= today,
            )
        )

    def overlapping(self, start: date, end: date, assistant_id: uuid.UUID | None) -> Closure | None:
        stmt = self.scoped().where(Closure.starts_on <= end, Closure.ends_on >= start)
        if assistant_id is None:
            stmt = stmt.where(Closure.assistant_id.is_(None))
        else:
            stmt = stmt.where(Closure.assistant_id == assistant_id)
        return self.session.scalar(stmt.limit(1))


class SpendControlRepository(TenantRepository[SpendControl]):
    model = SpendControl
    not_found = "Aucun budget n'est défini."

    def current(self) -> SpendControl | None:
        return self.session.scalar(self.scoped())

    def minutes_by_assistant(
        self, since: datetime, until: datetime
    ) -> list[tuple[uuid.UUID | None, str | None, float]]:
        """(assistant, screening decision, minutes) of the calls started in [since, until).

        A call refused at screening (blocked) has no minutes of the assistant; its row says so
        and the caller prices it at nothing."""
        # One screening per call (Vapi sends `assistant-request` once); a screening is written
        # when the call rings, so the month's calls join the screenings since the month began.
        screened = (
            select(
                CallScreening.provider_call_id, func.max(CallScreening.decision).label("decision")
            )
            .where(
                CallScreening.organization_id == self.tenant.organization_id,
                CallScreening.created_at >= since - timedelta(days=1),
                CallScreening.provider_call_id.is_not(None),
            )
            .group_by(CallScreening.provider_call_id)
            .subquery()
        )
        stmt = (
            select(
                Call.assistant_id,
                screened.c.decision,
                func.coalesce(func.sum(Call.duration_seconds), 0),
            )
            .outerjoin(screened, screened.c.provider_call_id == Call.provider_call_id)
            .where(
                Call.organization_id == self.tenant.organization_id,
                Call.started_at >= since,
                Call.started_at < until,
            )
            .group_by(Call.assistant_id, screened.c.decision)
        )
        return [(row[0], row[1], float(row[2] or 0) / 60) for row in self.session.execute(stmt)]


class ScreeningRepository(TenantRepository[CallScreening]):
    model = CallScreening
    not_found = "Appel introuvable."

    def for_call(self, provider_call_id: str) -> CallScreening | None:
        return self.session.scalar(
            self.scoped()
            .where(CallScreening.provider_call_id == provider_call_id)
            .order_by(CallScreening.created_at.desc())
            .limit(1)
        )


class NumberLookup(TenantRepository[PhoneNumber]):
    """Our phone numbers, read to route an inbound call."""

    model = PhoneNumber
    not_found = "Numéro de téléphone introuvable."

    def by_provider_id(self, provider_id: str) -> PhoneNumber | None:
        return self.session.scalar(
            self.scoped().where(PhoneNumber.provider_id == provider_id).limit(1)
        )

    def active(self) -> Sequence[PhoneNumber]:
        return self.list(self.scoped().where(PhoneNumber.status == "active"))


class AssistantReader(TenantRepository[Assistant]):
    model = Assistant
    not_found = "Assistant introuvable."

    def by_provider_id(self, provider_id: str) -> Assistant | None:
        return self.session.scalar(
            self.scoped().where(Assistant.provider_id == provider_id).limit(1)
        )

    def live(self) -> Sequence[Assistant]:
        return self.list(self.scoped().where(Assistant.provider_id.is_not(None)))


class CallReader(TenantRepository[Call]):
    model = Call
    not_found = "Appel introuvable."
