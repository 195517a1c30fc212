"""Vapi through the official SDK — pointed at real Vapi when a key is set, else at the sandbox.

With a real key, one gateway serves every organisation (one Vapi account). In sandbox mode each
organisation is its own sandbox account: the gateway is built with that organisation's sandbox
credential (`sandbox.keys`); `GatewayFactory` takes the organisation id for that reason.

Every method raises a `ProviderError` with a French message, of the class that says what
happened: `ProviderNotFound` (404: what the request names is gone), `ProviderUnavailable`
(network errors, timeouts, 429 and 5xx: `retryable`, the outbox tries again) or
`ProviderRejected` (any other 4xx: the request is wrong, or the key). Callers decide on the
class, never on the message's text.
"""

from __future__ import annotations

import logging
import types
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pydantic
import vapi.core.pydantic_utilities as _sdk_pydantic_utilities
from vapi import Vapi
from vapi.core.api_error import ApiError
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

    def __init__(self, detail: str | None = None, *, retryable: bool = False) -> None:
        super().__init__(detail)
        self.retryable = retryable

    def envelope(self) -> dict[str, Any]:
        return {**super().envelope(), "error": self.public_name}


class ProviderNotFound(ProviderError):
    """Vapi answered 404: something the request names (an assistant, a `previousChatId`) is
    gone there."""

    default_detail = "Cette ressource n'existe plus chez Vapi."
    public_name = "ProviderNotFound"


class ProviderUnavailable(ProviderError):
    """Vapi could not be reached or is overloaded (network, timeout, 429, 5xx): try again."""

    def __init__(self, detail: str | None = None, *, retryable: bool = True) -> None:
        super().__init__(detail, retryable=retryable)


class ProviderRejected(ProviderError):
    """Vapi refused the request (400, 401/403, another 4xx): trying again changes nothing."""


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
        if status == 429:
            return ProviderUnavailable("Vapi limite le nombre de requêtes : nouvel essai bientôt.")
        if status >= 500:
            return ProviderUnavailable(
                "Vapi est momentanément indisponible : nouvel essai bientôt."
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
    union's core schema: a third of the CPU of a deploy, and most of a test chat. A `TypeAdapter`
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
    """Import the SDK's resource clients and types once (slow the first time in a process)."""
    client = Vapi(token="warm-up", base_url="http://127.0.0.1:9")  # noqa: S106 - never used
    for resource in ("assistants", "chats", "phone_numbers", "calls"):
        getattr(client, resource)


GatewayFactory = Callable[[uuid.UUID], "VapiGateway"]
"""Builds the gateway to use for one organisation (its own sandbox account in sandbox mode)."""


@dataclass(frozen=True)
class ChatReply:
    text: str
    chat_id: str
    ended: bool = False


def _dump(obj: Any) -> dict[str, Any]:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json", by_alias=True, exclude_none=True)  # type: ignore[no-any-return]
    return dict(obj)


def _field(item: Any, name: str) -> Any:
    """`name` of an SDK union member: a typed model, or a plain dict for a shape it lacks."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


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

    def _body(self, body: dict[str, Any]) -> RequestOptions:
        return {"max_retries": 0, "additional_body_parameters": body}

    def create_assistant(self, dto: dict[str, Any]) -> str:
        try:
            return str(self.client.assistants.create(request_options=self._body(dto)).id)
        except Exception as exc:
            raise _french(exc) from exc

    def update_assistant(self, provider_id: str, dto: dict[str, Any]) -> None:
        try:
            self.client.assistants.update(provider_id, request_options=self._body(dto))
        except Exception as exc:
            raise _french(exc) from exc

    def delete_assistant(self, provider_id: str) -> None:
        try:
            self.client.assistants.delete(provider_id, request_options=self._options)
        except ApiError as exc:
            if exc.status_code == 404:
                return  # already gone: deleting is idempotent
            raise _french(exc) from exc
        except Exception as exc:
            raise _french(exc) from exc

    def get_assistant(self, provider_id: str) -> dict[str, Any]:
        try:
            return _dump(self.client.assistants.get(provider_id, request_options=self._options))
        except Exception as exc:
            raise _french(exc) from exc

    def find_assistant(self, our_id: str) -> str | None:
        """The provider id of the assistant whose metadata carries our id, if it exists.

        Used before re-creating after a timeout, so a retry never creates a second assistant.
        """
        try:
            items = self.client.assistants.list(limit=1000, request_options=self._options)
        except Exception as exc:
            raise _french(exc) from exc
        for item in items:
            metadata = getattr(item, "metadata", None) or {}
            if metadata.get(METADATA_KEY) == our_id:
                return str(item.id)
        return None

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
        try:
            chat = self.client.chats.create(input=text, request_options=self._body(body))
        except Exception as exc:
            raise _french(exc) from exc
        # Only the reply and the id are read: dumping the whole `Chat` (it carries the assistant's
        # full configuration) through the SDK's alias-aware serializer costs seconds of CPU.
        reply = " ".join(
            str(_field(m, "content") or "")
            for m in chat.output or []
            if _field(m, "role") == "assistant"
        )
        return ChatReply(text=reply.strip(), chat_id=str(chat.id))

    def create_phone_number(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            created = self.client.phone_numbers.create(
                request=body, request_options={"max_retries": 0}
            )
        except Exception as exc:
            raise _french(exc) from exc
        return _dump(created)

    def update_phone_number(self, provider_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """PATCH a phone number; a `None` value unsets the field (e.g. `assistantId`)."""
        try:
            updated = self.client.phone_numbers.update(
                provider_id,
                request=body,
                request_options=self._options,
            )
        except Exception as exc:
            raise _french(exc) from exc
        return _dump(updated)

    def delete_phone_number(self, provider_id: str) -> None:
        try:
            self.client.phone_numbers.delete(provider_id, request_options=self._options)
        except ApiError as exc:
            if exc.status_code != 404:
                raise _french(exc) from exc
        except Exception as exc:
            raise _french(exc) from exc

    def list_calls(self, limit: int = 100) -> list[dict[str, Any]]:
        try:
            return [
                _dump(c) for c in self.client.calls.list(limit=limit, request_options=self._options)
            ]
        except Exception as exc:
            raise _french(exc) from exc

    def get_call(self, call_id: str) -> dict[str, Any]:
        try:
            return _dump(self.client.calls.get(call_id, request_options=self._options))
        except Exception as exc:
            raise _french(exc) from exc
