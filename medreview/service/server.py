"""How the service is put on the network: uvicorn, configured once for ``serve`` and the tests.

- h11 rather than httptools, for its bound on what it buffers of a request's head: a
  request line and headers over MAX_HEADER_BYTES are refused (400) before the guard
  reads them, where httptools would buffer any size.
- A connection must send its whole request within REQUEST_SECONDS of connecting (on a
  kept-alive connection, of the next request's first byte), or it is closed: a client
  that connects, or sends half a request, and waits (slowloris) holds nothing for long.
  At most MAX_CONNECTIONS connections and requests at once; past that, 503. Per-client
  limits need a reverse proxy in front, as for any public service.
- uvicorn's own access log is off: it writes the query string, which a careless client
  may use for a token; the service logs each request itself, without it. The HTTP
  client's log (every fhirServer URL, the patient's id in it) is kept to warnings.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEADER_BYTES = 64 * 1024
REQUEST_SECONDS = 15.0
MAX_CONNECTIONS = 512


class _WholeRequestInTime(H11Protocol):
    """uvicorn's h11 connection, closed when a request is not in whole within its time."""

    _request_timer: asyncio.TimerHandle | None = None

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self._request_seconds: float = getattr(config, "request_seconds", REQUEST_SECONDS)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_request_timer()

    def data_received(self, data: bytes) -> None:
        if self._request_timer is None and (self.cycle is None or self.cycle.response_complete):
            self._start_request_timer()  # the next request on a kept-alive connection
        super().data_received(data)

    def on_response_complete(self) -> None:
        self._stop_request_timer()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_request_timer()
        super().connection_lost(exc)

    def _start_request_timer(self) -> None:
        self._request_timer = self.loop.call_later(self._request_seconds, self._request_too_slow)

    def _stop_request_timer(self) -> None:
        if self._request_timer is not None:
            self._request_timer.cancel()
            self._request_timer = None

    def _request_too_slow(self) -> None:
        self._request_timer = None
        still_arriving = self.cycle is None or (
            self.cycle.more_body and not self.cycle.disconnected
        )
        if still_arriving and not self.transport.is_closing():
            self.transport.close()


def freeze_loaded_objects() -> None:
    """Keep what start-up loaded (the rule set, the engine) out of every later collection.

    Unlike a scan's worker, the service keeps Python's default collection thresholds:
    with a scan's (a collection per 50,000 allocations) a collection took 80 to 110 ms and
    put patient-view's p99 at 50 calls/s near 500 ms; with the defaults the longest took
    26 ms and the p99 was 13 to 17 ms (both measured on one machine, one run each).
    """
    gc.collect()
    gc.freeze()


def server_config(
    app: FastAPI,
    host: str,
    port: int,
    *,
    log_level: str = "info",
    request_seconds: float = REQUEST_SECONDS,
) -> uvicorn.Config:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=_WholeRequestInTime,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=MAX_CONNECTIONS,
        access_log=False,
        log_level=log_level,
        lifespan="off",
        timeout_keep_alive=5,
    )
    config.request_seconds = request_seconds  # type: ignore[attr-defined]  # read by the protocol
    return config
