from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from fastapi.testclient import TestClient
from typer._click.core import Command
from typer.core import TyperGroup
from typer.testing import CliRunner

from allokoli.cli import app
from tests.conftest import DbUrls

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(db_urls: DbUrls, database: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    monkeypatch.setenv("ALLOKOLI_DATABASE_ADMIN_URL", db_urls.admin)
    monkeypatch.setenv("ALLOKOLI_ENV", "test")


def test_user_and_apikey_create(env: None, client: TestClient) -> None:
    r = runner.invoke(
        app,
        [
            "user",
            "create",
            "--email",
            "cli@exemple.fr",
            "--password",
            "motdepasse-cli",
            "--org",
            "Garage CLI",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "user_id=" in r.output and "organization_id=" in r.output
    r = runner.invoke(app, ["apikey", "create", "--email", "cli@exemple.fr", "--name", "ops"])
    assert r.exit_code == 0, r.output
    key = r.output.strip().splitlines()[-1]
    assert key.startswith("ak_")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.json()["organization"]["name"] == "Garage CLI"


def test_cli_errors_are_french_exit_2(env: None) -> None:
    r = runner.invoke(
        app, ["user", "create", "--email", "x@exemple.fr", "--password", "court", "--org", "X"]
    )
    assert r.exit_code == 2
    assert "Données invalides" in r.output
    r = runner.invoke(
        app,
        ["user", "create", "--email", "d@exemple.fr", "--password", "motdepasse-ok", "--org", "X"],
    )
    r = runner.invoke(
        app,
        ["user", "create", "--email", "d@exemple.fr", "--password", "motdepasse-ok", "--org", "X"],
    )
    assert r.exit_code == 2 and "existe déjà" in r.output
    r = runner.invoke(app, ["apikey", "create", "--email", "personne@exemple.fr"])
    assert r.exit_code == 2 and "Aucun utilisateur" in r.output


def test_db_upgrade_is_idempotent(env: None) -> None:
    r = runner.invoke(app, ["db", "upgrade"])
    assert r.exit_code == 0, r.output
    assert "à jour" in r.output


def test_python_dash_m_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "allokoli", "--help"], capture_output=True, text=True, check=True
    )
    assert "serve" in out.stdout and "apikey" in out.stdout


def _command_paths(command: Command, prefix: str = "allokoli") -> list[str]:
    """`allokoli user create`, … : every leaf command, with its groups."""
    if isinstance(command, TyperGroup):
        return [
            path
            for name, sub in command.commands.items()
            for path in _command_paths(sub, f"{prefix} {name}")
        ]
    return [prefix]


def test_every_command_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text()
    paths = _command_paths(typer.main.get_command(app))
    assert "allokoli sessions purge" in paths and "allokoli user set-password" in paths
    missing = [p for p in paths if f"| `{p}" not in readme]
    assert not missing, f"commands missing from README's command table: {missing}"
