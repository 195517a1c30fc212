"""The process's one verifying TLS context.

Loading the certificate bundle costs 50–100 ms, paid by every `httpx` client built with the
default `verify=True`. Every client of the process verifies against the same bundle, so they
share one context (an `ssl.SSLContext` is safe to share between threads).
"""

from __future__ import annotations

import functools
import ssl

import httpx

__all__ = ["tls_context"]


@functools.cache
def tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()
