"""PostgreSQL only: the row-level-security matrix with the app role, and the start-up check."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from allokoli.app import create_app
from allokoli.db.base import TENANT_TABLES
from allokoli.db.engine import make_engine
from allokoli.db.rls import UnsafeDatabaseRole, check_app_role
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.settings import Settings
from tests.conftest import PG_URL, Account, DbUrls, sandbox_auth

pytestmark = pytest.mark.pg


def _org_id(acc: Account) -> str:
    return str(acc.client.get("/api/v1/me", headers=acc.auth).json()["organization"]["id"])


def _as_tenant(engine: Engine, tenant: str | None, sql: str, **params: object) -> int:
    with engine.begin() as conn:
        if tenant is not None:
            conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant})
        result = conn.execute(text(sql), params)
        return result.rowcount if result.returns_rows is False else len(result.all())


def test_every_tenant_table_has_forced_rls(admin_engine: Engine) -> None:
    with admin_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"
            ),
            {"t": TENANT_TABLES},
        ).all()
    assert {r.relname for r in rows} == set(TENANT_TABLES)
    assert all(r.relrowsecurity and r.relforcerowsecurity for r in rows)


def _seed(app: AlloKoliApp, acc: Account) -> None:
    """Rows in every tenant table, through the product's own surfaces."""
    from tests.assistants.conftest import create, deploy
    from tests.notifications.conftest import settle
    from tests.webhooks.conftest import hook_for

    assistant = create(acc)
    deploy(app, acc, assistant["id"])
    acc.client.post(f"/api/v1/assistants/{assistant['id']}/phone-number", headers=acc.auth)
    acc.client.post("/api/v1/configurator/sessions", headers=acc.auth)
    rehearsals = f"/api/v1/assistants/{assistant['id']}/rehearsals"
    acc.client.post(rehearsals, json={"runs": 1}, headers=acc.auth)
    # A test conversation (sandbox calls and chats) and a webhook credential on the sandbox.
    chat = f"/api/v1/assistants/{assistant['id']}/chat"
    acc.client.post(chat, json={"text": "Bonjour"}, headers=acc.auth)
    acc.client.post(
        "/sandbox/vapi/credential",
        json={"provider": "webhook", "authenticationPlan": {"type": "bearer", "token": "t"}},
        headers=sandbox_auth(app, acc.org_id),
    )
    # Notifications: settings, a STOP number, a call that notifies and asks an unknown question.
    acc.client.put(
        f"/api/v1/assistants/{assistant['id']}/notifications",
        json={"calls": "all", "emails": ["gerant@exemple.fr"]},
        headers=acc.auth,
    )
    acc.client.post("/api/v1/sms-opt-outs", json={"number": "0611223344"}, headers=acc.auth)
    hook = hook_for(app, acc, assistant["id"])
    call = {"id": str(uuid.uuid4()), "assistantId": hook.provider_assistant_id}
    hook.post(
        {
            "type": "end-of-call-report",
            "call": call,
            "endedReason": "customer-ended-call",
            "analysis": {"structuredData": {"questions_sans_reponse": ["Des places ?"]}},
        }
    )
    settle(
        app,
        lambda: bool(acc.client.get("/api/v1/knowledge-gaps", headers=acc.auth).json()),
        "the call's unanswered question",
    )
    # A real call kept as a regression scenario of the assistant's rehearsal.
    heard = {"id": str(uuid.uuid4()), "assistantId": hook.provider_assistant_id}
    hook.post(
        {
            "type": "end-of-call-report",
            "call": heard,
            "endedReason": "customer-ended-call",
            "artifact": {"transcript": "AI: Bonjour.\nUser: Vous êtes ouverts samedi ?\n"},
        }
    )
    listed = acc.client.get("/api/v1/calls", headers=acc.auth).json()["items"]
    heard_id = next(c["id"] for c in listed if c["provider_call_id"] == heard["id"])
    acc.client.post(f"/api/v1/calls/{heard_id}/rehearsal-scenario", headers=acc.auth)
    hook.post(
        {
            "type": "tool-calls",
            "call": call,
            "toolCallList": [
                {
                    "id": str(uuid.uuid4()),
                    "type": "function",
                    "function": {
                        "name": "take_message",
                        "arguments": {"nom_appelant": "Jean", "telephone_rappel": "0612345678"},
                    },
                }
            ],
        }
    )
    hook.post({"type": "status-update", "status": "ringing", "call": call}, mode="none")
    # Bookings: rules, a resource, a service, a booking (its units) and a block.
    app.services.clock = lambda: datetime(2027, 3, 8, 7, 0, tzinfo=UTC)
    a_, h = f"/api/v1/assistants/{assistant['id']}", acc.auth
    acc.client.put(f"{a_}/booking-settings", json={"min_notice_minutes": 0}, headers=h)
    room = acc.client.post(
        f"{a_}/booking-resources", json={"name": "Salle", "capacity": 10}, headers=h
    ).json()
    acc.client.post(
        f"{a_}/booking-services",
        json={"name": "Table", "duration_minutes": 60, "resource_id": room["id"]},
        headers=h,
    )
    slot = acc.client.get(f"{a_}/availability", headers=h).json()["slots"][0]["start_at"]
    booked = acc.client.post(
        "/api/v1/bookings",
        json={"assistant_id": assistant["id"], "start_at": slot, "service": "Table"},
        headers=h,
    )
    assert booked.status_code == 201, booked.text
    acc.client.post(
        f"{a_}/booking-blocks",
        json={"start_at": "2027-03-20T10:00:00+01:00", "end_at": "2027-03-20T11:00:00+01:00"},
        headers=h,
    )
    # Call routing: a blocked number, a closure, a budget, and a screened inbound call.
    acc.client.post(
        "/api/v1/numbers", json={"number": "0622222222", "kind": "blocked"}, headers=acc.auth
    )
    acc.client.post(
        "/api/v1/closures",
        json={"starts_on": "2099-12-24", "ends_on": "2099-12-26"},
        headers=acc.auth,
    )
    acc.client.put("/api/v1/budget", json={"monthly_budget_eur": 50}, headers=acc.auth)
    app.services.dispatcher.run_due()
    numbers = acc.client.get("/sandbox/vapi/phone-number", headers=sandbox_auth(app, acc.org_id))
    acc.client.post(
        "/sandbox/vapi/call/inbound",
        json={"phoneNumberId": numbers.json()[0]["id"], "customerNumber": "+33622222222"},
        headers=sandbox_auth(app, acc.org_id),
    )
    _seed_calendar(app, acc)


def _seed_calendar(app: AlloKoliApp, acc: Account) -> None:
    """The calendar tables: the feed's secret (the settings page creates it), an entry waiting
    for a calendar (`push_entry`), and a connection with one imported busy event, written through
    the repositories (no CalDAV server here: tests/calendars runs those against Radicale)."""
    from datetime import UTC, datetime, timedelta

    from allokoli.calendars.entries import push_entry
    from allokoli.calendars.ics import CalendarEntry
    from allokoli.calendars.repository import BusyRepository, ConnectionRepository
    from allokoli.db.session import discard
    from allokoli.models import CalendarBusyEvent, CalendarConnection
    from allokoli.tenancy import Tenant

    assert acc.client.get("/settings/calendar").status_code == 200
    org = uuid.UUID(_org_id(acc))
    start = datetime(2027, 3, 2, 9, tzinfo=UTC)
    # No push after the commit: nothing here may reach out to a server.
    with app.services.db.unit_of_work(tenant_id=org, run_after_commit=discard) as session:
        tenant = Tenant(org)
        entry = CalendarEntry(f"seed-{org}", start, start + timedelta(hours=1), "RDV")
        push_entry(session, tenant, entry, now=start)
        connection = ConnectionRepository(session, tenant).add(
            CalendarConnection(
                scope="organisation",
                server_url="https://caldav.exemple.fr/",
                username="seed",
                password_sealed=app.services.calendars.box.seal("seed"),
                calendar_url="https://caldav.exemple.fr/seed/",
                calendar_name="Seed",
                available_calendars=[],
                next_sync_at=None,
            )
        )
        busy = CalendarBusyEvent(uid="x", start_utc=start, end_utc=start + timedelta(hours=1))
        BusyRepository(session, tenant).replace(connection.id, [busy])


def test_rls_matrix(
    app: AlloKoliApp, client: TestClient, alice: Account, bob: Account, database: Database
) -> None:
    """For every tenant table, with the app role: B sees, changes and deletes none of A's rows,
    and a transaction with no tenant sees nothing."""
    engine = database.engine
    _seed(app, alice)
    _seed(app, bob)
    a, b = _org_id(alice), _org_id(bob)
    seeded = []
    for table in TENANT_TABLES:
        mine = f"SELECT * FROM {table} WHERE organization_id = :o"
        own = _as_tenant(engine, a, mine, o=a)
        if own == 0:
            continue  # nothing of this table is produced by the seeded journey
        seeded.append(table)
        assert _as_tenant(engine, b, mine, o=a) == 0, table
        assert _as_tenant(engine, None, f"SELECT * FROM {table}") == 0, table
        same = f"UPDATE {table} SET organization_id = organization_id WHERE organization_id = :o"
        assert _as_tenant(engine, b, same, o=a) == 0, table
        assert _as_tenant(engine, b, f"DELETE FROM {table} WHERE organization_id = :o", o=a) == 0
        assert _as_tenant(engine, a, mine, o=a) == own, table
    # The journey must reach (nearly) every tenant table, or the matrix proves little.
    assert len(seeded) >= len(TENANT_TABLES) - 1, set(TENANT_TABLES) - set(seeded)


def test_insert_with_another_tenants_id_raises(
    alice: Account, bob: Account, database: Database
) -> None:
    a, b = _org_id(alice), _org_id(bob)
    with pytest.raises(DBAPIError, match="row-level security"):
        _as_tenant(
            database.engine,
            b,
            "INSERT INTO audit_log (id, organization_id, actor, entity, action, at, details) "
            "VALUES (:id, :o, 'x', 'x', 'create', now(), '{}')",
            id=str(uuid.uuid4()),
            o=a,
        )


def test_app_refuses_to_start_with_a_privileged_role(settings: Settings) -> None:
    superuser = make_engine(PG_URL)
    with pytest.raises(UnsafeDatabaseRole, match="superuser"):
        check_app_role(superuser)
    app = create_app(settings, database=Database(superuser))
    with pytest.raises(UnsafeDatabaseRole), TestClient(app):
        pass
    superuser.dispose()


def test_owner_role_is_refused_too(db_urls: DbUrls) -> None:
    owner = make_engine(db_urls.admin)
    with pytest.raises(UnsafeDatabaseRole, match="owns"):
        check_app_role(owner)
    owner.dispose()


def test_app_role_passes_the_check(database: Database) -> None:
    check_app_role(database.engine)


def test_every_table_with_an_organisation_column_is_under_rls(admin_engine: Engine) -> None:
    """Read from the catalogue, not from our own list: a new table with an `organization_id`
    and no RLS (ENABLE + FORCE + a tenant policy) fails here."""
    with admin_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
                "  EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid "
                "          AND p.polname = 'tenant_isolation') AS policed "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS ("
                "  SELECT 1 FROM information_schema.columns k WHERE k.table_schema = 'public' "
                "  AND k.table_name = c.relname AND k.column_name = 'organization_id')"
            )
        ).all()
    unprotected = sorted(
        r.relname for r in rows if not (r.relrowsecurity and r.relforcerowsecurity and r.policed)
    )
    assert unprotected == []
    assert {r.relname for r in rows} == set(TENANT_TABLES)


def test_a_user_reads_only_their_own_memberships(
    alice: Account, bob: Account, database: Database
) -> None:
    engine = database.engine
    a, b = _org_id(alice), _org_id(bob)
    with engine.begin() as conn:
        alice_user = conn.execute(
            text("SELECT id FROM users WHERE email = :e"), {"e": alice.email}
        ).scalar_one()
    count = "SELECT * FROM memberships"
    assert _as_tenant(engine, None, count) == 0
    assert _as_tenant(engine, a, count) == 1
    with engine.begin() as conn:
        conn.execute(text("SELECT set_config('app.user_id', :u, true)"), {"u": str(alice_user)})
        orgs = conn.execute(text("SELECT organization_id FROM memberships")).scalars().all()
    assert [str(o) for o in orgs] == [a]
    # A user binding reads, it never writes another organisation's membership.
    insert = text(
        "INSERT INTO memberships (id, organization_id, user_id, role, created_at, updated_at) "
        "VALUES (:id, :o, :u, 'owner', now(), now())"
    )
    with engine.connect() as conn, conn.begin():
        conn.execute(text("SELECT set_config('app.user_id', :u, true)"), {"u": str(alice_user)})
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(insert, {"id": str(uuid.uuid4()), "o": b, "u": str(alice_user)})


def test_the_dispatcher_sees_due_ids_of_every_tenant_and_nothing_else(
    alice: Account, bob: Account, database: Database
) -> None:
    from datetime import UTC, datetime

    from allokoli.deploy import outbox

    engine = database.engine
    a, b = _org_id(alice), _org_id(bob)
    for org in (a, b):
        _as_tenant(
            engine,
            org,
            "INSERT INTO outbox (id, organization_id, kind, payload, attempts, next_attempt_at, "
            "created_at) VALUES (:id, :o, 'assistant.push', '{}', 0, now(), now())",
            id=str(uuid.uuid4()),
            o=org,
        )
    assert _as_tenant(engine, None, "SELECT * FROM outbox") == 0
    assert _as_tenant(engine, b, "SELECT * FROM outbox WHERE organization_id = :o", o=a) == 0
    with database.unit_of_work() as session:
        due = outbox.due_messages(session, datetime.now(UTC), 10)
    assert sorted(str(org) for _, org in due) == sorted([a, b])
