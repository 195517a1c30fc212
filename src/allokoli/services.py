"""`Services`: what every surface shares, built once from `Settings`.

The REST API and the HTML pages (through `http.deps.ServicesDep`), the MCP tools (stdio and
HTTP), the CLI and the background jobs all receive this one object: the settings, the database
(engine and session factory), the provider gateways, the configurator's LLM client, the clock,
the deploy-queue dispatcher, the job engine, the webhook service, the reconciler and the API
rate limiter. It is
built by `Services.build(settings)` and closed by `close()` / `aclose()` (or a `with` block):
whoever built it closes it.

Nothing here imports a surface (no FastAPI, no route module, no MCP): any surface may import it.

Three HTTP clients may be swapped after the build, which the gateways read at each use: tests
route the official Vapi SDK, Twilio and the sandbox's webhook deliveries through their own
transports, and the stdio MCP server routes them in-process to the embedded sandbox.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any

import httpx
from anyio import to_thread

from allokoli.auth.webhook_secrets import SECRET_HEADER, configurator_webhook_secret
from allokoli.bookings.links import link_calendar
from allokoli.bookings.service import BookingRuntime
from allokoli.calendars.gateway import CalDavGateway
from allokoli.calendars.service import CalendarService
from allokoli.calls.reconcile import Reconciler
from allokoli.configurator.live import LiveFeed
from allokoli.configurator.llm import OpenAIExtractor, extractor_from_settings
from allokoli.configurator.voice import VoiceRelay
from allokoli.configurator.voice_assistant import configurator_assistant
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.deploy.configurator import ConfiguratorDeployer
from allokoli.deploy.service import Dispatcher
from allokoli.domain.profile import VoiceGender
from allokoli.jobs.engine import Jobs, build_jobs
from allokoli.kit.clock import utcnow
from allokoli.kit.metrics import metered_transport
from allokoli.kit.outbound import OutboundPolicy
from allokoli.kit.ratelimit import ApiRateLimiter
from allokoli.kit.shared import SharedState, shared_state
from allokoli.kit.warmup import WarmUp
from allokoli.notifications import service as notifications
from allokoli.notifications.sender import Notifier
from allokoli.notifications.service import CALL_JOB, SEND_JOB
from allokoli.providers.gateways import gateway_factory
from allokoli.providers.twilio import TwilioGateway
from allokoli.providers.vapi import GatewayFactory, VapiGateway, warm_up_sdk
from allokoli.rehearsal import service as rehearsals
from allokoli.routing.hooks import OwnerAlert, OwnerAlertHook, log_owner_alert
from allokoli.sandbox.webhooks import HttpClientSource, default_http_client
from allokoli.settings import Environment, Settings
from allokoli.tenancy import Tenant
from allokoli.understanding import nlp
from allokoli.webhooks.service import WebhookService

log = logging.getLogger("allokoli.services")

VAPI_HTTP_TIMEOUT = 10.0


def warm_ups(settings: Settings) -> dict[str, Callable[[], None]]:
    """What is slow the first time in a process: the French pipeline (3-5 s) and the Vapi
    client's modules. Nothing in tests: a test that bounds a request's time warms what it uses."""
    if settings.env is Environment.TEST:
        return {}
    return {"vapi-sdk": warm_up_sdk, "nlp": nlp.warm}


@dataclass(eq=False)
class Services:
    """The process's shared clients and services (see the module docstring)."""

    settings: Settings
    db: Database
    llm: OpenAIExtractor | None
    """The configurator's LLM extractor (one `openai` client); None without an LLM URL."""
    vapi_http: httpx.Client
    """The pooled HTTP client of every call to Vapi (or the sandbox)."""
    shared: SharedState
    """What the web processes share (`kit.shared`): memory, or Redis with ALLOKOLI_REDIS_URL."""
    rate_limiter: ApiRateLimiter
    clock: Callable[[], datetime] = utcnow
    owns_db: bool = False
    """Whether `close()` disposes the engine (true when `build` created it)."""
    warm_up: WarmUp = field(default_factory=WarmUp)
    """What the process warms before it takes traffic (`/healthz` says « starting » until
    then): started by the web app's lifespan, run by a worker before its first job."""

    vapi_http_client: httpx.Client | None = None
    """Overrides `vapi_http` (tests, the in-process sandbox); None: the pooled client."""
    twilio_http_client: httpx.Client | None = None
    """Twilio's HTTP client; None: the gateway's own."""
    sandbox_http_client: HttpClientSource | None = None
    """How the sandbox delivers its webhooks: a client (used as is, left open) or a factory of
    clients (one per delivery, closed after it); None: `sandbox.webhooks.default_http_client`."""

    owner_alert_hook: OwnerAlertHook = log_owner_alert
    """Sends an owner alert (budget 80 % / 100 %, a closure switched on or off) once it is
    recorded: logs by default; the notifications feature plugs its sender here."""
    bookings: BookingRuntime = field(default_factory=BookingRuntime)
    """The scheduling hooks: an extra busy source (the owner's calendar) and the listeners of
    booking changes; empty, availability uses our own bookings and blocks only."""

    gateway_factory: GatewayFactory = field(init=False)
    dispatcher: Dispatcher = field(init=False)
    notifier: Notifier = field(init=False)
    """Sends the owner's and callers' e-mails and SMS (jobs of the outbox)."""
    webhooks: WebhookService = field(init=False)
    configurator_voice: VoiceRelay = field(init=False)
    """Answers the configurator assistant's tool calls (`configurator.voice`)."""
    configurator_live: LiveFeed = field(init=False)
    """Pushes each voice turn to the pages watching the session (`configurator.live`)."""
    configurator_deployer: ConfiguratorDeployer = field(init=False)
    """Keeps the installation's configurator assistant deployed (`deploy.configurator`)."""
    reconciler: Reconciler = field(init=False)
    calendars: CalendarService = field(init=False)
    """The owners' CalDAV calendars: connections, busy events imported, entries written."""
    jobs: Jobs = field(init=False)
    """Where the background jobs run: in this process (embedded default) or in workers."""

    def __post_init__(self) -> None:
        self.db.shared = self.shared
        # One gateway per organisation: in sandbox mode each presents its own sandbox credential.
        self.gateway_factory = gateway_factory(self.settings, self.db, self._vapi_client)
        self.dispatcher = Dispatcher(self.db, self.settings, self.gateway_factory)
        self.notifier = Notifier(self.db, self.settings, self.twilio)
        self.dispatcher.register(CALL_JOB, self.notifier.fan_out)
        self.dispatcher.register(SEND_JOB, self.notifier.send)
        # Each new version of a rehearsed assistant is rehearsed again, as an outbox job.
        self.dispatcher.register(rehearsals.REHEARSE_JOB, self._rehearse_version)
        # Availability reads the owner's calendar and closures; bookings are mirrored there.
        link_calendar(self.bookings, lambda: self.clock())
        self.webhooks = WebhookService(
            self.db, self.settings, clock=lambda: self.clock(), bookings=self.bookings
        )
        self.configurator_live = LiveFeed()
        self.configurator_voice = VoiceRelay(
            self.db,
            self.settings.secret_key.get_secret_value(),
            clock=lambda: self.clock(),
            llm=self.llm,
            listeners=[self.configurator_live.publish],
        )
        self.configurator_deployer = ConfiguratorDeployer(
            self.db,
            self.settings,
            self._configurator_config,
            lambda: VapiGateway(self.settings, http_client=self._vapi_client()),
            clock=lambda: self.clock(),
        )
        self.reconciler = Reconciler(
            self.db,
            self.gateway_factory,
            per_organization=self.settings.uses_sandbox,
            # a filled-in report notifies the owner as the webhook's would (same job, same keys)
            after_report=notifications.after_call,
        )
        self.calendars = CalendarService(
            self.db,
            self.settings,
            CalDavGateway(
                OutboundPolicy(require_https=self.settings.env is Environment.PRODUCTION),
                allow_private=self.settings.calendar_allow_private,
            ),
            clock=lambda: self.clock(),
        )
        self.jobs = build_jobs(
            self.settings,
            self.db,
            self.dispatcher,
            self.reconciler,
            self.calendars,
            self.notifier,
            self.alert_owner,
            configurator_deploy=self.configurator_deployer.tick,
        )

    def alert_owner(self, alert: OwnerAlert) -> None:
        """An owner alert of call routing (budget, closure), once recorded: to the process's
        hook (logs by default; tests listen there), then by e-mail / SMS to the recipients of
        the owner's notification settings (once per `dedupe_key`, through the outbox)."""
        self.owner_alert_hook(alert)
        with self.db.unit_of_work(tenant_id=alert.organization_id) as session:
            notifications.enqueue_owner_alert(
                session,
                Tenant(alert.organization_id),
                alert.kind,
                f"{alert.title} {alert.detail}",
                dedupe=alert.dedupe_key,
                link=alert.link,
                now=self.clock(),
            )

    @classmethod
    def build(cls, settings: Settings, *, database: Database | None = None) -> Services:
        """Everything built from `settings`; `database` (tests) is used as is and left open."""
        shared = shared_state(settings.redis_url)
        return cls(
            settings=settings,
            db=database or Database(make_engine(settings.database_url)),
            llm=extractor_from_settings(settings),
            vapi_http=httpx.Client(timeout=VAPI_HTTP_TIMEOUT, transport=metered_transport("vapi")),
            shared=shared,
            rate_limiter=ApiRateLimiter(shared, settings.api_rate_limit_per_minute),
            owns_db=database is None,
            warm_up=WarmUp(warm_ups(settings)),
        )

    def _rehearse_version(
        self, organization_id: uuid.UUID, payload: dict[str, Any], now: datetime
    ) -> None:
        # The clock is read at each run: tests and the CLI may replace it.
        rehearsals.rehearse_job(
            self.db,
            self.settings,
            self.gateway(organization_id),
            organization_id,
            payload,
            clock=self.clock,
        )

    def _configurator_config(self, voice: str) -> dict[str, Any]:
        """The deployed configurator assistant: its webhook carries the installation's secret."""
        headers = {SECRET_HEADER: configurator_webhook_secret(self.settings)}
        return configurator_assistant(self.settings.public_url, VoiceGender(voice), headers)

    def _vapi_client(self) -> httpx.Client:
        return self.vapi_http_client or self.vapi_http

    def gateway(self, organization_id: uuid.UUID) -> VapiGateway:
        """The Vapi gateway of an organisation."""
        return self.gateway_factory(organization_id)

    def twilio(self) -> TwilioGateway | None:
        """The Twilio gateway, None when Twilio is not configured."""
        if not self.settings.has_twilio:
            return None
        return TwilioGateway(self.settings, http_client=self.twilio_http_client)

    def sandbox_http(self) -> HttpClientSource:
        """Where the sandbox sends its webhooks from."""
        source = self.sandbox_http_client
        return source if source is not None else default_http_client

    def close(self) -> None:
        """Close the clients built here, and the engine when `build` created it. Webhook
        deliveries already accepted are written first (graceful shutdown)."""
        self.webhooks.drain()
        self.jobs.close()
        self.vapi_http.close()
        self.shared.close()
        if self.llm is not None:
            self.llm.close()
        if self.owns_db:
            self.db.dispose()

    async def aclose(self) -> None:
        await to_thread.run_sync(self.close)

    def __enter__(self) -> Services:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
