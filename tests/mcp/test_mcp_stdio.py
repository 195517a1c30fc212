"""`allokoli mcp` over stdio: a real subprocess (`python -m allokoli mcp`) driven by the official
SDK's stdio client, on the test database (SQLite or PostgreSQL, as the suite's backend) seeded
here. In sandbox mode the process routes the Vapi SDK to its own app in-process, so deploy →
chat → calls works with nothing else running."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import anyio
import pytest
from mcp.client.stdio import stdio_client

from allokoli.accounts import service as accounts
from allokoli.assistants import service as assistants
from allokoli.assistants.schemas import AssistantCreate
from allokoli.auth.credentials import principal_for
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.db.session import Database
from allokoli.kit.crypto import SecretBox
from mcp import ClientSession, StdioServerParameters
from tests.assistants.conftest import PIZZERIA
from tests.conftest import TEST_SECRET, DbUrls
from tests.mcp.conftest import data, error

pytestmark = pytest.mark.journey  # a separate `allokoli mcp` process


@dataclass(frozen=True)
class Seeded:
    url: str
    key: str
    other_key: str
    others_assistant: str


def _org_with_key(db: Database, email: str, org: str) -> tuple[str, Principal]:
    with db.unit_of_work() as session:
        made = accounts.create_user(
            session,
            email=email,
            password="motdepasse-solide",
            org_name=org,
            box=SecretBox(TEST_SECRET),
        )
        principal = principal_for(IdentityRepository(session), made.user, made.membership)
        _, key = accounts.create_api_key(session, principal, "mcp")
    return key, principal


@pytest.fixture
def seeded(db_urls: DbUrls, database: Database) -> Seeded:
    """Two organisations in the test database (wiped after the test by `database`); the
    subprocess connects as the application role, as a deployed server does."""
    key, _ = _org_with_key(database, "agent@exemple.fr", "Agence Agent")
    other_key, other = _org_with_key(database, "autre@exemple.fr", "Autre")
    with database.unit_of_work() as session:
        theirs = assistants.create(session, other, AssistantCreate(text=PIZZERIA))
        theirs_id = str(theirs.id)
    return Seeded(db_urls.app, key, other_key, theirs_id)


def _env(seeded: Seeded, **extra: str) -> dict[str, str]:
    return {
        "ALLOKOLI_ENV": "test",
        "ALLOKOLI_DATABASE_URL": seeded.url,
        "ALLOKOLI_SECRET_KEY": TEST_SECRET,
        "ALLOKOLI_LOG_LEVEL": "WARNING",
        **extra,
    }


def _params(seeded: Seeded, tmp_path: Path, key: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "allokoli", "mcp"],
        env=_env(seeded, ALLOKOLI_API_KEY=key),
        cwd=str(tmp_path),  # no stray .env or modules from the working directory
    )


def test_stdio_generate_create_deploy_chat_then_calls(seeded: Seeded, tmp_path: Path) -> None:
    async def main() -> None:
        async with (
            stdio_client(_params(seeded, tmp_path, seeded.key)) as (read, write),
            ClientSession(read, write) as mcp,
        ):
            info = await mcp.initialize()
            assert info.server_info.name == "allokoli"
            assert len((await mcp.list_tools()).tools) == 32
            generated = data(await mcp.call_tool("generate_assistant", {"text": PIZZERIA}))
            assert generated["sector"]["family"] == "restauration"
            created = data(await mcp.call_tool("create_assistant", {"text": PIZZERIA}))
            aid = created["id"]
            deployed = data(await mcp.call_tool("deploy_assistant", {"assistant_id": aid}))
            assert deployed["status"] == "active", deployed["status_reason"]
            reply = data(
                await mcp.call_tool(
                    "chat_with_assistant",
                    {"assistant_id": aid, "text": "Vous êtes ouverts le lundi ? Merci, au revoir"},
                )
            )
            assert reply["reply"] and reply["chat_id"]
            calls = data(await mcp.call_tool("list_calls", {}))
            assert [c["assistant_id"] for c in calls["items"]] == [aid]
            # Errors: another tenant's id, bad arguments.
            theirs = error(
                await mcp.call_tool("get_assistant", {"assistant_id": seeded.others_assistant})
            )
            assert theirs["status"] == 404 and theirs["detail"] == "Assistant introuvable."
            listed = data(await mcp.call_tool("list_assistants", {}))
            assert [a["id"] for a in listed["items"]] == [aid]
            bad = error(await mcp.call_tool("list_assistants", {"sort": "prix"}))
            assert bad["error"] == "ValidationError" and bad["errors"][0]["field"] == "sort"

    anyio.run(main)


def test_stdio_refuses_a_bad_or_missing_key(seeded: Seeded, tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ALLOKOLI_")}
    for key, message in (
        ("ak_nope_nope", "Clé API invalide ou révoquée."),
        ("", "Clé API manquante"),
    ):
        env = {**base, **_env(seeded), "ALLOKOLI_API_KEY": key}
        done = subprocess.run(
            [sys.executable, "-m", "allokoli", "mcp"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert message in done.stderr
        assert done.stdout == ""
