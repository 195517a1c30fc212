from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from allokoli.http.deps import ServicesDep

router = APIRouter(tags=["health"])
log = logging.getLogger("allokoli.health")


@router.get(
    "/healthz",
    operation_id="health-check",
    responses={
        200: {
            "description": "Up, database reachable.",
            "content": {"application/json": {"example": {"status": "ok", "database": "ok"}}},
        },
        503: {
            "description": "The database is unreachable.",
            "content": {"application/json": {"example": {"status": "error", "database": "error"}}},
        },
    },
)
def healthz(services: ServicesDep) -> JSONResponse:
    """Liveness and database reachability."""
    db = services.db
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return JSONResponse({"status": "error", "database": "error"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
