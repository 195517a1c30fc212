from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

PASSWORD_MIN = 10
PASSWORD_MAX = 200

SIGNUP_FIELD_MESSAGES = {
    "email": "Saisissez une adresse e-mail valide (par exemple nom@exemple.fr).",
    "password": f"Le mot de passe doit contenir au moins {PASSWORD_MIN} caractères.",
    "organization_name": "Indiquez le nom de votre entreprise.",
    "consent": "Vous devez accepter les conditions pour créer un compte.",
}
"""The owner's French message for each `SignupIn` field that fails validation (web, CLI)."""


class SignupIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    email: EmailStr
    password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)
    organization_name: str = Field(min_length=1, max_length=120)
    consent: bool

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class ApiKeyCreate(BaseModel):
    name: str = Field(default="Clé API", min_length=1, max_length=80)


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str
    """The full key. Shown once: only its hash is stored."""


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    created_at: datetime


class MeOut(BaseModel):
    user_id: uuid.UUID | None
    email: str | None
    role: str
    organization: OrganizationOut
    via: str
    """"session" or "api_key"."""


class SessionsRevoked(BaseModel):
    revoked: int = Field(description="How many browser sessions were ended.")
