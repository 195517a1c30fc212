"""Every tenant-owned resource, described once for the isolation suite.

Each later feature adds its resources here: the suite then proves, through the API and the HTML
pages, that organisation B cannot list, read, update or delete anything of organisation A.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from allokoli.http.deps import AlloKoliApp
from allokoli.notifications.service import enqueue_owner_alert
from allokoli.tenancy import Tenant
from tests.calls.conftest import OrgHook, call_id_of, org_hook
from tests.conftest import Account
from tests.notifications.conftest import settle


@dataclass(frozen=True)
class Resource:
    name: str
    create: Callable[[Account], str]
    """Creates one resource as the account (through the API) and returns its id."""
    list_path: str
    get_path: str | None = None
    update: tuple[str, str, dict[str, object]] | None = None
    """(method, path template, JSON body)"""
    delete: tuple[str, str] | None = None
    html_get: list[str] = field(default_factory=list)
    html_post: list[str] = field(default_factory=list)
    """HTML form actions that change the resource; `{id}` is substituted."""
    html_detail: list[str] = field(default_factory=list)
    """HTML pages of one resource: another tenant gets a 404."""
    extra_denied: list[tuple[str, str]] = field(default_factory=list)
    """More API calls (method, path) that another tenant must get a 404 for."""


def _create_api_key(acc: Account) -> str:
    r = acc.client.post("/api/v1/api-keys", json={"name": "secrète"}, headers=acc.auth)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _audit_entry(acc: Account) -> str:
    _create_api_key(acc)
    r = acc.client.get("/api/v1/audit-log", headers=acc.auth)
    return str(r.json()[0]["id"])


def _create_assistant(acc: Account) -> str:
    r = acc.client.post(
        "/api/v1/assistants",
        json={"text": "Boulangerie Le Fournil à Nantes, ouverte du mardi au samedi de 7h à 19h"},
        headers=acc.auth,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _create_configurator_session(acc: Account) -> str:
    r = acc.client.post("/api/v1/configurator/sessions", headers=acc.auth)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _hook(acc: Account) -> OrgHook:
    app = acc.client.app
    assert isinstance(app, AlloKoliApp)
    return org_hook(app, acc)


def _create_call(acc: Account) -> str:
    return call_id_of(acc, _hook(acc).report())


def _create_taken_message(acc: Account) -> str:
    hook = _hook(acc)
    hook.take_message(hook.report())
    r = acc.client.get("/api/v1/messages", headers=acc.auth)
    return str(r.json()["items"][0]["id"])


def _create_webhook_event(acc: Account) -> str:
    _hook(acc).report()
    r = acc.client.get("/api/v1/webhook-events", headers=acc.auth)
    return str(r.json()["items"][0]["id"])


def _create_template(acc: Account) -> str:
    assistant_id = _create_assistant(acc)
    r = acc.client.post(
        "/api/v1/templates", json={"assistant_id": assistant_id, "name": "Modèle"}, headers=acc.auth
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _create_number_rule(acc: Account) -> str:
    r = acc.client.post(
        "/api/v1/numbers",
        json={"number": "06 22 22 22 22", "kind": "blocked", "label": "Démarchage"},
        headers=acc.auth,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _create_closure(acc: Account) -> str:
    r = acc.client.post(
        "/api/v1/closures",
        json={"starts_on": "2099-08-01", "ends_on": "2099-08-15", "message": "Congés"},
        headers=acc.auth,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _create_booking(acc: Account) -> str:
    from tests.bookings.conftest import NOW, make_shop

    app = acc.client.app
    assert isinstance(app, AlloKoliApp)
    app.services.clock = lambda: NOW
    shop = make_shop(app.services.db, acc.org_id)
    r = acc.client.post(
        "/api/v1/bookings",
        json={
            "assistant_id": str(shop.assistant_id),
            "start_at": "2027-03-09T10:00:00+01:00",
            "service": "Coupe",
            "customer_name": "Marie Curie",
            "callback_number": "0612345678",
        },
        headers=acc.auth,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _app(acc: Account) -> AlloKoliApp:
    app = acc.client.app
    assert isinstance(app, AlloKoliApp)
    return app


def _create_notification_settings(acc: Account) -> str:
    assistant_id = _create_assistant(acc)
    r = acc.client.put(
        f"/api/v1/assistants/{assistant_id}/notifications",
        json={"emails": ["gerant@exemple.fr"]},
        headers=acc.auth,
    )
    assert r.status_code == 200, r.text
    return assistant_id


def _create_delivery(acc: Account) -> str:
    _create_notification_settings(acc)
    app, org_id = _app(acc), acc.org_id
    with app.services.db.unit_of_work(tenant_id=org_id) as s:
        assert enqueue_owner_alert(s, Tenant(org_id), "test", "Alerte de test.") == 1
    r = acc.client.get("/api/v1/notifications/deliveries", headers=acc.auth)
    return str(r.json()[0]["id"])


def _create_gap(acc: Account) -> str:
    assistant_id = _create_assistant(acc)
    _hook(acc).report(
        assistant_id=assistant_id,
        structured={"questions_sans_reponse": ["Acceptez-vous les chiens ?"]},
    )
    settle(_app(acc), lambda: bool(_gaps(acc)), "the gap recorded")
    return str(_gaps(acc)[0]["id"])


def _gaps(acc: Account) -> list[dict[str, object]]:
    return list(acc.client.get("/api/v1/knowledge-gaps", headers=acc.auth).json())


def _create_opt_out(acc: Account) -> str:
    r = acc.client.post("/api/v1/sms-opt-outs", json={"number": "0611223344"}, headers=acc.auth)
    assert r.status_code == 201, r.text
    listed = acc.client.get("/api/v1/sms-opt-outs", headers=acc.auth).json()
    return str(listed[0]["id"])


RESOURCES: list[Resource] = [
    Resource(
        name="number_rule",
        create=_create_number_rule,
        list_path="/api/v1/numbers",
        get_path="/api/v1/numbers/{id}",
        delete=("DELETE", "/api/v1/numbers/{id}"),
        html_get=["/routing/numbers"],
        html_post=["/routing/numbers/{id}/delete"],
    ),
    Resource(
        name="closure",
        create=_create_closure,
        list_path="/api/v1/closures",
        get_path="/api/v1/closures/{id}",
        delete=("DELETE", "/api/v1/closures/{id}"),
        html_get=["/routing/closures", "/dashboard"],
        html_post=["/routing/closures/{id}/delete"],
    ),
    Resource(
        name="assistant_template",
        create=_create_template,
        list_path="/api/v1/templates",
        delete=("DELETE", "/api/v1/templates/{id}"),
        update=("POST", "/api/v1/templates/{id}/assistants", {"company_name": "Pirate SARL"}),
        html_get=["/assistants/new"],
        html_post=["/templates/{id}/assistants"],
    ),
    Resource(
        name="configurator_session",
        create=_create_configurator_session,
        list_path="/api/v1/configurator/sessions",
        get_path="/api/v1/configurator/sessions/{id}",
        html_get=["/configurator"],
        html_detail=["/configurator/{id}"],
        html_post=["/configurator/{id}/turns"],
        update=("POST", "/api/v1/configurator/sessions/{id}/turns", {"text": "bonjour"}),
    ),
    Resource(
        name="assistant",
        create=_create_assistant,
        list_path="/api/v1/assistants",
        get_path="/api/v1/assistants/{id}",
        update=("PATCH", "/api/v1/assistants/{id}", {"name": "Piraté"}),
        delete=("DELETE", "/api/v1/assistants/{id}"),
        html_get=["/assistants", "/dashboard"],
        html_detail=[
            "/assistants/{id}",
            "/assistants/{id}/edit",
            "/assistants/{id}/versions",
            "/assistants/{id}/test",
            "/assistants/{id}/status",
        ],
        html_post=[
            "/assistants/{id}/edit",
            "/assistants/{id}/deploy",
            "/assistants/{id}/duplicate",
            "/assistants/{id}/delete",
            "/assistants/{id}/versions/1/restore",
            "/assistants/{id}/phone-number",
            "/assistants/{id}/phone-number/release",
            "/assistants/{id}/test",
        ],
        extra_denied=[
            ("GET", "/api/v1/assistants/{id}/versions"),
            ("GET", "/api/v1/assistants/{id}/versions/diff?from=1&to=1"),
            ("POST", "/api/v1/assistants/{id}/versions/1/restore"),
            ("GET", "/api/v1/assistants/{id}/export"),
            ("POST", "/api/v1/assistants/{id}/deploy"),
            ("POST", "/api/v1/assistants/{id}/duplicate"),
            ("POST", "/api/v1/assistants/{id}/phone-number"),
            ("DELETE", "/api/v1/assistants/{id}/phone-number"),
        ],
    ),
    Resource(
        name="api_key",
        create=_create_api_key,
        list_path="/api/v1/api-keys",
        get_path="/api/v1/api-keys/{id}",
        delete=("DELETE", "/api/v1/api-keys/{id}"),
        html_get=["/settings/api-keys"],
        html_post=["/settings/api-keys/{id}/revoke"],
    ),
    Resource(name="audit_entry", create=_audit_entry, list_path="/api/v1/audit-log"),
    Resource(
        name="call",
        create=_create_call,
        list_path="/api/v1/calls",
        get_path="/api/v1/calls/{id}",
        html_get=["/calls", "/dashboard"],
        html_detail=["/calls/{id}"],
        html_post=["/calls/{id}/caller-rule"],
    ),
    Resource(
        name="taken_message",
        create=_create_taken_message,
        list_path="/api/v1/messages",
        update=("PATCH", "/api/v1/messages/{id}", {"handled": True}),
        html_get=["/messages?handled=tous", "/dashboard"],
        html_post=["/messages/{id}/handled"],
    ),
    Resource(
        name="webhook_event",
        create=_create_webhook_event,
        list_path="/api/v1/webhook-events",
    ),
    Resource(
        name="booking",
        create=_create_booking,
        list_path="/api/v1/bookings?from=2027-03-01",
        get_path="/api/v1/bookings/{id}",
        update=("PATCH", "/api/v1/bookings/{id}", {"status": "cancelled"}),
        extra_denied=[("POST", "/api/v1/bookings/{id}/cancel")],
    ),
    Resource(
        name="notification_settings",
        create=_create_notification_settings,
        list_path="/api/v1/assistants",
        get_path="/api/v1/assistants/{id}/notifications",
        update=("PUT", "/api/v1/assistants/{id}/notifications", {"calls": "all"}),
        html_detail=["/assistants/{id}/notifications", "/assistants/{id}/questions"],
        html_post=["/assistants/{id}/notifications"],
    ),
    Resource(
        name="notification_delivery",
        create=_create_delivery,
        list_path="/api/v1/notifications/deliveries",
    ),
    Resource(
        name="knowledge_gap",
        create=_create_gap,
        list_path="/api/v1/knowledge-gaps",
        update=("POST", "/api/v1/knowledge-gaps/{id}/answer", {"answer": "Oui."}),
        html_post=["/questions/{id}/answer"],
    ),
    Resource(
        name="sms_opt_out",
        create=_create_opt_out,
        list_path="/api/v1/sms-opt-outs",
    ),
]
