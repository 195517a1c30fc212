"""Database errors as every surface answers them.

- A value the database cannot hold (a NUL character in a text, an integer past 32 or 64 bits)
  is the caller's mistake, not a server error: a 422.
- The database unreachable (restarting, failing over, a network cut, no free connection) is
  temporary: a 503 with `Retry-After`, never a 500. The pool checks each connection before
  lending it (`pool_pre_ping`), so once the server is back the next request reconnects.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from allokoli.kit.errors import InvalidInput, ServiceUnavailable

#: Seconds a client is told to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 5


class ValueRefused(InvalidInput):
    default_detail = (
        "Une des valeurs envoyées ne peut pas être enregistrée "
        "(caractère nul ou nombre hors limites)."
    )


class DatabaseUnavailable(ServiceUnavailable):
    default_detail = (
        "Le service est momentanément indisponible (base de données injoignable). "
        "Réessayez dans quelques secondes."
    )

    def __init__(self) -> None:
        super().__init__()
        self.retry_after = RETRY_AFTER_SECONDS

    def envelope(self) -> dict[str, Any]:
        # The name clients already handle (it was the generic 503 before it said why).
        return {**super().envelope(), "error": "ServiceUnavailable"}


def unavailable(exc: BaseException) -> bool:
    """Whether `exc`, or an error it was raised from, says the database cannot be reached
    (rather than refusing a statement): a connection lost or refused, the server shutting
    down or starting up, a pool with no connection to lend."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OperationalError | InterfaceError | PoolTimeout):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if _driver_disconnect(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _driver_errors() -> tuple[type[Exception], ...]:
    try:
        import psycopg
    except ImportError:  # SQLite-only installation
        return ()
    return (psycopg.OperationalError, psycopg.InterfaceError)


#: The exception classes the web app maps through `unavailable` (a DBAPIError that is not a
#: lost connection, e.g. a constraint, stays a server error).
DATABASE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, PoolTimeout, *_driver_errors())


def _driver_disconnect(exc: BaseException) -> bool:
    """psycopg's own errors, raised outside SQLAlchemy (procrastinate's connector)."""
    return isinstance(exc, _driver_errors())
