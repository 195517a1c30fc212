"""Which engine runs the jobs of this process, from `ALLOKOLI_JOB_ENGINE`."""

from __future__ import annotations

from collections.abc import Callable

from allokoli.calendars.service import CalendarService
from allokoli.calls.reconcile import Reconciler
from allokoli.db.session import Database
from allokoli.deploy.service import Dispatcher
from allokoli.jobs.inline import InlineJobs
from allokoli.jobs.queue import QueueJobs
from allokoli.jobs.tasks import JobFunctions
from allokoli.notifications.sender import Notifier
from allokoli.routing.hooks import OwnerAlertHook, log_owner_alert
from allokoli.settings import JobEngine, Settings

Jobs = InlineJobs | QueueJobs


def build_jobs(
    settings: Settings,
    db: Database,
    dispatcher: Dispatcher,
    reconciler: Reconciler,
    calendars: CalendarService,
    notifier: Notifier,
    owner_alert: OwnerAlertHook = log_owner_alert,
    configurator_deploy: Callable[[], object] | None = None,
) -> Jobs:
    functions = JobFunctions(
        db=db,
        settings=settings,
        dispatcher=dispatcher,
        reconciler=reconciler,
        calendars=calendars,
        notifier=notifier,
        owner_alert=owner_alert,
        configurator_deploy=configurator_deploy,
    )
    if settings.job_engine is JobEngine.PROCRASTINATE:
        return QueueJobs(functions, settings)
    return InlineJobs(functions, settings)
