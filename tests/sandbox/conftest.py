"""Fixtures of the sandbox tests: two organisations with their sandbox credentials, the official
Vapi SDK pointed at the app, a capturing webhook receiver (at the organisation's own webhook URL,
the only one the sandbox delivers to), and a realistic generated-looking assistant body."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from vapi import Vapi

from allokoli.db.engine import make_engine, normalize_url
from allokoli.db.session import Database, bind_tenant
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.crypto import SecretBox
from allokoli.kit.security import sha256_hex
from allokoli.models import Organization
from allokoli.sandbox.models import SandboxKey
from allokoli.settings import Settings
from tests.conftest import PG_URL

BASE = "/sandbox/vapi"
TOKEN = "sk-test-alice"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OTHER_TOKEN = "sk-test-bob"
OTHER_AUTH = {"Authorization": f"Bearer {OTHER_TOKEN}"}
PUBLIC_URL = "http://127.0.0.1:8000"
"""The test settings' public URL (the default)."""
WEBHOOK_KEY = "alice-webhook-key"
HOOK = f"{PUBLIC_URL}/webhooks/vapi/{WEBHOOK_KEY}"
"""Alice's AlloKoli webhook URL: the only URL the sandbox delivers Alice's messages to."""
OTHER_HOOK = f"{PUBLIC_URL}/webhooks/vapi/bob-webhook-key"

PROFILE: dict[str, Any] = {
    "company_name": "Salon Élise",
    "activity": "Salon de coiffure mixte",
    "sector": {"family": "beaute", "subtype": "coiffure"},
    "address": {"street": "12 rue de la République", "postal_code": "69002", "city": "Lyon"},
    "business_phone": "+33478123456",
    "opening_hours": {
        "days": [
            {"day": "lundi", "ranges": []},
            *(
                {
                    "day": day,
                    "ranges": [
                        {"start": "09:00", "end": "12:00"},
                        {"start": "14:00", "end": "19:00"},
                    ],
                }
                for day in ("mardi", "mercredi", "jeudi", "vendredi")
            ),
            {"day": "samedi", "ranges": [{"start": "09:00", "end": "17:00"}]},
            {"day": "dimanche", "ranges": []},
        ]
    },
    "services": [
        {"name": "Coupe homme", "price_eur": 25, "duration_minutes": 30},
        {"name": "Coupe femme", "price_eur": 42.5, "duration_minutes": 45},
        {
            "name": "Coloration",
            "price_eur": 55,
            "price_note": "à partir de",
            "duration_minutes": 90,
        },
        {"name": "Brushing", "price_eur": 20},
    ],
    "faq": [
        {
            "question": "Acceptez-vous les chèques ?",
            "answer": "Non, nous acceptons la carte bancaire et les espèces.",
        },
        {
            "question": "Y a-t-il un parking à proximité ?",
            "answer": "Oui, le parking des Célestins est à deux minutes à pied.",
        },
    ],
    "owner_name": "Élise",
    "tasks": ["answer_faq", "take_message", "book_appointment"],
}


def assistant_body(**overrides: Any) -> dict[str, Any]:
    """A CreateAssistantDTO like the generator's (system prompt, voice, tools, profile)."""
    body: dict[str, Any] = {
        "name": "Salon Élise",
        "firstMessage": "Bonjour, Salon Élise, je suis l'assistante virtuelle. Que puis-je faire ?",
        "firstMessageMode": "assistant-speaks-first",
        "endCallMessage": "Merci de votre appel et à bientôt au Salon Élise !",
        "model": {
            "provider": "openai",
            "model": "gpt-4.1-mini",
            "temperature": 0.3,
            "messages": [
                {"role": "system", "content": "Tu es l'assistante du Salon Élise. N'invente rien."}
            ],
            "tools": [{"type": "endCall"}],
        },
        "voice": {"provider": "azure", "voiceId": "fr-FR-DeniseNeural"},
        "transcriber": {"provider": "deepgram", "model": "nova-3", "language": "fr"},
        "metadata": {"allokoliProfile": copy.deepcopy(PROFILE)},
    }
    body.update(overrides)
    return body


class SdkTestClient(TestClient):
    """The app's TestClient for the SDK: the SDK passes `timeout=` on every request, which the
    TestClient deprecates (it cannot time out an in-process call), so it is dropped here."""

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:
        kwargs.pop("timeout", None)
        return super().request(method, url, **kwargs)


@dataclass(frozen=True)
class SandboxAccounts:
    alice: uuid.UUID
    bob: uuid.UUID


def seed_account(
    database: Database, settings: Settings, name: str, token: str, webhook_key: str
) -> uuid.UUID:
    """An organisation whose sandbox credential is `token`, stored as the product stores it
    (hash + sealed); a known token keeps the tests readable."""
    box = SecretBox(settings.secret_key.get_secret_value())
    with database.unit_of_work() as session:
        org = Organization(name=name, webhook_key=webhook_key)
        session.add(org)
        session.flush()
        bind_tenant(session, org.id)
        session.add(
            SandboxKey(
                organization_id=org.id, token_hash=sha256_hex(token), token_sealed=box.seal(token)
            )
        )
        return org.id


@pytest.fixture
def sandbox_accounts(database: Database, settings: Settings) -> SandboxAccounts:
    """Alice (`AUTH`) and Bob (`OTHER_AUTH`), each with their own sandbox credential."""
    return SandboxAccounts(
        alice=seed_account(database, settings, "Salon Élise", TOKEN, WEBHOOK_KEY),
        bob=seed_account(database, settings, "Plomberie Bob", OTHER_TOKEN, "bob-webhook-key"),
    )


@pytest.fixture
def api(app: AlloKoliApp, sandbox_accounts: SandboxAccounts) -> Iterator[SdkTestClient]:
    with SdkTestClient(app) as c:
        yield c


@pytest.fixture
def vapi(api: SdkTestClient) -> Vapi:
    return sdk(api, TOKEN)


def sdk(api: SdkTestClient, token: str) -> Vapi:
    """The SDK on the in-process app (the TestClient speaks the same Client API as httpx)."""
    return Vapi(token=token, base_url=f"http://testserver{BASE}", httpx_client=api)  # type: ignore[arg-type]


@dataclass
class Receiver:
    """A tiny webhook receiver: records every request's headers and raw body."""

    app: FastAPI
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200

    @property
    def messages(self) -> list[dict[str, Any]]:
        import json

        return [json.loads(body)["message"] for _, body in self.requests]


@pytest.fixture
def receiver(app: AlloKoliApp) -> Receiver:
    hook_app = FastAPI()
    rec = Receiver(hook_app)

    @hook_app.post("/webhooks/vapi/{key}")
    async def hook(request: Request, key: str) -> Any:
        rec.requests.append((dict(request.headers), await request.body()))
        from fastapi.responses import JSONResponse

        return JSONResponse({}, status_code=rec.status)

    # Starlette's TestClient is an httpx.Client of its own httpx fork: same interface.
    app.services.sandbox_http_client = lambda: TestClient(  # type: ignore[assignment]
        hook_app, base_url="http://receiver.test"
    )
    return rec


def post(client: TestClient, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return client.post(f"{BASE}{path}", json=body, headers=headers or AUTH)


@pytest.fixture
def owner_engine(admin_engine: Engine) -> Iterator[Engine]:
    """Reads every row whatever row-level security says (PostgreSQL: the server's superuser,
    on the test database; SQLite has no RLS)."""
    if admin_engine.dialect.name != "postgresql":
        yield admin_engine
        return
    url = make_url(normalize_url(PG_URL)).set(database=admin_engine.url.database)
    engine = make_engine(url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()
