"""Vapi through the official SDK — pointed at real Vapi when a key is set, else at the sandbox.

With a real key, one gateway serves every organisation (one Vapi account). In sandbox mode each
organisation is its own sandbox account: the gateway is built with that organisation's sandbox
credential (`sandbox.keys`); `GatewayFactory` takes the organisation id for that reason.

Requests go through the SDK's own HTTP client (base URL, credential, headers, timeout); the
answers are read as JSON for the fields we use, never parsed into the SDK's types (see
`VapiGateway._request`).

Every method raises a `ProviderError` with a French message, of the class that says what
happened: `ProviderNotFound` (404: what the request names is gone), `ProviderUnavailable`
(network errors, timeouts, 429 and 5xx: `retryable`, the outbox tries again) or
`ProviderRejected` (any other 4xx: the request is wrong, or the key). Callers decide on the
class, never on the message's text.
"""

from __future__ import annotations

import json
import logging
import types
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import httpx
import pydantic
import vapi.core.pydantic_utilities as _sdk_pydantic_utilities
from vapi import Vapi
from vapi.core.api_error import ApiError
from vapi.core.datetime_utils import serialize_datetime
from vapi.core.jsonable_encoder import jsonable_encoder
from vapi.core.request_options import RequestOptions

from allokoli.kit.errors import AppError
from allokoli.settings import Settings

log = logging.getLogger("allokoli.providers.vapi")

SANDBOX_PATH = "/sandbox/vapi"
METADATA_KEY = "allokoliAssistantId"


class ProviderError(AppError):
    """The provider failed or refused; shown to owners as « ProviderError » whatever the
    subclass (the subclasses are for our code: the API's error names stay as they were)."""

    status_code = 502
    default_detail = "Le service vocal (Vapi) n'a pas pu traiter la demande."
    public_name = "ProviderError"

    def __init__(
        self,
        detail: str | None = None,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail)
        self.retryable = retryable
        #: Seconds the provider asked us to wait (its `Retry-After`), when it said.
        self.retry_after = retry_after

    def envelope(self) -> dict[str, Any]:
        return {**super().envelope(), "error": self.public_name}


class ProviderNotFound(ProviderError):
    """Vapi answered 404: something the request names (an assistant, a `previousChatId`) is
    gone there."""

    default_detail = "Cette ressource n'existe plus chez Vapi."
    public_name = "ProviderNotFound"


class ProviderUnavailable(ProviderError):
    """Vapi could not be reached or is overloaded (network, timeout, 429, 5xx): try again."""

    def __init__(
        self,
        detail: str | None = None,
        *,
        retryable: bool = True,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail, retryable=retryable, retry_after=retry_after)


class ProviderRejected(ProviderError):
    """Vapi refused the request (400, 401/403, another 4xx): trying again changes nothing."""


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """An HTTP `Retry-After` (seconds, or a date) as seconds from now; None when absent or
    unreadable, 0 for a date already past."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _french(exc: Exception) -> ProviderError:
    if isinstance(exc, ApiError):
        status = exc.status_code or 0
        body = exc.body if isinstance(exc.body, dict) else {}
        raw = body.get("message")
        reason = "; ".join(map(str, raw)) if isinstance(raw, list) else str(raw or "")
        if status in (401, 403):
            return ProviderRejected("Clé Vapi refusée : vérifiez ALLOKOLI_VAPI_API_KEY.")
        if status == 404:
            return ProviderNotFound()
        if status == 400:
            return ProviderRejected(
                f"Vapi a refusé la configuration : {reason or 'requête invalide'}."
            )
        headers = {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}
        wait = retry_after_seconds(headers.get("retry-after"))
        if status == 429:
            return ProviderUnavailable(
                "Vapi limite le nombre de requêtes : nouvel essai bientôt.", retry_after=wait
            )
        if status >= 500:
            return ProviderUnavailable(
                "Vapi est momentanément indisponible : nouvel essai bientôt.", retry_after=wait
            )
        return ProviderRejected(f"Erreur Vapi ({status}) : {reason}")
    if isinstance(exc, httpx.TimeoutException):
        return ProviderUnavailable("Vapi ne répond pas (délai dépassé) : nouvel essai bientôt.")
    if isinstance(exc, httpx.HTTPError):
        return ProviderUnavailable("Vapi est injoignable (réseau) : nouvel essai bientôt.")
    log.error("unexpected error from the Vapi SDK: %r", exc, exc_info=exc)
    return ProviderError()


_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _cached_type_adapter(type_: Any, *args: Any, **kwargs: Any) -> pydantic.TypeAdapter[Any]:
    if args or kwargs:
        return pydantic.TypeAdapter(type_, *args, **kwargs)
    try:
        return _ADAPTERS[type_]
    except KeyError:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(type_)
        _ADAPTERS[type_] = adapter
        return adapter
    except TypeError:  # an unhashable annotation: build it each time, as the SDK does
        return pydantic.TypeAdapter(type_)


def _reuse_sdk_type_adapters() -> None:
    """Make the SDK build each Pydantic `TypeAdapter` once per type, not once per value.

    The SDK's `parse_obj_as` (used for every union-typed field of every response: an assistant
    has dozens) builds a new `TypeAdapter` at each call, which regenerates and walks the whole
    union's core schema. The gateway no longer parses answers into the SDK's types, but its
    typed methods (the sandbox's SDK tests, scripts) still do. A `TypeAdapter`
    is immutable once built, so one per type is the same result. The SDK module sees `pydantic`
    through this proxy, which answers `TypeAdapter` from the cache and everything else from
    Pydantic itself (`tests/providers` checks that responses parse the same)."""
    namespace = vars(_sdk_pydantic_utilities)
    if not isinstance(namespace["pydantic"], _PydanticWithCachedAdapters):
        namespace["pydantic"] = _PydanticWithCachedAdapters("pydantic")


class _PydanticWithCachedAdapters(types.ModuleType):
    TypeAdapter = staticmethod(_cached_type_adapter)

    def __getattr__(self, name: str) -> Any:
        return getattr(pydantic, name)


_reuse_sdk_type_adapters()


def warm_up_sdk() -> None:
    """Import what the gateway uses of the SDK (its client and HTTP layer).

    The gateway never parses responses into the SDK's ~2,000 Pydantic types (see
    `VapiGateway._request`), so it never pays their 20-60 s first build; this only loads the
    client's modules and one JSON encoding, before the process takes traffic."""
    gateway = Vapi(token="warm-up", base_url="http://127.0.0.1:9")  # noqa: S106 - never used
    jsonable_encoder({"warm": [uuid.UUID(int=0), datetime.now(UTC)]})
    gateway._client_wrapper.get_headers()


GatewayFactory = Callable[[uuid.UUID], "VapiGateway"]
"""Builds the gateway to use for one organisation (its own sandbox account in sandbox mode)."""

LOOKUP_PAGE = 20
"""Assistants asked per request by the retry-safety lookup: a small bound, whatever the size of
the account."""
LOOKUP_MARGIN = timedelta(minutes=2)
"""Slack around our send times in that lookup: the provider's clock against ours, and a create
the provider finished after our request gave up (our timeout is 10 s)."""


@dataclass(frozen=True)
class ToolCall:
    """One tool call of a chat's output: its function name and its decoded arguments."""

    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class ChatReply:
    text: str
    chat_id: str
    ended: bool = False
    transfer_to: str | None = None
    """The number the assistant transferred the conversation to (its `transferCall`)."""
    tool_calls: tuple[ToolCall, ...] = ()
    """Every tool call of the turn, in order (the rehearsal checks their arguments)."""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _transfer_to(output: Any) -> str | None:
    """The destination of a `transferCall` tool call in a chat's output, if any."""
    for message in output if isinstance(output, list) else []:
        calls = message.get("tool_calls") if isinstance(message, dict) else None
        for call in calls if isinstance(calls, list) else []:
            function = call.get("function") if isinstance(call, dict) else None
            if not isinstance(function, dict) or function.get("name") != "transferCall":
                continue
            try:
                arguments = json.loads(function.get("arguments") or "{}")
            except (TypeError, ValueError):
                continue
            destination = arguments.get("destination") if isinstance(arguments, dict) else None
            if isinstance(destination, dict):
                destination = destination.get("number")
            if isinstance(destination, str) and destination:
                return destination
    return None


def _tool_calls(output: Any) -> tuple[ToolCall, ...]:
    """The tool calls of a chat's output (OpenAI format), arguments decoded; unreadable ones
    keep their name with empty arguments."""
    found: list[ToolCall] = []
    for message in output if isinstance(output, list) else []:
        calls = message.get("tool_calls") if isinstance(message, dict) else None
        for call in calls if isinstance(calls, list) else []:
            function = call.get("function") if isinstance(call, dict) else None
            if not isinstance(function, dict) or not isinstance(function.get("name"), str):
                continue
            raw = function.get("arguments")
            try:
                arguments = json.loads(raw) if isinstance(raw, str) else raw
            except ValueError:
                arguments = None
            found.append(
                ToolCall(function["name"], arguments if isinstance(arguments, dict) else {})
            )
    return tuple(found)


def _provider_id(data: Any) -> str:
    """The `id` of a resource the provider answered with."""
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"]:
        return str(data["id"])
    log.error("Vapi answered without an id: %.200r", data)
    raise ProviderError("Vapi a renvoyé une réponse inattendue (sans identifiant).")


def _object(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        return data
    log.error("Vapi answered something else than an object: %.200r", data)
    raise ProviderError("Vapi a renvoyé une réponse inattendue.")


def _created_at(item: dict[str, Any]) -> datetime | None:
    try:
        value = datetime.fromisoformat(_text(item.get("createdAt")))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class VapiGateway:
    """The calls AlloKoli makes to Vapi (or the sandbox), with the official SDK.

    `sandbox_token` is the organisation's sandbox credential, required in sandbox mode (no
    Vapi key) and ignored with a real key."""

    def __init__(
        self,
        settings: Settings,
        *,
        sandbox_token: str | None = None,
        http_client: httpx.Client | None = None,
        timeout: float = 10,
    ) -> None:
        self.sandbox = settings.uses_sandbox
        if settings.vapi_api_key is not None:
            token = settings.vapi_api_key.get_secret_value()
            base_url = settings.vapi_base_url.rstrip("/")
        else:
            if not sandbox_token:
                raise ValueError("the sandbox needs the organisation's sandbox credential")
            token = sandbox_token
            base_url = settings.public_url.rstrip("/") + SANDBOX_PATH
        self.client = Vapi(
            token=token, base_url=base_url, timeout=timeout, httpx_client=http_client
        )
        self._options: RequestOptions = {"max_retries": 0}

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """One request through the SDK's HTTP client (its base URL, credential, headers and
        timeout, as its typed methods send them); the answer is read as plain JSON.

        The SDK's typed methods parse every answer into its Pydantic types before we see it:
        about 90 ms for one generated assistant, 190 ms for a chat (which echoes its inline
        assistant), 2 s for 20 listed assistants, plus 20-60 s to build those types the first
        time in a process. We read a few fields of each answer, so we read them from the JSON.
        Errors become the same `ApiError` as the typed methods raise, then a `ProviderError`."""
        try:
            response = self.client._client_wrapper.httpx_client.request(
                path, method=method, params=params, json=body, request_options=self._options
            )
        except Exception as exc:
            raise _french(exc) from exc
        if not 200 <= response.status_code < 300:
            try:
                payload: Any = response.json()
            except ValueError:
                payload = response.text
            error = ApiError(
                status_code=response.status_code, headers=dict(response.headers), body=payload
            )
            raise _french(error) from error
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            log.error("Vapi answered %s %s with something else than JSON", method, path)
            raise ProviderError("Vapi a renvoyé une réponse illisible.") from exc

    def create_assistant(self, dto: dict[str, Any]) -> str:
        return _provider_id(self._request("POST", "assistant", body=dto))

    def update_assistant(self, provider_id: str, dto: dict[str, Any]) -> None:
        self._request("PATCH", f"assistant/{quote(provider_id, safe='')}", body=dto)

    def delete_assistant(self, provider_id: str) -> None:
        try:
            self._request("DELETE", f"assistant/{quote(provider_id, safe='')}")
        except ProviderNotFound:
            return  # already gone: deleting is idempotent

    def get_assistant(self, provider_id: str) -> dict[str, Any]:
        return _object(self._request("GET", f"assistant/{quote(provider_id, safe='')}"))

    def find_assistant(self, our_id: str, *, sent_between: tuple[datetime, datetime]) -> str | None:
        """The provider id of the assistant whose metadata carries our id, created by a push
        sent between `sent_between` (first and last send whose answer we never recorded).

        Used before creating again after such a push (a timeout, a crash), so that a retry never
        creates a second assistant. Only the assistants created in that window (give or take
        `LOOKUP_MARGIN`) are asked for, newest first, `LOOKUP_PAGE` at a time: the cost follows
        the creates of those minutes on the account, never the account's size. (A caller that
        knows a provider id tries it first: `update_assistant`.)"""
        low = sent_between[0] - LOOKUP_MARGIN
        high = sent_between[1] + LOOKUP_MARGIN
        seen: set[str] = set()
        while True:
            params = {
                "limit": LOOKUP_PAGE,
                "createdAtGe": serialize_datetime(low),
                "createdAtLe": serialize_datetime(high),
            }
            page = self._request("GET", "assistant", params=params)
            items = [i for i in page if isinstance(i, dict)] if isinstance(page, list) else []
            fresh = [i for i in items if _text(i.get("id")) and i["id"] not in seen]
            for item in fresh:
                metadata = item.get("metadata")
                if isinstance(metadata, dict) and metadata.get(METADATA_KEY) == our_id:
                    return str(item["id"])
            dates = [d for d in map(_created_at, fresh) if d is not None]
            if len(items) < LOOKUP_PAGE or not dates:
                return None
            # The next page: created up to the oldest seen (`Le`, so that assistants created in
            # the same millisecond are not skipped; those already seen are ignored).
            seen.update(str(i["id"]) for i in fresh)
            high = min(dates)

    def chat(
        self,
        text: str,
        *,
        previous_chat_id: str | None = None,
        assistant_id: str | None = None,
        assistant: dict[str, Any] | None = None,
    ) -> ChatReply:
        """One chat turn with a deployed assistant (`assistant_id`) or an inline config."""
        body: dict[str, Any] = {"input": text}
        if assistant_id:
            body["assistantId"] = assistant_id
        if assistant is not None:
            body["assistant"] = assistant
        if previous_chat_id:
            body["previousChatId"] = previous_chat_id
        chat = self._request("POST", "chat", body=body)
        # Only the reply and the id are read: the answer also echoes the whole assistant.
        output = chat.get("output") if isinstance(chat, dict) else None
        reply = " ".join(
            _text(m.get("content"))
            for m in output or []
            if isinstance(m, dict) and m.get("role") == "assistant"
        )
        return ChatReply(
            text=reply.strip(),
            chat_id=_provider_id(chat),
            transfer_to=_transfer_to(output),
            tool_calls=_tool_calls(output),
        )

    def create_phone_number(self, body: dict[str, Any]) -> dict[str, Any]:
        return _object(self._request("POST", "phone-number", body=body))

    def update_phone_number(self, provider_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """PATCH a phone number; a `None` value unsets the field (e.g. `assistantId`)."""
        path = f"phone-number/{quote(provider_id, safe='')}"
        return _object(self._request("PATCH", path, body=body))

    def delete_phone_number(self, provider_id: str) -> None:
        try:
            self._request("DELETE", f"phone-number/{quote(provider_id, safe='')}")
        except ProviderNotFound:
            return  # already released

    def list_calls(self, limit: int = 100) -> list[dict[str, Any]]:
        calls = self._request("GET", "call", params={"limit": limit})
        return [c for c in calls if isinstance(c, dict)] if isinstance(calls, list) else []

    def get_call(self, call_id: str) -> dict[str, Any]:
        return _object(self._request("GET", f"call/{quote(call_id, safe='')}"))
