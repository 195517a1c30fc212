"""All configuration, read once from the environment (prefix `ALLOKOLI_`) into one typed object.

`create_app(settings)` receives it; nothing else reads the environment. Production refuses to start
with a missing or placeholder secret.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Where the embedded SQLite database and other local state live (repo checkout: ./var).
VAR_DIR = Path.cwd() / "var"

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - refused in production
_PLACEHOLDER_MARKERS = ("change-me", "changeme", "placeholder", "your-", "xxx", "<", "example")


#: The operator's identity on the legal pages: each must be set for real in production.
LEGAL_SETTINGS = (
    "legal_company",
    "legal_address",
    "legal_registration",
    "legal_publisher",
    "legal_contact_email",
    "legal_host",
    "legal_dpo_email",
)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class JobEngine(StrEnum):
    """Where background jobs run (docs/decisions/0005-job-engine.md)."""

    INLINE = "inline"
    """In the web process (threads after commit and on a timer): the embedded default."""
    PROCRASTINATE = "procrastinate"
    """In `allokoli worker` processes, on PostgreSQL (procrastinate)."""


class SettingsError(RuntimeError):
    """The configuration cannot run: the message says which setting and why."""


def is_placeholder(value: str) -> bool:
    lowered = value.lower()
    return not value or any(marker in lowered for marker in _PLACEHOLDER_MARKERS)


class Settings(BaseSettings):
    """Every setting of AlloKoli. Each field is documented in README.md and .env.example."""

    model_config = SettingsConfigDict(
        env_prefix="ALLOKOLI_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Environment = Environment.DEVELOPMENT
    database_url: str = Field(default_factory=lambda: f"sqlite:///{VAR_DIR / 'allokoli.db'}")
    database_admin_url: str | None = None
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    public_url: str = "http://127.0.0.1:8000"
    vapi_api_key: SecretStr | None = None
    vapi_public_key: str | None = None
    vapi_base_url: str = "https://api.vapi.ai"
    configurator_voice: Literal["féminine", "masculine"] = "féminine"
    """The voice of the configurator's own Vapi assistant (`féminine` or `masculine`)."""
    configurator_voice_token_seconds: int = Field(default=1800, ge=60, le=86_400)
    """How long the token binding a voice call to a configurator session stays valid."""
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str = "gpt-4.1-mini"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_bundle_sid: str | None = None
    twilio_address_sid: str | None = None
    twilio_sms_from: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "AlloKoli <no-reply@allokoli.local>"
    sentry_dsn: str | None = None
    log_level: str = "INFO"
    max_body_bytes: int = 1024 * 1024
    login_max_failures: int = 10
    login_window_seconds: int = 15 * 60
    login_max_failures_per_ip: int = Field(default=30, ge=1)
    trusted_proxies: str = ""
    """Comma-separated IPs/CIDRs of the reverse proxies whose X-Forwarded-For is believed."""
    outbox_poll_seconds: float = 5.0
    outbox_lease_seconds: float = Field(default=60.0, gt=0)
    """How long a claimed outbox message stays invisible to other runners: a runner killed
    mid-job leaves it to be run again after this long."""
    job_engine: JobEngine = JobEngine.INLINE
    worker_stalled_seconds: float = Field(default=60.0, ge=2)
    """A worker silent (no heartbeat) this long is taken for dead: its running jobs run again."""
    reconcile_seconds: float = 300.0
    routing_seconds: float = 300.0
    """How often closures are switched on and off and budget thresholds checked (0 = off)."""
    test_call_idle_seconds: float = Field(default=600.0, gt=0)
    digest_seconds: float = 3600.0
    """How often the daily digest pass runs (it queues yesterday's digest once, from 7 h)."""
    """A test chat left this long without a message ends like a real call (silence)."""
    purge_seconds: float = 3600.0
    calendar_sync_seconds: float = Field(default=300.0, ge=0)
    """How often each connected CalDAV calendar is read again (0 = off)."""
    calendar_horizon_days: int = Field(default=90, ge=1, le=730)
    """How far ahead the sync imports the owner's busy events."""
    calendar_allow_private: bool = False
    """Let owners connect a CalDAV server on a private address (self-hosted, tests)."""
    session_retention_days: int = Field(default=30, ge=0)
    """Ended browser sessions (revoked or expired) are kept this many days, then deleted."""
    api_rate_limit_per_minute: int = Field(default=300, ge=0)
    # The operator's identity, published on the legal pages (mentions légales, politique de
    # confidentialité, conditions d'utilisation). Placeholders are refused in production.
    legal_company: str = "<Raison sociale, forme juridique et capital>"
    legal_address: str = "<Adresse du siège social>"
    legal_registration: str = "<RCS et numéro SIREN>"
    legal_publisher: str = "<Directeur ou directrice de la publication>"
    legal_contact_email: str = "contact@example.com"
    legal_host: str = "<Hébergeur : nom, adresse et téléphone>"
    legal_dpo_email: str = "dpo@example.com"
    web_processes: int = Field(default=1, ge=1, le=64)
    """Web processes serving on this machine (`allokoli serve --workers N` sets it for its
    own): how many batches of webhook events a process keeps in flight depends on it."""
    redis_url: str | None = None
    """Shared state of several web processes (rate limits, cache invalidation); unset: one
    process keeps it in memory."""
    metrics_token: SecretStr | None = None
    """Bearer token of `GET /metrics` (Prometheus); unset: the endpoint answers 404."""

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_networks(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise SettingsError(
                    f"ALLOKOLI_TRUSTED_PROXIES: {item!r} is not an IP address or network."
                ) from exc
        return value

    @model_validator(mode="after")
    def _job_engine_needs_postgres(self) -> Self:
        if self.job_engine is JobEngine.PROCRASTINATE and not self.database_url.startswith(
            "postgresql"
        ):
            raise SettingsError(
                "ALLOKOLI_JOB_ENGINE=procrastinate needs PostgreSQL (ALLOKOLI_DATABASE_URL); "
                "with SQLite, jobs run in the web process (ALLOKOLI_JOB_ENGINE=inline)."
            )
        return self

    @model_validator(mode="after")
    def _production_guard(self) -> Self:
        if self.env is Environment.PRODUCTION:
            secret = self.secret_key.get_secret_value()
            if secret == DEV_SECRET_KEY or is_placeholder(secret) or len(secret) < 32:
                raise SettingsError(
                    "ALLOKOLI_SECRET_KEY must be set to a random value of at least 32 characters "
                    "in production (generate one with `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))'`)."
                )
            for name in ("vapi_api_key", "llm_api_key", "twilio_auth_token", "smtp_password"):
                value = getattr(self, name)
                if value is not None and is_placeholder(value.get_secret_value()):
                    raise SettingsError(f"ALLOKOLI_{name.upper()} still holds a placeholder.")
            for name in LEGAL_SETTINGS:
                if is_placeholder(getattr(self, name).strip()):
                    raise SettingsError(
                        f"ALLOKOLI_{name.upper()} still holds a placeholder: the legal pages "
                        "(mentions légales, politique de confidentialité) publish it."
                    )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def migration_url(self) -> str:
        return self.database_admin_url or self.database_url

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(
            ipaddress.ip_network(item.strip(), strict=False)
            for item in self.trusted_proxies.split(",")
            if item.strip()
        )

    @property
    def has_twilio(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    @property
    def uses_sandbox(self) -> bool:
        """No Vapi key: the provider layer talks to the embedded Vapi sandbox."""
        return self.vapi_api_key is None
