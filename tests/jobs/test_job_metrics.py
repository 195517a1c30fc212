"""Every job counts itself in the Prometheus metrics, whatever engine runs it: its outcome in
`allokoli_jobs_total` and its time in `allokoli_job_duration_seconds`."""

from __future__ import annotations

import uuid

import pytest
from prometheus_client import REGISTRY

from allokoli.http.deps import AlloKoliApp
from allokoli.jobs.tasks import OutboxMessageJob


def _count(task: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value("allokoli_jobs_total", {"task": task, "outcome": outcome})
    return value or 0.0


def _runs(task: str) -> float:
    value = REGISTRY.get_sample_value("allokoli_job_duration_seconds_count", {"task": task})
    return value or 0.0


def test_jobs_are_counted_by_outcome(app: AlloKoliApp, monkeypatch: pytest.MonkeyPatch) -> None:
    functions = app.services.jobs.functions
    before = _count("sessions.purge", "succeeded"), _runs("sessions.purge")
    functions.purge_sessions()
    assert _count("sessions.purge", "succeeded") == before[0] + 1
    assert _runs("sessions.purge") == before[1] + 1

    # A message that no longer exists is not claimed: skipped, not succeeded.
    skipped = _count("outbox.message", "skipped")
    functions.outbox_message(
        OutboxMessageJob(message_id=uuid.uuid4(), organization_id=uuid.uuid4())
    )
    assert _count("outbox.message", "skipped") == skipped + 1

    def broken() -> None:
        raise RuntimeError("base injoignable")

    monkeypatch.setattr(functions.reconciler, "run", broken)
    failed = _count("calls.reconcile", "failed")
    with pytest.raises(RuntimeError):
        functions.reconcile()
    assert _count("calls.reconcile", "failed") == failed + 1
