"""Browser sessions are server-side: logout, password change and « Déconnecter toutes les
sessions » end them, and a copy of an ended session's cookie opens nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.clock import utcnow
from allokoli.models import AuditEntry, UserSession
from tests.conftest import PASSWORD, Account, csrf_from

COOKIE = "allokoli_session"
NEW_PASSWORD = "un-autre-mot-de-passe-solide"


def _login(app: AlloKoliApp, email: str, password: str = PASSWORD) -> TestClient:
    c = TestClient(app, headers={"User-Agent": "Navigateur de test"})
    token = csrf_from(c.get("/login").text)
    r = c.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return c


def _replay(app: AlloKoliApp, cookie: str) -> TestClient:
    """Another browser presenting a captured copy of the cookie."""
    return TestClient(app, cookies={COOKIE: cookie})


def _is_logged_out(c: TestClient) -> bool:
    page = c.get("/dashboard", follow_redirects=False)
    api = c.get("/api/v1/me")
    if page.status_code == 303 and page.headers["location"].startswith("/login"):
        assert api.status_code == 401, api.text
        return True
    assert page.status_code == 200 and api.status_code == 200
    return False


@pytest.fixture
def browser(app: AlloKoliApp, alice: Account) -> Iterator[TestClient]:
    with _login(app, alice.email) as c:
        yield c


def test_a_cookie_captured_before_logout_is_refused_after_it(
    app: AlloKoliApp, browser: TestClient
) -> None:
    captured = browser.cookies[COOKIE]
    assert not _is_logged_out(_replay(app, captured))
    page = browser.get("/dashboard")
    r = browser.post("/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    stolen = _replay(app, captured)
    assert _is_logged_out(stolen)
    # Not even a state-changing API call with the CSRF token that came with the cookie.
    r = stolen.post(
        "/api/v1/api-keys", json={"name": "pirate"}, headers={"X-CSRF-Token": csrf_from(page.text)}
    )
    assert r.status_code == 401
    assert r.json()["error"] == "Unauthorized"


def test_the_database_holds_a_hash_of_the_token_and_the_session_details(
    app: AlloKoliApp, browser: TestClient, alice: Account, database: Database
) -> None:
    cookie = browser.cookies[COOKIE]
    with database.unit_of_work(alice.org_id) as s:
        rows = s.scalars(select(UserSession).order_by(UserSession.created_at)).all()
    assert len(rows) == 2  # the sign-up's browser and this one
    mine = rows[-1]
    assert mine.user_agent == "Navigateur de test"
    assert mine.ip == "testclient"
    assert mine.revoked_at is None and mine.organization_id == alice.org_id
    assert len(mine.token_hash) == 64 and mine.token_hash not in cookie


def test_password_change_ends_the_other_sessions_only(
    app: AlloKoliApp, alice: Account, browser: TestClient, database: Database
) -> None:
    other = _replay(app, alice.client.cookies[COOKIE])
    page = browser.get("/settings/account")
    assert "Sessions ouvertes" in page.text and "(cette session)" in page.text
    r = browser.post(
        "/settings/account/password",
        data={"csrf_token": csrf_from(page.text), "current": PASSWORD, "new": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/settings/account"
    assert "Vos autres sessions ont été déconnectées" in browser.get("/settings/account").text
    assert not _is_logged_out(browser)
    assert _is_logged_out(alice.client)
    assert _is_logged_out(other)
    _login(app, alice.email, NEW_PASSWORD).close()
    with database.unit_of_work(alice.org_id) as s:
        actions = [(e.entity, e.details.get("reason")) for e in s.scalars(select(AuditEntry))]
    assert ("user_session", "password_change") in actions


def test_a_wrong_current_password_changes_nothing(
    app: AlloKoliApp, alice: Account, browser: TestClient
) -> None:
    page = browser.get("/settings/account")
    r = browser.post(
        "/settings/account/password",
        data={"csrf_token": csrf_from(page.text), "current": "pas-le-bon", "new": NEW_PASSWORD},
    )
    assert r.status_code == 422
    assert "Le mot de passe actuel est incorrect." in r.text
    r = browser.post(
        "/settings/account/password",
        data={"csrf_token": csrf_from(page.text), "current": PASSWORD, "new": "court"},
    )
    assert r.status_code == 422
    assert "au moins 10" in r.text or "entre 10 et 200" in r.text
    assert not _is_logged_out(alice.client)
    _login(app, alice.email, PASSWORD).close()


def test_password_change_needs_the_csrf_token(browser: TestClient) -> None:
    r = browser.post("/settings/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD})
    assert r.status_code == 403


def test_disconnect_all_sessions_button(
    app: AlloKoliApp, alice: Account, browser: TestClient
) -> None:
    captured = browser.cookies[COOKIE]
    page = browser.get("/settings/account")
    assert "Déconnecter toutes les sessions" in page.text
    r = browser.post(
        "/settings/account/sessions/revoke-all",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert "Toutes vos sessions ont été déconnectées" in browser.get("/login").text
    assert _is_logged_out(browser)
    assert _is_logged_out(alice.client)
    assert _is_logged_out(_replay(app, captured))
    # The API key is not a session: it keeps working.
    assert alice.client.get("/api/v1/me", headers=alice.auth).status_code == 200


def test_rest_endpoint_with_a_session_ends_the_users_sessions(
    app: AlloKoliApp, alice: Account, bob: Account, browser: TestClient
) -> None:
    csrf = csrf_from(browser.get("/dashboard").text)
    assert browser.delete("/api/v1/me/sessions").status_code == 403  # CSRF like other writes
    r = browser.delete("/api/v1/me/sessions", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json() == {"revoked": 2}
    assert _is_logged_out(browser) and _is_logged_out(alice.client)
    assert not _is_logged_out(bob.client)


def test_rest_endpoint_with_an_api_key_ends_the_organisations_sessions(
    app: AlloKoliApp, alice: Account, bob: Account, browser: TestClient
) -> None:
    r = alice.client.delete("/api/v1/me/sessions", headers=alice.auth)
    assert r.status_code == 200 and r.json() == {"revoked": 2}
    assert _is_logged_out(browser) and _is_logged_out(alice.client)
    assert not _is_logged_out(bob.client)
    assert alice.client.delete("/api/v1/me/sessions", headers=alice.auth).json() == {"revoked": 0}


def test_an_expired_session_opens_nothing(
    app: AlloKoliApp, browser: TestClient, admin_engine: Engine
) -> None:
    with admin_engine.begin() as conn:
        conn.execute(update(UserSession).values(created_at=utcnow() - timedelta(days=15)))
    assert _is_logged_out(browser)


def test_login_keeps_next_and_replaces_a_planted_cookie(app: AlloKoliApp, alice: Account) -> None:
    """Session fixation: a cookie set before log-in is not the one that gets logged in."""
    with TestClient(app) as c:
        c.get("/login")
        before = c.cookies[COOKIE]
        token = csrf_from(c.get("/login").text)
        r = c.post(
            "/login?next=/settings/account",
            data={"csrf_token": token, "email": alice.email, "password": PASSWORD},
            follow_redirects=False,
        )
        assert r.headers["location"] == "/settings/account"
        assert _is_logged_out(_replay(app, before))
        assert not _is_logged_out(c)
