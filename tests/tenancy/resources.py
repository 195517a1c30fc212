"""Every tenant-owned resource, described once for the isolation suite.

Each later feature adds its resources here: the suite then proves, through the API and the HTML
pages, that organisation B cannot list, read, update or delete anything of organisation A.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import Account


@dataclass(frozen=True)
class Resource:
    name: str
    create: Callable[[Account], str]
    """Creates one resource as the account (through the API) and returns its id."""
    list_path: str
    get_path: str | None = None
    update: tuple[str, str, dict[str, object]] | None = None
    """(method, path template, JSON body)"""
    delete: tuple[str, str] | None = None
    html_get: list[str] = field(default_factory=list)
    html_post: list[str] = field(default_factory=list)
    """HTML form actions that change the resource; `{id}` is substituted."""


def _create_api_key(acc: Account) -> str:
    r = acc.client.post("/api/v1/api-keys", json={"name": "secrète"}, headers=acc.auth)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _audit_entry(acc: Account) -> str:
    _create_api_key(acc)
    r = acc.client.get("/api/v1/audit-log", headers=acc.auth)
    return str(r.json()[0]["id"])


RESOURCES: list[Resource] = [
    Resource(
        name="api_key",
        create=_create_api_key,
        list_path="/api/v1/api-keys",
        get_path="/api/v1/api-keys/{id}",
        delete=("DELETE", "/api/v1/api-keys/{id}"),
        html_get=["/settings/api-keys"],
        html_post=["/settings/api-keys/{id}/revoke"],
    ),
    Resource(name="audit_entry", create=_audit_entry, list_path="/api/v1/audit-log"),
]
