"""What rule files write besides conditions: text in two languages, and where it comes from.

Shared by the rules (:mod:`medreview.ruleset`) and the clinical lists
(:mod:`medreview.clinical_lists`), so that both cite the seed documents alike.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

SEED_FILE = re.compile(r"^(\d{3})_[0-9a-f]{16}\.txt$")


class Spec(BaseModel):
    """Frozen, and an unknown key is an error (a misspelt key must not pass silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Spec):
    """The same text in Danish (what clinicians read) and English."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(Spec):
    """Where the rule comes from: a seed document, its section, and the words quoted."""

    document: str = Field(pattern=SEED_FILE.pattern)
    section: str = Field(min_length=1)
    quote: str | None = None

    @property
    def cite(self) -> str:
        """The short citation an assessment carries: ``001 §6.2.5``."""
        return f"{self.document[:3]} {self.section}"
