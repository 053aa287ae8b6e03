"""Instructions per patient of `medreview scan`, which a shared, noisy machine does not move.

    python benchmarks/bench_instructions.py POPULATION.ndjson
    python benchmarks/bench_instructions.py POPULATION.ndjson --against ../medreview-before

Runs under valgrind's callgrind (``apt-get install valgrind``), which counts the
instructions a process executes: the same count for the same program and input, whatever
else the machine is doing. Each command runs on the first 100 and the first 1,000 patients
of the population (``medreview samples generate``); the difference over 900 is what one
patient costs, start-up left out. The floor is reading the same lines and parsing each
with msgspec. Slow (a minute or two a command): for comparisons, not for speed itself.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SMALL, LARGE = 100, 1_000

_FLOOR = (
    "import sys, msgspec\n"
    "decode = msgspec.json.Decoder().decode\n"
    "with open(sys.argv[1], 'rb', buffering=1 << 16) as handle:\n"
    "    for line in handle:\n"
    "        decode(line)\n"
)


def _instructions(command: list[str], cwd: Path, medreview: Path | None) -> int:
    env = {**os.environ, "PYTHONPATH": str(medreview.resolve())} if medreview else None
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def _per_patient(
    make: Callable[[Path], list[str]], head: dict[int, Path], cwd: Path, medreview: Path | None
) -> float:
    counts = {n: _instructions(make(path), cwd, medreview) for n, path in head.items()}
    return (counts[LARGE] - counts[SMALL]) / (LARGE - SMALL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("population", type=Path, help="NDJSON, one patient's bundle a line")
    parser.add_argument("--against", type=Path, default=None, help="another medreview checkout")
    parser.add_argument("--as-of", default="2026-06-15")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="medreview-instructions-") as scratch:
        work = Path(scratch)
        head: dict[int, Path] = {}
        with options.population.open("rb") as source:
            lines = [line for _, line in zip(range(LARGE), source, strict=False)]
        if len(lines) < LARGE:
            sys.exit(f"{options.population} holds fewer than {LARGE} patients")
        for n in (SMALL, LARGE):
            head[n] = work / f"first-{n}.ndjson"
            head[n].write_bytes(b"".join(lines[:n]))

        def scan(path: Path) -> list[str]:
            out = str(path.with_suffix(".out"))
            return [sys.executable, "-m", "medreview", "scan", str(path), "--as-of",
                    options.as_of, "--workers", "1", "--quiet", "--out", out]  # fmt: skip

        def floor(path: Path) -> list[str]:
            return [sys.executable, "-c", _FLOOR, str(path)]

        rows = [("read + msgspec parse (the floor)", _per_patient(floor, head, work, None))]
        rows.append(("medreview scan, 1 worker", _per_patient(scan, head, work, None)))
        if options.against:
            label = f"medreview scan of {options.against.name}"
            rows.append((label, _per_patient(scan, head, work, options.against)))
    print(f"{'':2}{'command':<44}{'instructions per patient':>26}{'/ the floor':>13}")
    for label, count in rows:
        print(f"  {label:<44}{count:>26,.0f}{count / rows[0][1]:>13.2f}")
    if options.against:
        print(f"\n{options.against.name} / this one: {rows[2][1] / rows[1][1]:.2f}")


if __name__ == "__main__":
    main()
