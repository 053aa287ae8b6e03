"""Headless Chromium for the tests that render medreview's HTML pages.

Chromium comes from the distribution's packages (.ci/run installs it); it starts
with no network, loads the page, runs its script, and gives back the DOM.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("MEDREVIEW_REQUIRE_BROWSER"),
    reason="no Chromium here (CI installs it and sets MEDREVIEW_REQUIRE_BROWSER)",
)


def rendered(page: Path, tmp_path: Path, fragment: str = "") -> str:
    """The DOM of ``page`` after Chromium has loaded it and run its script."""
    assert CHROMIUM, "Chromium is required: apt-get install chromium"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout
