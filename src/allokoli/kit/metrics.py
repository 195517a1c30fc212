"""Prometheus metrics: the metric objects of every process, and how `/metrics` renders them.

One process: the default registry. Several (`allokoli serve --workers N`, or web processes
and workers on one machine): `PROMETHEUS_MULTIPROC_DIR` names a directory where each process
writes its samples (prometheus_client's multiprocess mode) and `/metrics` of any process
adds them all up. The variable must be set before this module is first imported, which
`allokoli serve` does for its worker processes; an operator running several `allokoli`
processes under systemd sets it in their environment (docs/deployment.md).

Labels are bounded: routes are templates (`/api/assistants/{assistant_id}`), never paths.
The job functions count themselves in `JOBS` / `JOB_SECONDS` (jobs/tasks.py).
"""

from __future__ import annotations

import os
import time

import httpx
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from allokoli.kit.tls import tls_context

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HTTP_REQUESTS = Counter(
    "allokoli_http_requests_total",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "allokoli_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template.",
    ["method", "route"],
    buckets=_LATENCY,
)
WEBHOOK_EVENTS = Counter(
    "allokoli_webhook_events_total",
    "Vapi webhook deliveries, by message type and outcome (stored, duplicate, refused…).",
    ["type", "outcome"],
)
WEBHOOK_SECONDS = Histogram(
    "allokoli_webhook_ingest_seconds",
    "Time from a webhook's arrival to its answer (stored and committed, or refused).",
    ["type"],
    buckets=_LATENCY,
)
BATCH_SIZE = Histogram(
    "allokoli_batch_size",
    "Items written per group commit (kit.batcher), by batcher.",
    ["batcher"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
PROVIDER_REQUESTS = Counter(
    "allokoli_provider_requests_total",
    "HTTP calls to a provider (Vapi, Twilio…), by outcome: the status code, or `error` when "
    "no answer came (timeout, connection refused).",
    ["provider", "method", "outcome"],
)
PROVIDER_SECONDS = Histogram(
    "allokoli_provider_request_duration_seconds",
    "Time of an HTTP call to a provider.",
    ["provider", "method"],
    buckets=_LATENCY,
)
JOBS = Counter(
    "allokoli_jobs_total",
    "Background jobs finished, by task and outcome (succeeded, failed, retried, skipped).",
    ["task", "outcome"],
)
JOB_SECONDS = Histogram(
    "allokoli_job_duration_seconds",
    "Time a background job ran, by task.",
    ["task"],
    buckets=_LATENCY,
)


def render() -> bytes:
    """The exposition text of this process, or of every process in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class MeteredTransport(httpx.BaseTransport):
    """An httpx transport that times each call to a provider and counts its outcome."""

    def __init__(self, provider: str, inner: httpx.BaseTransport | None = None) -> None:
        self.provider = provider
        self.inner = inner or httpx.HTTPTransport(verify=tls_context())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        outcome = "error"
        try:
            response = self.inner.handle_request(request)
            outcome = str(response.status_code)
            return response
        finally:
            PROVIDER_SECONDS.labels(self.provider, request.method).observe(
                time.perf_counter() - started
            )
            PROVIDER_REQUESTS.labels(self.provider, request.method, outcome).inc()

    def close(self) -> None:
        self.inner.close()


def metered_transport(provider: str) -> httpx.BaseTransport:
    return MeteredTransport(provider)
