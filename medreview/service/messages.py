"""The bodies CDS Hooks 2.0 exchanges, as pydantic models: for validation and the OpenAPI.

A hook call and its cards, discovery, and feedback. Free text and codes are bounded, so
that a caller cannot store megabytes through a feedback comment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class CdsRequest(BaseModel):
    """A CDS Hooks service call."""

    model_config = ConfigDict(extra="allow")

    hook: str
    hookInstance: str
    fhirServer: str | None = None
    fhirAuthorization: dict[str, Any] | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class Coding(BaseModel):
    system: str | None = Field(default=None, max_length=1000)
    code: str = Field(max_length=1000)
    display: str | None = Field(default=None, max_length=1000)


class Source(BaseModel):
    label: str
    url: str | None = None
    topic: Coding | None = None


class Action(BaseModel):
    type: Literal["create", "update", "delete"]
    description: str
    resource: dict[str, Any] | None = None


class Suggestion(BaseModel):
    label: str
    uuid: str | None = None
    isRecommended: bool | None = None
    actions: list[Action] | None = None


class Link(BaseModel):
    label: str
    url: str
    type: Literal["absolute", "smart"]


class Card(BaseModel):
    uuid: str | None = None
    summary: str = Field(max_length=140)
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source
    suggestions: list[Suggestion] | None = None
    selectionBehavior: Literal["at-most-one", "any"] | None = None
    overrideReasons: list[Coding] | None = None
    links: list[Link] | None = None


class CdsResponse(BaseModel):
    cards: list[Card]


class DiscoveryService(BaseModel):
    hook: str
    title: str
    description: str
    id: str
    prefetch: dict[str, str]


class Discovery(BaseModel):
    services: list[DiscoveryService]


class OverrideReason(BaseModel):
    reason: Coding | None = None
    userComment: str | None = Field(default=None, max_length=2000)


class AcceptedSuggestion(BaseModel):
    id: str


_INSTANT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$"


def _real_instant(value: str) -> str:
    """A time that exists: 2026-13-45T99:00Z has the form, but no calendar has it."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not a date and time") from None
    return value


class FeedbackItem(BaseModel):
    card: str = Field(min_length=1, max_length=100)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = Field(default=None, max_length=100)
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: Annotated[
        str,
        Field(pattern=_INSTANT, description="ISO 8601 date and time with its zone (UTC)"),
        AfterValidator(_real_instant),
    ]


class FeedbackRequest(BaseModel):
    feedback: list[FeedbackItem] = Field(min_length=1, max_length=1000)
