"""The MCP tools: each a thin adapter over the services the REST API and the web UI use.

One module per feature, each a list of plain functions (`TOOLS`) with their annotations. A tool
call is one unit of work scoped to the caller's organisation (`Runtime.unit`); a resource of
another organisation is "not found", exactly as over REST. Inputs are typed (their JSON schemas
are what the agent sees) and outputs are the REST API's schemas. Descriptions are written for an
AI agent. See docs/mcp.md.
"""

from __future__ import annotations

from allokoli.mcp.server import AlloKoliMCP
from allokoli.mcp.tools import (
    assistants,
    bookings,
    calls,
    configurator,
    generation,
    notifications,
    phone_numbers,
    rehearsal,
    routing,
)

FEATURES = (
    generation,
    assistants,
    rehearsal,
    phone_numbers,
    configurator,
    calls,
    routing,
    bookings,
    notifications,
)
"""In the order the tools are listed to the agent."""


def register(server: AlloKoliMCP) -> None:
    """Add every AlloKoli tool to `server`."""
    for feature in FEATURES:
        for tool, hints in feature.TOOLS:
            server.add_tool(tool, annotations=hints)
