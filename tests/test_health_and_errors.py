from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from allokoli.app import create_app
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.settings import Settings


def test_healthz_ok(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}
    assert r.headers["x-request-id"]


def test_healthz_503_when_database_is_down(settings: Settings, tmp_path: Path) -> None:
    down = Database(make_engine(f"sqlite:///{tmp_path}"))  # a directory: cannot be opened
    app = create_app(settings.model_copy(update={"database_url": "sqlite://"}), database=down)
    with TestClient(app) as c:
        r = c.get("/healthz")
        assert r.status_code == 503
        assert r.json() == {"status": "error", "database": "error"}
        assert r.headers["retry-after"] == "5"
        r = c.get("/api/v1/me", headers={"Authorization": "Bearer ak_abc_def"})
        assert r.status_code == 503
        assert r.json()["error"] == "ServiceUnavailable"
        assert "base de données injoignable" in r.json()["detail"]
        assert r.headers["retry-after"] == "5"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_a_lost_connection_is_a_503_but_a_refused_statement_a_500(
    settings: Settings, database: Database
) -> None:
    import psycopg
    from sqlalchemy.exc import IntegrityError, OperationalError

    app = create_app(settings, database=database)

    @app.get("/api/v1/lost")
    def lost() -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    @app.get("/api/v1/driver")
    def driver() -> None:
        try:
            raise psycopg.OperationalError("the database system is starting up")
        except psycopg.OperationalError as exc:
            raise RuntimeError("wrapped") from exc

    @app.get("/api/v1/refused")
    def refused() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/api/v1/lost", "/api/v1/driver"):
            r = c.get(path)
            assert r.status_code == 503, path
            assert r.headers["retry-after"] == "5"
            assert r.json()["error"] == "ServiceUnavailable"
        r = c.get("/api/v1/refused")
        assert r.status_code == 500
        assert "retry-after" not in r.headers


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/api-keys" in spec["paths"]
    ops = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert "accounts-create_api_key" in ops
    assert all("/signup" not in p for p in spec["paths"])


def test_html_404_page_and_request_id_passthrough(client: TestClient) -> None:
    r = client.get("/nulle-part", headers={"X-Request-ID": "abc123"})
    assert r.status_code == 404
    assert "Page introuvable" in r.text
    assert r.headers["x-request-id"] == "abc123"


def test_htmx_errors_are_json_for_toasts(client: TestClient) -> None:
    r = client.get("/nulle-part", headers={"HX-Request": "true"})
    assert r.status_code == 404
    assert r.json()["detail"] == "La page ou la ressource demandée n'existe pas."


def test_unexpected_error_is_a_french_500_without_trace(
    settings: Settings, database: Database
) -> None:
    app = create_app(settings, database=database)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/boom")
    assert r.status_code == 500
    assert "secret internals" not in r.text
    assert r.json()["error"] == "InternalError"
