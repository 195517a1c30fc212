"""Security headers on every response: pages, JSON, errors, static files, MCP, sandbox.

The Content-Security-Policy allows scripts and styles from our own origin only: no inline
script, no inline style, no eval (every behaviour of the templates lives in static/app.js, and
htmx is told not to inject its indicator `<style>`). Two documented exceptions:

- With `ALLOKOLI_VAPI_PUBLIC_KEY` set, the voice test's Web SDK (Vapi over Daily) needs to load
  Daily's call machine script from `https://c.daily.co` (we pass `avoidEval`, so no
  'unsafe-eval'), to call the Vapi API, and to reach Daily's servers over HTTPS and WebSocket.
- FastAPI's `/docs` and `/redoc` pages load Swagger UI / ReDoc from their CDN with an inline
  start-up script; they hold no user data, and keep every other directive.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allokoli.settings import Settings

DOCS_PATHS = ("/docs", "/redoc")
VAPI_API = "https://api.vapi.ai"
DAILY_SCRIPT = "https://c.daily.co"
DAILY_CONNECT = ("https://*.daily.co", "wss://*.daily.co")
DOCS_CDN = "https://cdn.jsdelivr.net"
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = (
    "microphone=(self), camera=(), geolocation=(), payment=(), usb=(), display-capture=()"
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def content_security_policy(settings: Settings, *, docs: bool = False) -> str:
    """The policy of our pages (or of the API documentation pages when `docs`)."""
    script = ["'self'"]
    style = ["'self'"]
    img = ["'self'", "data:"]
    connect = ["'self'"]
    worker = ["'self'"]
    media = ["'self'"]
    if settings.vapi_public_key:
        script.append(DAILY_SCRIPT)
        # The Web SDK calls api.vapi.ai whatever ALLOKOLI_VAPI_BASE_URL says.
        connect += sorted({VAPI_API, _origin(settings.vapi_base_url)}) + list(DAILY_CONNECT)
        worker.append("blob:")
        media.append("blob:")
    if docs:
        script += [DOCS_CDN, "'unsafe-inline'"]
        style += [DOCS_CDN, "'unsafe-inline'"]
        img += ["https://fastapi.tiangolo.com", "https://cdn.redoc.ly"]
        worker.append("blob:")
    return _policy(
        {
            "default-src": ["'self'"],
            "script-src": script,
            "style-src": style,
            "img-src": img,
            "font-src": ["'self'", *([DOCS_CDN] if docs else [])],
            "connect-src": connect,
            "media-src": media,
            "worker-src": worker,
            "frame-src": ["'none'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    )


def security_headers(settings: Settings, *, docs: bool = False) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(settings, docs=docs),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.public_url.startswith("https://"):
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeadersMiddleware:
    """Pure ASGI: adds the headers to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.default = security_headers(settings)
        self.docs = security_headers(settings, docs=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chosen = self.docs if scope["path"] in DOCS_PATHS else self.default

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in chosen.items():
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
