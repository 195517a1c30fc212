"""The configurator's own Vapi assistant: deployed once per installation and voice setting.

The configurator's voice (`configurator.voice_assistant`) is one assistant for the whole
installation, not one per organisation: its row (`ConfiguratorDeployment`, one per
`ALLOKOLI_CONFIGURATOR_VOICE`) is its own one-message outbox. `enqueue` records the hash of the
config this code version and settings build; when it differs from the one pushed, a push is due.
`run` claims it with a lease (an UPDATE only one runner wins), calls the provider with no
transaction open, then records the outcome: active, retried with the outbox's backoff (network
errors, timeouts, 429, 5xx; `Retry-After` honoured) or given up after `outbox.MAX_ATTEMPTS`
(status `error`, the French reason kept; the next start-up tries again).

Never two assistants: a push whose answer was lost leaves its send window on the row, and the
retry first looks for an assistant carrying the row's id in its metadata among those created in
that window (`VapiGateway.find_assistant`, as the owners' pushes do).

It runs at start-up, then periodically (both job engines), and after any commit that enqueued
it. In sandbox mode (no `ALLOKOLI_VAPI_API_KEY`) nothing is deployed: the Web SDK talks to Vapi
itself, and the page hands it the assistant inline.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from allokoli.db.session import Database, after_commit, discard
from allokoli.deploy import outbox
from allokoli.kit.clock import utcnow
from allokoli.models import ConfiguratorDeployment
from allokoli.providers.vapi import METADATA_KEY, ProviderError, ProviderNotFound, VapiGateway
from allokoli.settings import Settings

log = logging.getLogger("allokoli.deploy.configurator")

WAKE = "configurator.deploy"
"""The after-commit key of « the configurator assistant has a push due »."""
PENDING, ACTIVE, ERROR = "pending", "active", "error"

#: The configurator's config for a voice setting (`configurator.voice_assistant`, with the
#: installation's webhook credential); passed in by the composition root.
ConfigBuilder = Callable[[str], dict[str, Any]]


def config_hash(config: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Deployment:
    """What the voice session start needs: the assistant to call, if it is up to date."""

    voice: str
    status: str
    provider_id: str | None
    current: bool
    """The provider's assistant has the config this version builds (usable as is)."""
    status_reason: str | None
    attempts: int


def _find(session: Session, voice: str) -> ConfiguratorDeployment | None:
    return session.scalar(
        select(ConfiguratorDeployment).where(ConfiguratorDeployment.voice == voice)
    )


def enqueue(session: Session, voice: str, wanted: str, now: datetime, *, retry: bool) -> bool:
    """Record the config wanted for `voice`; a push is due when it is not the one pushed.
    `retry`: a push given up (`error`) with this same config is tried again (start-up).
    Returns whether a push is due."""
    row = _find(session, voice)
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    ConfiguratorDeployment(voice=voice, wanted_hash=wanted, next_attempt_at=now)
                )
        except IntegrityError:  # another process created it meanwhile
            pass
        row = _find(session, voice)
        assert row is not None
    if row.pushed_hash == wanted and row.status == ACTIVE:
        row.wanted_hash = wanted
        return False
    if row.wanted_hash != wanted or (row.status == ERROR and retry):
        row.wanted_hash = wanted
        row.status, row.status_reason, row.attempts = PENDING, None, 0
        row.next_attempt_at = now
    elif row.status == ACTIVE:  # pushed with another config, wanted this one: due
        row.status, row.next_attempt_at = PENDING, now
    if row.status != PENDING:
        return False
    session.flush()
    after_commit(session, WAKE)
    return True


@dataclass(frozen=True)
class _Plan:
    row_id: str
    voice: str
    wanted: str
    config: dict[str, Any]
    provider_id: str | None
    unrecorded: tuple[datetime, datetime] | None


class ConfiguratorDeployer:
    """Keeps the installation's configurator assistant in sync at the provider."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        build: ConfigBuilder,
        gateway: Callable[[], VapiGateway],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.settings = settings
        self.build = build
        self.gateway = gateway
        self.clock = clock
        self._hashes: dict[tuple[str, str, str], str] = {}
        db.on_commit(WAKE, self.run)

    @property
    def enabled(self) -> bool:
        """Deployed only with a Vapi key: the sandbox has no installation-wide account."""
        return self.settings.vapi_api_key is not None

    @property
    def voice(self) -> str:
        return str(self.settings.configurator_voice)

    def wanted_hash(self) -> str:
        """The hash of the config this version builds for the current voice; remembered per
        voice, public URL and secret key (what the config is built from besides the code)."""
        key = (self.voice, self.settings.public_url, self.settings.secret_key.get_secret_value())
        found = self._hashes.get(key)
        if found is None:
            found = self._hashes[key] = config_hash(self.build(self.voice))
        return found

    def enqueue(self, *, retry: bool = False) -> bool:
        """Make a push of the current voice setting's config due if it is not the one pushed
        (start-up, a voice setting changed, a new code version)."""
        if not self.enabled:
            return False
        with self.db.unit_of_work() as session:
            return enqueue(session, self.voice, self.wanted_hash(), self.clock(), retry=retry)

    def start(self) -> None:
        """Start-up: enqueue (giving a push given up one more round) and push if due. Errors
        are logged (the periodic job tries again): the app starts whatever happens here."""
        try:
            self.enqueue(retry=True)
            self.run()
        except Exception:
            log.exception("configurator assistant deploy at start-up failed")

    def tick(self) -> None:
        """The periodic job: enqueue if the config changed, push if due (a retry's time came)."""
        self.enqueue()
        self.run()

    def state(self, session: Session) -> Deployment | None:
        """The current voice setting's deployment, enqueued now if it is not up to date (the
        push then runs after the caller's commit)."""
        if not self.enabled:
            return None
        wanted = self.wanted_hash()
        enqueue(session, self.voice, wanted, self.clock(), retry=False)
        row = _find(session, self.voice)
        assert row is not None
        return Deployment(
            voice=row.voice,
            status=row.status,
            provider_id=row.provider_id,
            current=row.provider_id is not None and row.pushed_hash == wanted,
            status_reason=row.status_reason,
            attempts=row.attempts,
        )

    def run(self) -> str | None:
        """Push the current voice setting's assistant if due; its status afterwards (None when
        nothing was due or another runner holds it)."""
        if not self.enabled:
            return None
        now = self.clock()
        plan = self._claim(now)
        if plan is None:
            return None
        error: ProviderError | None = None
        provider_id: str | None = None
        try:
            provider_id = self._push(self.gateway(), plan)
        except ProviderError as exc:
            error = exc
        with self.db.unit_of_work(run_after_commit=discard) as session:
            row = _find(session, plan.voice)
            if row is None:
                return None
            if row.wanted_hash != plan.wanted:
                row.next_attempt_at = now  # changed while pushing: push the new one next
            if error is None:
                row.provider_id = provider_id
                row.pushed_hash = plan.wanted
                row.push_sent_first_at = row.push_sent_last_at = None
                row.attempts = 0
                row.status_reason = None
                row.deployed_at = now
                row.status = ACTIVE if row.wanted_hash == plan.wanted else PENDING
                log.info("configurator assistant %s deployed (%s)", provider_id, plan.voice)
                return row.status
            row.attempts += 1
            row.status_reason = error.detail
            if error.retryable and row.attempts < outbox.MAX_ATTEMPTS:
                row.next_attempt_at = now + outbox.next_attempt_in(row.attempts, error.retry_after)
                row.status_reason = f"{error.detail} (tentative {row.attempts})"
            else:
                row.status = ERROR
                if error.retryable:
                    row.status_reason = outbox.given_up(error.detail, row.attempts)
            log.warning("configurator assistant push failed: %s", row.status_reason)
            return row.status

    def _claim(self, now: datetime) -> _Plan | None:
        lease = timedelta(seconds=self.settings.outbox_lease_seconds)
        with self.db.unit_of_work() as session:
            won = session.execute(
                update(ConfiguratorDeployment)
                .where(
                    ConfiguratorDeployment.voice == self.voice,
                    ConfiguratorDeployment.status == PENDING,
                    ConfiguratorDeployment.next_attempt_at <= now,
                )
                .values(next_attempt_at=now + lease)
            )
            if getattr(won, "rowcount", 0) != 1:
                return None
            row = _find(session, self.voice)
            assert row is not None
            config = self.build(row.voice)
            wanted = config_hash(config)
            if wanted != row.wanted_hash:  # a newer version runs here: push what it builds
                row.wanted_hash = wanted
            earlier = None
            if row.push_sent_first_at is not None:
                earlier = (row.push_sent_first_at, row.push_sent_last_at or row.push_sent_first_at)
            # Committed before the call: a lost answer leaves the window to look in.
            sent = utcnow()
            row.push_sent_first_at = row.push_sent_first_at or sent
            row.push_sent_last_at = sent
            config["metadata"] = {**(config.get("metadata") or {}), METADATA_KEY: str(row.id)}
            return _Plan(str(row.id), row.voice, wanted, config, row.provider_id, earlier)

    @staticmethod
    def _push(gateway: VapiGateway, plan: _Plan) -> str:
        if plan.provider_id is not None:
            try:
                gateway.update_assistant(plan.provider_id, plan.config)
                return plan.provider_id
            except ProviderNotFound:
                pass  # deleted at the provider: created again below
        if plan.unrecorded is not None:
            found = gateway.find_assistant(plan.row_id, sent_between=plan.unrecorded)
            if found is not None:
                try:
                    gateway.update_assistant(found, plan.config)
                    return found
                except ProviderNotFound:
                    pass
        return gateway.create_assistant(plan.config)
