"""Writing a clinician's sign-off into the feature files: ``medreview rules sign``.

Where the tags go, so that signing one rule never signs another (medreview/approval/signoff.py
says which sign-offs concern a rule):

- on the feature, when every rule its scenarios tag is being signed now;
- otherwise on each scenario tagged with the rule that tags no rule outside those
  being signed (a scenario of its own); a feature where the rule has none is left
  alone, the rule being signed where it stands alone;
- only for a rule with no scenario of its own in any feature, on the scenarios it
  shares (recording its digest only: the rules it shares them with stay as they
  were; but once it changes, its old digest there cannot say whose it was, and
  those rules show as stale too).

Signing again replaces the rule's earlier sign-off wherever it stands, stale or
current, by the same clinician or another: a rule carries one sign-off, the
latest (git keeps the earlier ones). A sign-off shared with rules not being signed
keeps their digests, and its signer and date.

Nothing is written unless everything checks: the ids, the initials, the date, the
rules' scenarios in the given results, and the files as they would be written,
parsed again (the named rules signed, every other rule as it was). Each file is
then written whole (medreview/approval/tag_lines.py), and only its tag lines change: a
sign-off replaced on a line of its own is rewritten on that line, a new one gets its
own line above the scenario's (or the feature's) tags.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from medreview.approval.signoff import (
    STATUS_EN,
    Approval,
    Results,
    approvals,
    current_digests,
    feature_covers,
)
from medreview.approval.specs import (
    DIGEST,
    INITIALS,
    SIGNED_BY,
    SIGNED_ON,
    Feature,
    SignOff,
    SpecError,
    Tag,
    parse_feature,
)
from medreview.approval.tag_lines import TagEdit, apply_edits, read_exactly
from medreview.errors import MedreviewError
from medreview.rules.model import RuleSet

Refusal = Literal["usage", "not-approvable"]
INITIALS_ALLOWED = "2 to 8 letters A-Z, Æ, Ø or Å, without dots or spaces (e.g. LKH)"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SIGN_OFF_TAGS = (SIGNED_BY, SIGNED_ON, DIGEST)


class SignRefused(MedreviewError):
    """A sign-off not written, and why: ``usage`` for what was typed, ``not-approvable``
    for a rule its specifications do not (yet) let anyone approve."""

    def __init__(self, message: str, kind: Refusal) -> None:
        self.message = message
        self.kind = kind
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Placed:
    """Where one rule's sign-off was written."""

    item_id: str
    places: tuple[tuple[Path, int], ...]  # (file, line of the tag line), in the new files
    tags: str  # the rule's own tags
    before: Approval

    def describe(self) -> str:
        """One line: the rule, where its tags stand, the tags, and what it was before."""
        by_file: dict[Path, list[int]] = {}
        for path, line in self.places:
            by_file.setdefault(path, []).append(line)
        where = "; ".join(
            f"{path}:{','.join(str(n) for n in lines)}" for path, lines in by_file.items()
        )
        latest = self.before.latest
        was = STATUS_EN[self.before.status].split(":")[0]
        if latest is not None:
            day = latest.day.isoformat() if latest.day else "no date"
            was += f": {latest.initials or '?'} {day}"
        return f"{self.item_id}: {where} {self.tags} (was {was})"


@dataclass(frozen=True, slots=True)
class Plan:
    """The files as they will be written, and what that does for each rule."""

    texts: dict[Path, str]
    placed: tuple[Placed, ...]
    checked: bool  # the scenarios were checked in a results file


def initials(value: str) -> str:
    """The initials as the tag records them, upper case (lkh is LKH), or refused."""
    written = value.strip().upper()
    if not INITIALS.match(written):
        raise SignRefused(f"--by {value!r} is not initials: write {INITIALS_ALLOWED}", "usage")
    return written


def sign_day(value: str | None, today: date) -> date:
    """The day of the sign-off: today, or a real past date."""
    if value is None:
        return today
    if not _DAY.match(value):
        raise SignRefused(f"--date {value!r} is not written YYYY-MM-DD", "usage")
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise SignRefused(f"--date {value!r} is no date: {error}", "usage") from None
    if day > today:
        raise SignRefused(
            f"--date {value} lies in the future (today is {today.isoformat()} in Denmark): "
            "a sign-off records the day it was given",
            "usage",
        )
    return day


def plan_sign(
    ruleset: RuleSet,
    features_dir: Path,
    ids: Sequence[str],
    *,
    by: str,
    day: str | None,
    results: Results | None,
    today: date,
) -> Plan:
    """The sign-off of ``ids`` by ``by``, ready to write; SignRefused says why not."""
    named = _known(ruleset, ids)
    signer = initials(by)
    signed_on = sign_day(day, today)
    raw = read_exactly(features_dir)
    features = [feature for feature, _ in raw]
    before = {a.id: a for a in approvals(ruleset, features, results)}
    _specified(named, before, features_dir, results)
    current = current_digests(ruleset)
    texts: dict[Path, str] = {}
    places: dict[str, list[tuple[Path, int]]] = {item: [] for item in named}
    chosen = _place(features, named, current, signer, signed_on, features_dir)
    for (feature, text), sites in zip(raw, chosen, strict=True):
        edits = _edits(feature, text, sites, set(named), signer, signed_on, current)
        if not edits:
            continue
        new_text, lines = apply_edits(text, [edit for edit, _ in edits])
        texts[feature.path] = new_text
        for (_, signs), line in zip(edits, lines, strict=True):
            for item in signs:
                places[item].append((feature.path, line))
    _verify(ruleset, raw, texts, before, named, signer, signed_on, results)
    placed = tuple(
        Placed(item, tuple(places[item]), _tags(signer, signed_on, [current[item]]), before[item])
        for item in named
    )
    return Plan(texts, placed, checked=results is not None)


def _known(ruleset: RuleSet, ids: Sequence[str]) -> list[str]:
    """The ids, upper case and each once, all of them rules or signals of the set."""
    known = [*ruleset.by_id, *ruleset.signal_by_id]
    named = list(dict.fromkeys(item.strip().upper() for item in ids))
    unknown = []
    for item in named:
        if item not in known:
            close = difflib.get_close_matches(item, known, n=1)
            unknown.append(f"{item!r}" + (f" (did you mean {close[0]}?)" if close else ""))
    if unknown:
        raise SignRefused(
            f"no rule or priority signal {', '.join(unknown)} in {ruleset.directory}", "usage"
        )
    return named


def _specified(
    named: list[str], before: dict[str, Approval], directory: Path, results: Results | None
) -> None:
    """Refuse a rule no scenario specifies, or whose scenarios did not all pass."""
    bare = [item for item in named if not before[item].scenarios]
    if bare:
        raise SignRefused(
            f"no scenario in {directory} specifies {', '.join(bare)}: there is nothing to "
            "approve it by; write its scenarios first",
            "not-approvable",
        )
    if results is None:
        return
    problems = []
    for item in named:
        approval = before[item]
        for scenario, outcome in zip(approval.scenarios, approval.outcomes, strict=True):
            if outcome != "passed":
                problems.append(
                    f"{item}: {scenario.feature}:{scenario.line} {scenario.name!r} {outcome}"
                )
    if problems:
        raise SignRefused(
            f"not every scenario passed in {results.source}, so nothing was signed: "
            + "; ".join(problems),
            "not-approvable",
        )


@dataclass(slots=True)
class _Site:
    """A place a sign-off can stand: the feature, or one scenario."""

    line: int  # its keyword line
    covers: frozenset[str]  # the rules and signals it covers
    sign_off: SignOff | None
    tags_at: tuple[Tag, ...]
    signs: list[str] = field(default_factory=list)  # the named rules to sign here


def _sites(feature: Feature, known: set[str]) -> list[_Site]:
    """The places a sign-off can stand in a feature: the feature, then each scenario."""
    top = _Site(feature.line, feature_covers(feature) & known, feature.sign_off, feature.tags_at)
    return [top, *(_Site(s.line, s.tags & known, s.sign_off, s.tags_at) for s in feature.scenarios)]


def _place(
    features: list[Feature],
    named: list[str],
    current: dict[str, str],
    signer: str,
    day: date,
    directory: Path,
) -> list[list[_Site]]:
    """Each feature's places, with the named rules to sign on each (see the docstring)."""
    chosen = [_sites(feature, set(current)) for feature in features]
    wanted = set(named)
    alone: set[str] = set()
    for feature, (top, *scenes) in zip(features, chosen, strict=True):
        here = [item for item in sorted(named) if feature.tagged(item)]
        if here and top.covers <= wanted:
            top.signs, alone = here, alone | set(here)
            continue
        for item in here:
            own = [site for site in scenes if item in site.covers and site.covers <= wanted]
            for site in own:
                site.signs.append(item)
            alone |= {item} if own else set()
    for item in (item for item in named if item not in alone):
        for _, *scenes in chosen:
            for site in scenes:
                if item in site.covers and not _taken(site, wanted, current, signer, day):
                    site.signs.append(item)
    nowhere = [item for item in named if not any(item in s.signs for f in chosen for s in f)]
    if nowhere:
        raise SignRefused(
            f"{', '.join(nowhere)}: every scenario in {directory} that specifies it also "
            "specifies another rule, and carries that rule's sign-off by another clinician or "
            "of another day (a scenario holds one sign-off): sign the rules together",
            "usage",
        )
    return chosen


def _taken(site: _Site, named: set[str], current: dict[str, str], signer: str, day: date) -> bool:
    """Whether a shared scenario keeps a sign-off of other rules by another clinician or day."""
    previous = site.sign_off
    if previous is None:
        return False
    kept = _kept(site, named, current)
    return kept is None or (bool(kept) and (previous.initials, previous.day) != (signer, day))


def _edits(
    feature: Feature,
    text: str,
    sites: list[_Site],
    named: set[str],
    signer: str,
    day: date,
    current: dict[str, str],
) -> list[tuple[TagEdit, list[str]]]:
    """The tag edits in one feature file, each with the named rules it signs."""
    lines = text.splitlines()
    edits = []
    for site in sites:
        digests = _kept(site, named, current)
        previous = site.sign_off
        if digests is None or (not site.signs and (not previous or digests == previous.digests)):
            continue  # not to be signed here, and nothing of the named rules' to remove
        if site.signs:
            digests |= {current[item] for item in site.signs}
            tags = _tags(signer, day, _ordered(digests, current))
        elif digests and site.sign_off is not None and site.sign_off.day is not None:
            # The named rules leave a sign-off they shared; it stays the others'.
            tags = _tags(site.sign_off.initials, site.sign_off.day, _ordered(digests, current))
        else:
            tags = ""
        keyword = lines[site.line - 1]
        indent = keyword[: len(keyword) - len(keyword.lstrip())]
        remove = tuple(t for t in site.tags_at if t.name.startswith(_SIGN_OFF_TAGS))
        first = min([site.line, *(t.line for t in site.tags_at)])
        edits.append((TagEdit(remove, f"{indent}{tags}" if tags else "", first), site.signs))
    return edits


def _kept(site: _Site, named: set[str], current: dict[str, str]) -> set[str] | None:
    """The digests of the site's sign-off that stay: those not of the named rules. None
    for a malformed sign-off that covers other rules too: it cannot be split, so it stays."""
    previous = site.sign_off
    if previous is None:
        return set()
    if not previous.complete:
        return set() if site.covers <= named else None
    matched = {item for item in site.covers if current[item] in previous.digests}
    unknown = previous.digests - {current[item] for item in site.covers}
    kept = {current[item] for item in matched - named}
    if unknown and not (site.covers - matched) <= named:
        kept |= unknown  # an earlier version of a rule not signed now: it stays stale
    return kept


def _ordered(digests: set[str], current: dict[str, str]) -> list[str]:
    """The digests in the order of their rules' ids; any of no current rule last."""
    order = {digest: item for item, digest in current.items()}
    return sorted(digests, key=lambda d: (d not in order, order.get(d, ""), d))


def _tags(signer: str, day: date, digests: list[str]) -> str:
    return " ".join(
        [f"@{SIGNED_BY}{signer}", f"@{SIGNED_ON}{day.isoformat()}"]
        + [f"@{DIGEST}{digest}" for digest in digests]
    )


def _verify(
    ruleset: RuleSet,
    raw: list[tuple[Feature, str]],
    texts: dict[Path, str],
    before: dict[str, Approval],
    named: list[str],
    signer: str,
    day: date,
    results: Results | None,
) -> None:
    """The files as they would be written: the named rules signed, every other as it was."""
    try:
        features = [parse_feature(texts[f.path], f.path) if f.path in texts else f for f, _ in raw]
    except SpecError as error:
        raise RuntimeError(
            f"signing would leave a feature file that does not parse: {error}"
        ) from error
    for after in approvals(ruleset, features, results):
        latest = after.latest
        if after.id in named:
            ok = after.status == "signed" and _who(latest) == (signer, day)
        else:
            was = before[after.id].latest
            ok = after.status == before[after.id].status and _who(latest) == _who(was)
        if not ok:
            raise RuntimeError(f"signing {', '.join(named)} would leave {after.id} {after.status}")


def _who(sign_off: SignOff | None) -> tuple[str, date | None] | None:
    return (sign_off.initials, sign_off.day) if sign_off else None
