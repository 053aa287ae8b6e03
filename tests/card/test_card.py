"""The card's two forms keep to each other: the plain structs the hot path carries
(card/data.py) and the public pydantic model (card/model.py)."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from conftest import SAMPLES
from pydantic import BaseModel

from medreview.card.data import CardData, card_model, data_of_card
from medreview.card.model import Card
from medreview.card.reader import read_card_data
from medreview.read.decoding import decode_entries


def _inner(annotation: Any, kind: type) -> type | None:
    """The model or struct an annotation holds: ``Party | None``, ``tuple[Period, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, kind):
        return annotation
    return next(
        (found for arg in typing.get_args(annotation) if (found := _inner(arg, kind))), None
    )


def _compare(struct: type[msgspec.Struct], model: type[BaseModel], where: str) -> None:
    hints = typing.get_type_hints(struct)
    fields = {f.name: f for f in msgspec.structs.fields(struct)}
    assert list(fields) == list(model.model_fields), f"{where}: the fields differ"
    for name, field in fields.items():
        inner_struct = _inner(hints[name], msgspec.Struct)
        inner_model = _inner(model.model_fields[name].annotation, BaseModel)
        assert (inner_struct is None) == (inner_model is None), f"{where}.{name}"
        if inner_struct is not None and inner_model is not None:
            _compare(inner_struct, inner_model, f"{where}.{name}")
        required = field.default is msgspec.NODEFAULT and field.default_factory is msgspec.NODEFAULT
        assert required == model.model_fields[name].is_required(), f"{where}.{name}: default"


def test_the_data_and_the_model_have_the_same_fields() -> None:
    """Every field of the public card is a field of the hot path's card, all the way down, in
    the same order and equally required: a library user reads what the rules read."""
    _compare(CardData, Card, "Card")


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_a_card_is_the_same_in_either_form(path: Path) -> None:
    """A sample's card read as data, made the public model and read back, is what it was."""
    data = read_card_data(decode_entries_of(path))
    card = card_model(data)
    assert data_of_card(card) == data
    assert card.patient.ref == data.patient.ref and len(card.lines) == len(data.lines)


def decode_entries_of(path: Path) -> list[Any]:
    return list(decode_entries(orjson.dumps(orjson.loads(path.read_bytes()))))
