"""`GET /metrics`: Prometheus exposition, for the operator's scraper only.

Figures by route are not secret from the platform's operator, but they are from the public:
the endpoint exists only when `ALLOKOLI_METRICS_TOKEN` is set, and asks for it as a bearer
token (otherwise 404, as if it did not exist). A scraper on another machine presents it;
nothing relies on the client's address, which a reverse proxy on loopback would hide.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from allokoli.http.deps import ServicesDep
from allokoli.kit import metrics
from allokoli.kit.errors import NotFound, Unauthorized
from allokoli.kit.security import same

router = APIRouter(tags=["health"])


@router.get("/metrics", operation_id="health-metrics", include_in_schema=False)
def metrics_endpoint(request: Request, services: ServicesDep) -> Response:
    """Prometheus metrics of every web process (and worker) of this machine."""
    # Answered here in JSON: a scraper is no browser to send to the login page.
    token = services.settings.metrics_token
    if token is None:
        return JSONResponse(NotFound().envelope(), status_code=404)
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not same(presented.strip(), token.get_secret_value()):
        refused = Unauthorized("Jeton des métriques manquant ou invalide.")
        return JSONResponse(
            refused.envelope(), status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
    return Response(metrics.render(), media_type=metrics.CONTENT_TYPE)
