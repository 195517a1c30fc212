"""Which engine runs the jobs of this process, from `ALLOKOLI_JOB_ENGINE`."""

from __future__ import annotations

from allokoli.calls.reconcile import Reconciler
from allokoli.db.session import Database
from allokoli.deploy.service import Dispatcher
from allokoli.jobs.inline import InlineJobs
from allokoli.jobs.queue import QueueJobs
from allokoli.jobs.tasks import JobFunctions
from allokoli.notifications.sender import Notifier
from allokoli.settings import JobEngine, Settings

Jobs = InlineJobs | QueueJobs


def build_jobs(
    settings: Settings,
    db: Database,
    dispatcher: Dispatcher,
    reconciler: Reconciler,
    notifier: Notifier,
) -> Jobs:
    functions = JobFunctions(
        db=db, settings=settings, dispatcher=dispatcher, reconciler=reconciler, notifier=notifier
    )
    if settings.job_engine is JobEngine.PROCRASTINATE:
        return QueueJobs(functions, settings)
    return InlineJobs(functions, settings)
