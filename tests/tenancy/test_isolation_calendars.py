"""Calendar sync, organisation B against A: B's pages show nothing of A's connection or feed, and
every action B takes on « the calendar » reaches only B's (none: 404), never A's."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import CalendarConnection, CalendarFeed
from tests.calendars.conftest import PASSWORD, USER, Radicale, local_gateway
from tests.calendars.conftest import radicale as radicale
from tests.conftest import Account

PAGE = "/settings/calendar"
ACTIONS = ["test", "sync", "disconnect", "choose"]


@pytest.fixture
def a_connected(app: AlloKoliApp, radicale: Radicale, alice: Account) -> CalendarConnection:
    app.services.calendars.gateway = local_gateway()  # Radicale listens on 127.0.0.1
    name = f"Agenda secret d'Alice {uuid.uuid4().hex[:8]}"  # one server for the whole session
    calendar = radicale.new_calendar(name)
    r = alice.client.post(
        f"{PAGE}/connect",
        data={
            "csrf_token": alice.csrf,
            "server_url": radicale.url,
            "username": USER,
            "password": PASSWORD,
            "calendar_name": name,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        connection = session.scalars(select(CalendarConnection)).one()
    assert connection.calendar_url == str(calendar.url)
    return connection


def _a_state(app: AlloKoliApp, alice: Account) -> list[tuple[object, ...]]:
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        org = alice.org_id
        rows = session.scalars(
            select(CalendarConnection).where(CalendarConnection.organization_id == org)
        ).all()
        feeds = session.scalars(
            select(CalendarFeed).where(CalendarFeed.organization_id == org)
        ).all()
        return [
            (c.id, c.server_url, c.calendar_url, c.password_sealed, c.next_sync_at) for c in rows
        ] + [(f.token_hash,) for f in feeds]


def test_b_sees_nothing_of_as_calendar(
    a_connected: CalendarConnection, alice: Account, bob: Account
) -> None:
    feed = re.search(r'id="feed-url">([^<]+)<', alice.client.get(PAGE).text)
    assert feed
    page = bob.client.get(PAGE)
    assert page.status_code == 200
    for secret in ("Agenda secret", a_connected.calendar_url, feed.group(1), str(a_connected.id)):
        assert secret not in page.text
    assert "Connecter un agenda" in page.text


@pytest.mark.parametrize("action", ACTIONS)
def test_b_acting_on_the_calendar_reaches_none_of_as(
    action: str, app: AlloKoliApp, a_connected: CalendarConnection, alice: Account, bob: Account
) -> None:
    before = _a_state(app, alice)
    data = {"csrf_token": bob.csrf, "calendar_url": a_connected.calendar_url}
    r = bob.client.post(f"{PAGE}/{action}", data=data, follow_redirects=False)
    assert r.status_code == 404, (action, r.status_code)
    assert "introuvable" in r.text
    assert _a_state(app, alice) == before


def test_b_rotating_its_feed_leaves_as_feed_working(
    app: AlloKoliApp, a_connected: CalendarConnection, alice: Account, bob: Account
) -> None:
    feed = re.search(r'id="feed-url">https?://[^/]+([^<]+)<', alice.client.get(PAGE).text)
    assert feed
    bob.client.get(PAGE)
    r = bob.client.post(f"{PAGE}/feed/rotate", data={"csrf_token": bob.csrf})
    assert r.status_code in (200, 303)
    assert alice.client.get(feed.group(1)).status_code == 200
