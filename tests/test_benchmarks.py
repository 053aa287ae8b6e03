"""The benchmark scripts run (tiny sizes: their figures are for notes, not for tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_evaluation_benchmark_runs() -> None:
    """bench_evaluate.py runs at a tiny size and reports its evaluation and validation timings."""
    out = run("bench_evaluate.py", "--patients", "60", "--stage-patients", "20")
    assert "Engine.evaluate + JSON out" in out and "validate fully" in out


def test_the_scan_benchmark_runs(tmp_path: Path) -> None:
    """bench_scan.py runs at a tiny size and reports its ratios and national-scan estimate."""
    out = run(
        "bench_scan.py",
        "--patients",
        "300",
        "--baseline-patients",
        "20",
        "--workdir",
        str(tmp_path),
    )
    assert "b/a = " in out and "b/d = " in out and "outputs b and c identical: True" in out
    assert "national scan of 5,900,000 cards" in out


def test_the_service_benchmark_runs() -> None:
    """bench_service.py runs and reports its latency, flood and forged-token checks."""
    out = run("bench_service.py", "--quick")
    assert "| p99 under 50 ms at a steady 50/s |" in out and "in-process" in out
    assert "| valid p99 under the flood within 2x of without |" in out
    assert "| every forged token answered 401 |" in out
