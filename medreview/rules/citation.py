"""What rule files write besides conditions: text in two languages, and where it comes from.

Shared by the rules (:mod:`medreview.rules.ruleset`) and the clinical lists
(:mod:`medreview.rules.clinical_lists`), so that both cite the seed documents alike.

A quote is copied from a seed document, which is text taken from a PDF: a word broken
at a line end stands there as ``pati-`` and ``enter``. The rule file keeps the seed's
words (so that the quote can be found in it); :func:`mend_quote` joins the broken words
when the quote is read, so that the catalogue and ``rules show`` print ``patienter``.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

SEED_FILE = re.compile(r"^(\d{3})_[0-9a-f]{16}\.txt$")

# A hyphen right after a letter or digit, then a line break or space, then a word: what a
# PDF line end leaves of a broken word, and also what a Danish suspension hyphen looks like
# ("kort- og langtidsbehandling"). Group 1 is the fragment before the hyphen.
_BROKEN = re.compile(r"(\w+)-\s+(?=(\w+))")
# Before these words the hyphen is a suspension hyphen and stays: "kort- og
# langtidsbehandling", "sygehus- eller", "til- og afgang", "for- samt efterår". Not "som",
# "men" or "til": a line end breaks "langsom", "almen" and "indtil" there.
_SUSPENSION_WORDS = frozenset({"og", "eller", "samt"})
# These fragments keep their hyphen when the line end is mended: "ikke-akutte" is how Danish
# writes it, not "ikkeakutte".
_HYPHEN_PREFIXES = frozenset({"ikke"})


def mend_quote(text: str) -> str:
    """``text`` with the words a PDF broke at a line end joined again.

    "pati- enter" becomes "patienter", "patientsik- kerheden" "patientsikkerheden". A
    hyphen stays where Danish has one: before "og", "eller" and the like ("kort- og
    langtidsbehandling"), after a fragment in capitals or digits ("ADHD- medicin" becomes
    "ADHD-medicin", "HPV- vaccine" "HPV-vaccine"), after one letter ("e- konsultation"), after
    a word that holds a hyphen already ("gå-hjem- møder"), and after "ikke". A dash between
    words (" - ") and a hyphen inside a word ("ADHD-medicin") are left alone, and so is a
    hyphen before a capital ("Region- Hovedstaden" is no broken word of a sentence).
    """
    return _BROKEN.sub(_mend, text)


def _mend(match: re.Match[str]) -> str:
    fragment, following = match[1], match[2]
    if following in _SUSPENSION_WORDS or not following[0].islower():
        return match[0]
    if fragment.isdigit() and following == "til":  # "12- til 15-årige"
        return match[0]
    start = match.start(1)
    preceded_by_hyphen = start > 0 and match.string[start - 1] == "-"
    keeps_hyphen = (
        not any(char.islower() for char in fragment)  # ADHD-, HPV-, 2-
        or len(fragment) == 1
        or preceded_by_hyphen
        or fragment.lower() in _HYPHEN_PREFIXES
    )
    return fragment + ("-" if keeps_hyphen else "")


class Spec(BaseModel):
    """Frozen, and an unknown key is an error (a misspelt key must not pass silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Spec):
    """The same text in Danish (what clinicians read) and English."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(Spec):
    """Where the rule comes from: a seed document, its section, and the words quoted.

    ``quote`` is read mended (:func:`mend_quote`): as a clinician reads it, not with the
    PDF's line-end hyphens the rule file copies from the seed.
    """

    document: str = Field(pattern=SEED_FILE.pattern)
    section: str = Field(min_length=1)
    quote: str | None = None

    @field_validator("quote")
    @classmethod
    def _mended(cls, quote: str | None) -> str | None:
        return mend_quote(quote) if quote is not None else None

    @property
    def cite(self) -> str:
        """The short citation an assessment carries: ``001 §6.2.5``."""
        return f"{self.document[:3]} {self.section}"
