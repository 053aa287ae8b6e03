"""How big the scan's HTML pages are, and how long headless Chromium takes to draw them.

    python benchmarks/bench_worklist_pages.py --patients 20000
    python benchmarks/bench_worklist_pages.py --pages OLD.html   # measure pages made elsewhere

Generates a population (seed 1), scans it once to NDJSON, makes the HTML from it as a
single page and as a folder (``medreview scan --format html``), and for each page loads
it in Chromium (``--dump-dom``, the script run, the DOM drawn) three times: the median wall
time, the bytes, and the ratio to the largest page. Chromium's own start-up is measured on
an empty page and given apart, so that the ratios compare the pages, not the process.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def draw_seconds(page: Path, profile: Path, runs: int = 3) -> float:
    """The median wall time of Chromium loading ``page`` and dumping its DOM."""
    assert CHROMIUM, "Chromium is required"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={profile}",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            check=True,
            timeout=600,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def scan(population: Path, out: Path, *extra: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "medreview",
            "scan",
            str(population),
            "--as-of",
            "2026-06-15",
            "--quiet",
            "--out",
            str(out),
            *extra,
        ],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--pages", type=Path, nargs="*", help="measure these pages only")
    parser.add_argument("--largest", type=int, default=5, help="folder pages to draw (largest)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as name:
        work = Path(name)
        if arguments.pages:
            pages = list(arguments.pages)
        else:
            population = work / "population.ndjson"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "medreview",
                    "samples",
                    "generate",
                    "--patients",
                    str(arguments.patients),
                    "--seed",
                    "1",
                    "--out",
                    str(population),
                ],
                check=True,
                capture_output=True,
            )
            scan(population, work / "single.html", "--format", "html")
            scan(population, work / "worklist", "--format", "html")
            folder = sorted(
                (work / "worklist").rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True
            )
            print(f"folder: {len(folder)} pages, {sum(p.stat().st_size for p in folder):,} bytes")
            index = work / "worklist" / "index.html"
            pages = [
                work / "single.html",
                index,
                *[p for p in folder if p != index][: arguments.largest],
            ]
        empty = work / "empty.html"
        empty.write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
        base = draw_seconds(empty, work / "profile")
        print(f"Chromium start-up (empty page): {base:.2f} s")
        rows = [(page, page.stat().st_size, draw_seconds(page, work / "profile")) for page in pages]
        slowest = max(seconds - base for _, _, seconds in rows) or 1e-9
        print(f"{'page':<48} {'bytes':>12} {'draw s':>8} {'- start-up':>10} {'ratio':>6}")
        for page, size, seconds in rows:
            net = max(seconds - base, 0.0)
            ratio = net / slowest
            print(f"{page.name[:48]:<48} {size:>12,} {seconds:>8.2f} {net:>10.2f} {ratio:>6.3f}")


if __name__ == "__main__":
    main()
