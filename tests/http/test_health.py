"""`/healthz` answers « starting » (503, `Retry-After`) until the process's warm-ups have
finished, then ok; the warm-ups run in the background from the app's lifespan."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.kit.warmup import WarmUp
from allokoli.services import Services, warm_ups
from allokoli.settings import Environment, Settings


@pytest.fixture
def services(settings: Settings, database: Database) -> Iterator[Services]:
    with Services.build(settings, database=database) as built:
        yield built


def test_starting_until_every_warm_up_has_finished(services: Services) -> None:
    nlp_loaded, sdk_loaded = threading.Event(), threading.Event()
    ran: list[str] = []

    def gated(name: str, gate: threading.Event) -> Callable[[], None]:
        def task() -> None:
            assert gate.wait(30)
            ran.append(name)

        return task

    services.warm_up = WarmUp(
        {"nlp": gated("nlp", nlp_loaded), "vapi-sdk": gated("vapi-sdk", sdk_loaded)}
    )
    with TestClient(create_app(services=services)) as client:
        starting = client.get("/healthz")
        assert starting.status_code == 503
        assert starting.json() == {"status": "starting", "warming": ["nlp", "vapi-sdk"]}
        assert starting.headers["retry-after"] == "2"

        sdk_loaded.set()
        while "vapi-sdk" in services.warm_up.pending():
            assert not services.warm_up.wait(0.01)
        still = client.get("/healthz")
        assert (still.status_code, still.json()["warming"]) == (503, ["nlp"])

        nlp_loaded.set()
        assert services.warm_up.wait(30)
        ready = client.get("/healthz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ok", "database": "ok"}
    assert sorted(ran) == ["nlp", "vapi-sdk"]


def test_a_failed_warm_up_is_logged_and_does_not_block_readiness(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise RuntimeError("no model on disk")

    warm_up = WarmUp({"nlp": broken})
    with caplog.at_level(logging.ERROR, logger="allokoli.warmup"):
        warm_up.run()
    assert warm_up.ready and warm_up.pending() == []
    assert "warm-up nlp failed" in caplog.text


def test_a_worker_runs_them_inline_once() -> None:
    calls: list[str] = []
    warm_up = WarmUp({"nlp": lambda: calls.append("nlp")})
    assert not warm_up.ready
    warm_up.run()
    warm_up.run()
    warm_up.start()
    assert warm_up.ready and calls == ["nlp"]


def test_a_server_warms_the_pipeline_and_the_provider_client(settings: Settings) -> None:
    served = settings.model_copy(update={"env": Environment.DEVELOPMENT})
    assert sorted(warm_ups(served)) == ["nlp", "vapi-sdk"]
    assert warm_ups(settings) == {}  # tests are warm: each warms what it times
    assert WarmUp(warm_ups(settings)).ready
