"""Docs are executable: the README's and docs/mcp.md's Python examples run against a served app,
their JSON is valid, and every MCP tool is documented."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.mcp.runtime import RequestIdentity
from allokoli.mcp.server import build_server
from allokoli.settings import Settings
from tests.conftest import Account
from tests.e2e.conftest import serve

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MCP_DOC = ROOT / "docs" / "mcp.md"
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.S)


def blocks(path: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(path.read_text()) if lang == language]


def examples(path: Path) -> list[str]:
    return [b for b in blocks(path, "python") if b.startswith("# example\n")]


def test_every_mcp_tool_is_documented(app: AlloKoliApp) -> None:
    server = build_server(app.services, RequestIdentity())
    tools = {t.name for t in anyio.run(server.list_tools)}
    documented = set(re.findall(r"^### `(\w+)`$", MCP_DOC.read_text(), re.M))
    assert tools - documented == set(), f"MCP tools missing from docs/mcp.md: {tools - documented}"
    assert documented - tools == set(), f"docs/mcp.md documents unknown tools: {documented - tools}"


def test_json_examples_are_valid() -> None:
    for body in blocks(MCP_DOC, "json"):
        json.loads(body)
    configs = [json.loads(b) for b in blocks(MCP_DOC, "json") if "mcpServers" in b]
    assert configs[0]["mcpServers"]["allokoli"]["args"] == ["mcp"]


@pytest.fixture
def served(
    settings: Settings,
    database: Database,
    alice: Account,
    monkeypatch: pytest.MonkeyPatch,
    vapi_sdk_warm: None,
) -> Iterator[str]:
    # Warm (`vapi_sdk_warm`) as a served process is before its first request.
    for url in serve(settings, database):
        monkeypatch.setenv("ALLOKOLI_BASE_URL", url)
        monkeypatch.setenv("ALLOKOLI_API_KEY", alice.api_key)
        yield url


def _run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<example>", "exec"), {"__name__": "__example__"})  # noqa: S102
    return out.getvalue()


def test_readme_examples_run(served: str) -> None:
    found = examples(README)
    assert found, "README has no `# example` block"
    output = "".join(_run(code) for code in found)
    assert "Pizzeria Da Marco draft" in output
    assert "404 Appel introuvable." in output


def test_mcp_doc_examples_run(served: str) -> None:
    found = examples(MCP_DOC)
    assert found
    output = "".join(_run(code) for code in found)
    assert "'generate_assistant'" in output and "True" in output
