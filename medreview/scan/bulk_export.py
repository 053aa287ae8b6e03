"""A FHIR Bulk Data export read as one bundle per patient.

An export is a folder of NDJSON files, one resource type each (``Patient.ndjson``,
or split: ``Patient.000.ndjson``, ``Patient.001.ndjson``), in no particular
order. medreview groups each patient's resources together, in the order of the
Patient files, through a temporary SQLite file, so that memory stays flat
however large the export; shared resources (organisations, practitioners,
roles, locations, medications) are kept once for the whole export and looked up
from every patient.

Only the resource types the rules read are grouped; the others are noted in the
scan's summary. A resource whose patient is not in the export, and a line that is
not JSON or is longer than ``--max-bytes``, become error records of their own, and
a patient with more resources than ``--max-entries`` (or more bytes than
``--max-bytes``) is refused before the bundle is put together: nothing is
dropped in silence.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import orjson

from medreview.read.fhir_model import MODELS
from medreview.read.limits import DEFAULT_LIMITS, Limits, too_many_bytes, too_many_entries
from medreview.scan.ndjson import ndjson_lines

SHARED_TYPES = frozenset(
    {"Organization", "Practitioner", "PractitionerRole", "Location", "Medication"}
)
PATIENT_TYPES = frozenset(MODELS) - SHARED_TYPES - {"Patient"}
_FILE = re.compile(r"^(?P<type>[A-Z][A-Za-z]+)(\.(?P<part>\d+))?\.ndjson(\.gz)?$")
_ENTRY_BYTES = len(b'{"resource":},')  # what wrapping a line as a bundle entry adds


class _Progress(Protocol):
    done_bytes: int
    notes: list[str]


@dataclass(frozen=True, slots=True)
class BulkItem:
    source: str
    raw: bytes | None
    problem: str | None = None
    patient: str | None = None


def is_bulk_export(folder: Path) -> bool:
    """A folder with Patient NDJSON files is an export."""
    return any(
        (match := _FILE.match(p.name)) and match["type"] == "Patient" for p in folder.iterdir()
    )


def _files(folder: Path) -> dict[str, list[Path]]:
    by_type: dict[str, list[tuple[int, Path]]] = {}
    for path in folder.iterdir():
        match = _FILE.match(path.name)
        if match and path.is_file():
            by_type.setdefault(match["type"], []).append((int(match["part"] or 0), path))
    return {kind: [p for _, p in sorted(parts)] for kind, parts in sorted(by_type.items())}


def patient_of(resource: dict[str, Any]) -> str | None:
    """The id of the patient a resource belongs to, from the usual compartment references."""
    for key in ("subject", "patient", "beneficiary"):
        found = _patient_id(resource.get(key))
        if found:
            return found
    for participant in resource.get("participant") or []:
        found = _patient_id(participant.get("actor") if isinstance(participant, dict) else None)
        if found:
            return found
    return None


def _patient_id(reference: Any) -> str | None:
    if not isinstance(reference, dict) or not isinstance(reference.get("reference"), str):
        return None
    target: str = reference["reference"]
    if target.startswith("Patient/") or "/Patient/" in target:
        return target.rsplit("/", 1)[-1]
    return None


class BulkExport:
    """One export folder; :meth:`patients` yields its patients' bundles in order."""

    def __init__(self, folder: Path, progress: _Progress, limits: Limits = DEFAULT_LIMITS) -> None:
        self.folder = folder
        self.progress = progress
        self.limits = limits
        self.files = _files(folder)
        shared: list[bytes] = []
        for kind in sorted(SHARED_TYPES & set(self.files)):
            for path in self.files[kind]:
                for number, line in self._lines(path):
                    if line is None:
                        progress.notes.append(f"{path}:{number}: {self._too_long()}")
                    else:
                        shared.append(line)
        self.shared_lines = tuple(shared)
        ignored = sorted(set(self.files) - PATIENT_TYPES - SHARED_TYPES - {"Patient"})
        if ignored:
            progress.notes.append(
                f"{folder}: not read, as no rule reads them: {', '.join(ignored)}"
            )
            for kind in ignored:
                for path in self.files[kind]:
                    progress.done_bytes += path.stat().st_size

    def _lines(self, path: Path) -> Iterator[tuple[int, bytes | None]]:
        return ndjson_lines(path, self.progress, max_bytes=self.limits.max_bytes)

    def _too_long(self) -> str:
        (problem,) = too_many_bytes(
            self.limits.max_bytes, how="the line is", then="skipped"
        ).problems
        return str(problem)

    def patients(self) -> Iterator[BulkItem]:
        """Per patient (in Patient-file order) a bundle; then errors for what fits no patient."""
        with tempfile.TemporaryDirectory(prefix="medreview-bulk-") as workdir:
            database = sqlite3.connect(Path(workdir) / "group.sqlite")
            try:
                yield from self._grouped(database)
            finally:
                database.close()

    def _grouped(self, db: sqlite3.Connection) -> Iterator[BulkItem]:
        db.execute("CREATE TABLE resource (patient TEXT, source TEXT, line BLOB)")
        db.execute("CREATE TABLE patient (id TEXT PRIMARY KEY)")
        broken: list[BulkItem] = []
        for kind in sorted(PATIENT_TYPES & set(self.files)):
            for path in self.files[kind]:
                rows = []
                for number, line in self._lines(path):
                    source = f"{path}:{number}"
                    if line is None:
                        broken.append(BulkItem(source, None, self._too_long()))
                        continue
                    try:
                        resource = orjson.loads(line)
                    except orjson.JSONDecodeError as error:
                        broken.append(BulkItem(source, None, f"not JSON: {error}"))
                        continue
                    owner = patient_of(resource) if isinstance(resource, dict) else None
                    if owner is None:
                        broken.append(
                            BulkItem(source, None, f"a {kind} that names no patient (subject)")
                        )
                        continue
                    rows.append((owner, source, line))
                db.executemany("INSERT INTO resource VALUES (?, ?, ?)", rows)
        db.execute("CREATE INDEX by_patient ON resource (patient)")
        for path in self.files.get("Patient", []):
            for number, line in self._lines(path):
                source = f"{path}:{number}"
                yield (
                    self._bundle(db, source, line)
                    if line is not None
                    else BulkItem(source, None, self._too_long())
                )
        orphans = db.execute(
            "SELECT patient, min(source), count(*) FROM resource "
            "WHERE patient NOT IN (SELECT id FROM patient) GROUP BY patient ORDER BY min(rowid)"
        ).fetchall()
        for patient, source, count in orphans:
            yield BulkItem(
                source,
                None,
                f"{count} resource(s) refer to Patient/{patient}, which is not in the export",
                f"Patient/{patient}",
            )
        yield from broken

    def _bundle(self, db: sqlite3.Connection, source: str, line: bytes) -> BulkItem:
        try:
            patient = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            return BulkItem(source, None, f"not JSON: {error}")
        identifier = patient.get("id") if isinstance(patient, dict) else None
        if not isinstance(identifier, str):
            return BulkItem(source, None, "a Patient without an id cannot be grouped")
        try:
            db.execute("INSERT INTO patient VALUES (?)", (identifier,))
        except sqlite3.IntegrityError:
            return BulkItem(
                source,
                None,
                f"Patient/{identifier} appears twice in the export",
                f"Patient/{identifier}",
            )
        refusal = self._too_large(db, identifier, len(line))
        if refusal is not None:
            return BulkItem(source, None, refusal, f"Patient/{identifier}")
        lines = [line]
        lines.extend(
            row[0]
            for row in db.execute(
                "SELECT line FROM resource WHERE patient = ? ORDER BY rowid", (identifier,)
            )
        )
        bundle = (
            b'{"resourceType":"Bundle","type":"collection","entry":['
            + b",".join(b'{"resource":' + item + b"}" for item in lines)
            + b"]}"
        )
        return BulkItem(source, bundle, patient=f"Patient/{identifier}")

    def _too_large(self, db: sqlite3.Connection, patient: str, patient_bytes: int) -> str | None:
        """Why the patient's bundle would pass a limit, counted before it is put together."""
        count, size = db.execute(
            "SELECT count(*), coalesce(sum(length(line)), 0) FROM resource WHERE patient = ?",
            (patient,),
        ).fetchone()
        entries = count + 1  # and the Patient itself
        if entries > self.limits.max_entries:
            error = too_many_entries(entries, self.limits.max_entries)
        elif (total := size + patient_bytes + _ENTRY_BYTES * entries) > self.limits.max_bytes:
            error = too_many_bytes(self.limits.max_bytes, found=total, how="its bundle would be")
        else:
            return None
        return str(error.problems[0])
