"""Full validation of a FHIR R4 Bundle: the whole R4 schema, and the codes medreview reads.

The schema check uses fhir.resources' R4B models, which read FHIR R4 (there is
no R4 package). fhir.resources does not check codes against their value sets,
so the required bindings of the elements medreview relies on are checked here
(:data:`medreview.codes.REQUIRED_BINDINGS`). Every problem is reported with the
resource (``Type/id``) and the element path, all at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from medreview.codes import REQUIRED_BINDINGS
from medreview.errors import InputError, InputProblem
from medreview.read.fhir_dates import not_a_date

MAX_PROBLEMS = 25


def check_is_bundle(document: Any) -> None:
    """Refuse anything that is not a FHIR Bundle, saying what it is instead."""
    if isinstance(document, Mapping) and document.get("resourceType") == "Bundle":
        return
    if isinstance(document, Mapping) and isinstance(document.get("resourceType"), str):
        found = f"a {document['resourceType']} resource"
        hint = "; put the patient's resources in a Bundle"
        raise InputError(
            [InputProblem(f"not a FHIR Bundle: it is {found}{hint}", field="resourceType")]
        )
    what = (
        "a JSON object without resourceType"
        if isinstance(document, Mapping)
        else (
            f"a JSON {type(document).__name__.replace('dict', 'object').replace('list', 'array')}"
        )
    )
    raise InputError([InputProblem(f"not a FHIR Bundle: it is {what}", field="resourceType")])


def validate_bundle(document: Any) -> None:
    """Check ``document`` against the FHIR R4 schema and the required bindings read here."""
    check_is_bundle(document)
    from fhir.resources.R4B.bundle import Bundle  # ~0.25 s: import on first use only

    problems: list[InputProblem] = []
    try:
        Bundle.model_validate(document)
    except ValidationError as error:
        problems.extend(_schema_problems(error, document))
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        # fhir.resources raises these for shapes its models cannot even start on.
        problems.append(InputProblem(f"not valid FHIR R4: {error}", resource="Bundle"))
    problems.extend(binding_problems(document))
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], InputProblem(f"... and {more} more problems")]
        raise InputError(problems)


def binding_problems(document: Mapping[str, Any]) -> Iterator[InputProblem]:
    """Codes outside a required binding, in the bundle and in each entry's resource."""
    yield from _bindings_of(document, "Bundle")
    entries = document.get("entry")
    for entry in entries if isinstance(entries, list) else []:
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if isinstance(resource, Mapping):
            yield from _bindings_of(resource, _name(resource))


def _bindings_of(resource: Mapping[str, Any], name: str) -> Iterator[InputProblem]:
    bindings = REQUIRED_BINDINGS.get(str(resource.get("resourceType")), {})
    for path, allowed in bindings.items():
        for where, value in _values_at(resource, path.split(".")):
            if value is None:
                continue
            if not isinstance(value, str) or value not in allowed:
                yield binding_problem(str(resource.get("resourceType")), path, value, name, where)


def binding_problem(
    resource_type: str, path: str, value: Any, resource: str, field: str
) -> InputProblem:
    """The one way medreview words a code outside its required binding (both readers)."""
    allowed = ", ".join(sorted(REQUIRED_BINDINGS[resource_type][path]))
    return InputProblem(
        f"{value!r} is not a code FHIR R4 defines for {resource_type}.{path} (one of: {allowed})",
        resource=resource,
        field=field,
    )


def _values_at(node: Any, parts: list[str], at: str = "") -> Iterator[tuple[str, Any]]:
    if not parts:
        yield at, node
        return
    if not isinstance(node, Mapping):
        return
    head, rest = parts[0], parts[1:]
    value = node.get(head)
    here = f"{at}.{head}" if at else head
    if isinstance(value, list) and rest:
        for number, item in enumerate(value):
            yield from _values_at(item, rest, f"{here}[{number}]")
    elif value is not None:
        yield from _values_at(value, rest, here)


def _schema_problems(error: ValidationError, document: Mapping[str, Any]) -> Iterator[InputProblem]:
    entries: list[Any] = document["entry"] if isinstance(document.get("entry"), list) else []
    for item in error.errors():
        loc = list(item["loc"])
        resource = f"Bundle/{document['id']}" if document.get("id") else "Bundle"
        resource_type = "Bundle"
        if (
            len(loc) >= 3
            and loc[0] == "entry"
            and isinstance(loc[1], int)
            and loc[2] == "resource"
            and loc[1] < len(entries)
            and isinstance(entries[loc[1]], Mapping)
            and isinstance(entries[loc[1]].get("resource"), Mapping)
        ):
            inner = entries[loc[1]]["resource"]
            resource = _name(inner, f"entry[{loc[1]}]")
            resource_type = str(inner.get("resourceType"))
            loc = loc[3:]
        yield InputProblem(
            _reason(item, resource_type), resource=resource, field=_path(loc) or None
        )


def _reason(item: Mapping[str, Any], resource_type: str) -> str:
    kind = item.get("type")
    if kind == "extra_forbidden":
        return f"is not an element of {resource_type} in FHIR R4"
    if kind == "missing":
        return "is required by FHIR R4"
    message = str(item.get("msg", "is not valid")).removeprefix("Value error, ").rstrip(".")
    value = item.get("input")
    for fhir_type in ("date", "dateTime", "instant"):
        if (
            message
            == f"{fhir_type[0].upper()}{fhir_type[1:]} value string does not match spec regex"
        ):
            return not_a_date(value, fhir_type)  # the fast reader's words (card_reader._day)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        message = f"{shown}: {message}"
    return message


def _path(loc: Sequence[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _name(resource: Mapping[str, Any], fallback: str = "?") -> str:
    resource_type = resource.get("resourceType") or fallback
    if resource.get("id"):
        return f"{resource_type}/{resource['id']}"
    return str(resource_type) if resource_type != fallback else fallback
