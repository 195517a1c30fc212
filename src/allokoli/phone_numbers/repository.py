from __future__ import annotations

import uuid
from collections.abc import Sequence

from allokoli.models import Assistant, PhoneNumber
from allokoli.tenancy import TenantRepository


class PhoneNumberRepository(TenantRepository[PhoneNumber]):
    model = PhoneNumber
    not_found = "Numéro de téléphone introuvable."

    def active_for(self, assistant_id: uuid.UUID) -> PhoneNumber | None:
        return self.session.scalar(
            self.scoped()
            .where(PhoneNumber.assistant_id == assistant_id, PhoneNumber.status == "active")
            .limit(1)
        )

    def by_number(self, number: str) -> PhoneNumber | None:
        return self.session.scalar(
            self.scoped().where(PhoneNumber.number == number, PhoneNumber.status == "active")
        )

    def all_for(self, assistant_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PhoneNumber]:
        if not assistant_ids:
            return {}
        rows = self.list(
            self.scoped().where(
                PhoneNumber.assistant_id.in_(assistant_ids), PhoneNumber.status == "active"
            )
        )
        return {r.assistant_id: r for r in rows if r.assistant_id is not None}


class AssistantLookup(TenantRepository[Assistant]):
    """The assistant a number is for, read only. `assistants/` sits above this package (its pages
    show and manage the number) and above `deploy/`, which reads assistants through this too."""

    model = Assistant
    not_found = "Assistant introuvable."
