"""Whether each rule is approved: signed off, for the version that runs, with passing scenarios.

A rule (or priority signal) is

- ``signed`` when a complete sign-off covering it records its current digest;
- ``stale`` when it was signed off, but for another digest: the rule changed since;
- ``incomplete`` when the sign-off tags covering it are malformed (no date, ...);
- ``unsigned`` when no sign-off covers it.

Which sign-offs speak about a rule: one on a feature covers every rule its
scenarios tag, one on a scenario the rules that scenario tags; of those, a sign-off
concerns a rule when it records the rule's current digest (it approves this
version), or when it records a digest that is no covered rule's current one (an
earlier version of one of them: which, the tags do not say, so each rule it could
be is ``stale``). A sign-off recording only other covered rules' current digests
is theirs alone: signing one of two rules in a feature leaves the other as it was.
A malformed sign-off concerns every rule it covers.

Independently, its scenarios ``fail`` when the last run (a cucumber JSON report
from ``pytest --cucumberjson=FILE``) says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from medreview.approval.specs import DIGEST_LENGTH, Feature, Scenario, SignOff, SpecError
from medreview.rules.model import Rule, RuleSet, Signal

Status = Literal["signed", "stale", "incomplete", "unsigned"]
Outcome = Literal["passed", "failed", "skipped", "not run"]
STATUS_DA: dict[Status, str] = {
    "signed": "godkendt",
    "stale": "forældet: reglen er ændret siden godkendelsen",
    "incomplete": "ufuldstændig godkendelse",
    "unsigned": "ikke godkendt",
}
STATUS_EN: dict[Status, str] = {
    "signed": "signed off",
    "stale": "stale: the rule changed since it was signed off",
    "incomplete": "incomplete sign-off",
    "unsigned": "not signed off",
}


@dataclass(frozen=True, slots=True)
class Results:
    """The outcome of each scenario in the last run, by (feature file name, scenario name).

    Names, not line numbers: a sign-off tag added after the run moves the lines.
    Scenario names are unique within a feature (tests/approval/test_feature_files.py).
    """

    outcomes: dict[tuple[str, str], Outcome]
    source: str

    def of(self, scenario: Scenario) -> Outcome:
        return self.outcomes.get((scenario.feature, scenario.name), "not run")


@dataclass(frozen=True, slots=True)
class Approval:
    """Where one rule or signal stands."""

    item: Rule | Signal
    digest: str  # the first 12 hex digits of the current digest
    status: Status
    sign_offs: tuple[SignOff, ...]  # every sign-off concerning it (see concerns)
    scenarios: tuple[Scenario, ...]
    outcomes: tuple[Outcome, ...]  # one per scenario; "not run" without results

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def failing(self) -> tuple[Scenario, ...]:
        return tuple(s for s, o in zip(self.scenarios, self.outcomes, strict=True) if o == "failed")

    @property
    def approved(self) -> bool:
        return self.status == "signed" and not self.failing

    @property
    def latest(self) -> SignOff | None:
        """The sign-off to show: a matching one if any, else the latest."""
        matching = [s for s in self.sign_offs if s.complete and self.digest in s.digests]
        pool = matching or list(self.sign_offs)
        return max(pool, key=lambda s: (s.day is not None, s.day, s.file, s.line), default=None)


def approvals(
    ruleset: RuleSet, features: list[Feature], results: Results | None = None
) -> list[Approval]:
    """Where every rule and priority signal of ``ruleset`` stands, in id order."""
    items: list[Rule | Signal] = [*ruleset.rules, *ruleset.signals]
    current = current_digests(ruleset)
    return [
        _approval(item, features, results, current) for item in sorted(items, key=lambda i: i.id)
    ]


def current_digests(ruleset: RuleSet) -> dict[str, str]:
    """The first 12 hex digits of the digest of every rule and signal, by id."""
    items: list[Rule | Signal] = [*ruleset.rules, *ruleset.signals]
    return {item.id: item.digest[:DIGEST_LENGTH] for item in items}


def feature_covers(feature: Feature) -> frozenset[str]:
    """Every tag of the feature's scenarios: a sign-off on the feature covers their rules."""
    return frozenset(tag for scenario in feature.scenarios for tag in scenario.tags)


def concerns(
    sign_off: SignOff, item_id: str, covers: frozenset[str], current: dict[str, str]
) -> bool:
    """Whether a sign-off, on a feature or scenario tagging ``covers``, speaks about the item."""
    if not sign_off.complete:
        return True
    if current[item_id] in sign_off.digests:
        return True
    theirs = {current[other] for other in covers if other in current}
    return bool(sign_off.digests - theirs)  # an earlier version of a rule it covers


def _approval(
    item: Rule | Signal,
    features: list[Feature],
    results: Results | None,
    current: dict[str, str],
) -> Approval:
    digest = current[item.id]
    scenarios: list[Scenario] = []
    sign_offs: list[SignOff] = []
    for feature in features:
        tagged = feature.tagged(item.id)
        scenarios.extend(tagged)
        if not tagged:
            continue
        if feature.sign_off is not None and concerns(
            feature.sign_off, item.id, feature_covers(feature), current
        ):
            sign_offs.append(feature.sign_off)
        sign_offs.extend(
            s.sign_off
            for s in tagged
            if s.sign_off is not None and concerns(s.sign_off, item.id, s.tags, current)
        )
    complete = [s for s in sign_offs if s.complete]
    status: Status
    if not sign_offs:
        status = "unsigned"
    elif not complete:
        status = "incomplete"
    elif any(digest in s.digests for s in complete):
        status = "signed"
    else:
        status = "stale"
    outcomes = tuple(results.of(s) if results else "not run" for s in scenarios)
    return Approval(item, digest, status, tuple(sign_offs), tuple(scenarios), outcomes)


def blocking(found: Iterable[Approval]) -> list[Approval]:
    """The rules a deployment that requires approval must refuse to run."""
    return [a for a in found if not a.approved]


def read_results(path: Path) -> Results:
    """A cucumber JSON report (``pytest --cucumberjson=FILE``), by scenario."""
    try:
        document: Any = json.loads(path.read_bytes())
    except OSError as error:
        raise SpecError(f"{path}: cannot read the test results: {error}") from error
    except ValueError as error:
        raise SpecError(f"{path}: not JSON, so not a cucumber report: {error}") from error
    if not isinstance(document, list):
        raise SpecError(f"{path}: a cucumber report is a JSON list of features")
    outcomes: dict[tuple[str, str], Outcome] = {}
    for feature in document:
        try:
            file = Path(feature["uri"]).name
            elements = feature["elements"]
        except (KeyError, TypeError) as error:
            raise SpecError(f"{path}: a feature without 'uri' or 'elements'") from error
        for element in elements:
            key = (file, str(element.get("name", "")))
            steps = [step.get("result", {}).get("status") for step in element.get("steps", [])]
            outcome: Outcome
            if any(status == "failed" for status in steps):
                outcome = "failed"
            elif steps and all(status == "passed" for status in steps):
                outcome = "passed"
            else:
                outcome = "skipped"
            # An outline runs once per example: it fails if any example fails.
            previous = outcomes.get(key)
            if previous == "failed" or (previous == "skipped" and outcome == "passed"):
                continue
            outcomes[key] = outcome
    return Results(outcomes, str(path))
