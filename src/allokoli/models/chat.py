from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, tenant_table
from allokoli.kit.clock import utcnow


class BoundChat(IdMixin, Base):
    """A provider chat id that AlloKoli obtained for one organisation's assistant.

    Every turn of a test chat returns a new provider id (Vapi chains turns with
    `previousChatId`); each is recorded here, and a turn may only continue a chat bound to the
    same organisation and assistant. The provider account can be shared by every tenant (one
    Vapi key), so this table, not the provider, is what keeps one tenant out of another's
    conversations.
    """

    __tablename__ = tenant_table("test_chats")

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assistants.id", ondelete="CASCADE"), index=True
    )
    provider_chat_id: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
