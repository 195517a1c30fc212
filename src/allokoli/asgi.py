"""ASGI entry point for uvicorn/gunicorn: `uvicorn allokoli.asgi:app`.

It also tunes the garbage collector of the server process (and only there: tests and the CLI
create apps through `create_app` and keep Python's defaults). Everything alive once the app is
built (modules, routes, compiled templates) is frozen out of the collector's way, and young
collections run less often. Measured with `bench/webhooks.py`: without this a full collection
every few thousand requests stopped the process for 100–200 ms (webhook p99 ~150 ms → ~25 ms,
and ~20 % more events/s).
"""

import gc

from allokoli.app import create_app

app = create_app()

gc.freeze()
gc.set_threshold(20_000, 50, 100)
