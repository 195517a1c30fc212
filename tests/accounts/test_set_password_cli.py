"""`allokoli user set-password`: an operator sets a user's password (from a hidden prompt typed
twice, or one line of standard input), under sign-up's rules, and every session of that user
ends; bad input is a French message and exit code 2, with nothing changed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from allokoli.cli import app as cli
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.models import AuditEntry
from tests.accounts.test_sessions import _is_logged_out, _login
from tests.conftest import PASSWORD, Account, DbUrls, csrf_from

NEW = "un-nouveau-mot-de-passe"
runner = CliRunner()


@pytest.fixture(autouse=True)
def env(db_urls: DbUrls, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    monkeypatch.setenv("ALLOKOLI_ENV", "test")


def _can_log_in(app: AlloKoliApp, email: str, password: str) -> bool:
    with TestClient(app) as c:
        token = csrf_from(c.get("/login").text)
        r = c.post(
            "/login",
            data={"csrf_token": token, "email": email, "password": password},
            follow_redirects=False,
        )
        return r.status_code == 303


def _refused(args: list[str], stdin: str) -> str:
    r = runner.invoke(cli, args, input=stdin)
    assert r.exit_code == 2, (r.exit_code, r.output)
    assert r.stdout.count("Mot de passe modifié") == 0
    for word in ("Traceback", "Error", "Usage:"):
        assert word not in r.output
    return r.stderr


def test_password_from_stdin_replaces_it_and_ends_every_session(
    app: AlloKoliApp, alice: Account, database: Database
) -> None:
    other_browser = _login(app, alice.email)
    r = runner.invoke(
        cli, ["user", "set-password", "--email", alice.email, "--password-stdin"], input=NEW + "\n"
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "Mot de passe modifié ; 2 session(s) fermée(s)."
    assert _is_logged_out(alice.client) and _is_logged_out(other_browser)
    assert not _can_log_in(app, alice.email, PASSWORD)
    assert _can_log_in(app, alice.email, NEW)
    with database.unit_of_work(alice.org_id) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "password_reset")).one()
    assert (entry.actor, entry.entity, entry.details) == ("cli", "user", {"sessions_ended": 2})


def test_password_typed_twice_at_the_prompt(app: AlloKoliApp, alice: Account, bob: Account) -> None:
    r = runner.invoke(
        cli, ["user", "set-password", "--email", alice.email], input=f"{NEW}\n{NEW}\n"
    )
    assert r.exit_code == 0, r.output
    assert NEW not in r.output  # hidden input
    assert _can_log_in(app, alice.email, NEW)
    assert not _is_logged_out(bob.client)  # another user's sessions are untouched


def test_two_different_passwords_at_the_prompt_change_nothing(
    app: AlloKoliApp, alice: Account
) -> None:
    err = _refused(["user", "set-password", "--email", alice.email], f"{NEW}\nautre-chose-encore\n")
    assert "Les deux mots de passe saisis sont différents : rien n'a changé." in err
    assert _can_log_in(app, alice.email, PASSWORD)
    assert not _is_logged_out(alice.client)


@pytest.mark.parametrize("password", ["court", "x" * 201, ""])
def test_a_password_sign_up_would_refuse_is_refused(
    app: AlloKoliApp, alice: Account, password: str
) -> None:
    err = _refused(
        ["user", "set-password", "--email", alice.email, "--password-stdin"], password + "\n"
    )
    assert "Le nouveau mot de passe doit contenir entre 10 et 200 caractères." in err
    assert _can_log_in(app, alice.email, PASSWORD)
    assert not _is_logged_out(alice.client)


def test_unknown_email(alice: Account) -> None:
    err = _refused(
        ["user", "set-password", "--email", "personne@exemple.fr", "--password-stdin"], NEW
    )
    assert "Aucun utilisateur avec l'adresse personne@exemple.fr." in err
