"""Bad input on the command line: a French message on stderr, exit code 2, never a traceback.

Each case runs the real CLI (Typer's runner in-process, and `python -m allokoli` once for the
real entry point).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allokoli.cli import app
from allokoli.kit.json_input import MAX_JSON_DEPTH
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS
from tests.conftest import DbUrls

runner = CliRunner()
BINARY = bytes(range(256)) * 8  # not UTF-8 (0x80 cannot start a character)
ENGLISH = ("Traceback", "Error", "Usage:", "Try '", "Missing", "No such", "Invalid value")


def refused(args: list[str], *, stdin: bytes | None = None) -> str:
    """Run the CLI; assert exit 2 and no English or traceback; return stderr."""
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert not isinstance(result.exception, BaseException) or isinstance(
        result.exception, SystemExit
    ), result.exception
    for word in ENGLISH:
        assert word not in result.output, (word, result.output)
    assert result.stdout == ""
    return result.stderr


@pytest.fixture(autouse=True)
def test_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_ENV", "test")


@pytest.fixture
def binary_file(tmp_path: Path) -> Path:
    path = tmp_path / "profil.json"
    path.write_bytes(BINARY)
    return path


def test_generate_profile_binary_file(binary_file: Path) -> None:
    err = refused(["generate", "--profile", str(binary_file)])
    assert "n'est pas du texte UTF-8" in err and str(binary_file) in err


def test_generate_profile_binary_stdin() -> None:
    err = refused(["generate", "--profile", "-"], stdin=BINARY)
    assert "L'entrée standard n'est pas du texte UTF-8" in err


def test_generate_profile_directory(tmp_path: Path) -> None:
    err = refused(["generate", "--profile", str(tmp_path)])
    assert f"{tmp_path} est un dossier" in err


def test_generate_profile_missing_file(tmp_path: Path) -> None:
    err = refused(["generate", "--profile", str(tmp_path / "absent.json")])
    assert "Fichier introuvable" in err


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_generate_profile_deeply_nested_json(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "profond.json"
    path.write_text("[" * depth + "]" * depth)
    err = refused(["generate", "--profile", str(path)])
    assert f"imbriqué trop profondément (plus de {MAX_JSON_DEPTH} niveaux)" in err


def test_generate_profile_invalid_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "faux.json"
    path.write_text('{"company_name": "Garage",\n "city": }')
    err = refused(["generate", "--profile", str(path)])
    assert "n'est pas du JSON valide (ligne 2, colonne 10)" in err


def test_generate_profile_too_large(tmp_path: Path) -> None:
    path = tmp_path / "enorme.json"
    path.write_text(json.dumps({"company_name": "x" * (2 * 1024 * 1024)}))
    err = refused(["generate", "--profile", str(path)])
    assert "trop volumineux" in err


def test_generate_text_is_capped_like_the_api() -> None:
    text = "Garage Martin à Lyon. " * (120_000 // 22)
    err = refused(["generate", "--text", text])
    assert f"{MAX_DESCRIPTION_CHARS} caractères au plus" in err
    # The same text is refused by the API for the same reason: one limit, shared.
    from allokoli.generation.schemas import GenerateIn

    assert GenerateIn.model_json_schema()["properties"]["text"]["maxLength"] == (
        MAX_DESCRIPTION_CHARS
    )


def test_generate_text_at_the_limit_is_accepted() -> None:
    text = ("Garage Martin à Lyon, réparation de voitures. " * 200)[:MAX_DESCRIPTION_CHARS]
    result = runner.invoke(app, ["generate", "--text", text, "--vapi-only"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"]


def test_configure_answers_binary_file(binary_file: Path) -> None:
    err = refused(["configure", "--answers", str(binary_file)])
    assert "n'est pas du texte UTF-8" in err


def test_configure_answers_directory(tmp_path: Path) -> None:
    err = refused(["configure", "--answers", str(tmp_path)])
    assert "est un dossier" in err


@pytest.mark.parametrize("option", ["--calls", "--assistants"])
def test_demo_seed_negative_counts(option: str) -> None:
    err = refused(["demo", "seed", "--email", "a@exemple.fr", option, "-5"])
    assert f"Valeur invalide pour {option} : doit être supérieur ou égal à 0." in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["user", "create"], "Option obligatoire manquante : --email."),
        (["generate", "--nope"], "Option inconnue : --nope."),
        (["generate", "--tex", "x"], "Option inconnue : --tex. Vouliez-vous dire --text ?"),
        (["generate", "--text"], "L'option --text attend une valeur."),
        (["demo", "seed", "--calls", "beaucoup"], "Valeur invalide pour --calls : doit être"),
        (["calls", "reconcile", "--limit", "0"], "doit être supérieur ou égal à 1."),
        (["serve", "--port", "70000"], "Valeur invalide pour --port"),
        (["db", "upgrade", "head", "encore"], "Argument(s) en trop : encore."),
        (["facturer"], "Commande inconnue : facturer."),
    ],
)
def test_usage_errors_are_french(args: list[str], expected: str) -> None:
    err = refused(args)
    assert expected in err
    if args != ["generate", "--text"]:  # Click knows no command context for a missing value
        assert "Utilisation : " in err and " --help" in err


def test_user_create_validation_is_french(db_urls: DbUrls, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    err = refused(["user", "create", "--email", "nope", "--password", "court", "--org", " "])
    assert err.splitlines() == [
        "Données invalides :",
        "- --email : Saisissez une adresse e-mail valide (par exemple nom@exemple.fr).",
        "- --password : Le mot de passe doit contenir au moins 10 caractères.",
        "- --org : Indiquez le nom de votre entreprise.",
    ]


def test_real_entry_point_answers_french(binary_file: Path) -> None:
    env = {**os.environ, "ALLOKOLI_ENV": "test"}
    for args in (["generate", "--profile", str(binary_file)], ["demo", "seed", "--calls", "-1"]):
        out = subprocess.run(
            [sys.executable, "-m", "allokoli", *args], capture_output=True, text=True, env=env
        )
        assert out.returncode == 2, out.stderr
        assert out.stdout == ""
        assert "Traceback" not in out.stderr and "Error" not in out.stderr, out.stderr
    assert "supérieur ou égal à 0" in out.stderr
