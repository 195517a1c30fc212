"""Security headers on every response: pages, JSON, errors, static files, MCP and sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.settings import Settings
from allokoli.web.templating import TEMPLATES_DIR
from tests.conftest import Account

EXPECTED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def _directives(policy: str) -> dict[str, list[str]]:
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def _check(response: object) -> dict[str, list[str]]:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in EXPECTED.items():
        assert headers[name] == value, (name, response)
    assert "microphone=(self)" in headers["permissions-policy"]
    assert "camera=()" in headers["permissions-policy"]
    assert "geolocation=()" in headers["permissions-policy"]
    assert "strict-transport-security" not in headers  # http public URL
    csp = _directives(headers["content-security-policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["connect-src"] == ["'self'"]
    return csp


@pytest.fixture
def crashing_client(app: AlloKoliApp) -> TestClient:
    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom", boom)
    return TestClient(app, raise_server_exceptions=False)


def test_every_kind_of_response_has_the_headers(
    client: TestClient, alice: Account, crashing_client: TestClient, settings: Settings
) -> None:
    responses = {
        "page": client.get("/login"),
        "json 401": client.get("/api/v1/me"),
        "json 200": alice.client.get("/api/v1/me", headers=alice.auth),
        "html 404": client.get("/nulle-part"),
        "json 404": client.get("/api/v1/nulle-part"),
        "405": client.put("/login"),
        "422": alice.client.post("/api/v1/assistants", json={}, headers=alice.auth),
        "413": client.post("/api/v1/assistants", content=b"x" * (settings.max_body_bytes + 1)),
        "static": client.get("/static/app.css"),
        "health": client.get("/healthz"),
        "mcp": client.post("/mcp", json={}),
        "sandbox": client.get("/sandbox/vapi/assistant"),
        "webhook": client.post("/webhooks/vapi/inconnu", json={}),
        "500": crashing_client.get("/boom"),
    }
    assert responses["page"].status_code == 200
    assert responses["500"].status_code == 500
    assert responses["413"].status_code == 413
    for name, response in responses.items():
        try:
            _check(response)
        except (AssertionError, KeyError) as exc:
            raise AssertionError(
                f"{name}: {response.status_code} {dict(response.headers)}"
            ) from exc


def test_rate_limited_answers_have_the_headers(settings: Settings, database: Database) -> None:
    app = create_app(
        settings.model_copy(update={"api_rate_limit_per_minute": 1}), database=database
    )
    with TestClient(app) as c:
        headers = {"Authorization": "Bearer ak_inconnu_x"}
        c.get("/api/v1/me", headers=headers)
        r = c.get("/api/v1/me", headers=headers)
    assert r.status_code == 429
    _check(r)


def test_hsts_only_when_the_public_url_is_https(settings: Settings, database: Database) -> None:
    app = create_app(
        settings.model_copy(update={"public_url": "https://app.exemple.fr"}), database=database
    )
    with TestClient(app) as c:
        r = c.get("/login")
    assert r.headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_voice_sdk_sources_only_with_a_public_key(
    settings: Settings, database: Database
) -> None:
    app = create_app(
        settings.model_copy(update={"vapi_public_key": "pk-public"}), database=database
    )
    with TestClient(app) as c:
        csp = _directives(c.get("/login").headers["content-security-policy"])
    assert "https://api.vapi.ai" in csp["connect-src"]
    assert "wss://*.daily.co" in csp["connect-src"]
    assert csp["script-src"] == ["'self'", "https://c.daily.co"]
    assert "'unsafe-eval'" not in csp["script-src"]


def test_the_api_docs_pages_keep_framing_and_base_rules(client: TestClient) -> None:
    r = client.get("/docs")
    csp = _directives(r.headers["content-security-policy"])
    assert "https://cdn.jsdelivr.net" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\bhx-on", re.I), "hx-on handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "inline <style>"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


@pytest.mark.parametrize("template", sorted(Path(TEMPLATES_DIR).rglob("*.html")), ids=str)
def test_templates_hold_no_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for pattern, what in INLINE:
        match = pattern.search(text)
        assert match is None, f"{template.name}: {what} ({match.group(0) if match else ''})"


def test_htmx_is_told_not_to_inject_its_style() -> None:
    base = (Path(TEMPLATES_DIR) / "base.html").read_text(encoding="utf-8")
    assert '"includeIndicatorStyles": false' in base
