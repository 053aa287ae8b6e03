"""How fast is `medreview scan`, against the bare parse and a naive baseline? (issue 3)

    python benchmarks/bench_scan.py                      # 100,000 generated patients
    python benchmarks/bench_scan.py --patients 20000     # a quicker look
    python benchmarks/bench_scan.py --patients 20000 --against ../medreview-before
                                # the same, beside another checkout of medreview (b and c)

Measured in one run, on the same generated population (``medreview samples
generate``), each in a fresh process so that each has its own peak memory:

  (a) the floor: reading the NDJSON (with a 64 KiB buffer, as the scan reads it) and
      parsing each line with the fastest JSON parser here (orjson or msgspec, whichever is
      faster);
  (b) ``medreview scan`` with 1 worker, writing its NDJSON;
  (c) the same with a worker per core;
  (d) a naive baseline: each bundle validated with the full fhir.resources models,
      and one durable-rules fact asserted per medication line (on the first
      ``--baseline-patients``: it is slow).

Each is measured ``--repeat`` times, in rounds (a, b, c, d, then again), and the median is
printed: the machine may be shared, and a round keeps the ratios' parts close in time.
It prints patients per second, the ratios b/a, b/d and c/b, peak memory, where one
patient's time goes in (b), and what a national scan would take. ``--against DIR`` also
measures b and c with the medreview of another checkout, in the same rounds, and prints
this one's speed against it, round by round. Nothing here is a pass/fail test; the
figures belong in notes, measured on one machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from fresh_process import fresh  # beside this script

AS_OF = date(2026, 6, 15)
NATIONAL_CARDS = 5_900_000


def _peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _floor(path: Path, limit: int) -> dict[str, Any]:
    import msgspec
    import orjson

    best: dict[str, Any] = {}
    for name, parse in (("orjson", orjson.loads), ("msgspec", msgspec.json.Decoder().decode)):
        start = time.perf_counter()
        count = 0
        with path.open("rb", buffering=1 << 16) as handle:
            for line in handle:
                parse(line)
                count += 1
                if count >= limit:
                    break
        seconds = time.perf_counter() - start
        if not best or seconds < best["seconds"]:
            best = {"seconds": seconds, "patients": count, "parser": name}
    best["peak_mib"] = _peak_mib()
    return best


def _naive(path: Path, limit: int) -> dict[str, Any]:
    """Full fhir.resources validation, and one durable-rules fact per medication line."""
    import copy

    import orjson
    from fhir.resources.R4B.bundle import Bundle

    from medreview.rules.durable import (
        durable as engine,  # durable-rules, loaded as medreview loads it
    )

    fired: list[str] = []

    class Host(engine.Host):  # type: ignore[misc]
        def _run(self) -> None:
            pass

        def get_action(self, name: str) -> Any:
            return lambda closure: fired.append(name)

    host = Host()
    host.set_rulesets(
        copy.deepcopy(
            {
                "naive": {
                    "polypharmacy": {
                        "all": [{"m": {"$and": [{"kind": "line"}, {"fixed": True}]}}],
                        "count": 7,
                        "run": "polypharmacy",
                    },
                    "every_line": {"all": [{"m": {"kind": "line"}}], "run": "line"},
                }
            }
        )
    )
    start = time.perf_counter()
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            bundle = Bundle.model_validate(orjson.loads(line))
            facts = [
                {
                    "sid": str(count),
                    "kind": "line",
                    "id": f"{count}-{number}",
                    "fixed": entry.resource.status == "active",
                }
                for number, entry in enumerate(bundle.entry or [])
                if entry.resource.get_resource_type() == "MedicationRequest"
            ]
            for fact in facts:
                host.assert_fact("naive", fact)
            if facts:
                host.delete_state("naive", str(count))
            count += 1
            if count >= limit:
                break
    return {"seconds": time.perf_counter() - start, "patients": count, "peak_mib": _peak_mib()}


# Runs the command, then prints the peak memory of its own process and of its workers.
_MEASURED = (
    "import resource, sys\n"
    "from medreview.cli import main\n"
    "sys.argv = ['medreview', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _scan(path: Path, workers: int, out: Path, medreview: Path | None = None) -> dict[str, Any]:
    """`medreview scan` in a fresh process: its own time, its wall time, peak memory.
    ``medreview``: the checkout whose medreview to run (default: the one installed)."""
    command = [
        sys.executable,
        "-c",
        _MEASURED,
        "scan",
        str(path.resolve()),
        "--as-of",
        AS_OF.isoformat(),
        "--workers",
        str(workers),
        "--quiet",
        "--out",
        str(out.resolve()),
    ]
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(medreview.resolve())} if medreview else None
    # Run beside the output, not here: `python -c` looks for packages in its working
    # directory first, which would take this checkout's medreview for the other's.
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, env=env, cwd=out.parent
    )
    wall = time.perf_counter() - start
    first = done.stderr.splitlines()[0]
    patients = int(first.split(" patients read")[0].split()[-1].replace(",", ""))
    scanning = float(first.split(", in ")[1].split(" s ")[0])  # after start-up
    peak_self, peak_workers = (int(x) / 1024 for x in done.stdout.split()[-2:])
    return {
        "seconds": scanning,
        "wall": wall,
        "patients": patients,
        "peak_mib": peak_self,
        "peak_worker_mib": peak_workers if workers > 1 else 0.0,
    }


def _stages(path: Path, limit: int) -> dict[str, float]:
    """Where one patient's time goes in the fast scan path, stage by stage, as a scan runs
    them: ten patients at a time, each stage over the ten, then the next stage."""
    from medreview.assessment.model import assessment_json
    from medreview.engine import Engine
    from medreview.facts.derive import derive_facts
    from medreview.scan.work import tune_garbage_collection

    try:
        from medreview.card.reader import read_card_data
        from medreview.read.readers import fast_entries
    except ImportError:  # a medreview from before the one-pass reader (issue 12)
        return {}

    engine = Engine()
    lists = engine.ruleset.lists
    names = (
        "decode JSON to typed models",
        "read the card (structs)",
        "derive facts",
        "run rules, build assessment",
        "write JSON",
    )
    totals = dict.fromkeys(names, 0.0)
    with path.open("rb") as handle:
        raws = [line for _, line in zip(range(limit), handle, strict=False)]
    tune_garbage_collection()  # as a scan's process does
    for start in range(0, len(raws), 10):
        batch = raws[start : start + 10]
        marks = [time.perf_counter()]
        entries = [fast_entries(raw) for raw in batch]
        marks.append(time.perf_counter())
        cards = [read_card_data(one) for one in entries]
        marks.append(time.perf_counter())
        facts = [derive_facts(card, AS_OF, lists) for card in cards]
        marks.append(time.perf_counter())
        data = [d for d, _ in engine._assess(facts)]
        marks.append(time.perf_counter())
        for item in data:
            assessment_json(item)
        marks.append(time.perf_counter())
        for number, name in enumerate(names):
            totals[name] += marks[number + 1] - marks[number]
    return {name: seconds / len(raws) * 1e6 for name, seconds in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--baseline-patients", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--workdir", type=Path, default=None, help="keep the population here")
    parser.add_argument("--no-narrative", action="store_true", help="resources without narratives")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are printed")
    parser.add_argument(
        "--against", type=Path, default=None, help="another medreview checkout, for b and c"
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="medreview-bench-") as scratch:
        workdir = options.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        kind = "compact" if options.no_narrative else "narrative"
        population = workdir / f"population-{options.patients}-{kind}.ndjson"
        if not population.exists():
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "medreview",
                    "samples",
                    "generate",
                    "--patients",
                    str(options.patients),
                    "--out",
                    str(population),
                ]
                + (["--no-narrative"] if options.no_narrative else []),
                check=True,
                capture_output=True,
            )
            print(
                f"generated {options.patients:,} patients in {time.perf_counter() - started:.0f} s"
            )
        size = population.stat().st_size
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} cores; population: "
            f"{options.patients:,} patients, {size / options.patients / 1024:.1f} KiB each "
            f"({kind}), {size / 2**20:,.0f} MiB\n"
        )

        rounds: list[dict[str, dict[str, Any]]] = []
        for _ in range(options.repeat):
            measured = {
                "a": fresh(_floor, population, options.patients),
                "b": _scan(population, 1, workdir / "b.ndjson"),
                "c": _scan(population, options.workers, workdir / "c.ndjson"),
            }
            if options.against:
                measured["b0"] = _scan(population, 1, workdir / "b0.ndjson", options.against)
                measured["c0"] = _scan(
                    population, options.workers, workdir / "c0.ndjson", options.against
                )
            measured["d"] = fresh(_naive, population, options.baseline_patients)
            rounds.append(measured)
        same = (workdir / "b.ndjson").read_bytes() == (workdir / "c.ndjson").read_bytes()

        def rate_of(result: dict[str, Any]) -> float:
            return float(result["patients"] / result["seconds"])

        rates = [{key: rate_of(result) for key, result in one.items()} for one in rounds]
        rate = {key: statistics.median(r[key] for r in rates) for key in rates[0]}
        last = rounds[-1]
        a, b, c, d = last["a"], last["b"], last["c"], last["d"]
        rows = [
            ("a", f"floor: read + {a['parser']} parse", a),
            ("b", "medreview scan, 1 worker", b),
            ("c", f"medreview scan, {options.workers} workers", c),
            ("d", f"naive: fhir.resources + a fact per line ({d['patients']:,} patients)", d),
        ]
        if options.against:
            rows[3:3] = [
                ("b0", f"the same, 1 worker, medreview of {options.against.name}", last["b0"]),
                (
                    "c0",
                    f"the same, {options.workers} workers, of {options.against.name}",
                    last["c0"],
                ),
            ]
        print(f"medians of {options.repeat} rounds")
        print(f"{'':4}{'measurement':<57}{'patients/s':>12}{'µs/patient':>12}{'peak MiB':>10}")
        for key, label, result in rows:
            peak = f"{result['peak_mib']:,.0f}"
            if result.get("peak_worker_mib"):
                peak += f" + {result['peak_worker_mib']:,.0f}/worker"
            print(f"{key:<4}{label:<57}{rate[key]:>12,.0f}{1e6 / rate[key]:>12,.1f}  {peak}")
        print(
            f"(b and c count the scan's own time; with start-up they took {b['wall']:.1f} s "
            f"and {c['wall']:.1f} s in the last round)"
        )

        def per_round(top: str, bottom: str) -> str:
            ratios = [r[top] / r[bottom] for r in rates]
            spread = ", ".join(f"{x:.3g}" for x in ratios)
            return f"{statistics.median(ratios):.3g} (rounds: {spread})"

        efficiency = rate["c"] / (rate["b"] * options.workers)
        print(f"\nb/a = {per_round('b', 'a')}   (target ≥ 0.2)")
        print(f"b/d = {per_round('b', 'd')}   (target ≥ 20)")
        print(
            f"c/b = {per_round('c', 'b')} on {options.workers} cores "
            f"(parallel efficiency {efficiency:.0%}); outputs b and c identical: {same}"
        )
        if options.against:
            print(f"b against {options.against.name}'s b = {per_round('b', 'b0')}")
            print(f"c against {options.against.name}'s c = {per_round('c', 'c0')}")
        hours = NATIONAL_CARDS / (rate["b"] * 16 * min(efficiency, 1.0)) / 3600
        print(
            f"national scan of {NATIONAL_CARDS:,} cards on 16 cores at this per-core rate and "
            f"efficiency: {hours * 60:,.0f} minutes"
        )

        stages = fresh(_stages, population, min(options.patients, 5000))
        if not stages:  # an older medreview, measured for comparison: no such stages
            return
        total = sum(stages.values())
        print("\nwhere one patient's time goes in (b), without reading the file:")
        for name, micros in stages.items():
            print(f"  {name:<34}{micros:>8,.1f} µs {micros / total:>6.1%}")


if __name__ == "__main__":
    main()
