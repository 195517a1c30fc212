from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from allokoli.db.session import Database, bind_user
from allokoli.http.deps import AlloKoliApp
from allokoli.models import Membership, Organization, User
from tests.conftest import PASSWORD, Account, csrf_from


def _form(client: TestClient, path: str, **data: str) -> tuple[str, dict[str, str]]:
    token = csrf_from(client.get(path).text)
    return token, {"csrf_token": token, **data}


def _counts(database: Database) -> tuple[int, int, int]:
    with database.unit_of_work() as s:
        users = s.scalars(select(User.id)).all()
        memberships = 0
        for user_id in users:  # memberships are tenant rows a user may read (RLS)
            bind_user(s, user_id)
            where = Membership.user_id == user_id
            memberships += s.scalar(select(func.count(Membership.id)).where(where)) or 0
        return (
            len(users),
            s.scalar(select(func.count(Organization.id))) or 0,
            memberships,
        )


def test_signup_creates_user_org_membership_consent_and_audit(
    client: TestClient, database: Database
) -> None:
    _, data = _form(
        client,
        "/signup",
        email="Chef@Exemple.fr",
        password=PASSWORD,
        organization_name="Da Marco",
        consent="1",
    )
    r = client.post("/signup", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dashboard"
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "Créez votre premier assistant" in page.text
    assert "Bienvenue sur AlloKoli" in page.text
    with database.unit_of_work() as s:
        user = s.scalar(select(User))
        assert user is not None and user.email == "chef@exemple.fr"
        assert user.consent_at.tzinfo is not None
        assert user.password_hash.startswith("$argon2")
        bind_user(s, user.id)  # memberships are tenant rows (RLS on PostgreSQL)
        m = s.scalar(select(Membership))
        assert m is not None and m.role == "owner" and m.user_id == user.id
    assert _counts(database) == (1, 1, 1)


def test_duplicate_email_is_refused_and_creates_nothing(
    client: TestClient, alice: Account, database: Database
) -> None:
    before = _counts(database)
    _, data = _form(
        client,
        "/signup",
        email="ALICE@exemple.fr",
        password=PASSWORD,
        organization_name="Autre",
        consent="1",
    )
    r = client.post("/signup", data=data)
    assert r.status_code == 409
    assert "Un compte existe déjà avec cette adresse e-mail." in r.text
    assert _counts(database) == before


def test_invalid_email_and_short_password_give_field_errors(
    client: TestClient, database: Database
) -> None:
    _, data = _form(
        client,
        "/signup",
        email="pas-un-email",
        password="court",
        organization_name="X",
        consent="1",
    )
    r = client.post("/signup", data=data)
    assert r.status_code == 422
    assert "Saisissez une adresse e-mail valide" in r.text
    assert "au moins 10 caractères" in r.text
    assert 'aria-invalid="true"' in r.text
    assert _counts(database) == (0, 0, 0)


def test_consent_is_required(client: TestClient, database: Database) -> None:
    _, data = _form(
        client, "/signup", email="a@exemple.fr", password=PASSWORD, organization_name="X"
    )
    r = client.post("/signup", data=data)
    assert r.status_code == 422
    assert "accepter les conditions" in r.text
    assert _counts(database) == (0, 0, 0)


def test_missing_or_wrong_csrf_is_403(client: TestClient, database: Database) -> None:
    data = {"email": "a@exemple.fr", "password": PASSWORD, "organization_name": "X", "consent": "1"}
    client.get("/signup")
    assert client.post("/signup", data=data).status_code == 403
    r = client.post("/signup", data={**data, "csrf_token": "faux"})
    assert r.status_code == 403
    assert "Le formulaire a expiré" in r.text
    assert _counts(database) == (0, 0, 0)


def test_login_wrong_password_and_unknown_email_same_message(
    app: AlloKoliApp, alice: Account
) -> None:
    with TestClient(app) as c:
        _, data = _form(c, "/login", email=alice.email, password="mauvais-mot-de-passe")
        wrong = c.post("/login", data=data)
        _, data = _form(c, "/login", email="inconnu@exemple.fr", password="mauvais-mot-de-passe")
        unknown = c.post("/login", data=data)
    assert wrong.status_code == unknown.status_code == 401
    assert "E-mail ou mot de passe incorrect." in wrong.text
    assert "E-mail ou mot de passe incorrect." in unknown.text


def test_login_logout_login(app: AlloKoliApp, alice: Account) -> None:
    with TestClient(app) as c:
        assert c.get("/dashboard", follow_redirects=False).status_code == 303
        _, data = _form(c, "/login", email="ALICE@exemple.fr ", password=PASSWORD)
        r = c.post("/login?next=/settings/api-keys", data=data, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/settings/api-keys"
        page = c.get("/dashboard")
        assert "Se déconnecter" in page.text
        r = c.post("/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
        assert r.status_code == 303
        assert c.get("/dashboard", follow_redirects=False).headers["location"].startswith("/login")


def test_login_open_redirect_is_refused(app: AlloKoliApp, alice: Account) -> None:
    with TestClient(app) as c:
        _, data = _form(c, "/login", email=alice.email, password=PASSWORD)
        r = c.post("/login?next=//evil.example/", data=data, follow_redirects=False)
        assert r.headers["location"] == "/dashboard"


def test_login_throttling_429_in_french(app: AlloKoliApp, alice: Account) -> None:
    with TestClient(app) as c:
        statuses = []
        for _ in range(6):
            _, data = _form(c, "/login", email=alice.email, password="mauvais-mot-de-passe")
            statuses.append(c.post("/login", data=data).status_code)
        assert statuses[:5] == [401] * 5
        assert statuses[5] == 429
        # Even the right password is refused while throttled.
        _, data = _form(c, "/login", email=alice.email, password=PASSWORD)
        r = c.post("/login", data=data)
        assert r.status_code == 429
        assert "Trop de tentatives" in r.text
        assert int(r.headers["Retry-After"]) > 0


def test_audit_log_records_signup_and_key_creation(alice: Account) -> None:
    entries = alice.client.get("/api/v1/audit-log", headers=alice.auth).json()
    assert [(e["entity"], e["action"]) for e in reversed(entries)] == [
        ("organization", "create"),
        ("api_key", "create"),
    ]
    assert all(e["actor"].startswith("user:") for e in entries)


def test_pages_are_french_and_accessible(client: TestClient) -> None:
    for path in ("/", "/signup", "/login"):
        html = client.get(path).text
        assert '<html lang="fr">' in html
        assert "Aller au contenu" in html
    signup = client.get("/signup").text
    for field in ("organization_name", "email", "password", "consent"):
        assert f'<label for="{field}"' in signup
