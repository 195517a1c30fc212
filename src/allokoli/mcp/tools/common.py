"""What several tool modules share: annotations and the typed parameters agents see."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from mcp.types import ToolAnnotations
from pydantic import Field

from allokoli.calls import history
from allokoli.domain.profile import BusinessProfile
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS

Tools = tuple[tuple[Callable[..., Any], ToolAnnotations], ...]
"""A feature's tools, each with its annotations."""

READ = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False)
PROVIDER = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=True)
DESTRUCTIVE = ToolAnnotations(readOnlyHint=False, destructiveHint=True, openWorldHint=True)

AssistantId = Annotated[
    uuid.UUID,
    Field(description="Id of an assistant of your organisation (from list/create_assistant)."),
]
Text = Annotated[
    str | None,
    Field(
        default=None,
        min_length=3,
        max_length=MAX_DESCRIPTION_CHARS,
        description=(
            "A free French description of the business: name, trade, city, opening hours, "
            "services and prices, what the assistant must do, a number for urgent transfers. "
            "Example: « Pizzeria Da Marco à Lyon, ouvert du mardi au dimanche de 11h30 à 14h, "
            "on prend les réservations, urgences au 06 12 34 56 78 »."
        ),
    ),
]
CompanyName = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The company name, beside `text` when the description does not state it.",
    ),
]
Profile = Annotated[
    BusinessProfile | None,
    Field(
        default=None,
        description="A structured business profile, instead of `text` (company_name required).",
    ),
]
Limit = Annotated[
    int, Field(ge=1, le=history.MAX_LIMIT, description="Page size (default 50, at most 200).")
]
Cursor = Annotated[
    str | None,
    Field(
        default=None,
        max_length=700,
        description="`next_cursor` of the previous page; omit for the first page.",
    ),
]
