"""Every bundle the readers are tried on: the samples and the real data beside them."""

from __future__ import annotations

import gzip
from pathlib import Path

from conftest import REALDATA, SAMPLES

CORPUS = sorted(SAMPLES.glob("*.json")) + sorted(
    path
    for folder in ("dk", "synthea-smart-r4", "hl7-r4-examples")
    for path in (REALDATA / folder).glob("*.json*")
    if path.name.endswith((".json", ".json.gz"))
)


def raw_of(path: Path) -> bytes:
    """A file's JSON bytes, unzipped where it is gzip."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
