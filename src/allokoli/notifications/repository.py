"""The notification tables' SQL, every query scoped by `tenancy`."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select

from allokoli.models import (
    Call,
    KnowledgeGap,
    KnowledgeGapAsk,
    NotificationDelivery,
    NotificationSettings,
    SmsOptOut,
    TakenMessage,
)
from allokoli.tenancy import TenantRepository


class SettingsRepository(TenantRepository[NotificationSettings]):
    model = NotificationSettings
    not_found = "Réglages de notification introuvables."

    def for_assistant(self, assistant_id: uuid.UUID) -> NotificationSettings | None:
        return self.session.scalar(
            self.scoped().where(NotificationSettings.assistant_id == assistant_id)
        )

    def for_assistants(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, NotificationSettings]:
        if not ids:
            return {}
        rows = self.list(self.scoped().where(NotificationSettings.assistant_id.in_(ids)))
        return {row.assistant_id: row for row in rows}

    def create(self, assistant_id: uuid.UUID) -> NotificationSettings:
        return self.add(
            NotificationSettings(
                assistant_id=assistant_id,
                calls="messages",
                email_enabled=True,
                sms_enabled=False,
                emails=[],
                phones=[],
                digest_enabled=True,
                caller_sms_enabled=True,
                unsubscribe_token=secrets.token_urlsafe(24),
            )
        )

    def by_unsubscribe_token(self, token: str) -> NotificationSettings | None:
        """The settings an unsubscribe link names (the token is unique, 32 random bytes)."""
        return self.session.scalar(
            self.scoped().where(NotificationSettings.unsubscribe_token == token)
        )

    def with_digest(self) -> Sequence[NotificationSettings]:
        return self.list(self.scoped().where(NotificationSettings.digest_enabled.is_(True)))


class DeliveryRepository(TenantRepository[NotificationDelivery]):
    model = NotificationDelivery
    not_found = "Notification introuvable."

    def by_key(self, key: str) -> NotificationDelivery | None:
        return self.session.scalar(self.scoped().where(NotificationDelivery.idempotency_key == key))

    def keys(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        stmt = select(NotificationDelivery.idempotency_key).where(
            NotificationDelivery.organization_id == self.tenant.organization_id,
            NotificationDelivery.idempotency_key.in_(keys),
        )
        return set(self.session.scalars(stmt))

    def recent(
        self, assistant_id: uuid.UUID | None = None, limit: int = 20
    ) -> Sequence[NotificationDelivery]:
        stmt = self.scoped()
        if assistant_id is not None:
            stmt = stmt.where(NotificationDelivery.assistant_id == assistant_id)
        order = (NotificationDelivery.created_at.desc(), NotificationDelivery.id)
        return self.list(stmt.order_by(*order).limit(limit))

    def delete_older_than(self, cutoff: datetime) -> int:
        """RGPD retention: deliveries keep a recipient and the text sent."""
        inner = self.scoped().with_only_columns(NotificationDelivery.id)
        inner = inner.where(NotificationDelivery.created_at < cutoff)
        result = self.session.execute(
            delete(NotificationDelivery).where(NotificationDelivery.id.in_(inner))
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def for_call(self, provider_call_id: str) -> Sequence[NotificationDelivery]:
        return self.list(
            self.scoped()
            .where(NotificationDelivery.provider_call_id == provider_call_id)
            .order_by(NotificationDelivery.created_at)
        )


class OptOutRepository(TenantRepository[SmsOptOut]):
    model = SmsOptOut
    not_found = "Numéro introuvable dans la liste STOP."

    def has(self, number: str) -> bool:
        return self.session.scalar(self.scoped().where(SmsOptOut.number == number)) is not None

    def remember(self, number: str, source: str) -> bool:
        """Add a number to the STOP list; false when it was there already."""
        if self.has(number):
            return False
        try:
            with self.session.begin_nested():
                self.add(SmsOptOut(number=number, source=source))
        except Exception:  # added concurrently (the unique key): already on the list
            if self.has(number):
                return False
            raise
        return True

    def forget(self, number: str) -> bool:
        found = self.session.scalar(self.scoped().where(SmsOptOut.number == number))
        if found is None:
            return False
        self.delete(found)
        return True

    def all(self) -> Sequence[SmsOptOut]:
        return self.list(self.scoped().order_by(SmsOptOut.created_at.desc()))


class GapRepository(TenantRepository[KnowledgeGap]):
    model = KnowledgeGap
    not_found = "Question introuvable."

    def by_key(self, assistant_id: uuid.UUID, key: str) -> KnowledgeGap | None:
        return self.session.scalar(
            self.scoped().where(KnowledgeGap.assistant_id == assistant_id, KnowledgeGap.key == key)
        )

    def for_assistant(self, assistant_id: uuid.UUID | None = None) -> Sequence[KnowledgeGap]:
        stmt = self.scoped()
        if assistant_id is not None:
            stmt = stmt.where(KnowledgeGap.assistant_id == assistant_id)
        return self.list(
            stmt.order_by(
                KnowledgeGap.answered_at.is_not(None),
                KnowledgeGap.asked_count.desc(),
                KnowledgeGap.last_asked_at.desc(),
            )
        )

    def unanswered(self, assistant_id: uuid.UUID) -> Sequence[KnowledgeGap]:
        return self.list(
            self.scoped().where(
                KnowledgeGap.assistant_id == assistant_id, KnowledgeGap.answered_at.is_(None)
            )
        )


class GapAskRepository(TenantRepository[KnowledgeGapAsk]):
    model = KnowledgeGapAsk

    def has(self, gap_id: uuid.UUID, provider_call_id: str) -> bool:
        stmt = self.scoped().where(
            KnowledgeGapAsk.gap_id == gap_id, KnowledgeGapAsk.provider_call_id == provider_call_id
        )
        return self.session.scalar(stmt) is not None

    def count_for(self, gap_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(
            KnowledgeGapAsk.organization_id == self.tenant.organization_id,
            KnowledgeGapAsk.gap_id == gap_id,
        )
        return int(self.session.scalar(stmt) or 0)

    def gaps_of_calls(
        self, provider_call_ids: Sequence[str]
    ) -> dict[str, list[tuple[KnowledgeGapAsk, KnowledgeGap]]]:
        """The unanswered-question marks of a page of calls (the call list shows them)."""
        if not provider_call_ids:
            return {}
        stmt = (
            select(KnowledgeGapAsk, KnowledgeGap)
            .join(KnowledgeGap, KnowledgeGap.id == KnowledgeGapAsk.gap_id)
            .where(
                KnowledgeGapAsk.organization_id == self.tenant.organization_id,
                KnowledgeGap.organization_id == self.tenant.organization_id,
                KnowledgeGapAsk.provider_call_id.in_(provider_call_ids),
            )
        )
        out: dict[str, list[tuple[KnowledgeGapAsk, KnowledgeGap]]] = {}
        for ask, gap in self.session.execute(stmt):
            out.setdefault(ask.provider_call_id, []).append((ask, gap))
        return out

    def delete_older_than(self, cutoff: datetime) -> int:
        """RGPD retention: an ask names the call it came from (the wording stays on the gap)."""
        inner = self.scoped().with_only_columns(KnowledgeGapAsk.id)
        inner = inner.where(KnowledgeGapAsk.asked_at < cutoff)
        result = self.session.execute(delete(KnowledgeGapAsk).where(KnowledgeGapAsk.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def provider_ids(self, call_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Our call ids → the provider's (the asks are keyed by the provider's)."""
        if not call_ids:
            return {}
        stmt = select(Call.id, Call.provider_call_id).where(
            Call.organization_id == self.tenant.organization_id, Call.id.in_(call_ids)
        )
        return {row[0]: row[1] for row in self.session.execute(stmt)}

    def asked_since(self, since: datetime) -> int:
        stmt = select(func.count()).where(
            KnowledgeGapAsk.organization_id == self.tenant.organization_id,
            KnowledgeGapAsk.asked_at >= since,
        )
        return int(self.session.scalar(stmt) or 0)


class DigestCallRepository(TenantRepository[Call]):
    """The calls a digest lists (read-only)."""

    model = Call

    def between(
        self, assistant_id: uuid.UUID, start: datetime, end: datetime, limit: int = 500
    ) -> Sequence[Call]:
        return self.list(
            self.scoped()
            .where(Call.assistant_id == assistant_id, Call.started_at >= start)
            .where(Call.started_at < end)
            .order_by(Call.started_at)
            .limit(limit)
        )

    def messages_of(self, provider_call_ids: Sequence[str]) -> dict[str, list[TakenMessage]]:
        if not provider_call_ids:
            return {}
        rows = self.session.scalars(
            select(TakenMessage).where(
                TakenMessage.organization_id == self.tenant.organization_id,
                TakenMessage.provider_call_id.in_(provider_call_ids),
            )
        )
        out: dict[str, list[TakenMessage]] = {}
        for row in rows:
            out.setdefault(row.provider_call_id or "", []).append(row)
        return out
