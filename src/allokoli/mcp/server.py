"""The MCP server object: AlloKoli's tools, and errors turned into MCP tool errors.

A tool raises our domain errors (`AppError`) or pydantic's `ValidationError` like any other
surface; here they become a tool result with `is_error` set, the French message as text and the
API's error envelope as structured content, so an agent can relay the message to the owner and
a program can branch on `error`. Anything else is a crash: the SDK logs it and returns a generic
error, never a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, InputRequiredResult, TextContent
from pydantic import ValidationError
from sqlalchemy.exc import DataError

from allokoli import __version__
from allokoli.kit.dberrors import ValueRefused
from allokoli.kit.errors import AppError, InvalidInput
from allokoli.kit.validation import french_errors
from allokoli.mcp.runtime import Identity, Runtime
from allokoli.services import Services

log = logging.getLogger("allokoli.mcp")

INSTRUCTIONS = (
    "AlloKoli builds AI phone receptionists (Vapi voice assistants) for French small businesses. "
    "Typical flow: generate_assistant or create_assistant from a French description of the "
    "business, chat_with_assistant to test it, deploy_assistant, provision_phone_number, then "
    "list_calls / get_call / list_messages to follow the calls it takes; "
    "update_notification_settings says who is told about them, and "
    "list_unanswered_questions / answer_question teach it what it could not answer. "
    "configurator_start and "
    "configurator_reply run the guided French interview turn by turn instead. Everything the "
    "business owner or a caller reads or hears is French; keep it French when you relay it. "
    "Errors come back as tool errors whose text is a French message meant for the owner."
)


def _envelope(exc: BaseException) -> dict[str, Any] | None:
    """The API error envelope for an anticipated error (walking the cause chain)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DataError):
            seen = ValueRefused()
        if isinstance(seen, AppError):
            return {**seen.envelope(), "status": seen.status_code}
        if isinstance(seen, ValidationError):
            errors = french_errors(seen)
            if len(errors) == 1 and not errors[0]["field"]:
                detail = errors[0]["message"]
            else:
                summary = "; ".join(f"{e['field'] or 'valeur'} : {e['message']}" for e in errors)
                detail = f"{InvalidInput.default_detail.rstrip('.')} — {summary}"
            return {"error": "ValidationError", "detail": detail, "errors": errors, "status": 422}
        seen = seen.__cause__
    return None


def error_result(envelope: dict[str, Any]) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=str(envelope["detail"]))],
        structured_content=envelope,
        is_error=True,
    )


class AlloKoliMCP(MCPServer[Any]):
    """The SDK's server, carrying the `Runtime` its tools run with."""

    def __init__(self, runtime: Runtime, name: str, **settings: Any) -> None:
        super().__init__(name, **settings)
        self.runtime = runtime

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            envelope = _envelope(exc)
            if envelope is None:
                raise
            log.info("MCP tool %s refused: %s", name, envelope["error"])
            return error_result(envelope)


def runtime(ctx: Context[Any, Any]) -> Runtime:
    """The runtime of the server that runs this tool call."""
    server = ctx.mcp_server
    if not isinstance(server, AlloKoliMCP):  # pragma: no cover - every tool is registered here
        raise TypeError("AlloKoli's tools run on AlloKoliMCP only")
    return server.runtime


def build_server(services: Services, identity: Identity) -> AlloKoliMCP:
    """The MCP server with every AlloKoli tool, over `services`, for callers told by `identity`."""
    from allokoli.mcp.tools import all_tools

    return AlloKoliMCP(
        Runtime(services, identity),
        "allokoli",
        title="AlloKoli",
        instructions=INSTRUCTIONS,
        version=__version__,
        # The SDK calls logging.basicConfig(): at WARNING it changes nothing Python's default
        # would not print anyway. AlloKoli's own loggers have their handler (kit.logging).
        log_level="WARNING",
        tools=list(all_tools()),
    )
