"""How the service is put on the network: uvicorn, configured once for ``serve`` and the tests.

h11 rather than httptools, for its bound on what it buffers of a request's head: a
request line and headers over MAX_HEADER_BYTES are refused (400) before the guard
reads them, where httptools would buffer any size. uvicorn's own access log is off:
it writes the query string, which a careless client may use for a token; the
service logs each request itself, without it (see ``app._AccessLog``).
"""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

MAX_HEADER_BYTES = 64 * 1024


def server_config(app: FastAPI, host: str, port: int, *, log_level: str = "info") -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http="h11",
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        access_log=False,
        log_level=log_level,
        lifespan="off",
        timeout_keep_alive=5,
    )
