"""How much one patient's input may hold, checked before anything is built from it.

A bundle is refused as too large (exit 3, :class:`~medreview.errors.InputTooLarge`)
when its JSON, decompressed, is longer than ``max_bytes``, or when it has more than
``max_entries`` entries. Both are checked as cheaply as the input allows: a plain
file's size before it is read, a gzip stream as it inflates (never past the limit),
an NDJSON line as it is read, the entries before any is validated. So memory
stays bounded whatever a file claims to hold, and a bundle far larger than any
patient's is refused in moments rather than validated for minutes.

The defaults are many times the largest real bundle medreview has met (3.9 MB of
JSON, 1,244 entries, in ``../shared/realdata``); a patient's FMK card is far smaller.
"""

from __future__ import annotations

from dataclasses import dataclass

from medreview.errors import InputProblem, InputTooLarge

MIB = 1 << 20
DEFAULT_MAX_BYTES = 64 * MIB
DEFAULT_MAX_ENTRIES = 10_000
_RAISE = "raise the limit with {option} if this really is one patient's bundle"


@dataclass(frozen=True, kw_only=True, slots=True)
class Limits:
    """The largest input medreview reads: decompressed bytes, and entries per bundle."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_entries: int = DEFAULT_MAX_ENTRIES

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.max_entries < 1:
            raise ValueError(f"limits must be positive: {self}")


DEFAULT_LIMITS = Limits()


def amount(size: int) -> str:
    """A byte count as people read it: 64 MiB, 1.5 GiB, 300 bytes."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def too_many_bytes(
    allowed: int, *, found: int | None = None, how: str = "is", then: str = "read no further"
) -> InputTooLarge:
    """Refuse an input longer than ``allowed`` bytes: ``how`` it is, and what was ``then`` done."""
    if found is None:
        what = f"{how} more than the {amount(allowed)} of JSON that --max-bytes allows"
    else:
        what = f"{how} {amount(found)} of JSON, more than the {amount(allowed)} --max-bytes allows"
    reason = f"{what}, so it was {then}; {_RAISE.format(option='--max-bytes')}"
    return InputTooLarge(InputProblem(reason), limit="max_bytes", allowed=allowed, found=found)


def too_many_entries(found: int, allowed: int) -> InputTooLarge:
    """Refuse a bundle of more than ``allowed`` entries, before any of them is validated."""
    reason = (
        f"{found:,} entries, more than the {allowed:,} --max-entries allows, so none was "
        f"read; {_RAISE.format(option='--max-entries')}"
    )
    return InputTooLarge(
        InputProblem(reason, resource="Bundle", field="entry"),
        limit="max_entries",
        allowed=allowed,
        found=found,
    )
