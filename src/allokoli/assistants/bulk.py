"""Actions on several assistants at once: pause, resume, delete.

Each assistant is handled in its own savepoint: one that cannot be changed (being deployed, a
phone number still attached…) is reported and skipped, the others go through. Deleting reuses
`service.delete` (provider clean-up through the outbox, audit). Pausing stops the assistant from
answering: its phone number is detached from it on Vapi (through the outbox) and, when the
business's own line is known (transfer number, else business phone), calls are forwarded there;
resuming puts it back to "active" (the number points at it again) when it had been deployed,
else to "draft".
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from allokoli.assistants import service
from allokoli.assistants.repository import AssistantRepository
from allokoli.auth.principal import Principal
from allokoli.deploy import outbox
from allokoli.kit.errors import AppError, InvalidInput
from allokoli.models import Assistant, AssistantStatus
from allokoli.phone_numbers.repository import PhoneNumberRepository

MAX_IDS = 200
ACTIONS = {
    "pause": "Mettre en pause",
    "resume": "Reprendre",
    "delete": "Supprimer",
}
DONE = {
    "pause": ("assistant mis en pause", "assistants mis en pause"),
    "resume": ("assistant repris", "assistants repris"),
    "delete": ("assistant supprimé", "assistants supprimés"),
}


@dataclass
class BulkResult:
    action: str
    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(name, French reason)"""

    def message(self) -> str:
        one, many = DONE[self.action]
        parts = []
        if self.done:
            count = len(self.done)
            parts.append(f"{count} {one if count == 1 else many}.")
        for name, reason in self.skipped:
            parts.append(f"« {name} » non modifié : {reason}")
        return " ".join(parts) or "Aucun assistant sélectionné."


def selected(session: Session, principal: Principal, ids: Sequence[uuid.UUID]) -> list[Assistant]:
    """The tenant's assistants among `ids` (others' ids are simply not found)."""
    if not ids:
        raise InvalidInput("Sélectionnez au moins un assistant.")
    if len(ids) > MAX_IDS:
        raise InvalidInput(f"Sélectionnez au plus {MAX_IDS} assistants à la fois.")
    repo = AssistantRepository(session, principal.tenant)
    return list(repo.list(repo.scoped().where(Assistant.id.in_(set(ids))).order_by(Assistant.name)))


def _pause(assistant: Assistant) -> str | None:
    if assistant.status == AssistantStatus.PAUSED:
        return "il est déjà en pause."
    if assistant.status == AssistantStatus.DEPLOYING:
        return "il est en cours de mise en service."
    if assistant.deployed_version is None:
        return "il n'a jamais été mis en service : il ne reçoit aucun appel."
    assistant.status = AssistantStatus.PAUSED.value
    return None


def _resume(assistant: Assistant) -> str | None:
    if assistant.status != AssistantStatus.PAUSED:
        return "il n'est pas en pause."
    deployed = assistant.provider_id is not None and assistant.deployed_version is not None
    assistant.status = (AssistantStatus.ACTIVE if deployed else AssistantStatus.DRAFT).value
    return None


def _reroute(session: Session, principal: Principal, assistant: Assistant) -> None:
    """Have the outbox point the assistant's phone number where its new status says."""
    if PhoneNumberRepository(session, principal.tenant).active_for(assistant.id) is not None:
        outbox.enqueue(
            session,
            principal.tenant,
            outbox.RoutePhoneNumber(assistant_id=assistant.id),
        )


def apply(
    session: Session, principal: Principal, action: str, ids: Sequence[uuid.UUID]
) -> BulkResult:
    if action not in ACTIONS:
        raise InvalidInput("Action inconnue.")
    result = BulkResult(action)
    for assistant in selected(session, principal, ids):
        name = assistant.name
        try:
            with session.begin_nested():
                if action == "delete":
                    service.delete(session, principal, assistant.id)
                    reason = None
                else:
                    reason = (_pause if action == "pause" else _resume)(assistant)
                    if reason is None:
                        _reroute(session, principal, assistant)
                        service.record_audit(
                            session, principal, assistant.id, action, {"status": assistant.status}
                        )
        except AppError as exc:
            reason = exc.detail
        if reason is None:
            result.done.append(name)
        else:
            result.skipped.append((name, reason))
    return result
