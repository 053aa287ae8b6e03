"""How fast does the CDS Hooks service answer patient-view? (issue 4)

    python benchmarks/bench_service.py                   # 1,000 calls at 50 per second
    python benchmarks/bench_service.py --requests 3000 --rate 100

Starts ``medreview serve`` (JWT checking on, as in production) in its own
process, and calls it from a second process: an EHR that signs a fresh ES384
token per call and sends a nursing-home resident's prefetch at a steady rate.
Reports requests per second and the p50/p95/p99 latency, then the same for the
most the service sustains with 8 calls in flight, next to the same work done
in-process (gathering the prefetch, evaluating, making the cards): the cost of
HTTP, JSON and the token. Target: p99 under 50 ms at a steady 50 per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parent.parent
ISSUER = "https://ehr.example.dk"
SAMPLE = ROOT / "fhir_samples" / "01-plejehjem-fast-laege.json"
PATH = "/cds-services/medreview-patient-view"


def _percentiles(latencies: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def _request(bundle: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "tests"))
    from service_harness import hook_call

    return hook_call("patient-view", bundle)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _load(
    url: str, key: Any, body: dict[str, Any], count: int, rate: float | None, in_flight: int
) -> tuple[float, list[float]]:
    """Send ``count`` calls, at ``rate`` per second or as fast as ``in_flight`` allows."""
    latencies: list[float] = []
    gate = asyncio.Semaphore(in_flight)
    async with httpx.AsyncClient(
        timeout=30, limits=httpx.Limits(max_connections=in_flight)
    ) as client:

        async def one(number: int, start: float) -> None:
            if rate:
                await asyncio.sleep(max(0.0, start + number / rate - time.perf_counter()))
            async with gate:
                now = int(time.time())
                token = jwt.encode(
                    {
                        "iss": ISSUER,
                        "sub": "bench",
                        "aud": url + PATH,
                        "iat": now,
                        "exp": now + 60,
                        "jti": str(uuid.uuid4()),
                    },
                    key,
                    algorithm="ES384",
                    headers={"kid": "ec-1"},
                )
                sent = time.perf_counter()
                response = await client.post(
                    url + PATH, json=body, headers={"Authorization": f"Bearer {token}"}
                )
                latencies.append(time.perf_counter() - sent)
                if response.status_code != 200:
                    raise RuntimeError(f"{response.status_code}: {response.text[:200]}")

        start = time.perf_counter()
        await asyncio.gather(*(one(n, start) for n in range(count)))
        return time.perf_counter() - start, latencies


def _in_process(body: dict[str, Any], count: int) -> list[float]:
    import orjson

    from medreview import Engine
    from medreview.readers import read_fast
    from medreview.service.cards import review_cards
    from medreview.service.prefetch import gather

    engine = Engine()
    latencies = []
    for _ in range(count):
        start = time.perf_counter()
        bundle = gather(body["context"], body["prefetch"], None, None)
        evaluation = engine.explain_card(read_fast(orjson.dumps(bundle)), as_of=date(2026, 6, 15))
        json.dumps(review_cards(evaluation, engine.ruleset))
        latencies.append(time.perf_counter() - start)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="calls per second, steady")
    options = parser.parse_args()

    body = _request(json.loads(SAMPLE.read_text(encoding="utf-8")))
    key = ec.generate_private_key(ec.SECP384R1())
    public = json.loads(jwt.algorithms.get_default_algorithms()["ES384"].to_jwk(key.public_key()))
    with tempfile.TemporaryDirectory(prefix="medreview-bench-") as scratch:
        jwks = Path(scratch) / "jwks.json"
        jwks.write_text(json.dumps({"keys": [{**public, "kid": "ec-1", "alg": "ES384"}]}))
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "medreview",
                "serve",
                "--port",
                str(port),
                "--trust",
                f"{ISSUER}={jwks}",
                "--as-of",
                "2026-06-15",
                "--feedback-db",
                str(Path(scratch) / "feedback.sqlite"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:  # a benchmark may wait for its server; a test may not
                try:
                    httpx.get(url + "/openapi.json", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            asyncio.run(_load(url, key, body, 50, None, 4))  # warm up
            steady_time, steady = asyncio.run(
                _load(url, key, body, options.requests, options.rate, 64)
            )
            busy_time, busy = asyncio.run(_load(url, key, body, options.requests, None, 8))
        finally:
            server.terminate()
            server.wait(timeout=30)
    local = _in_process(body, min(options.requests, 500))

    print(
        f"patient-view for a nursing-home resident ({SAMPLE.name}), {options.requests:,} calls, "
        "ES384 JWT checked on every call\n"
    )
    print(f"{'':42}{'calls/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for label, seconds, latencies in (
        (f"HTTP, steady {options.rate:.0f}/s", steady_time, steady),
        ("HTTP, as fast as 8 in flight allow", busy_time, busy),
        ("in-process: prefetch, evaluate, cards", sum(local), local),
    ):
        cuts = _percentiles(latencies)
        print(
            f"{label:42}{len(latencies) / seconds:>10,.0f}{cuts['p50']:>9.1f}{cuts['p95']:>9.1f}"
            f"{cuts['p99']:>9.1f}"
        )
    p99 = _percentiles(steady)["p99"]
    print(f"\np99 at a steady {options.rate:.0f}/s: {p99:.1f} ms (target: under 50 ms)")


if __name__ == "__main__":
    main()
