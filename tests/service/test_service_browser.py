"""A browser-based CDS client calls the service from a page on another origin (CORS).

A real headless Chromium loads a page from one loopback server; the page's script
calls discovery and patient-view on the service, on another port (another origin),
with a token, and posts what it read back to its own server.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.browser import CHROMIUM, needs_browser
from support.service_harness import Ehr, Service, hook_call, running_service, sample

PATIENT_VIEW = "/cds-services/medreview-patient-view"

_PAGE = """<!doctype html><meta charset=utf-8><title>EHR</title><script>
(async () => {
  const results = {};
  try {
    const found = await fetch(SERVICE + "/cds-services",
                              {headers: {Authorization: "Bearer " + TOKENS.discovery}});
    results.discovery = {status: found.status, body: await found.json()};
    const cards = await fetch(SERVICE + PATIENT_VIEW, {
      method: "POST",
      headers: {Authorization: "Bearer " + TOKENS.patientView,
                "Content-Type": "application/json"},
      body: JSON.stringify(CALL),
    });
    results.patientView = {status: cards.status, body: await cards.json()};
  } catch (error) {
    results.error = String(error);
  }
  await fetch("/result", {method: "POST", body: JSON.stringify(results)});
})();
</script>"""


@contextmanager
def ehr_page() -> Iterator[tuple[str, dict[str, Any], threading.Event, list[str]]]:
    """A loopback server for the EHR's page: its origin, the page's settings, and its result."""
    settings: dict[str, Any] = {}
    done = threading.Event()
    posted: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            script = "".join(f"const {k} = {json.dumps(v)};\n" for k, v in settings.items())
            body = _PAGE.replace("<script>", f"<script>\n{script}", 1).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            posted.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(204)
            self.end_headers()
            done.set()

        def log_message(self, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", settings, done, posted
    finally:
        server.shutdown()
        server.server_close()


def run_page(url: str, done: threading.Event, tmp_path: Path) -> None:
    assert CHROMIUM, "Chromium is required: apt-get install chromium"
    browser = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            url,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert done.wait(timeout=120), "the page did not report back"
    finally:
        browser.terminate()
        browser.wait(timeout=30)


def _page_settings(service: Service, ehr: Ehr) -> dict[str, Any]:
    """What the page's script needs: where the service is, a call, a token per request."""
    return {
        "SERVICE": service.url,
        "PATIENT_VIEW": PATIENT_VIEW,
        "CALL": hook_call("patient-view", sample("01-plejehjem-fast-laege")),
        "TOKENS": {
            "discovery": ehr.token(service.endpoint("/cds-services")),
            "patientView": ehr.token(service.endpoint(PATIENT_VIEW)),
        },
    }


@needs_browser
def test_a_page_on_an_allowed_origin_reads_discovery_and_the_cards(tmp_path: Path) -> None:
    """A browser page on an allowed origin can read discovery and the patient-view cards (CORS)."""
    ehr = Ehr.create(tmp_path)
    with (
        ehr_page() as (origin, settings, done, posted),
        running_service(tmp_path, ehr, cors_origins=(origin,)) as service,
    ):
        settings.update(_page_settings(service, ehr))
        run_page(f"{origin}/ehr.html", done, tmp_path)
    results = json.loads(posted[0])
    assert "error" not in results, results
    assert results["discovery"]["status"] == 200
    assert {s["id"] for s in results["discovery"]["body"]["services"]} >= {"medreview-patient-view"}
    assert results["patientView"]["status"] == 200
    summary = results["patientView"]["body"]["cards"][0]["summary"]
    assert summary.startswith("Medicingennemgang anbefalet, frist 13. juli 2026")


@needs_browser
def test_a_page_on_another_origin_cannot_read_the_service(tmp_path: Path) -> None:
    """Origins are allowed one by one: a page from anywhere else gets nothing."""
    ehr = Ehr.create(tmp_path)
    with ehr_page() as (origin, settings, done, posted):
        allowed = ("https://ehr.example",)
        with running_service(tmp_path, ehr, cors_origins=allowed) as service:
            settings.update(_page_settings(service, ehr))
            run_page(f"{origin}/ehr.html", done, tmp_path)
    results = json.loads(posted[0])
    assert "Failed to fetch" in results.get("error", ""), results


@pytest.mark.parametrize("configured", [True, False])
def test_a_preflight_is_answered_without_a_token_only_for_an_allowed_origin(
    tmp_path: Path, configured: bool
) -> None:
    """Only an allowed origin's preflight passes without a token; others get 401 and no CORS."""
    origin = "https://ehr.example"
    ehr = Ehr.create(tmp_path)
    origins = (origin,) if configured else ()
    with running_service(tmp_path, ehr, cors_origins=origins) as service:
        preflight = httpx.options(
            service.endpoint(PATIENT_VIEW),
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        refused = httpx.post(service.endpoint(PATIENT_VIEW), json={}, headers={"Origin": origin})
    if configured:
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        # A 401 carries the header too, so that the page can tell "no access" from "no network".
        assert refused.status_code == 401
        assert refused.headers["access-control-allow-origin"] == origin
    else:
        assert preflight.status_code == 401
        assert "access-control-allow-origin" not in preflight.headers
