"""OperationOutcome: how medreview says, in FHIR, that it refused something.

One builder for every refusal: the service's errors (a code and a text), an input the
service cannot evaluate (one issue per problem, with its element path), and a record a
scan could not evaluate (the same, naming the record's source in an extension).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from medreview import codes

if TYPE_CHECKING:
    from medreview.errors import InputError

SOURCE_URL = f"{codes.MR_BASE}/StructureDefinition/scan-source"


def issue(code: str, diagnostics: str, expression: str | None = None) -> dict[str, Any]:
    """One issue, always of severity error: medreview refuses, it does not warn."""
    found: dict[str, Any] = {"severity": "error", "code": code, "diagnostics": diagnostics}
    if expression:
        found["expression"] = [expression]
    return found


def outcome(
    issues: Iterable[dict[str, Any]], *, text: str | None = None, source: str | None = None
) -> dict[str, Any]:
    """The OperationOutcome of ``issues``; ``text`` as its narrative, ``source`` as the
    scan-source extension."""
    built: dict[str, Any] = {"resourceType": "OperationOutcome"}
    if source is not None:
        built["extension"] = [{"url": SOURCE_URL, "valueString": source}]
    if text is not None:
        built["text"] = {
            "status": "generated",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{html.escape(text)}</div>',
        }
    built["issue"] = list(issues)
    return built


def refused(code: str, text: str) -> dict[str, Any]:
    """A call the service refuses: one issue with its FHIR issue type."""
    return outcome([issue(code, text)])


def input_refused(error: InputError) -> dict[str, Any]:
    """An InputError: one issue per problem, with its element path where it has both the
    resource and the field."""
    return outcome(
        issue(
            "invalid",
            str(problem),
            f"{problem.resource}.{problem.field}" if problem.resource and problem.field else None,
        )
        for problem in error.problems
    )


def record_refused(message: str, problems: list[dict[str, Any]], source: str) -> dict[str, Any]:
    """A record a scan could not evaluate, naming the record's source; its problems as JSON
    (reason, resource, field), or the message alone where it has none."""
    issues = [
        issue(
            "invalid",
            problem["reason"],
            f"{problem['resource']}.{problem['field']}".strip(".")
            if problem.get("resource") or problem.get("field")
            else None,
        )
        for problem in problems
    ] or [issue("invalid", message)]
    return outcome(issues, text=message, source=source)
