"""The MCP tools: each a thin adapter over the services the REST API and the web UI use.

One module per feature, each a list of plain functions (`TOOLS`) with their annotations. A tool
call is one unit of work scoped to the caller's organisation (`Runtime.unit`); a resource of
another organisation is "not found", exactly as over REST. Inputs are typed (their JSON schemas
are what the agent sees) and outputs are the REST API's schemas. Descriptions are written for an
AI agent. See docs/mcp.md.
"""

from __future__ import annotations

import functools

from mcp.server.mcpserver.tools import Tool

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


@functools.cache
def all_tools() -> tuple[Tool, ...]:
    """Every AlloKoli tool, described once per process.

    Describing a tool builds pydantic models and JSON schemas for its arguments and result
    (about 15 ms each, half a second for all of them). The descriptions depend on the functions
    only, never on the server, so every server of the process (one per app) shares them."""
    return tuple(
        Tool.from_function(tool, annotations=hints)
        for feature in FEATURES
        for tool, hints in feature.TOOLS
    )
