"""Who owns a task: a party seen in one of the roles that the contract names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from medreview.assessment.data import OwnerData
from medreview.card.data import PartyData
from medreview.card.model import Party, Sector

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


@dataclass(slots=True)
class TaskOwner:
    """A possible owner as the facts carry it: cheap to make, with a name for people."""

    sector: Sector
    role: Role
    reference: str | None
    display: str | None = None

    def as_json(self) -> OwnerData:
        """The contract's owner object."""
        return {"sector": self.sector, "role": self.role, "reference": self.reference}


def owner_of(party: Party | PartyData | None, role: Role) -> TaskOwner:
    """``party`` in ``role``; an unknown party still owns the task, with sector ``unknown``."""
    if party is None:
        return TaskOwner("unknown", role, None)
    return TaskOwner(party.sector, role, party.reference, party.display)
