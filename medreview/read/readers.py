"""The two ways in: the full reader (every element checked) and the fast reader (scans).

Both end in the same typed models and the same card reader; they differ only
in how much they check on the way:

- :func:`read_full` validates the whole bundle against the FHIR R4 schema with
  fhir.resources (~100 times the cost of parsing), plus the required bindings of
  the codes medreview reads, and reports every problem at once;
- :func:`read_fast` decodes the JSON bytes straight into the typed models,
  checking strictly only the elements the rules read, and stops at the first
  problem. ``scan`` uses it; ``scan --strict`` and ``check`` use the full reader.

Both refuse a bundle of more than ``limits.max_entries`` entries before reading
any of them (:mod:`medreview.read.limits`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

import msgspec

from medreview.card.model import Card
from medreview.card.reader import read_card
from medreview.codes import REQUIRED_BINDINGS
from medreview.errors import InputError, InputProblem
from medreview.read.bundle_index import BundleIndex
from medreview.read.decoding import ResourceError, TooManyEntries, convert_resource, decode_entries
from medreview.read.fhir_model import MedicationRequest, MedicationStatement, Resource
from medreview.read.fhir_validation import binding_problem, check_is_bundle, validate_bundle
from medreview.read.limits import DEFAULT_LIMITS, Limits, too_many_entries
from medreview.read.source import parse_bundle, parse_json

_AT = re.compile(r"^(?P<reason>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_ENUM = re.compile(r"^Invalid enum value (?P<value>.*)$")
# medication[x] is 1..1: fhir.resources' words, which the full reader gives.
_MEDICATION_X = "['medicationCodeableConcept', 'medicationReference']"
_NO_MEDICATION = f"Expect any of field value from this list {_MEDICATION_X}"
_TWO_MEDICATIONS = (
    f"Any of one field value is expected from this list {_MEDICATION_X}, but got multiple!"
)


Entries = list[tuple[int, str | None, Resource]]
"""A bundle's entries as the card reader takes them: (entry number, fullUrl, resource)."""


def read_full(
    document: Any, shared: BundleIndex | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> Card:
    """The card of a parsed bundle, after full FHIR R4 validation.

    ``shared`` holds resources found outside the bundle: those a Bulk Data
    export keeps apart from the patients (organisations, practitioners).
    """
    return read_card(full_entries(document, limits=limits), shared)


def full_entries(document: Any, *, limits: Limits = DEFAULT_LIMITS) -> Entries:
    """The entries of a parsed bundle that medreview reads, after full FHIR R4 validation."""
    check_is_bundle(document)
    entries = document.get("entry")
    if isinstance(entries, list) and len(entries) > limits.max_entries:
        raise too_many_entries(len(entries), limits.max_entries)  # validating them takes minutes
    validate_bundle(document)
    return list(_converted(document))


def _converted(document: dict[str, Any]) -> Iterator[tuple[int, str | None, Resource]]:
    for number, entry in enumerate(document.get("entry") or []):
        resource = entry.get("resource")
        if not isinstance(resource, dict):
            continue
        if "resourceType" not in resource:
            # fhir.resources takes {} as an abstract Resource; FHIR, and the fast reader, do not.
            raise InputError(
                [InputProblem("Object missing required field `resourceType`", f"entry[{number}]")]
            )
        try:
            model = convert_resource(resource)
        except msgspec.ValidationError as error:
            # fhir.resources accepted it, so medreview's model is the stricter: say so.
            raise InputError([_problem(error, resource, f"entry[{number}]")]) from None
        if model is not None:
            yield number, entry.get("fullUrl"), model


def read_fast(
    raw: bytes, shared: BundleIndex | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> Card:
    """The card of a bundle's JSON bytes, checking only what the rules read."""
    return read_card(fast_entries(raw, limits=limits), shared)


def fast_entries(raw: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Entries:
    """The entries of a bundle's JSON bytes that medreview reads, decoded in one pass and
    checked only where the rules read them."""
    try:
        entries = list(decode_entries(raw, max_entries=limits.max_entries))
    except TooManyEntries as error:
        raise too_many_entries(error.count, limits.max_entries) from None
    except ResourceError as error:
        # JSON the full reader's parser refuses (nested past orjson's depth, which msgspec
        # reads on Python 3.13) is refused in its words, as the full reader does, first.
        parse_json(raw)
        head = {"resourceType": error.head.resourceType, "id": error.head.id} if error.head else {}
        raise InputError([_problem(error.error, head, f"entry[{error.number}]")]) from None
    except msgspec.ValidationError as error:  # a subclass of DecodeError: catch it first
        # Not a Bundle, or broken JSON past the point msgspec stopped: the full reader's words.
        check_is_bundle(parse_bundle(raw, max_entries=limits.max_entries))
        raise InputError([_problem(error, {"resourceType": "Bundle"}, "Bundle")]) from None
    except (msgspec.DecodeError, RecursionError) as error:  # msgspec recurses on deep nesting
        parse_json(raw)  # orjson says where the JSON breaks, in the full reader's words
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise InputError([InputProblem(f"not JSON: {reason}")]) from None
    problems = [problem for _, _, model in entries if (problem := _medication_x(model))]
    if problems:
        raise InputError(problems)
    return entries


def _medication_x(model: Resource) -> InputProblem | None:
    """A medication line without exactly one medication[x] (the full reader's schema check)."""
    if not isinstance(model, MedicationRequest | MedicationStatement):
        return None
    given = (model.medicationCodeableConcept, model.medicationReference)
    if given.count(None) == 1:
        return None
    name = f"{model.resourceType}/{model.id}" if model.id else model.resourceType
    return InputProblem(_NO_MEDICATION if given.count(None) == 2 else _TWO_MEDICATIONS, name)


def _problem(
    error: msgspec.ValidationError, resource: dict[str, Any], fallback: str
) -> InputProblem:
    """msgspec's message as an InputProblem: resource, element path, and why."""
    match = _AT.match(str(error))
    reason = match["reason"] if match else str(error)
    path = (match["path"] or "") if match else ""
    field = path.lstrip(".") or None
    resource_type = str(resource.get("resourceType") or "")
    name = (
        f"{resource_type}/{resource['id']}" if resource.get("id") else (resource_type or fallback)
    )
    enum = _ENUM.match(reason)
    if enum and field is not None:
        binding = re.sub(r"\[\d+\]", "", field)
        if binding in REQUIRED_BINDINGS.get(resource_type, {}):
            try:  # msgspec writes the value as Python would: 'paused', 5
                value = ast.literal_eval(enum["value"])
            except (ValueError, SyntaxError):
                value = enum["value"]
            return binding_problem(resource_type, binding, value, name, field)
    return InputProblem(reason, resource=name, field=field)
