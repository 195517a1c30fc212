"""The rehearsals' SQL (tenant-scoped, through `tenancy/`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from allokoli.kit.errors import NotFound
from allokoli.models import Assistant, Call, Rehearsal, RehearsalScenario
from allokoli.tenancy import TenantRepository


class RehearsalNotFound(NotFound):
    default_detail = "Répétition introuvable."


class RehearsedAssistantNotFound(NotFound):
    default_detail = "Assistant introuvable."


class RehearsalRepository(TenantRepository[Rehearsal]):
    model = Rehearsal
    not_found = RehearsalNotFound.default_detail

    def of_assistant(self, assistant_id: uuid.UUID, limit: int = 20) -> Sequence[Rehearsal]:
        """The assistant's rehearsals, newest first."""
        stmt = (
            self.scoped()
            .where(Rehearsal.assistant_id == assistant_id)
            .order_by(Rehearsal.created_at.desc(), Rehearsal.id.desc())
            .limit(limit)
        )
        return self.list(stmt)

    def latest(self, assistant_id: uuid.UUID, version: int | None = None) -> Rehearsal | None:
        """The newest rehearsal of the assistant (of that version, if given)."""
        stmt = self.scoped().where(Rehearsal.assistant_id == assistant_id)
        if version is not None:
            stmt = stmt.where(Rehearsal.assistant_version == version)
        stmt = stmt.order_by(Rehearsal.created_at.desc(), Rehearsal.id.desc()).limit(1)
        return self.session.scalar(stmt)

    def previous_version(self, assistant_id: uuid.UUID, version: int) -> Rehearsal | None:
        """The newest rehearsal of an earlier version (what the current one is compared with)."""
        stmt = (
            self.scoped()
            .where(Rehearsal.assistant_id == assistant_id, Rehearsal.assistant_version < version)
            .order_by(Rehearsal.created_at.desc(), Rehearsal.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)


class RehearsedAssistants(TenantRepository[Assistant]):
    """The assistants a rehearsal reads (the assistants feature sits above this one)."""

    model = Assistant
    not_found = RehearsedAssistantNotFound.default_detail


class RehearsalScenarioRepository(TenantRepository[RehearsalScenario]):
    model = RehearsalScenario

    def of_assistant(self, assistant_id: uuid.UUID) -> Sequence[RehearsalScenario]:
        stmt = (
            self.scoped()
            .where(RehearsalScenario.assistant_id == assistant_id)
            .order_by(RehearsalScenario.created_at, RehearsalScenario.id)
        )
        return self.list(stmt)

    def for_call(self, assistant_id: uuid.UUID, call_id: uuid.UUID) -> RehearsalScenario | None:
        stmt = self.scoped().where(
            RehearsalScenario.assistant_id == assistant_id, RehearsalScenario.call_id == call_id
        )
        return self.session.scalar(stmt)


class RehearsedCallNotFound(NotFound):
    default_detail = "Appel introuvable."


class RehearsedCalls(TenantRepository[Call]):
    """The calls a regression scenario is made from (the calls feature sits above this one)."""

    model = Call
    not_found = RehearsedCallNotFound.default_detail
