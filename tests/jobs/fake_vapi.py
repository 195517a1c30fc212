"""A Vapi stand-in for worker processes: a real HTTP server on localhost that stores assistants,
counts creates, and can hold a create until the test lets it answer (a job caught mid-call)."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeVapi:
    def __init__(self) -> None:
        self.assistants: dict[str, dict[str, Any]] = {}
        self.creates = 0
        self.lock = threading.Lock()
        self.hold_creates = False
        self.create_received = threading.Event()
        self.release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                return dict(json.loads(self.rfile.read(length) or b"{}"))

            def do_GET(self) -> None:
                if self.path.split("?")[0].rstrip("/") == "/assistant":
                    with fake.lock:
                        self._send(200, list(fake.assistants.values()))
                    return
                self._send(404, {"message": "not found"})

            def do_POST(self) -> None:
                body = self._body()
                now = datetime.now(UTC).isoformat()
                assistant = {
                    **body,
                    "id": str(uuid.uuid4()),
                    "orgId": "org-fake",
                    "createdAt": now,
                    "updatedAt": now,
                }
                # The installation's configurator assistant (deployed at start-up) is not one
                # of the owners' assistants these tests count.
                if body.get("name") == "AlloKoli configurateur":
                    self._send(201, assistant)
                    return
                with fake.lock:
                    fake.assistants[assistant["id"]] = assistant
                    fake.creates += 1
                    hold = fake.hold_creates
                fake.create_received.set()
                if hold:  # the side effect happened; the answer waits for the test
                    fake.release.wait(timeout=600)
                self._send(201, assistant)

            def do_PATCH(self) -> None:
                provider_id = self.path.rstrip("/").rsplit("/", 1)[-1]
                body = self._body()
                with fake.lock:
                    if provider_id not in fake.assistants:
                        self._send(404, {"message": "not found"})
                        return
                    fake.assistants[provider_id].update(body)
                    self._send(200, fake.assistants[provider_id])

        return Handler

    @contextmanager
    def running(self) -> Iterator[FakeVapi]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.release.set()
            self._server.shutdown()
            self._server.server_close()
