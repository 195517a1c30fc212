"""Every route, page and MCP tool that takes an id, probed by organisation B with A's ids.

`test_isolation.py` proves, resource by resource, that B cannot list, read, change or delete A's
data through the usual paths. This module is the exhaustive side: it enumerates the app's routes
(path parameters, and query, form or JSON fields that name an id) and the MCP tools (arguments
named `*_id`), fails when one is not probed here, and probes each one as B with A's ids:

- an id in the path (or an id B must own, like a chat id) answers 404 (the French 404 page on
  HTML, status 404 through MCP), exactly as for an id that does not exist;
- an id used as a filter (`?assistant_id=`) or a selection (bulk actions, a caller's number)
  finds nothing of A's, as an unknown id would;
- afterwards every row of A's is unchanged (read from the database, not through A's API) and no
  row of B's refers to one of A's ids.

The world (two organisations, A's assistant deployed with a phone number, two versions, a test
chat, a call, a message, a template, an API key, a configurator session) is built once per module
in a database of its own, so that probing ~60 routes stays cheap and the suite's per-test wipes
never reach it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import anyio
import httpx
import httpx2
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import select

from allokoli.app import create_app
from allokoli.db.base import Base
from allokoli.db.engine import make_engine
from allokoli.db.migrate import upgrade
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.settings import Settings
from tests.assistants.conftest import PIZZERIA, deploy
from tests.bookings.conftest import NOW
from tests.calls.conftest import call_id_of, org_hook
from tests.conftest import (
    BACKEND,
    TEST_SECRET,
    Account,
    InProcessTransport,
    _pg_drop,
    _pg_setup,
    signup,
)
from tests.mcp.conftest import mcp_over_http
from tests.notifications.conftest import settle

pytestmark = pytest.mark.db

PLUMBER = "Plomberie Bob à Nantes, ouverte du lundi au vendredi de 8h à 18h"
CALLER = "+33612345678"

# Routes that take an id but are not a tenant's resource reached by a tenant's credentials.
EXEMPT = {
    # The embedded Vapi emulator: its own credential and tests (tests/sandbox, issue 12 item 2).
    r"/sandbox/vapi/.*": "the provider emulator, isolated by its own credential",
    # The webhook key is the organisation's routing secret, checked with an HMAC signature.
    r"/webhooks/vapi/\{org_key\}": "a per-organisation secret, not a resource id",
    r"/webhooks/twilio/\{org_key\}/sms": "the same secret, the request signed by Twilio",
    # The digest's unsubscribe link works without logging in: its random token is the secret.
    r"/notifications/unsubscribe/\{org_id\}/\{token\}": "a link's own random secret",
    # The ICS feed's token is the organisation's secret (no login): a wrong or another
    # organisation's token gets 404, tests/calendars/test_views.py and test_isolation_calendars.py.
    r"/calendar/\{token\}\.ics": "a per-organisation secret, not a resource id",
}
ID_FIELD = re.compile(r"(^|_)ids?$")


# --- the world --------------------------------------------------------------------------------


@dataclass
class World:
    app: AlloKoliApp
    database: Database
    alice: Account
    bob: Account
    ids: dict[str, str]
    """A's ids by path parameter name, plus `chat_id`, `provider_call_id`, `bob_assistant_id`."""
    clients: list[TestClient] = field(default_factory=list)

    @property
    def markers(self) -> set[str]:
        """Values that must never appear in one of B's rows."""
        return {v for k, v in self.ids.items() if k not in ("version", "bob_assistant_id")}


@pytest.fixture(scope="module")
def world_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of the module's own, migrated like the suite's, dropped at the end."""
    if BACKEND == "postgresql":
        urls, name = _pg_setup()
        upgrade(urls.admin, urls.app)
        yield urls.app
        _pg_drop(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('every_id') / 'world.db'}"
        upgrade(url)
        yield url


@pytest.fixture(scope="module")
def world(world_url: str) -> Iterator[World]:
    engine = make_engine(world_url)
    database = Database(engine)
    settings = Settings(
        _env_file=None,
        env="test",
        database_url=world_url,
        secret_key=TEST_SECRET,
        outbox_poll_seconds=0,
    )
    app = create_app(settings, database=database)
    with TestClient(app) as runner:
        in_process = httpx.Client(
            transport=InProcessTransport(runner), base_url="http://testserver"
        )
        app.services.vapi_http_client = in_process
        # Hundreds of probes with one key each: not a test of the per-key rate limit.
        app.services.rate_limiter.capacity = 1e9
        app.services.sandbox_http_client = in_process
        alice = signup(app, "alice@exemple.fr", "Pizzeria Alice")
        bob = signup(app, "bob@exemple.fr", "Plomberie Bob")
        w = World(app, database, alice, bob, _build(app, alice, bob), [alice.client, bob.client])
        yield w
        for c in w.clients:
            c.__exit__(None, None, None)
        in_process.close()
    engine.dispose()


def _ok(r: httpx2.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


def _build(app: AlloKoliApp, alice: Account, bob: Account) -> dict[str, str]:
    a, h = alice.client, alice.auth
    assistant = _ok(a.post("/api/v1/assistants", json={"text": PIZZERIA}, headers=h), 201)["id"]
    _ok(a.patch(f"/api/v1/assistants/{assistant}", json={"name": "Da Marco"}, headers=h))
    assert deploy(app, alice, assistant)["status"] == "active"
    _ok(a.post(f"/api/v1/assistants/{assistant}/phone-number", headers=h), 201)
    chat = _ok(a.post(f"/api/v1/assistants/{assistant}/chat", json={"text": "Bonjour"}, headers=h))[
        "chat_id"
    ]
    hook = org_hook(app, alice)
    provider_call_id = hook.report(
        caller=CALLER,
        assistant_id=assistant,
        structured={"questions_sans_reponse": ["Acceptez-vous les chiens ?"]},
    )
    hook.take_message(provider_call_id)
    settle(app, lambda: bool(_ok(a.get("/api/v1/knowledge-gaps", headers=h))), "A's question")
    gap = _ok(a.get("/api/v1/knowledge-gaps", headers=h))[0]["id"]
    _ok(a.post("/api/v1/sms-opt-outs", json={"number": "0611223344"}, headers=h), 201)
    message = _ok(a.get("/api/v1/messages", headers=h))["items"][0]["id"]
    template = _ok(
        a.post("/api/v1/templates", json={"assistant_id": assistant, "name": "Modèle"}, headers=h),
        201,
    )["id"]
    key = _ok(a.post("/api/v1/api-keys", json={"name": "compta"}, headers=h), 201)["id"]
    session = _ok(a.post("/api/v1/configurator/sessions", headers=h), 201)["id"]
    rehearsal = _ok(
        a.post(f"/api/v1/assistants/{assistant}/rehearsals", json={"runs": 1}, headers=h), 201
    )["id"]
    bob_assistant = _ok(
        bob.client.post("/api/v1/assistants", json={"text": PLUMBER}, headers=bob.auth), 201
    )["id"]
    while app.services.dispatcher.run_due():
        pass
    app.services.clock = lambda: NOW
    a_ = f"/api/v1/assistants/{assistant}"
    _ok(a.put(f"{a_}/booking-settings", json={"min_notice_minutes": 0}, headers=h))
    resource = _ok(
        a.post(f"{a_}/booking-resources", json={"name": "Salle", "capacity": 40}, headers=h), 201
    )["id"]
    service = _ok(
        a.post(
            f"{a_}/booking-services",
            json={"name": "Table", "duration_minutes": 90, "resource_id": resource},
            headers=h,
        ),
        201,
    )["id"]
    slot = _ok(a.get(f"{a_}/availability", headers=h))["slots"][0]["start_at"]
    booking = _ok(
        a.post(
            "/api/v1/bookings",
            json={"assistant_id": assistant, "start_at": slot, "service": "Table"},
            headers=h,
        ),
        201,
    )["id"]
    block = _ok(
        a.post(
            f"{a_}/booking-blocks",
            json={"start_at": "2027-03-20T10:00:00+01:00", "end_at": "2027-03-20T11:00:00+01:00"},
            headers=h,
        ),
        201,
    )["id"]
    rule = _ok(
        a.post("/api/v1/numbers", json={"number": "0622222222", "kind": "blocked"}, headers=h), 201
    )["id"]
    closure = _ok(
        a.post(
            "/api/v1/closures",
            json={"starts_on": "2099-08-01", "ends_on": "2099-08-15", "assistant_id": assistant},
            headers=h,
        ),
        201,
    )["id"]
    return {
        "rule_id": rule,
        "closure_id": closure,
        "booking_id": booking,
        "block_id": block,
        "resource_id": resource,
        "service_id": service,
        "assistant_id": assistant,
        "version": "1",
        "chat_id": chat,
        "call_id": call_id_of(alice, provider_call_id),
        "provider_call_id": provider_call_id,
        "message_id": message,
        "template_id": template,
        "key_id": key,
        "session_id": session,
        "conversation_id": session,
        "rehearsal_id": rehearsal,
        "bob_assistant_id": bob_assistant,
        "gap_id": gap,
        "number": "+33611223344",
    }


# --- what A has, read from the database ------------------------------------------------------


def _tenant_tables() -> list[Any]:
    return [t for t in Base.metadata.sorted_tables if "organization_id" in t.c]


def _rows(w: World, account: Account) -> dict[str, list[dict[str, Any]]]:
    org = account.org_id
    out: dict[str, list[dict[str, Any]]] = {}
    with w.database.unit_of_work(tenant_id=org) as session:
        for table in _tenant_tables():
            stmt = select(table).where(table.c.organization_id == org)
            rows = session.execute(stmt.order_by(*table.primary_key.columns)).mappings()
            out[table.name] = [dict(row) for row in rows]
    return out


def _assert_untouched(w: World, before: dict[str, list[dict[str, Any]]]) -> None:
    after = _rows(w, w.alice)
    for table, rows in before.items():
        assert after[table] == rows, f"organisation A's {table} changed"
    leaks = []
    for table, rows in _rows(w, w.bob).items():
        for row in rows:
            text = json.dumps(row, default=str)
            leaks += [(table, m) for m in w.markers if m in text]
    assert not leaks, f"B's rows refer to A's ids: {leaks}"


# --- the probes -------------------------------------------------------------------------------

Expect = Literal["404", "nothing"]


@dataclass(frozen=True)
class Probe:
    """One request B makes with A's ids. `{name}` in the path is A's id of that name."""

    method: str
    route: str
    """The route's path template, as `app.routes` lists it."""
    expect: Expect = "404"
    query: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    form: dict[str, Any] | None = None
    path: str | None = None
    """The path to request when it differs from `route` formatted with A's ids."""
    label: str = ""

    @property
    def html(self) -> bool:
        return not self.route.startswith("/api/")

    @property
    def name(self) -> str:
        return f"{self.method} {self.route} {self.label}".strip()


def _fill(template: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], template)


A = "/api/v1/assistants/{assistant_id}"
H = "/assistants/{assistant_id}"
PROBES: list[Probe] = [
    # API: A's id in the path.
    Probe("GET", A),
    Probe("PATCH", A, json={"name": "Piraté"}),
    Probe("DELETE", A),
    Probe("GET", f"{A}/calls"),
    Probe("POST", f"{A}/chat", json={"text": "Bonjour"}),
    Probe("POST", f"{A}/chat", json={"text": "Bonjour", "chat_id": "{chat_id}"}, label="chat"),
    Probe("POST", f"{A}/deploy"),
    Probe("POST", f"{A}/duplicate"),
    Probe("GET", f"{A}/export"),
    Probe("POST", f"{A}/phone-number"),
    Probe("DELETE", f"{A}/phone-number"),
    Probe("POST", f"{A}/regenerate"),
    Probe("GET", f"{A}/regenerate/preview"),
    Probe("GET", f"{A}/fiche"),
    Probe(
        "PUT",
        f"{A}/fiche/{{group}}",
        path=f"{A}/fiche/transferts",
        json={"transfer_number": "06 11 22 33 44"},
    ),
    Probe("POST", f"{A}/rehearsals", json={"runs": 1}),
    Probe("GET", f"{A}/rehearsals"),
    Probe("GET", f"{A}/rehearsals/{{rehearsal_id}}"),
    Probe("POST", f"{A}/rehearsals/override", json={"reason": "Piraté"}),
    Probe("GET", f"{A}/versions/changes", query={"from": "1", "to": "2"}),
    Probe("GET", f"{A}/versions"),
    Probe("GET", f"{A}/versions/diff", query={"from": "1", "to": "2"}),
    Probe("POST", f"{A}/versions/{{version}}/restore"),
    Probe("GET", "/api/v1/api-keys/{key_id}"),
    Probe("DELETE", "/api/v1/api-keys/{key_id}"),
    Probe("GET", "/api/v1/calls/{call_id}"),
    Probe("POST", "/api/v1/calls/{call_id}/rehearsal-scenario"),
    Probe("GET", "/api/v1/bookings/{booking_id}"),
    Probe("PATCH", "/api/v1/bookings/{booking_id}", json={"status": "cancelled"}),
    Probe("POST", "/api/v1/bookings/{booking_id}/cancel"),
    Probe("GET", "/api/v1/bookings", expect="nothing", query={"assistant_id": "{assistant_id}"}),
    Probe(
        "POST",
        "/api/v1/bookings",
        json={
            "assistant_id": "{assistant_id}",
            "start_at": "2027-03-09T10:00:00+01:00",
            "service": "Table",
        },
    ),
    Probe("GET", f"{A}/availability"),
    Probe("GET", f"{A}/booking-settings"),
    Probe("PUT", f"{A}/booking-settings", json={"mode": "request"}),
    Probe("GET", f"{A}/booking-resources"),
    Probe("POST", f"{A}/booking-resources", json={"name": "Pirate", "capacity": 1}),
    Probe("GET", f"{A}/booking-services"),
    Probe(
        "POST",
        f"{A}/booking-services",
        json={"name": "Pirate", "duration_minutes": 30, "resource_id": "{resource_id}"},
    ),
    Probe(
        "POST",
        "/api/v1/assistants/{assistant_id}/booking-services",
        path="/api/v1/assistants/{bob_assistant_id}/booking-services",
        json={"name": "Pirate", "duration_minutes": 30, "resource_id": "{resource_id}"},
        label="resource",
    ),
    Probe(
        "POST",
        f"{A}/booking-blocks",
        json={"start_at": "2027-03-09T10:00:00+01:00", "end_at": "2027-03-09T11:00:00+01:00"},
    ),
    Probe("PATCH", f"{A}/booking-resources/{{resource_id}}", json={"capacity": 1}),
    Probe("DELETE", f"{A}/booking-resources/{{resource_id}}"),
    Probe("PATCH", f"{A}/booking-services/{{service_id}}", json={"name": "Pirate"}),
    Probe("DELETE", f"{A}/booking-services/{{service_id}}"),
    Probe(
        "PATCH",
        "/api/v1/assistants/{assistant_id}/booking-resources/{resource_id}",
        path="/api/v1/assistants/{bob_assistant_id}/booking-resources/{resource_id}",
        json={"capacity": 1},
        label="B's assistant, A's resource",
    ),
    Probe(
        "DELETE",
        "/api/v1/assistants/{assistant_id}/booking-resources/{resource_id}",
        path="/api/v1/assistants/{bob_assistant_id}/booking-resources/{resource_id}",
        label="B's assistant, A's resource",
    ),
    Probe(
        "PATCH",
        "/api/v1/assistants/{assistant_id}/booking-services/{service_id}",
        path="/api/v1/assistants/{bob_assistant_id}/booking-services/{service_id}",
        json={"name": "Pirate", "resource_id": "{resource_id}"},
        label="B's assistant, A's service",
    ),
    Probe(
        "DELETE",
        "/api/v1/assistants/{assistant_id}/booking-services/{service_id}",
        path="/api/v1/assistants/{bob_assistant_id}/booking-services/{service_id}",
        label="B's assistant, A's service",
    ),
    Probe("GET", "/api/v1/configurator/sessions/{session_id}"),
    Probe("POST", "/api/v1/configurator/sessions/{session_id}/voice"),
    Probe("GET", "/api/v1/numbers/{rule_id}"),
    Probe("DELETE", "/api/v1/numbers/{rule_id}"),
    Probe("GET", "/api/v1/closures/{closure_id}"),
    Probe("DELETE", "/api/v1/closures/{closure_id}"),
    Probe(
        "POST",
        "/api/v1/closures",
        json={"starts_on": "2099-01-01", "ends_on": "2099-01-02", "assistant_id": "{assistant_id}"},
    ),
    Probe("POST", "/api/v1/calls/{call_id}/caller-rule", json={"kind": "blocked"}),
    Probe("POST", "/calls/{call_id}/caller-rule", form={"kind": "blocked"}),
    Probe(
        "POST",
        "/routing/closures",
        form={"starts_on": "2099-01-01", "ends_on": "2099-01-02", "assistant_id": "{assistant_id}"},
    ),
    Probe("POST", "/routing/closures/{closure_id}/delete"),
    Probe("POST", "/routing/numbers/{rule_id}/delete"),
    Probe("GET", "/configurator/{session_id}/events"),
    Probe("POST", "/api/v1/configurator/sessions/{session_id}/turns", json={"text": "bonjour"}),
    Probe("PATCH", "/api/v1/messages/{message_id}", json={"handled": True}),
    Probe("DELETE", "/api/v1/templates/{template_id}"),
    Probe("GET", f"{A}/notifications"),
    Probe("PUT", f"{A}/notifications", json={"calls": "all", "emails": ["pirate@exemple.fr"]}),
    Probe("POST", "/api/v1/knowledge-gaps/{gap_id}/answer", json={"answer": "Piraté"}),
    Probe("DELETE", "/api/v1/sms-opt-outs/{number}"),
    Probe("POST", "/api/v1/templates/{template_id}/assistants", json={"company_name": "Pirate"}),
    # API: A's id in the body or the query, B's own ids elsewhere.
    Probe(
        "POST",
        "/api/v1/assistants/{assistant_id}/chat",
        path="/api/v1/assistants/{bob_assistant_id}/chat",
        json={"chat_id": "{chat_id}", "text": "Bonjour"},
        label="B's assistant, A's chat",
    ),
    Probe(
        "GET",
        "/api/v1/assistants/{assistant_id}/rehearsals/{rehearsal_id}",
        path="/api/v1/assistants/{bob_assistant_id}/rehearsals/{rehearsal_id}",
        label="B's assistant, A's rehearsal",
    ),
    Probe("POST", "/api/v1/templates", json={"assistant_id": "{assistant_id}", "name": "Vol"}),
    Probe("GET", "/api/v1/calls", expect="nothing", query={"assistant_id": "{assistant_id}"}),
    Probe("GET", "/api/v1/knowledge-gaps", query={"assistant_id": "{assistant_id}"}),
    Probe("GET", "/api/v1/notifications/deliveries", query={"assistant_id": "{assistant_id}"}),
    # HTML: A's id in the path.
    Probe("GET", H),
    Probe("GET", f"{H}/edit"),
    Probe("POST", f"{H}/edit", form={"name": "Piraté"}),
    Probe("POST", f"{H}/delete"),
    Probe("POST", f"{H}/deploy"),
    Probe("POST", f"{H}/duplicate"),
    Probe("POST", f"{H}/phone-number"),
    Probe("POST", f"{H}/phone-number/release"),
    Probe("POST", f"{H}/regenerate"),
    Probe("POST", f"{H}/regenerate", form={"confirm": "oui", "garder": "non"}, label="confirmed"),
    Probe("GET", f"{H}/regenerate"),
    Probe("POST", "/calls/{call_id}/repetition"),
    Probe("GET", f"{H}/repetition"),
    Probe("POST", f"{H}/repetition"),
    Probe("POST", f"{H}/repetition/outrepasser", form={"reason": "Piraté"}),
    Probe("GET", f"{H}/fiche"),
    Probe("GET", f"{H}/fiche/completer"),
    Probe(
        "POST",
        f"{H}/fiche/{{group}}",
        path=f"{H}/fiche/transferts",
        form={"transfer_number": "06 11 22 33 44"},
    ),
    Probe("GET", f"{H}/status"),
    Probe("POST", f"{H}/template", form={"name": "Vol"}),
    Probe("GET", f"{H}/test"),
    Probe("POST", f"{H}/test", form={"text": "Bonjour"}),
    Probe("POST", f"{H}/test", form={"text": "Bonjour", "chat_id": "{chat_id}"}, label="chat"),
    Probe("GET", f"{H}/versions", query={"a": "1", "b": "2"}),
    Probe("POST", f"{H}/versions/{{version}}/restore"),
    Probe("GET", f"{H}/calendar"),
    Probe(
        "POST",
        f"{H}/calendar/connect",
        form={"server_url": "https://caldav.exemple.fr/", "username": "u", "password": "p"},
    ),
    Probe("POST", f"{H}/calendar/test"),
    Probe("POST", f"{H}/calendar/choose", form={"calendar_url": "https://caldav.exemple.fr/c/"}),
    Probe("POST", f"{H}/calendar/sync"),
    Probe("POST", f"{H}/calendar/disconnect"),
    Probe("GET", "/calls/{call_id}"),
    Probe("GET", f"{H}/notifications"),
    Probe("POST", f"{H}/notifications", form={"email_enabled": "on", "emails": "pirate@x.fr"}),
    Probe("GET", f"{H}/questions"),
    Probe("POST", "/questions/{gap_id}/answer", form={"answer": "Piraté"}),
    Probe("GET", "/configurator/{conversation_id}"),
    Probe("POST", "/configurator/{conversation_id}/turns", form={"text": "bonjour"}),
    Probe("POST", "/messages/{message_id}/handled", form={"handled": "1"}),
    Probe("POST", "/agenda/bookings/{booking_id}/status", form={"status": "cancelled"}),
    Probe("POST", "/agenda/bookings/{booking_id}/move", form={"start": "2027-03-09T15:00"}),
    Probe("POST", "/agenda/blocks/{block_id}/delete"),
    Probe("GET", f"{H}/rendez-vous"),
    Probe(
        "POST",
        f"{H}/rendez-vous/regles",
        form={"enabled": "on", "mode": "direct", "notice_hours": "1", "horizon_days": "9"},
    ),
    Probe("POST", f"{H}/rendez-vous/ressources", form={"name": "Pirate", "capacity": "1"}),
    Probe(
        "POST",
        f"{H}/rendez-vous/ressources/{{resource_id}}",
        form={"name": "Pirate", "capacity": "9"},
    ),
    Probe("POST", f"{H}/rendez-vous/ressources/{{resource_id}}/supprimer"),
    Probe(
        "POST",
        f"{H}/rendez-vous/prestations",
        form={"name": "Pirate", "duration_minutes": "30", "resource_id": "{resource_id}"},
    ),
    Probe(
        "POST",
        f"{H}/rendez-vous/prestations/{{service_id}}",
        form={"name": "Pirate", "duration_minutes": "30", "resource_id": "{resource_id}"},
    ),
    Probe("POST", f"{H}/rendez-vous/prestations/{{service_id}}/supprimer"),
    Probe(
        "POST",
        "/agenda/blocks",
        form={"assistant_id": "{assistant_id}", "day": "2027-03-09", "reason": "Vol"},
    ),
    Probe("GET", "/agenda", expect="nothing", query={"assistant_id": "{assistant_id}"}),
    Probe("POST", "/settings/api-keys/{key_id}/revoke"),
    Probe("POST", "/templates/{template_id}/assistants", form={"company_name": "Pirate"}),
    # HTML: A's id in the form or the query, B's own ids elsewhere.
    Probe(
        "POST",
        "/assistants/{assistant_id}/test",
        path="/assistants/{bob_assistant_id}/test",
        form={"chat_id": "{chat_id}", "text": "Bonjour"},
        label="B's assistant, A's chat",
    ),
    Probe("GET", "/calls", expect="nothing", query={"assistant_id": "{assistant_id}"}),
    Probe("GET", "/questions/calls", expect="nothing", query={"call": "{call_id}"}),
    Probe("POST", "/assistants/bulk", expect="nothing", form={"ids": "{assistant_id}"}),
    Probe(
        "POST",
        "/assistants/bulk",
        expect="nothing",
        label="confirmed",
        form={"ids": "{assistant_id}", "action": "delete", "confirm": "oui"},
    ),
    # A caller's number identifies a person of A's: B's export and erasure find nothing.
    Probe("POST", "/settings/privacy/export", expect="nothing", form={"number": CALLER}),
    Probe(
        "POST",
        "/settings/privacy/erase",
        expect="nothing",
        form={"number": CALLER, "confirm": "oui"},
    ),
]


def _filled(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _fill(value, ids)
    if isinstance(value, dict):
        return {k: _filled(v, ids) for k, v in value.items()}
    return value


def _request(w: World, probe: Probe) -> httpx2.Response:
    bob, ids = w.bob, w.ids
    path = _fill((probe.path or probe.route).strip(), ids)
    query = _filled(probe.query, ids)
    if probe.html:
        form = {"csrf_token": bob.csrf, **_filled(probe.form or {}, ids)}
        data = form if probe.method == "POST" else None
        return bob.client.request(
            probe.method, path, params=query, data=data, follow_redirects=False
        )
    body = _filled(probe.json, ids)
    return bob.client.request(probe.method, path, params=query, json=body, headers=bob.auth)


def _assert_answer(w: World, probe: Probe, r: httpx2.Response) -> None:
    if probe.expect == "404":
        assert r.status_code == 404, (r.status_code, r.text[:300])
        if probe.html:
            assert "Page introuvable" in r.text
        else:
            assert r.json()["error"].endswith("NotFound"), r.json()
        return
    assert r.status_code in (200, 303), (r.status_code, r.text[:300])
    sent = json.dumps([probe.query, probe.json, probe.form])
    # What B sent may be echoed back (a filter form keeps its value); anything else of A's leaks.
    unsent = {v for k, v in w.ids.items() if "{" + k + "}" not in sent} & w.markers
    leaked = [m for m in unsent | {"Da Marco"} if m in r.text]
    assert not leaked, f"A's data in B's answer: {leaked}"
    if not probe.html:
        assert r.json()["items"] == []


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.name)
def test_b_with_as_ids_gets_404_and_a_is_untouched(world: World, probe: Probe) -> None:
    before = _rows(world, world.alice)
    _assert_answer(world, probe, _request(world, probe))
    _assert_untouched(world, before)


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.name)
def test_anonymous_caller_with_as_ids_gets_nothing_and_a_is_untouched(
    world: World, probe: Probe
) -> None:
    """No session, no key: 401 on the API, the log-in page (or a refused form) on HTML."""
    before = _rows(world, world.alice)
    path = _fill((probe.path or probe.route).strip(), world.ids)
    anonymous = TestClient(world.app)
    r = anonymous.request(
        probe.method,
        path,
        params=_filled(probe.query, world.ids),
        json=None if probe.html else _filled(probe.json, world.ids),
        data=_filled(probe.form, world.ids) if probe.html and probe.method == "POST" else None,
        follow_redirects=False,
    )
    if probe.html:
        assert r.status_code in (303, 401, 403), (r.status_code, r.text[:300])
        if r.status_code == 303:
            assert r.headers["location"].startswith("/login")
    else:
        assert r.status_code == 401, (r.status_code, r.text[:300])
    assert not [m for m in world.markers | {"Da Marco"} if m in r.text]
    _assert_untouched(world, before)


# --- MCP --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolProbe:
    tool: str
    args: dict[str, Any]
    expect: Expect = "404"

    @property
    def name(self) -> str:
        return f"{self.tool}({', '.join(self.args)})"


TOOL_PROBES = [
    ToolProbe("get_assistant", {"assistant_id": "{assistant_id}"}),
    ToolProbe("update_assistant", {"assistant_id": "{assistant_id}", "changes": {"name": "X"}}),
    ToolProbe("delete_assistant", {"assistant_id": "{assistant_id}"}),
    ToolProbe("deploy_assistant", {"assistant_id": "{assistant_id}"}),
    ToolProbe("chat_with_assistant", {"assistant_id": "{assistant_id}", "text": "Bonjour"}),
    ToolProbe(
        "chat_with_assistant",
        {"assistant_id": "{bob_assistant_id}", "text": "Bonjour", "chat_id": "{chat_id}"},
    ),
    ToolProbe("rehearse_assistant", {"assistant_id": "{assistant_id}", "runs": 1}),
    ToolProbe("provision_phone_number", {"assistant_id": "{assistant_id}"}),
    ToolProbe("release_phone_number", {"assistant_id": "{assistant_id}"}),
    ToolProbe("configurator_reply", {"session_id": "{session_id}", "text": "bonjour"}),
    ToolProbe("get_call", {"call_id": "{call_id}"}),
    ToolProbe("get_notification_settings", {"assistant_id": "{assistant_id}"}),
    ToolProbe(
        "update_notification_settings",
        {"assistant_id": "{assistant_id}", "settings": {"calls": "all"}},
    ),
    ToolProbe("list_unanswered_questions", {"assistant_id": "{assistant_id}"}),
    ToolProbe("answer_question", {"question_id": "{gap_id}", "answer": "Piraté"}),
    ToolProbe("list_calls", {"assistant_id": "{assistant_id}"}, expect="nothing"),
    ToolProbe("check_availability", {"assistant_id": "{assistant_id}"}),
    ToolProbe(
        "create_booking",
        {
            "assistant_id": "{assistant_id}",
            "start_at": "2027-03-09T10:00:00+01:00",
            "service": "Table",
        },
    ),
    ToolProbe("list_bookings", {"assistant_id": "{assistant_id}"}, expect="nothing"),
    ToolProbe("update_booking", {"booking_id": "{booking_id}", "status": "cancelled"}),
    ToolProbe("remove_listed_number", {"rule_id": "{rule_id}"}),
    ToolProbe("delete_closure", {"closure_id": "{closure_id}"}),
    ToolProbe(
        "add_closure",
        {"starts_on": "2099-01-01", "ends_on": "2099-01-02", "assistant_id": "{assistant_id}"},
    ),
]


async def _call_tool(w: World, tool: str, args: dict[str, Any]) -> Any:
    async with mcp_over_http(w.app, w.bob.api_key) as mcp:
        return await mcp.call_tool(tool, args)


@pytest.mark.parametrize("probe", TOOL_PROBES, ids=lambda p: p.name)
def test_b_with_as_ids_through_mcp_gets_404_and_a_is_untouched(
    world: World, probe: ToolProbe
) -> None:
    before = _rows(world, world.alice)
    result = anyio.run(_call_tool, world, probe.tool, _filled(probe.args, world.ids))
    if probe.expect == "404":
        assert result.is_error, result.structured_content
        assert (result.structured_content or {}).get("status") == 404, result.structured_content
    else:
        assert not result.is_error, result.content
        assert (result.structured_content or {}).get("items") == []
    _assert_untouched(world, before)


# --- the inventory stays complete --------------------------------------------------------------


def _field_names(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _id_taking_routes(app: AlloKoliApp) -> set[str]:
    """`METHOD path` of every route with a path parameter or an id-named query/body field."""
    found = set()
    for route in iter_route_contexts(app.routes):
        path = route.path_format or ""
        if not isinstance(route.original_route, APIRoute):
            continue
        if any(re.fullmatch(pattern, path) for pattern in EXEMPT):
            continue
        names: list[str] = []
        stack = [route.original_route.dependant]
        while stack:
            dep = stack.pop()
            names += [q.name for q in dep.query_params]
            for body in dep.body_params:
                names += [body.name, *_field_names(body.field_info.annotation)]
            stack += dep.dependencies
        if "{" in path or any(ID_FIELD.search(n) for n in names):
            found |= {f"{m} {path}" for m in route.methods or ()}
    return found


def test_every_route_that_takes_an_id_is_probed(world: World) -> None:
    routes = _id_taking_routes(world.app)
    probed = {f"{p.method} {p.route}" for p in PROBES}
    missing = sorted(routes - probed)
    assert not missing, f"add a Probe to tests/tenancy/test_isolation_every_id.py for: {missing}"
    every = {
        f"{m} {r.path_format}"
        for r in iter_route_contexts(world.app.routes)
        if isinstance(r.original_route, APIRoute)
        for m in r.methods or ()
    }
    assert probed <= every, f"probes of routes that no longer exist: {sorted(probed - every)}"


def test_every_mcp_tool_that_takes_an_id_is_probed(world: World) -> None:
    async def tools() -> dict[str, set[str]]:
        async with mcp_over_http(world.app, world.bob.api_key) as mcp:
            listed = (await mcp.list_tools()).tools
        return {t.name: set(t.input_schema.get("properties", {})) for t in listed}

    listed = anyio.run(tools)
    taking = {(name, arg) for name, args in listed.items() for arg in args if ID_FIELD.search(arg)}
    probed = {(p.tool, arg) for p in TOOL_PROBES for arg in p.args if ID_FIELD.search(arg)}
    missing = sorted(taking - probed)
    assert not missing, f"add a ToolProbe for: {missing}"
    assert probed <= taking, f"probes of tools that no longer exist: {sorted(probed - taking)}"
