from __future__ import annotations

import uuid
from dataclasses import dataclass

from allokoli.tenancy import Tenant


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling, for which organisation: a logged-in user or an API key."""

    organization_id: uuid.UUID
    user_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    role: str = "member"
    email: str | None = None
    organization_name: str | None = None
    session_id: uuid.UUID | None = None
    """The browser session (`UserSession`) the user came with, None for an API key."""

    @property
    def tenant(self) -> Tenant:
        return Tenant(self.organization_id)

    @property
    def actor(self) -> str:
        if self.api_key_id is not None:
            return f"apikey:{self.api_key_id}"
        return f"user:{self.user_id}"
