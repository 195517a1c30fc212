"""Jinja2 environment for the server-rendered French UI."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from allokoli.http.deps import csrf_token, services_of
from allokoli.kit.numbers import decimal_fr

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


@pass_context
def url_for(context: Context, name: str, /, **path_params: Any) -> str:
    """The path of a named route (`url_for('detail_page', assistant_id=a.id)`), or of a static
    file (`url_for('static', path='app.css')`). Templates never write our paths by hand.

    A path from the site's root, not Starlette's absolute URL: links then do not depend on the
    Host header the request came with (a proxy, the in-process test client)."""
    request: Request = context["request"]
    return request.url_for(name, **path_params).path


_PARIS = ZoneInfo("Europe/Paris")


def paris(value: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    """A UTC time as the owner reads it: in Europe/Paris (`{{ t|paris("%d/%m à %H:%M") }}`)."""
    return "" if value is None else value.astimezone(_PARIS).strftime(fmt)


templates.env.globals["url_for"] = url_for
templates.env.filters["decimal_fr"] = decimal_fr
templates.env.filters["paris"] = paris


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    ctx: dict[str, Any] = {
        "csrf_token": csrf_token(request),
        "principal": getattr(request.state, "principal", None),
        "settings": services_of(request).settings,
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
