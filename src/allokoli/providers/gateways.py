"""The Vapi gateway factory: one gateway per organisation, with the right credential.

With a real Vapi key every organisation shares the account (the key from the settings). In
sandbox mode each organisation presents its own sandbox credential, read (or created, for an
organisation that predates credentials) in a short transaction of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx

from allokoli.db.session import Database
from allokoli.kit.crypto import SecretBox
from allokoli.providers.vapi import GatewayFactory, VapiGateway
from allokoli.sandbox import keys
from allokoli.settings import Settings


def _no_client() -> httpx.Client | None:
    return None


def gateway_factory(
    settings: Settings,
    db: Database,
    http_client: Callable[[], httpx.Client | None] = _no_client,
) -> GatewayFactory:
    """`factory(organization_id)` → the gateway for that organisation. `http_client` is asked
    at each call (tests swap the app's HTTP client after the app is built)."""
    box = SecretBox(settings.secret_key.get_secret_value())

    def factory(organization_id: uuid.UUID) -> VapiGateway:
        token = keys.token_for(db, box, organization_id) if settings.uses_sandbox else None
        return VapiGateway(settings, sandbox_token=token, http_client=http_client())

    return factory
