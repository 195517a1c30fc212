"""The sandbox's LLM path: answer as the assistant through an OpenAI-compatible endpoint.

Used when the app has `llm_base_url`. The assistant's own system prompt (`model.messages`) and
the conversation so far are sent; any error, timeout or empty answer returns None and the caller
falls back to the deterministic receptionist, without the user noticing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, cast

import httpx
import httpx2
from openai import OpenAI
from openai.types.chat import ChatCompletionMessageParam

from allokoli.settings import Settings

log = logging.getLogger("allokoli.sandbox")

TIMEOUT_SECONDS = 3.0


class HttpxTransport(httpx2.BaseTransport):
    """Carries the `openai` package's requests (it speaks `httpx2`) over `httpx`, the HTTP stack
    of the rest of the app: one set of proxies and timeouts, and one place (`respx`) where tests
    fake the outside world."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        try:
            response = self._client.request(
                request.method,
                str(request.url),
                headers=[(k.decode(), v.decode()) for k, v in request.headers.raw],
                content=request.read(),
            )
        except httpx.TimeoutException as exc:
            raise httpx2.TimeoutException(str(exc), request=request) from exc
        except httpx.HTTPError as exc:
            raise httpx2.ConnectError(str(exc), request=request) from exc
        return httpx2.Response(
            response.status_code,
            headers=list(response.headers.multi_items()),
            content=response.content,
            request=request,
        )

    def close(self) -> None:
        self._client.close()


def system_messages(assistant: Mapping[str, Any]) -> list[dict[str, str]]:
    model = assistant.get("model")
    messages = model.get("messages") if isinstance(model, Mapping) else None
    found: list[dict[str, str]] = []
    for message in messages or []:
        if isinstance(message, Mapping) and message.get("role") == "system":
            content = message.get("content")
            if isinstance(content, str) and content.strip():
                found.append({"role": "system", "content": content})
    return found


def llm_reply(
    settings: Settings, assistant: Mapping[str, Any], history: Sequence[Mapping[str, str]]
) -> str | None:
    """The assistant's next line, or None when the LLM cannot give one in time."""
    if not settings.llm_base_url:
        return None
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "sandbox"
    messages = [*system_messages(assistant), *(dict(m) for m in history)]
    model = assistant.get("model")
    temperature = model.get("temperature") if isinstance(model, Mapping) else None
    try:
        transport = HttpxTransport(httpx.Client(timeout=TIMEOUT_SECONDS))
        with (
            httpx2.Client(transport=transport, timeout=TIMEOUT_SECONDS) as http,
            OpenAI(
                base_url=settings.llm_base_url,
                api_key=api_key,
                timeout=TIMEOUT_SECONDS,
                max_retries=0,
                http_client=http,
            ) as client,
        ):
            completion = client.chat.completions.create(
                model=settings.llm_model,
                messages=cast(list[ChatCompletionMessageParam], messages),
                temperature=float(temperature) if isinstance(temperature, int | float) else 0.3,
            )
    except Exception as exc:
        log.warning("sandbox LLM unavailable, deterministic receptionist answers: %s", exc)
        return None
    if not completion.choices:
        return None
    content = completion.choices[0].message.content
    return content.strip() if content and content.strip() else None
