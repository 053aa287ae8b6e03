"""How fast is Engine.evaluate, against only parsing the same JSON? (issue 2)

    python benchmarks/bench_evaluate.py                 # 10,000 patients from fhir_samples/
    python benchmarks/bench_evaluate.py --patients 50000

Each measurement runs in a fresh process (so that each has its own peak memory)
over the same bundles, held in memory as bytes: the bundled samples repeated to
the number of patients asked for. It prints patients per second, microseconds
per patient, the ratio to the bare parse, peak resident memory, and where the
time of one evaluation goes, stage by stage. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import resource
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 6, 15)


def _load(samples: Path, patients: int) -> list[bytes]:
    raw = [path.read_bytes() for path in sorted(samples.glob("*.json"))]
    if not raw:
        sys.exit(f"no *.json bundles in {samples}")
    return [raw[number % len(raw)] for number in range(patients)]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parse_only(bundles: list[bytes]) -> dict[str, Any]:
    import orjson

    start = time.perf_counter()
    for raw in bundles:
        orjson.loads(raw)
    return {"seconds": time.perf_counter() - start}


def _evaluate(bundles: list[bytes]) -> dict[str, Any]:
    import orjson

    from medreview import Engine

    engine = Engine()
    engine.evaluate(orjson.loads(bundles[0]), as_of=AS_OF)  # imports and first validation
    start = time.perf_counter()
    for raw in bundles:
        engine.evaluate(orjson.loads(raw), as_of=AS_OF).to_json()
    return {"seconds": time.perf_counter() - start}


def _stages(bundles: list[bytes]) -> dict[str, Any]:
    """Time each stage of the pipeline separately, on the same bundles."""
    import orjson

    from medreview import Assessment, Engine
    from medreview.card.reader import read_card
    from medreview.facts.derive import derive_facts
    from medreview.read.fhir_validation import validate_bundle
    from medreview.read.readers import _converted

    engine = Engine()
    engine.evaluate(orjson.loads(bundles[0]), as_of=AS_OF)
    names = (
        "parse JSON",
        "validate fully (fhir.resources + bindings)",
        "typed models and the card",
        "derive facts",
        "run rules, build findings",
        "assessment model and JSON out",
    )
    totals = dict.fromkeys(names, 0.0)
    for raw in bundles:
        marks = [time.perf_counter()]
        document = orjson.loads(raw)
        marks.append(time.perf_counter())
        validate_bundle(document)
        marks.append(time.perf_counter())
        card = read_card(_converted(document))
        marks.append(time.perf_counter())
        facts = derive_facts(card, AS_OF)
        marks.append(time.perf_counter())
        ((data, _),) = engine._assess([facts])
        marks.append(time.perf_counter())
        Assessment.model_validate(data).to_json(indent=True)
        marks.append(time.perf_counter())
        for number, name in enumerate(names):
            totals[name] += marks[number + 1] - marks[number]
    return {"stages": totals}


def _child(
    job: Callable[[list[bytes]], dict[str, Any]], samples: Path, patients: int, queue: Any
) -> None:
    try:
        result = job(_load(samples, patients))
        result["peak_mib"] = _peak_mib()
    except BaseException as error:  # say so to the parent, which would otherwise wait forever
        result = {"error": f"{type(error).__name__}: {error}"}
    queue.put(result)


def _measure(
    job: Callable[[list[bytes]], dict[str, Any]], samples: Path, patients: int
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(job, samples, patients, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    if "error" in result:
        sys.exit(f"{job.__name__} failed: {result['error']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--patients", type=int, default=10_000, help="how many patients (default 10,000)"
    )
    parser.add_argument(
        "--samples", type=Path, default=ROOT / "fhir_samples", help="folder of *.json bundles"
    )
    parser.add_argument(
        "--stage-patients", type=int, default=2_000, help="patients for the stage breakdown"
    )
    options = parser.parse_args()

    sizes = [len(raw) for raw in _load(options.samples, len(list(options.samples.glob("*.json"))))]
    print(f"python {platform.python_version()} on {platform.machine()}, one core per measurement")
    print(
        f"{options.patients:,} patients: the {len(sizes)} bundles in {options.samples.name}/ "
        f"repeated (mean {sum(sizes) / len(sizes) / 1024:.1f} KiB each)\n"
    )

    parse = _measure(_parse_only, options.samples, options.patients)
    evaluate = _measure(_evaluate, options.samples, options.patients)
    per = {
        name: r["seconds"] / options.patients * 1e6
        for name, r in (("parse", parse), ("evaluate", evaluate))
    }
    print(f"{'measurement':<44}{'patients/s':>12}{'µs/patient':>12}{'x parse':>9}{'peak MiB':>10}")
    for label, key, result in (
        ("orjson.loads only (the floor)", "parse", parse),
        ("Engine.evaluate + JSON out (full validation)", "evaluate", evaluate),
    ):
        print(
            f"{label:<44}{1e6 / per[key]:>12,.0f}{per[key]:>12,.1f}"
            f"{per[key] / per['parse']:>9.1f}{result['peak_mib']:>10.0f}"
        )

    stages = _measure(_stages, options.samples, options.stage_patients)["stages"]
    total = sum(stages.values())
    print(f"\nwhere one evaluation's time goes ({options.stage_patients:,} patients):")
    for name, seconds in stages.items():
        micros = seconds / options.stage_patients * 1e6
        print(f"  {name:<40}{micros:>10,.1f} µs {seconds / total:>7.1%}")


if __name__ == "__main__":
    main()
