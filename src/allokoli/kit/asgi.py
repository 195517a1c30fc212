"""A synchronous `httpx` transport that answers from an ASGI app in the same process.

Used when AlloKoli runs without its HTTP server (the stdio MCP server): the official Vapi SDK
and the sandbox's webhook sender still reach the embedded sandbox and our own webhooks, through
the very routes a served app would use. The app runs on the event loop of an anyio blocking
portal (its own thread), so callers may be any thread but that loop's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.types import ASGIApp


class BlockingASGITransport(httpx.BaseTransport):
    def __init__(self, app: ASGIApp, portal: BlockingPortal) -> None:
        self._transport = httpx.ASGITransport(app=app)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def call() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            inner = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self._transport.handle_async_request(inner)
            content = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
            return response.status_code, response.headers.raw, content

        status, headers, content = self._portal.call(call)
        return httpx.Response(status, headers=headers, content=content, request=request)


@contextmanager
def in_process_client(app: ASGIApp, base_url: str) -> Iterator[httpx.Client]:
    """An `httpx.Client` whose requests are answered by `app`, for the block's duration."""
    with (
        start_blocking_portal() as portal,
        httpx.Client(transport=BlockingASGITransport(app, portal), base_url=base_url) as client,
    ):
        yield client
