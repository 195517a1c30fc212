"""Per-organisation webhook secret, derived from the app secret (nothing extra to store).

Rotating ALLOKOLI_SECRET_KEY changes every organisation's secret: redeploy the assistants after.
"""

from __future__ import annotations

from allokoli.kit.security import hmac_sha256_hex
from allokoli.models import Organization
from allokoli.settings import Settings

SECRET_HEADER = "X-Vapi-Secret"  # noqa: S105 - a header name, not a secret


def webhook_secret(settings: Settings, organization: Organization) -> str:
    return webhook_secret_for_key(settings, organization.webhook_key)


def webhook_secret_for_key(settings: Settings, webhook_key: str) -> str:
    """The secret of the organisation whose webhook key this is: a delivery is authenticated
    from the URL alone, before any database access."""
    return hmac_sha256_hex(settings.secret_key.get_secret_value(), f"vapi-webhook:{webhook_key}")


def webhook_url(settings: Settings, organization: Organization) -> str:
    return f"{settings.public_url.rstrip('/')}/webhooks/vapi/{organization.webhook_key}"
