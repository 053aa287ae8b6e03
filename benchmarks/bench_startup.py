"""How long does a person wait for medreview to start? (the issue "the first commands")

    python benchmarks/bench_startup.py              # 5 repeats of each command
    python benchmarks/bench_startup.py --repeats 11

Each command runs as a whole process, the way a person runs it (the console script
of the Python running this, or ``python -m medreview`` where there is none), and its
wall-clock time is taken from start to exit. Every repeat of every command runs in
turn, so that a machine slowing down or speeding up affects them all alike. It
prints the median and the spread of each, and its ratio to a bare ``python -c pass``
measured in the same run: the ratio is what compares across machines. The targets
(``--help`` under 0.15 s, ``check`` of one sample under 0.6 s) are on the CI kind of
machine; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fhir_samples" / "01-plejehjem-fast-laege.json"


def _medreview() -> list[str]:
    script = Path(sys.executable).parent / "medreview"
    if script.is_file():
        return [str(script)]
    found = shutil.which("medreview")
    return [found] if found else [sys.executable, "-m", "medreview"]


def commands() -> dict[str, list[str]]:
    medreview = _medreview()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "medreview --help": [*medreview, "--help"],
        "medreview --version": [*medreview, "--version"],
        "medreview check --help": [*medreview, "check", "--help"],
        "medreview check SAMPLE --format json": [
            *medreview,
            "check",
            str(SAMPLE),
            "--as-of",
            "2026-06-15",
            "--format",
            "json",
        ],
        "medreview check SAMPLE (text)": [
            *medreview,
            "check",
            str(SAMPLE),
            "--as-of",
            "2026-06-15",
        ],
    }


def _time(command: list[str]) -> float:
    env = {**os.environ, "COLUMNS": "120"}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args()
    runs = commands()
    for command in runs.values():  # warm the file cache and Python's bytecode cache
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, command in runs.items():
            times[name].append(_time(command))
    bare = statistics.median(times["python -c pass"])
    print(
        f"# start-up, whole processes: median of {args.repeats} "
        f"(Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.2f})\n"
    )
    print("| command | median s | min-max s | x bare python |")
    print("|---|---:|---:|---:|")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(
            f"| {name} | {median:.3f} | {min(seconds):.3f}-{max(seconds):.3f} | "
            f"{median / bare:.1f} |"
        )


if __name__ == "__main__":
    main()
