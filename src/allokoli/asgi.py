"""ASGI entry point for uvicorn/gunicorn: `uvicorn allokoli.asgi:app`."""

from allokoli.app import create_app

app = create_app()
