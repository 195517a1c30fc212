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


CONFIGURATOR_WEBHOOK_PATH = "/webhooks/vapi/configurator"


def configurator_webhook_url(settings: Settings) -> str:
    """The installation's webhook of the configurator assistant's tool calls."""
    return f"{settings.public_url.rstrip('/')}{CONFIGURATOR_WEBHOOK_PATH}"


def configurator_webhook_secret(settings: Settings) -> str:
    """The installation's secret for the configurator assistant's webhook
    (`/webhooks/vapi/configurator`): in its deployed `server.headers`, never sent to a browser."""
    return hmac_sha256_hex(settings.secret_key.get_secret_value(), "vapi-webhook:configurator")


def configurator_session_secret(settings: Settings, token: str) -> str:
    """The secret of one voice session's inline assistant (used only while the deployed one is
    pending): bound to its session token, so it opens that session only, like the token."""
    return hmac_sha256_hex(
        settings.secret_key.get_secret_value(), f"vapi-webhook:configurator-session:{token}"
    )
