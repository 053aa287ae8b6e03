"""Scans at scale: memory stays flat as the input grows; a Dask cluster gives the same answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medreview.cli import app
from medreview.samples.population import PopulationOptions, write

MEASURE = """
import resource, sys
from medreview.cli import main
sys.argv = ["medreview", "scan", *sys.argv[1:]]
try:
    main()
except SystemExit as end:
    code = end.code
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)
"""


def peak_kib(population: Path, *args: str) -> int:
    """The peak resident memory of a one-process scan, in KiB."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            str(population),
            "--as-of",
            "2026-06-15",
            "--workers",
            "1",
            "--quiet",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    peak, code = done.stdout.split()
    assert code in ("0", "None"), done.stderr
    return int(peak)


@pytest.mark.parametrize("output", ["ndjson", "csv", "html"])
def test_memory_stays_flat_as_the_input_grows(tmp_path: Path, output: str) -> None:
    """2,000 patients need no more than 200 do, give or take 10 %."""
    small, large = tmp_path / "small.ndjson", tmp_path / "large.ndjson"
    write(PopulationOptions(patients=200, seed=3), small)
    write(PopulationOptions(patients=2000, seed=4), large)
    out = ["--format", output, "--out", str(tmp_path / f"out.{output}")]
    assert peak_kib(large, *out) <= peak_kib(small, *out) * 1.10


def test_a_dask_cluster_gives_the_same_scan_as_local_workers(tmp_path: Path) -> None:
    """A real LocalCluster, two worker processes on loopback: identical output, byte for byte."""
    from distributed import LocalCluster

    population = tmp_path / "population.ndjson"
    write(PopulationOptions(patients=250, seed=5), population)
    bulk = Path(__file__).resolve().parents[3] / "shared/realdata/synthea-bulk-10"
    inputs = [str(population)] + ([str(bulk)] if bulk.is_dir() else [])
    local, distributed = tmp_path / "local.ndjson", tmp_path / "dask.ndjson"
    runner = CliRunner()
    common = ["scan", *inputs, "--as-of", "2026-06-15", "--quiet"]
    assert runner.invoke(app, [*common, "--workers", "2", "--out", str(local)]).exit_code == 0
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        result = runner.invoke(
            app, [*common, "--scheduler", cluster.scheduler_address, "--out", str(distributed)]
        )
    assert result.exit_code == 0, result.stderr
    assert distributed.read_bytes() == local.read_bytes()
    assert len(local.read_bytes().splitlines()) == 250 + (13 if bulk.is_dir() else 0)
