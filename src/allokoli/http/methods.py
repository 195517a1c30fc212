"""The `Allow` header of a 405: every method served at the path, not only the first route's.

Starlette answers 405 when a route matches the path but not the method, naming that one route's
methods; FastAPI declares `GET /x` and `POST /x` as two routes, so `PUT /x` would be told « Allow:
GET ». RFC 9110 wants the resource's whole list.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi.routing import iter_route_contexts
from starlette.requests import Request
from starlette.routing import BaseRoute, compile_path


def allowed_methods(routes: Sequence[BaseRoute], request: Request) -> list[str]:
    """The methods of every route whose path matches `request`'s, sorted."""
    path = request.scope["path"]
    methods: set[str] = set()
    for route in iter_route_contexts(list(routes)):
        if route.methods and route.path and compile_path(route.path)[0].match(path):
            methods |= set(route.methods)
    return sorted(methods)
