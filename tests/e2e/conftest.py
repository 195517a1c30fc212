"""A real server (uvicorn in a thread, on a free port) and Debian's Chromium via Playwright."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import uvicorn

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(settings: Settings, database: Database, *, proxy_headers: bool = True) -> Iterator[str]:
    """Serve the app on a free port; its public URL is that address, so the official Vapi SDK
    reaches the embedded sandbox and the sandbox reaches our webhooks over real HTTP."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(settings.model_copy(update={"public_url": url}), database=database)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", proxy_headers=proxy_headers
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:  # pragma: no cover - environment failure
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def live_server(settings: Settings, database: Database) -> Iterator[str]:
    yield from serve(settings, database)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture
def page(live_server: str) -> Iterator[Page]:
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it when root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(base_url=live_server, locale="fr-FR")
        pg = context.new_page()
        violations = watch_csp(pg)
        yield pg
        context.close()
        browser.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def watch_csp(pg: Page) -> list[str]:
    """Collect what Chromium reports about the Content-Security-Policy (blocked inline script,
    style or handler, blocked source) and the page's uncaught errors: every browser test
    fails on any of them."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            seen.append(text)

    pg.on("console", on_console)
    pg.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen
