"""Full-text search over call transcripts and summaries, the way each backend does it best.

- SQLite: the FTS5 table `calls_fts` (migration 0005), accent-insensitive, each word of the
  query matched as a prefix ("rendez" finds "rendez-vous", "resa" finds "réservation").
- PostgreSQL: the stored `calls.search_vector` (`to_tsvector('french', …)`) and its GIN index;
  French stemming, each word as a prefix too. Row-level security keeps the app role from using
  that index directly (`@@` is not leakproof), so the matching ids come from
  `allokoli_search_calls()` (SECURITY DEFINER, scoped to the transaction's tenant): a rare word
  costs a few index look-ups. A word found in more than PG_MAX_IDS calls is frequent enough for
  the list to find its page by reading the newest calls and testing each stored vector.

The owner's text never reaches a query language: only its words (`\\w+`) are kept, quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, bindparam, literal_column, select, text
from sqlalchemy.orm import Session

from allokoli.models import Call

MAX_TERMS = 8
PG_MAX_IDS = 1000
MAX_TERM_LENGTH = 40
PG_MATCH = "calls.search_vector @@ to_tsquery('french', :calls_tsquery)"
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    """The words of the owner's query (at most 8), without any operator."""
    words = [w[:MAX_TERM_LENGTH] for w in _WORD.findall(query.lower()) if w.strip("_")]
    return words[:MAX_TERMS]


def fts5_query(words: list[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


def tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)


def condition(session: Session, query: str) -> ColumnElement[bool] | TextClause | None:
    """A WHERE clause on `calls` matching the query, or None when it holds no word."""
    words = terms(query)
    if not words:
        return None
    if session.get_bind().dialect.name == "postgresql":
        query = tsquery(words)
        ids = list(
            session.scalars(
                text("SELECT allokoli_search_calls(:q, :n)"), {"q": query, "n": PG_MAX_IDS + 1}
            )
        )
        if len(ids) <= PG_MAX_IDS:
            return Call.id.in_(ids)
        return text(PG_MATCH).bindparams(bindparam("calls_tsquery", query))
    matching: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(text("calls_fts"))
        .where(
            text("calls_fts MATCH :calls_fts_query").bindparams(
                bindparam("calls_fts_query", fts5_query(words))
            )
        )
    )
    return literal_column("calls.rowid").in_(matching)


@contextmanager
def bulk_indexing(session: Session) -> Iterator[None]:
    """Around a bulk insert of calls: on SQLite, suspend the per-row FTS trigger and index the
    new rows in one statement (4 times faster). Inside the caller's transaction: if the block
    fails, the rollback restores the trigger."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    trigger = session.scalar(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'calls_fts_ai'")
    )
    if trigger is None:  # pragma: no cover - schema without search
        yield
        return
    before = session.scalar(text("SELECT coalesce(max(rowid), 0) FROM calls"))
    session.execute(text("DROP TRIGGER calls_fts_ai"))
    yield
    session.execute(
        text(
            "INSERT INTO calls_fts(rowid, transcript, summary) "
            "SELECT rowid, transcript, summary FROM calls WHERE rowid > :before"
        ),
        {"before": before},
    )
    session.execute(text(str(trigger)))
