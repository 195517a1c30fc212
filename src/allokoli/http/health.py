from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from allokoli.http.deps import ServicesDep
from allokoli.kit.dberrors import RETRY_AFTER_SECONDS

router = APIRouter(tags=["health"])
log = logging.getLogger("allokoli.health")

STARTING_RETRY_SECONDS = 2


@router.get(
    "/healthz",
    operation_id="health-check",
    responses={
        200: {
            "description": "Up, database reachable.",
            "content": {"application/json": {"example": {"status": "ok", "database": "ok"}}},
        },
        503: {
            "description": (
                "Not ready: still warming up (`starting`, with `Retry-After`), or the database "
                "is unreachable (`error`)."
            ),
            "content": {
                "application/json": {
                    "examples": {
                        "starting": {"value": {"status": "starting", "warming": ["nlp"]}},
                        "error": {"value": {"status": "error", "database": "error"}},
                    }
                }
            },
        },
    },
)
def healthz(services: ServicesDep) -> JSONResponse:
    """Readiness: warmed up and the database reachable."""
    warm_up = services.warm_up
    if not warm_up.ready:
        return JSONResponse(
            {"status": "starting", "warming": warm_up.pending()},
            status_code=503,
            headers={"Retry-After": str(STARTING_RETRY_SECONDS)},
        )
    db = services.db
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return JSONResponse(
            {"status": "error", "database": "error"},
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return JSONResponse({"status": "ok", "database": "ok"})
