"""Test-chat ids bound to the organisation and assistant that obtained them.

The provider (Vapi) knows nothing of our tenants: with one shared account, any chat id continues
its conversation for whoever sends it, and the end-of-call report of that conversation would then
land in the sender's calls and messages. So every chat id a turn returns is recorded here, and a
turn may only continue a chat recorded for the same organisation and the same assistant.
"""

from __future__ import annotations

import uuid

from allokoli.kit.errors import NotFound
from allokoli.models import BoundChat
from allokoli.tenancy import TenantRepository

#: Longest chat id accepted (the column's width; Vapi's ids are 36-character UUIDs).
MAX_CHAT_ID = 64


class TestChatNotFound(NotFound):
    """Unknown, another tenant's, another assistant's, or gone at the provider: one answer for
    all, so that a chat id's existence never leaks across tenants."""

    __test__ = False  # not a pytest test class, despite the name
    default_detail = "Conversation de test introuvable : recommencez-en une nouvelle."


class TestChatRepository(TenantRepository[BoundChat]):
    __test__ = False

    model = BoundChat
    not_found = TestChatNotFound.default_detail

    def is_bound(self, provider_chat_id: str, assistant_id: uuid.UUID) -> bool:
        """Whether this tenant obtained `provider_chat_id` for this assistant."""
        if not provider_chat_id or len(provider_chat_id) > MAX_CHAT_ID:
            return False
        found = self.session.scalar(
            self.scoped().where(
                BoundChat.assistant_id == assistant_id,
                BoundChat.provider_chat_id == provider_chat_id,
            )
        )
        return found is not None

    def bind(self, provider_chat_id: str, assistant_id: uuid.UUID) -> BoundChat:
        """Record a chat id the provider just returned for this tenant's assistant."""
        return self.add(BoundChat(assistant_id=assistant_id, provider_chat_id=provider_chat_id))
