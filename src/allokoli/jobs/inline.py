"""The embedded engine: the job functions run in the web process, with no other service.

A committed change wakes the dispatcher right after its commit (`outbox.WAKE`, wired by the
`Dispatcher`); daemon threads retry due messages every `outbox_poll_seconds` and run the periodic
jobs. Several web processes each run their own loops: every job here is idempotent.
"""

from __future__ import annotations

from allokoli.calendars.entries import PUSH_WAKE
from allokoli.calendars.service import SYNC_WAKE
from allokoli.deploy.service import OutboxPoller
from allokoli.jobs.tasks import JobFunctions
from allokoli.kit.periodic import Periodic
from allokoli.settings import Settings


def calendar_poll_seconds(settings: Settings) -> float:
    """How often the due calendar syncs are looked for: each connection is read every
    `calendar_sync_seconds`, and sooner after a failure (backoff); 0 turns the sync off."""
    return min(60.0, settings.calendar_sync_seconds)


class InlineJobs:
    """Runs the jobs in this process: started and stopped with the web app."""

    def __init__(self, functions: JobFunctions, settings: Settings) -> None:
        self.functions = functions
        self._loops: list[OutboxPoller | Periodic] = [
            OutboxPoller(functions.dispatcher, settings.outbox_poll_seconds),
            Periodic("reconcile", settings.reconcile_seconds, functions.reconcile),
            Periodic("purge", settings.purge_seconds, functions.purge),
            Periodic("routing", settings.routing_seconds, functions.routing),
            Periodic("session-purge", settings.purge_seconds, functions.purge_sessions),
            Periodic("digest", settings.digest_seconds, functions.digest),
            Periodic("calendar-sync", calendar_poll_seconds(settings), functions.calendar_sync),
            Periodic("calendar-push", settings.outbox_poll_seconds, functions.calendar_push_due),
            Periodic("configurator-deploy", settings.outbox_poll_seconds, functions.configurator),
        ]
        # An entry written or a sync asked for runs right after its commit.
        functions.db.on_commit(PUSH_WAKE, functions.calendar_push_due)
        functions.db.on_commit(SYNC_WAKE, functions.calendar_sync)

    def start(self) -> None:
        for loop in self._loops:
            loop.start()

    def stop(self) -> None:
        for loop in self._loops:
            loop.stop()

    def relay(self) -> int:
        """Run the due messages now (the inline engine has no queue to relay them to)."""
        return self.functions.dispatcher.run_due()

    def close(self) -> None:
        """Nothing to close: the loops are stopped by `stop`."""
