"""Decoding a bundle's JSON into the models of :mod:`medreview.read.fhir_model`.

In one pass where the bundle fits (one msgspec call: each entry's model picked by its
``resourceType``), else step by step, which names the entry and element that do not fit.
Both read only what the models declare and skip the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import msgspec
import orjson

from medreview import codes
from medreview.errors import MedreviewError
from medreview.read.fhir_model import MODELS, UNREAD_TYPES, AnyResource, Element, Resource


class BundleHead(Element, frozen=True, kw_only=True):
    resourceType: Literal["Bundle"]
    id: str | None = None
    type: codes.BundleType


_NO_RESOURCE = msgspec.Raw(b"null")


class _RawEntry(Element, frozen=True, kw_only=True):
    fullUrl: str | None = None
    resource: msgspec.Raw = _NO_RESOURCE


class _RawBundle(BundleHead, frozen=True, kw_only=True):
    entry: tuple[_RawEntry, ...] = ()


class _Head(Element, frozen=True, kw_only=True):
    resourceType: str
    id: str | None = None


class _Entries(Element, frozen=True, kw_only=True):
    entry: tuple[msgspec.Raw, ...] = ()


class _Entry(Element, frozen=True, kw_only=True):
    fullUrl: str | None = None
    resource: AnyResource | None = None


class _Bundle(BundleHead, frozen=True, kw_only=True):
    entry: tuple[_Entry, ...] = ()


_ONE_PASS_DECODER = msgspec.json.Decoder(_Bundle)
_BUNDLE_DECODER = msgspec.json.Decoder(_RawBundle)
_ENTRIES_DECODER = msgspec.json.Decoder(_Entries)
# Above this size a bundle's entries are counted before any is decoded (see decode_entries);
# a patient's bundle is some 15 KiB, and counting it cost a quarter of decoding it
# (10 µs against 40 µs, measured on the benchmark population).
_COUNT_FIRST_ABOVE = 1 << 20
_HEAD_DECODER = msgspec.json.Decoder(_Head)
_DECODERS = {name: msgspec.json.Decoder(model) for name, model in MODELS.items()}


class ResourceError(MedreviewError, ValueError):
    """A resource in the bundle does not fit its model."""

    def __init__(self, number: int, head: _Head | None, error: msgspec.ValidationError) -> None:
        super().__init__(str(error))
        self.number, self.head, self.error = number, head, error


class TooManyEntries(MedreviewError, ValueError):
    """The bundle has more entries than the reader was asked to take."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} entries")
        self.count = count


def decode_entries(
    raw: bytes, *, max_entries: int | None = None
) -> Iterator[tuple[int, str | None, Resource]]:
    """Decode a Bundle's JSON straight into the models, skipping what medreview does not read.

    Yields (entry number, fullUrl, resource). Raises msgspec's DecodeError for
    broken JSON, its ValidationError for a bundle that does not fit,
    :class:`ResourceError` for a resource that does not, and
    :class:`TooManyEntries` before decoding any resource if there are more than
    ``max_entries``.
    """
    if max_entries is not None and len(raw) > _COUNT_FIRST_ABOVE:
        # A large bundle is counted before any resource is built: it may hold more entries
        # than a reader takes, and building them all would cost seconds and memory first.
        count = count_entries(raw)
        if count is not None and count > max_entries:
            raise TooManyEntries(count)
    try:
        # One pass: every entry decoded into its model by its resourceType.
        whole = _ONE_PASS_DECODER.decode(raw)
    except (msgspec.ValidationError, RecursionError):
        # Something does not fit (or nests deeper than one pass reaches): decode step by
        # step, which says exactly what and where.
        yield from _decode_in_steps(raw, max_entries)
        return
    if max_entries is not None and len(whole.entry) > max_entries:
        raise TooManyEntries(len(whole.entry))
    for number, one in enumerate(whole.entry):
        resource = one.resource
        if resource is not None and type(resource) not in UNREAD_TYPES:
            yield number, one.fullUrl, resource


def _decode_in_steps(
    raw: bytes, max_entries: int | None
) -> Iterator[tuple[int, str | None, Resource]]:
    """The entries counted first, then each resource's type read, then its model: slower,
    and each failure names its entry and the element (ResourceError)."""
    bundle = _BUNDLE_DECODER.decode(raw)  # the entries stay raw bytes until counted
    if max_entries is not None and len(bundle.entry) > max_entries:
        raise TooManyEntries(len(bundle.entry))
    for number, entry in enumerate(bundle.entry):
        if entry.resource == _NO_RESOURCE:
            continue
        try:
            head = _HEAD_DECODER.decode(entry.resource)
        except msgspec.ValidationError as error:
            raise ResourceError(number, None, error) from None
        decoder = _DECODERS.get(head.resourceType)
        if decoder is None:
            continue
        try:
            yield number, entry.fullUrl, decoder.decode(entry.resource)
        except msgspec.ValidationError as error:
            model = _with_keys_once(entry.resource, MODELS[head.resourceType])
            if model is None:
                raise ResourceError(number, head, error) from None
            yield number, entry.fullUrl, model


def _with_keys_once(raw: msgspec.Raw, model: type[Resource]) -> Resource | None:
    """A resource that names a key twice ("resourceType" written twice, say), read as the
    full reader reads it: the last value of each key counts. None if it does not fit then
    either (its first error is the one reported)."""
    try:
        return msgspec.convert(orjson.loads(bytes(raw)), model)
    except (orjson.JSONDecodeError, msgspec.ValidationError):
        return None


def count_entries(raw: bytes | str) -> int | None:
    """How many entries a Bundle's JSON has, without building them; None if it cannot tell."""
    try:
        return len(_ENTRIES_DECODER.decode(raw).entry)
    except (msgspec.DecodeError, RecursionError):  # not an object, no entry list, or not JSON
        return None


def convert_resource(resource: dict[str, Any]) -> Resource | None:
    """A parsed resource (already schema-valid) as its model, or None if medreview reads none."""
    model = MODELS.get(str(resource.get("resourceType")))
    return msgspec.convert(resource, model) if model else None
