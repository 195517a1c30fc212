"""One page of assistants, with the keyset cursor every list of the product uses.

A cursor is `<sort key>.<row id in hex>`: the key is the row's sort value, microseconds since the
epoch for `created_at` / `updated_at` (as for calls and messages) or the base64url of the name
(without padding) for `name`. The page after it is read by SQL (`WHERE (key, id) beyond the
cursor … LIMIT`), not sliced in Python, so the tenth page costs what the first does.
"""

from __future__ import annotations

import base64
import re
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantCursor, AssistantRepository
from allokoli.assistants.schemas import AssistantOut, AssistantPage
from allokoli.auth.principal import Principal
from allokoli.kit.errors import InvalidInput
from allokoli.models import Assistant

# Every string that matches is a position to start from (a name of 120 characters of up to
# 4 bytes each is 640 base64url characters).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,640}\.[0-9a-f]{32}$"
SORT_PATTERN = r"^-?(name|created_at|updated_at)$"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_MAX_MICROS = (datetime(9999, 12, 31, tzinfo=UTC) - _EPOCH) // _MICROSECOND


class InvalidCursor(InvalidInput):
    default_detail = "Curseur de pagination invalide."


def encode_cursor(assistant: Assistant, sort: str) -> str:
    field = sort.lstrip("-")
    if field == "name":
        key = base64.urlsafe_b64encode(assistant.name.encode()).decode().rstrip("=")
    else:
        when: datetime = getattr(assistant, field)
        key = str((when - _EPOCH) // _MICROSECOND)
    return f"{key}.{assistant.id.hex}"


def decode_cursor(raw: str, sort: str) -> AssistantCursor:
    """The position `raw` names for `sort`; `InvalidCursor` only when it breaks the pattern.

    Every string the documented pattern allows is a position (the contract test holds the API
    to it), whatever sort it came from: a name key is read as leniently as base64url allows, a
    date key that is not a count of microseconds is the epoch, and one past the year 9999 is
    that year's end."""
    if re.fullmatch(CURSOR_PATTERN, raw) is None:  # the API checks it too; MCP comes here
        raise InvalidCursor()
    key, _, hex_id = raw.rpartition(".")
    row_id = uuid.UUID(hex=hex_id)
    if sort.lstrip("-") == "name":
        usable = key[: len(key) - 1] if len(key) % 4 == 1 else key  # a lone last char is no byte
        name = base64.urlsafe_b64decode(usable + "=" * (-len(usable) % 4))
        return AssistantCursor(name.decode(errors="replace"), row_id)
    micros = min(int(key), _MAX_MICROS) if key.isdigit() else 0
    return AssistantCursor(_EPOCH + micros * _MICROSECOND, row_id)


def page(
    session: Session,
    principal: Principal,
    *,
    q: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    sort: str = "-updated_at",
    limit: int = 50,
    cursor: str | None = None,
) -> AssistantPage:
    """The organisation's assistants, filtered and sorted, from `cursor` on; `next_cursor`
    continues it (None on the last page)."""
    if re.fullmatch(SORT_PATTERN, sort) is None:
        raise InvalidInput("Tri inconnu : name, created_at ou updated_at (« - » pour décroissant).")
    after = decode_cursor(cursor, sort) if cursor else None
    repo = AssistantRepository(session, principal.tenant)
    rows = list(
        repo.search(q=q, status=status, sector=sector, sort=sort, limit=limit + 1, after=after)
    )
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1], sort) if more else None
    return AssistantPage(
        items=[AssistantOut.model_validate(a) for a in rows], next_cursor=next_cursor
    )
