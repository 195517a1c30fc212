"""A fake OpenAI-compatible endpoint on 127.0.0.1 (a real HTTP server in a thread).

The `openai` package talks to it over HTTP exactly as it would to a real provider, so the tests
exercise the client, the request body, the status codes and the timeouts at the HTTP boundary
(the `openai` client uses its own HTTP stack, which transport mocks do not see).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Canned:
    status: int
    body: str
    delay: float = 0.0


def completion_body(content: str | None) -> str:
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }
    )


class FakeLLM:
    def __init__(self) -> None:
        self.queue: list[Canned] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                with fake._lock:
                    fake.paths.append(self.path)
                    fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                    try:
                        fake.requests.append(json.loads(raw))
                    except ValueError:
                        fake.requests.append({})
                    canned = fake.queue.pop(0) if fake.queue else Canned(500, "{}")
                if canned.delay:
                    time.sleep(canned.delay)
                body = canned.body.encode()
                try:
                    self.send_response(canned.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (deadline): nothing to answer
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def reply(self, content: str | None, *, delay: float = 0.0) -> None:
        self.queue.append(Canned(200, completion_body(content), delay))

    def reply_json(self, data: dict[str, Any]) -> None:
        self.reply(json.dumps(data))

    def fail(self, status: int, body: str = '{"error": {"message": "boom"}}') -> None:
        self.queue.append(Canned(status, body))


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
