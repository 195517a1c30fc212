"""Calendar sync against a real CalDAV server (Radicale): connect, import busy events, write our
entries, failures recorded and retried, tenants apart. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from allokoli.auth.principal import Principal
from allokoli.calendars.entries import CalendarBusySource, push_entry, remove_entry
from allokoli.calendars.gateway import CalendarRejected, CalendarUnreachable, NotACalendarServer
from allokoli.calendars.ics import CalendarEntry
from allokoli.calendars.service import MAX_PUSH_ATTEMPTS, CalendarService, ConnectionIn
from allokoli.http.deps import AlloKoliApp
from allokoli.jobs import dead
from allokoli.models import CalendarBusyEvent, CalendarConnection, CalendarPush
from allokoli.tenancy import Tenant
from tests.calendars.conftest import PASSWORD, USER, Radicale, free_port
from tests.conftest import Account

NOW = datetime(2027, 3, 1, 8, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(app: AlloKoliApp) -> Clock:
    fake = Clock(NOW)
    app.services.clock = fake
    return fake


@pytest.fixture
def calendars(app: AlloKoliApp, clock: Clock) -> CalendarService:
    return app.services.calendars


def owner(account: Account) -> Principal:
    return Principal(organization_id=account.org_id, user_id=uuid.uuid4(), role="owner")


def vevent(uid: str, lines: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20270101T000000Z\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def connect(
    calendars: CalendarService, principal: Principal, radicale: Radicale, name: str, **form: Any
) -> CalendarConnection:
    values = {"server_url": radicale.url, "username": USER, "password": PASSWORD} | form
    with calendars.db.unit_of_work(tenant_id=principal.organization_id) as session:
        return calendars.connect(session, principal, ConnectionIn(calendar_name=name, **values))


def sync(calendars: CalendarService, connection: CalendarConnection) -> Any:
    """Run the connection's sync now (made due first: connecting already ran one)."""
    with calendars.db.unit_of_work(tenant_id=connection.organization_id) as session:
        stored = session.get(CalendarConnection, connection.id)
        assert stored is not None
        stored.next_sync_at = calendars.clock()
    return calendars.sync(connection.id, connection.organization_id)


def busy(
    calendars: CalendarService, account: Account, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    with calendars.db.unit_of_work(tenant_id=account.org_id) as session:
        return CalendarBusySource().busy(session, Tenant(account.org_id), None, start, end)


def test_connecting_checks_the_account_and_seals_the_password(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    calendar = radicale.new_calendar("Salon Léa")
    connection = connect(calendars, owner(alice), radicale, str(calendar.url))
    assert connection.calendar_url == str(calendar.url)
    assert connection.calendar_name == "Salon Léa"
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        stored = session.scalars(select(CalendarConnection)).one()
        assert PASSWORD not in stored.password_sealed
        assert stored.password_sealed.startswith("sealed:v1:")
        assert calendars.box.open(stored.password_sealed) == PASSWORD


def test_a_wrong_password_is_refused_in_french_and_nothing_is_stored(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    with pytest.raises(CalendarRejected) as refused:
        connect(calendars, owner(alice), radicale, "", password="mauvais")
    assert "refusé l'identifiant ou le mot de passe" in refused.value.detail
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        assert session.scalars(select(CalendarConnection)).all() == []


def test_an_unreachable_server_is_reported_in_french_and_nothing_is_stored(
    calendars: CalendarService, alice: Account
) -> None:
    form = ConnectionIn(
        server_url=f"http://127.0.0.1:{free_port()}/", username=USER, password=PASSWORD
    )
    with (
        calendars.db.unit_of_work(tenant_id=alice.org_id) as session,
        pytest.raises(CalendarUnreachable) as unreachable,
    ):
        calendars.connect(session, owner(alice), form)
    assert "injoignable" in unreachable.value.detail
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        assert session.scalars(select(CalendarConnection)).all() == []


def test_an_unknown_calendar_name_lists_the_account_calendars(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    radicale.new_calendar("Garage")
    with pytest.raises(Exception, match="Aucun agenda ne s'appelle « Atelier »") as refused:
        connect(calendars, owner(alice), radicale, "Atelier")
    assert "« Garage »" in str(refused.value)


def test_an_event_added_to_the_calendar_is_busy_after_the_sync(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    remote = radicale.new_calendar("Agenda A")
    connection = connect(calendars, owner(alice), radicale, str(remote.url))
    remote.save_event(
        vevent(
            "rdv-dentiste",
            "DTSTART;TZID=Europe/Paris:20270302T100000\r\nDTEND;TZID=Europe/Paris:20270302T113000\r\n",
        )
    )
    remote.save_event(
        vevent(
            "hebdo",
            "DTSTART;TZID=Europe/Paris:20270303T140000\r\nDTEND;TZID=Europe/Paris:20270303T150000\r\n"
            "RRULE:FREQ=WEEKLY;COUNT=5\r\n",
        )
    )
    remote.save_event(
        vevent("conges", "DTSTART;VALUE=DATE:20270305\r\nDTEND;VALUE=DATE:20270306\r\n")
    )
    remote.save_event(
        vevent(
            "dispo", "TRANSP:TRANSPARENT\r\nDTSTART:20270302T150000Z\r\nDTEND:20270302T160000Z\r\n"
        )
    )
    window = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))
    assert busy(calendars, alice, *window) == []  # nothing until the sync runs

    run = sync(calendars, connection)

    assert run is not None and run.ok and run.imported == 1 + 5 + 1
    intervals = busy(calendars, alice, *window)
    assert intervals[:3] == [
        (datetime(2027, 3, 2, 9, tzinfo=UTC), datetime(2027, 3, 2, 10, 30, tzinfo=UTC)),
        (datetime(2027, 3, 3, 13, tzinfo=UTC), datetime(2027, 3, 3, 14, tzinfo=UTC)),
        (datetime(2027, 3, 4, 23, tzinfo=UTC), datetime(2027, 3, 5, 23, tzinfo=UTC)),
    ]
    # The weekly event after the change to summer time (28 March): 14 h in Paris is 12 h UTC.
    assert intervals[-1] == (
        datetime(2027, 3, 31, 12, tzinfo=UTC),
        datetime(2027, 3, 31, 13, tzinfo=UTC),
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        stored = session.get(CalendarConnection, connection.id)
        assert stored is not None
        assert stored.last_success_at == NOW and stored.last_error is None
        assert stored.next_sync_at is not None and stored.next_sync_at > NOW


def test_a_second_sync_reflects_events_moved_or_deleted_in_the_calendar(
    calendars: CalendarService, radicale: Radicale, alice: Account, clock: Clock
) -> None:
    remote = radicale.new_calendar("Agenda B")
    connection = connect(calendars, owner(alice), radicale, str(remote.url))
    event = remote.save_event(vevent("x", "DTSTART:20270302T090000Z\r\nDTEND:20270302T100000Z\r\n"))
    sync(calendars, connection)
    event.delete()
    clock.now = NOW + timedelta(hours=1)
    sync(calendars, connection)
    assert busy(calendars, alice, NOW, NOW + timedelta(days=30)) == []


def test_our_entries_are_written_updated_and_deleted_in_the_calendar(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    remote = radicale.new_calendar("Agenda C")
    connect(calendars, owner(alice), radicale, str(remote.url))
    tenant = Tenant(alice.org_id)
    entry = CalendarEntry(
        uid="booking-1@allokoli",
        start_utc=datetime(2027, 3, 2, 9, tzinfo=UTC),
        end_utc=datetime(2027, 3, 2, 9, 30, tzinfo=UTC),
        summary="Coupe – M. Durand",
        description="Rappel au 06 12 34 56 78",
        location="Salon Léa, Nantes",
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, tenant, entry, now=NOW)
    # The push ran right after the commit (the embedded engine answers the wake-up).
    written = remote.event_by_uid("booking-1@allokoli")
    component = written.icalendar_component
    assert str(component["SUMMARY"]) == "Coupe – M. Durand"
    assert component.decoded("DTSTART") == entry.start_utc

    moved = CalendarEntry(
        entry.uid, entry.start_utc + timedelta(hours=2), entry.end_utc + timedelta(hours=2), "Coupe"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, tenant, moved, now=NOW)
    updated = remote.event_by_uid("booking-1@allokoli").icalendar_component
    assert updated.decoded("DTSTART") == moved.start_utc
    assert str(updated["SUMMARY"]) == "Coupe"
    assert len(remote.events()) == 1

    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        remove_entry(session, tenant, entry.uid, now=NOW)
    assert remote.events() == []
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        assert session.scalars(select(CalendarPush)).all() == []


def test_our_own_events_are_not_imported_back_as_busy(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    remote = radicale.new_calendar("Agenda D")
    connection = connect(calendars, owner(alice), radicale, str(remote.url))
    entry = CalendarEntry(
        "booking-2@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "RDV"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    run = sync(calendars, connection)
    assert run is not None and run.ok and run.imported == 0


def test_an_entry_pushed_before_any_connection_waits_then_is_written_on_connect(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    entry = CalendarEntry(
        "booking-3@allokoli", NOW + timedelta(days=2), NOW + timedelta(days=2, hours=1), "RDV"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        waiting = session.scalars(select(CalendarPush)).one()
        assert waiting.next_attempt_at is None and waiting.pushed_version == 0
        assert waiting.last_error is not None and "Aucun agenda" in waiting.last_error
    remote = radicale.new_calendar("Agenda E")
    connect(calendars, owner(alice), radicale, str(remote.url))
    assert str(remote.event_by_uid("booking-3@allokoli").icalendar_component["SUMMARY"]) == "RDV"


def _break_connection(calendars: CalendarService, account: Account, **values: Any) -> None:
    with calendars.db.unit_of_work(tenant_id=account.org_id) as session:
        connection = session.scalars(select(CalendarConnection)).one()
        for name, value in values.items():
            setattr(connection, name, value)


def _move_server(calendars: CalendarService, account: Account, old: str, new: str) -> None:
    """The server moves to another address (nothing listens at `new`: unreachable)."""
    with calendars.db.unit_of_work(tenant_id=account.org_id) as session:
        connection = session.scalars(select(CalendarConnection)).one()
        connection.server_url = connection.server_url.replace(old, new)
        connection.calendar_url = connection.calendar_url.replace(old, new)


def _nowhere(radicale: Radicale) -> tuple[str, str]:
    return radicale.url.rstrip("/"), f"http://127.0.0.1:{free_port()}"


def test_a_failed_sync_is_recorded_retried_with_backoff_and_keeps_the_last_import(
    calendars: CalendarService, radicale: Radicale, alice: Account, clock: Clock
) -> None:
    remote = radicale.new_calendar("Agenda F")
    connection = connect(calendars, owner(alice), radicale, str(remote.url))
    remote.save_event(vevent("y", "DTSTART:20270302T090000Z\r\nDTEND:20270302T100000Z\r\n"))
    sync(calendars, connection)
    _move_server(calendars, alice, *_nowhere(radicale))
    clock.now = NOW + timedelta(hours=1)

    run = sync(calendars, connection)

    assert run is not None and not run.ok and "injoignable" in (run.error or "")
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        stored = session.get(CalendarConnection, connection.id)
        assert stored is not None and stored.failures == 1
        assert stored.last_error is not None and "injoignable" in stored.last_error
        assert stored.last_success_at == NOW
        assert stored.next_sync_at is not None
        assert clock.now < stored.next_sync_at <= clock.now + timedelta(seconds=2)
    # Availability falls back on what was imported: the live call never waits on the server.
    assert busy(calendars, alice, NOW, NOW + timedelta(days=3)) == [
        (datetime(2027, 3, 2, 9, tzinfo=UTC), datetime(2027, 3, 2, 10, tzinfo=UTC))
    ]
    # The periodic job takes it again once due.
    clock.now = NOW + timedelta(hours=2)
    assert calendars.sync_due() == 1


def test_a_push_to_an_unreachable_server_is_retried_then_succeeds(
    calendars: CalendarService, radicale: Radicale, alice: Account, clock: Clock
) -> None:
    remote = radicale.new_calendar("Agenda G")
    connect(calendars, owner(alice), radicale, str(remote.url))
    good, bad = _nowhere(radicale)
    _move_server(calendars, alice, good, bad)
    entry = CalendarEntry(
        "booking-4@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "RDV"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        row = session.scalars(select(CalendarPush)).one()
        assert row.attempts == 1 and row.last_error and "injoignable" in row.last_error
        assert row.next_attempt_at is not None and row.next_attempt_at > NOW
        due_at = row.next_attempt_at
    assert calendars.push_due() == 0  # not due yet: the backoff holds it
    _move_server(calendars, alice, bad, good)
    clock.now = due_at
    assert calendars.push_due() == 1
    assert remote.event_by_uid("booking-4@allokoli") is not None


def test_a_refused_push_is_given_up_listed_in_the_dead_letter_and_can_be_retried(
    app: AlloKoliApp, calendars: CalendarService, radicale: Radicale, alice: Account, clock: Clock
) -> None:
    remote = radicale.new_calendar("Agenda H")
    connect(calendars, owner(alice), radicale, str(remote.url))
    _break_connection(calendars, alice, password_sealed=calendars.box.seal("périmé"))
    entry = CalendarEntry(
        "booking-5@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "RDV"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    given_up = [
        d for d in dead.dead_jobs(calendars.db, app.services.jobs) if d.kind == "calendars.push"
    ]
    assert len(given_up) == 1
    assert "refusé l'identifiant ou le mot de passe" in given_up[0].error
    assert given_up[0].organization_id == alice.org_id
    _break_connection(calendars, alice, password_sealed=calendars.box.seal(PASSWORD))
    assert dead.retry(calendars.db, app.services.jobs, given_up[0].id)
    assert remote.event_by_uid("booking-5@allokoli") is not None
    assert [
        d for d in dead.dead_jobs(calendars.db, app.services.jobs) if d.kind == "calendars.push"
    ] == []


def test_retries_stop_after_the_last_attempt(
    calendars: CalendarService, radicale: Radicale, alice: Account, clock: Clock
) -> None:
    remote = radicale.new_calendar("Agenda I")
    connect(calendars, owner(alice), radicale, str(remote.url))
    _move_server(calendars, alice, *_nowhere(radicale))
    entry = CalendarEntry(
        "booking-6@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "RDV"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    for _ in range(MAX_PUSH_ATTEMPTS):
        clock.now += timedelta(hours=1)
        calendars.push_due()
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        row = session.scalars(select(CalendarPush)).one()
        assert row.attempts == MAX_PUSH_ATTEMPTS
        assert row.given_up_at is not None and row.next_attempt_at is None


def test_a_server_that_is_not_caldav_is_named_as_such(
    calendars: CalendarService, alice: Account, radicale: Radicale
) -> None:
    form = ConnectionIn(server_url=radicale.url + ".web/", username=USER, password=PASSWORD)
    with (
        calendars.db.unit_of_work(tenant_id=alice.org_id) as session,
        pytest.raises((NotACalendarServer, CalendarRejected)),
    ):
        calendars.connect(session, owner(alice), form)


def test_a_private_address_is_refused_unless_the_operator_allows_it(
    app: AlloKoliApp, alice: Account, radicale: Radicale
) -> None:
    from allokoli.calendars.gateway import CalDavGateway
    from allokoli.kit.outbound import OutboundPolicy, OutboundRefused

    strict = CalDavGateway(OutboundPolicy(require_https=True))
    with pytest.raises(OutboundRefused, match="https"):
        strict.calendars(radicale.access())
    lax_scheme = CalDavGateway(OutboundPolicy(require_https=False))
    with pytest.raises(OutboundRefused, match="réseau interne"):
        lax_scheme.calendars(radicale.access())


def test_a_member_cannot_connect_or_disconnect(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    member = Principal(organization_id=alice.org_id, user_id=uuid.uuid4(), role="member")
    with pytest.raises(Exception, match="propriétaire et les administrateurs"):
        connect(calendars, member, radicale, "")


def test_tenants_see_only_their_own_busy_intervals_and_entries(
    calendars: CalendarService, radicale: Radicale, alice: Account, bob: Account
) -> None:
    remote = radicale.new_calendar("Agenda J")
    connection = connect(calendars, owner(alice), radicale, str(remote.url))
    remote.save_event(vevent("z", "DTSTART:20270302T090000Z\r\nDTEND:20270302T100000Z\r\n"))
    sync(calendars, connection)
    entry = CalendarEntry(
        "booking-7@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "RDV"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, now=NOW)
    window = (NOW, NOW + timedelta(days=30))
    assert len(busy(calendars, alice, *window)) == 1
    assert busy(calendars, bob, *window) == []
    with calendars.db.unit_of_work(tenant_id=bob.org_id) as session:
        status = calendars.status(session, Tenant(bob.org_id))
        assert status.connection is None and status.pending == 0
        # Even a query without the organisation filter finds nothing of A's where RLS applies.
        if session.get_bind().dialect.name == "postgresql":
            for table in ("calendar_connections", "calendar_busy_events", "calendar_pushes"):
                assert session.scalar(text(f"SELECT count(*) FROM {table}")) == 0
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        assert session.scalars(select(CalendarBusyEvent)).all() != []


def _assistant(account: Account) -> uuid.UUID:
    r = account.client.post(
        "/api/v1/assistants",
        json={"text": "Salon de coiffure Léa à Nantes, ouvert du mardi au samedi de 9h à 19h"},
        headers=account.auth,
    )
    assert r.status_code == 201, r.text
    return uuid.UUID(r.json()["id"])


def test_an_assistant_may_have_its_own_calendar_and_falls_back_on_the_organisations(
    calendars: CalendarService, radicale: Radicale, alice: Account, bob: Account
) -> None:
    shared, own = radicale.new_calendar("Commun"), radicale.new_calendar("Léa")
    connection = connect(calendars, owner(alice), radicale, str(shared.url))
    with_own, without = _assistant(alice), _assistant(alice)
    form = ConnectionIn(
        server_url=radicale.url, username=USER, password=PASSWORD, calendar_name=str(own.url)
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        mine = calendars.connect(session, owner(alice), form, assistant_id=with_own)
    shared.save_event(vevent("s", "DTSTART:20270302T090000Z\r\nDTEND:20270302T100000Z\r\n"))
    own.save_event(vevent("o", "DTSTART:20270303T090000Z\r\nDTEND:20270303T100000Z\r\n"))
    sync(calendars, connection)
    sync(calendars, mine)
    window = (NOW, NOW + timedelta(days=7))
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        source, tenant = CalendarBusySource(), Tenant(alice.org_id)
        assert source.busy(session, tenant, with_own, *window) == [
            (datetime(2027, 3, 3, 9, tzinfo=UTC), datetime(2027, 3, 3, 10, tzinfo=UTC))
        ]
        assert source.busy(session, tenant, without, *window) == [
            (datetime(2027, 3, 2, 9, tzinfo=UTC), datetime(2027, 3, 2, 10, tzinfo=UTC))
        ]
    # Another organisation cannot attach a calendar (or an entry) to A's assistant.
    with (
        calendars.db.unit_of_work(tenant_id=bob.org_id) as session,
        pytest.raises(Exception, match="Assistant introuvable"),
    ):
        calendars.connect(session, owner(bob), form, assistant_id=with_own)
    entry = CalendarEntry("b-x@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=2), "RDV")
    with (
        calendars.db.unit_of_work(tenant_id=bob.org_id) as session,
        pytest.raises(Exception, match="Assistant introuvable"),
    ):
        push_entry(session, Tenant(bob.org_id), entry, with_own, now=NOW)


def test_an_entry_goes_to_its_assistants_calendar(
    calendars: CalendarService, radicale: Radicale, alice: Account
) -> None:
    shared, own = radicale.new_calendar("Commun"), radicale.new_calendar("Marc")
    connect(calendars, owner(alice), radicale, str(shared.url))
    assistant = _assistant(alice)
    form = ConnectionIn(
        server_url=radicale.url, username=USER, password=PASSWORD, calendar_name=str(own.url)
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        calendars.connect(session, owner(alice), form, assistant_id=assistant)
    entry = CalendarEntry(
        "b-y@allokoli", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "RDV"
    )
    with calendars.db.unit_of_work(tenant_id=alice.org_id) as session:
        push_entry(session, Tenant(alice.org_id), entry, assistant, now=NOW)
    assert own.event_by_uid("b-y@allokoli") is not None
    assert shared.events() == []
