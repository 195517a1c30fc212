"""The MCP server (official `mcp` SDK): AlloKoli's services as tools for AI agents.

Two transports share one set of tools: stdio (`allokoli mcp`, authenticated by an API key given
at start) and streamable HTTP mounted at `/mcp` in `create_app` (Bearer API key per request).
"""
