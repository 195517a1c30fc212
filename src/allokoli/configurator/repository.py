from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select

from allokoli.models import ConfiguratorSession, ConfiguratorTurn
from allokoli.tenancy import TenantRepository


class SessionRepository(TenantRepository[ConfiguratorSession]):
    model = ConfiguratorSession
    not_found = "Conversation introuvable."

    def unfinished(self, limit: int = 20) -> Sequence[ConfiguratorSession]:
        return self.list(
            self.scoped()
            .where(ConfiguratorSession.done.is_(False))
            .order_by(ConfiguratorSession.updated_at.desc())
            .limit(limit)
        )


class TurnRepository(TenantRepository[ConfiguratorTurn]):
    model = ConfiguratorTurn

    def for_session(self, session_id: uuid.UUID) -> Sequence[ConfiguratorTurn]:
        return self.list(
            self.scoped()
            .where(ConfiguratorTurn.session_id == session_id)
            .order_by(ConfiguratorTurn.position)
        )

    def next_position(self, session_id: uuid.UUID) -> int:
        stmt = select(func.max(ConfiguratorTurn.position)).where(
            ConfiguratorTurn.organization_id == self.tenant.organization_id,
            ConfiguratorTurn.session_id == session_id,
        )
        return int(self.session.scalar(stmt) or 0) + 1
