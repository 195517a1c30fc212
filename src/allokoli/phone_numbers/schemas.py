from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict


class PhoneNumberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    display: str
    provider: str
    is_demo: bool
    status: str
