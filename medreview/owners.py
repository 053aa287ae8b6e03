"""Who owns a task: a party seen in one of the roles that the contract names."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from medreview.card import Party, Sector

Role = Literal[
    "gp",
    "nursing-home-doctor",
    "prescriber",
    "home-care",
    "dispensing-pharmacy",
    "admitting-hospital",
]


class Owner(BaseModel):
    """The owner of a task, as the assessment JSON writes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sector: Sector
    role: Role
    reference: str | None
    # For people reading the text output; not part of the JSON contract.
    display: str | None = Field(default=None, exclude=True)


def owner_of(party: Party | None, role: Role, *, default_sector: Sector = "unknown") -> Owner:
    """``party`` in ``role``; an unknown party still owns the task, with sector ``unknown``."""
    if party is None:
        return Owner(sector=default_sector, role=role, reference=None)
    return Owner(sector=party.sector, role=role, reference=party.reference, display=party.display)
