"""What the sync and async clients share: configuration, headers, response handling."""

from __future__ import annotations

import os
from typing import TypeVar

import httpx

from allokoli_sdk._endpoints import Request
from allokoli_sdk.errors import AuthenticationError, error_from_response

__version__ = "0.1.0"

T = TypeVar("T")

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT = 30.0
API_KEY_ENV = "ALLOKOLI_API_KEY"
BASE_URL_ENV = "ALLOKOLI_BASE_URL"


def resolve_config(api_key: str | None, base_url: str | None) -> tuple[str, str]:
    """The API key and base URL, from the arguments or the environment."""
    key = api_key or os.environ.get(API_KEY_ENV)
    if not key:
        raise AuthenticationError(
            f"Clé API manquante : passez api_key=… ou définissez {API_KEY_ENV}.",
            error="MissingApiKey",
        )
    url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    return key, url.rstrip("/")


def default_headers(api_key: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {api_key}",
        "Accept": "application/json",
        "User-Agent": f"allokoli-sdk/{__version__}",
    }


def handle(request: Request[T], response: httpx.Response) -> T:
    if response.status_code >= 400:
        raise error_from_response(response)
    return request.parse(response)
