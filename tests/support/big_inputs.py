"""Big inputs, made in moments and small on disk, and the peak memory of a command run on them."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path
from typing import Any

MIB = 1 << 20
BOMB_HEAD = b'{"resourceType":"Bundle","type":"collection","id":"'

# Run the command in a fresh interpreter and report its own peak, so that no other
# child of the test run (RUSAGE_CHILDREN keeps the largest) is counted.
MEASURE = """
import resource, sys
from medreview.cli import main
sys.argv = ["medreview", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as end:
    code = end.code
print("peak", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, file=sys.stderr)
"""


def gzip_bomb(path: Path, inflated_mib: int, head: bytes = BOMB_HEAD, tail: bytes = b'"}') -> Path:
    """A .gz that inflates to ``inflated_mib`` MiB of spaces inside a JSON string.

    Concatenated gzip members are one gzip stream: one MiB of spaces compressed
    once (about 1 KB) and written over and over makes a bomb of any size at once.
    """
    spaces = gzip.compress(b" " * MIB, compresslevel=9)
    with path.open("wb") as handle:
        handle.write(gzip.compress(head))
        for _ in range(inflated_mib):
            handle.write(spaces)
        handle.write(gzip.compress(tail))
    return path


def peak(*args: str, timeout: float = 120, **run: Any) -> tuple[int, int, str]:
    """Run ``medreview ARGS`` in a child: its peak resident memory in bytes, exit code, stderr."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **run,
    )
    lines = done.stderr.splitlines()
    marker = next(line for line in reversed(lines) if line.startswith("peak "))
    _, kib, code = marker.split()
    return int(kib) * 1024, int(code) if code.isdigit() else 0, done.stderr
