"""What every request passes through before a route sees it: JSON reading, the JWT guard,
the body limit and the access log (pure ASGI, so that nothing is read before it must be).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
import orjson
from fastapi import Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from medreview.render.outcome import refused
from medreview.service.security import TokenVerifier, Unauthorized

log = logging.getLogger("medreview.service")
access_log = logging.getLogger("medreview.service.access")
GUARDED_PATHS = ("/cds-services", "/evaluate")


class _JsonRequest(Request):
    """A request whose JSON body orjson reads: it refuses lone surrogates, which could not be
    written back out, and nesting past 1024 levels, where Python's reader would recurse."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = orjson.loads(await self.body())
        return self._json


class JsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(_JsonRequest(request.scope, request.receive))

        return route


class Guard:
    """Lets a request through only with a valid JWT, before anything reads its body.

    Checked ahead of routing and validation, so that a caller without a token learns
    nothing, not even whether its request was well formed. The check runs in a worker
    thread (it may read a JWKS URL, and signatures cost a millisecond), never on the
    event loop; its own threads, so that forged tokens cannot crowd out hook calls.
    """

    def __init__(self, app: ASGIApp, verifier: TokenVerifier, base_url: str, off: bool) -> None:
        self.app, self.verifier, self.base_url, self.off = app, verifier, base_url.rstrip("/"), off
        self.threads = anyio.CapacityLimiter(16)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        guarded = path.startswith(GUARDED_PATHS)
        if scope["type"] != "http" or self.off or not guarded:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1") or None
        try:
            await anyio.to_thread.run_sync(
                self.verifier.verify, authorization, self.base_url + path, limiter=self.threads
            )
        except Unauthorized as reason:
            # The reason, never the token: it could be replayed from a log.
            log.warning("401 %s %s: %s", scope.get("method"), printable(path), reason)
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [(b"www-authenticate", b"Bearer"), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


class BodyLimit:
    """Reads the body, chunked or not, up to ``limit`` bytes; past it, answers 413 at once."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _too_large(send, self.limit)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                await _too_large(send, self.limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    body = orjson.dumps(refused("too-long", f"the request body is over {limit} bytes"))
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/fhir+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class AccessLog:
    """One line per request: method, path, status, time. Never the query string, which a
    careless client may use for a token, nor any header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            status = status or 500  # what the server's error handler answers
            raise
        finally:
            access_log.info(
                "%s %s %d %.1f ms",
                scope.get("method"),
                printable(scope.get("path", "")),
                status,
                (time.perf_counter() - started) * 1000,
            )


def printable(text: str) -> str:
    """A caller's text as one log line: non-ASCII and control characters escaped."""
    return ascii(text)[1:-1]
