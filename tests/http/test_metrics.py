"""`GET /metrics`: off without a token, behind it otherwise; what it counts."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from pydantic import SecretStr

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.kit import metrics
from allokoli.settings import Settings

TOKEN = "jeton-des-metriques"


def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_are_off_without_a_token(client: TestClient) -> None:
    r = client.get("/metrics")
    assert r.status_code == 404
    assert r.json()["error"] == "NotFound"


def test_metrics_ask_for_the_token_and_count_by_route_template(
    settings: Settings, database: Database
) -> None:
    app = create_app(
        settings.model_copy(update={"metrics_token": SecretStr(TOKEN)}), database=database
    )
    labels = {"method": "GET", "route": "/api/v1/assistants/{assistant_id:uuid}", "status": "401"}
    before = _sample("allokoli_http_requests_total", labels)
    with TestClient(app) as client:
        for _ in range(3):
            client.get("/api/v1/assistants/00000000-0000-0000-0000-000000000001")
        client.get("/nulle/part/123")
        refused = client.get("/metrics", headers={"Authorization": "Bearer faux"})
        assert refused.status_code == 401
        assert refused.json()["detail"] == "Jeton des métriques manquant ou invalide."
        r = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert _sample("allokoli_http_requests_total", labels) == before + 3
    assert 'route="/api/v1/assistants/{assistant_id:uuid}"' in r.text
    assert "/nulle/part" not in r.text  # unmatched paths share one label
    assert 'route="<unmatched>"' in r.text


@pytest.mark.parametrize("fails", [False, True])
def test_provider_calls_are_timed_and_counted(fails: bool) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if fails:
            raise httpx.ConnectTimeout("trop long", request=request)
        return httpx.Response(503)

    outcome = "error" if fails else "503"
    labels = {"provider": "test", "method": "POST", "outcome": outcome}
    before = _sample("allokoli_provider_requests_total", labels)
    timed = {"provider": "test", "method": "POST"}
    count_before = _sample("allokoli_provider_request_duration_seconds_count", timed)
    transport = metrics.MeteredTransport("test", httpx.MockTransport(answer))
    with httpx.Client(transport=transport) as client:
        if fails:
            with pytest.raises(httpx.ConnectTimeout):
                client.post("https://api.vapi.invalid/assistant")
        else:
            assert client.post("https://api.vapi.invalid/assistant").status_code == 503
    assert _sample("allokoli_provider_requests_total", labels) == before + 1
    assert _sample("allokoli_provider_request_duration_seconds_count", timed) == count_before + 1
