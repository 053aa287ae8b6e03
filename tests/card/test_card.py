"""The card model and the card reader keep to each other's fields."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import SAMPLES
from pydantic import BaseModel

from medreview.card.model import Card
from medreview.card.reader import card_data
from medreview.read.fhir_model import decode_entries


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: ``Party | None`` and ``tuple[Period, ...]`` alike."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models(arg)]


def _check(data: Any, model: type[BaseModel], where: str) -> None:
    """Every key of ``data`` is a field of ``model``, all the way down."""
    if isinstance(data, BaseModel):
        return
    assert isinstance(data, dict), where
    extra = set(data) - set(model.model_fields)
    assert not extra, (
        f"{where}: the card reader writes {sorted(extra)}, which {model.__name__} lacks"
    )
    for name, value in data.items():
        inner = _models(model.model_fields[name].annotation)
        for item in value if isinstance(value, tuple | list) else [value]:
            if isinstance(item, dict) and inner:
                _check(item, inner[0], f"{where}.{name}")


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_the_reader_writes_only_fields_the_card_has(path: Path) -> None:
    """The card ignores unknown keys (refusing them costs a third of its validation): so check."""
    _check(card_data(decode_entries_of(path)), Card, "Card")


def decode_entries_of(path: Path) -> list[Any]:
    return list(decode_entries(orjson.dumps(orjson.loads(path.read_bytes()))))
