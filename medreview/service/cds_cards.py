"""An assessment as CDS Hooks cards, in Danish, for the doctor looking at the patient.

One card for the review verdict (when a review is due): a summary under 140
characters, the indicator by level, the reasons and the counted drugs in
Markdown, the rules' citations as its source, and a suggestion to create the
medication-review Task. Then one card per other finding.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from medreview.assessment.owners import TaskOwner
from medreview.engine import Evaluation, Explained
from medreview.labels_da import ACTIONS, LEVELS, ROLES, SECTORS
from medreview.render.fhir import RULE_SYSTEM, workflow_bundle
from medreview.rules.message_format import danish_date
from medreview.rules.model import RuleSet

# A required review (or deregistration) is a duty the sources place now: EHRs show "critical"
# cards first and ask for an answer, as a required task needs. The level is in the summary too.
INDICATOR = {"required": "critical", "recommended": "warning", "optional": "info", "info": "info"}
MAX_SUMMARY = 140
OVERRIDE_SYSTEM = "https://medreview.example/fhir/CodeSystem/override-reason"
OVERRIDE_REASONS = (
    ("already-reviewed", "Medicingennemgang er allerede lavet"),
    ("not-relevant", "Ikke relevant for denne patient"),
    ("other-owner", "En anden læge ejer opgaven"),
)


def review_cards(evaluation: Evaluation, ruleset: RuleSet) -> list[dict[str, Any]]:
    """The verdict card (if a review is due), then one card per other finding."""
    cards: list[dict[str, Any]] = []
    reviews = [e for e in evaluation.fired if e.rule.id.startswith("MGG-")]
    if evaluation.assessment.review.status != "none":
        cards.append(_verdict_card(evaluation, reviews, ruleset))
    cards.extend(finding_card(e, evaluation, ruleset) for e in evaluation.fired if e not in reviews)
    return cards


def owner_words(owner: TaskOwner | None) -> str:
    if owner is None:
        return "ukendt ejer"
    name = f" {owner.display}" if owner.display else ""
    return f"{ROLES[owner.role]}{name} ({SECTORS[owner.sector]})"


def _summary(text: str) -> str:
    return text if len(text) < MAX_SUMMARY else text[: MAX_SUMMARY - 2].rstrip() + "…"


def _source(explained: Iterable[Explained], ruleset: RuleSet) -> dict[str, Any]:
    cites = sorted({e.finding.source for e in explained})
    first = next(iter(explained), None)
    source: dict[str, Any] = {
        "label": f"medreview ({ruleset.name} {ruleset.version}): {'; '.join(cites)}"
    }
    if first is not None:
        source["topic"] = {
            "system": RULE_SYSTEM,
            "code": first.rule.id,
            "display": first.rule.title.da,
        }
    return source


def _task_suggestion(
    evaluation: Evaluation, explained: Explained, ruleset: RuleSet, label: str
) -> dict[str, Any] | None:
    """Create the Task for this finding: the same resource ``--format fhir`` gives."""
    if explained.task is None:
        return None
    bundle = workflow_bundle(evaluation.assessment.to_dict(), ruleset)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Task" and resource["reasonCode"]["coding"][0]["code"] == (
            explained.rule.id
        ):
            task = {k: v for k, v in resource.items() if k not in ("id", "reasonReference")}
            return {
                "label": label,
                "uuid": str(uuid.uuid4()),
                "isRecommended": True,
                "actions": [{"type": "create", "description": label, "resource": task}],
            }
    return None


def _verdict_card(
    evaluation: Evaluation, reviews: list[Explained], ruleset: RuleSet
) -> dict[str, Any]:
    review = evaluation.assessment.review
    owner = evaluation.review_owner
    level = LEVELS[review.status]
    due = danish_date(review.due) if review.due else "-"
    summary = _summary(f"Medicingennemgang {level}, frist {due}: {owner_words(owner)}")
    lines = [
        f"**Medicingennemgang {level}** — frist {due}, ejer: {owner_words(owner)}.",
        "",
        "Grunde:",
    ]
    for explained in reviews:
        finding = explained.finding
        lines.append(
            f"- **{explained.rule.title.da}** ({LEVELS[finding.level]}; {finding.source}): "
            f"{finding.message}"
        )
    assessment = evaluation.assessment
    if assessment.priority_reasons:
        why = "; ".join(
            f"{reason.reason.rstrip('.')} (+{reason.points})"
            for reason in assessment.priority_reasons
        )
        lines += ["", f"Prioritet {assessment.priority} (1 er mest akut): {why}."]
    names = {line.ref: line.drug_name for line in evaluation.facts.lines}
    counted: dict[str, list[str]] = {}
    for line in evaluation.facts.lines:
        if line.fixed:
            counted.setdefault(line.drug, []).append(names[line.ref])
    lines += ["", f"Lægemidler i fast behandling ({evaluation.assessment.fixed_drug_count}):"]
    lines += [
        f"- {drug}: {', '.join(sorted(set(products)))}"
        for drug, products in sorted(counted.items())
    ]
    strongest = next(
        (e for e in reviews if e.finding.level == review.status and e.task is not None), reviews[0]
    )
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": summary,
        "detail": "\n".join(lines),
        "indicator": INDICATOR[review.status],
        # The strongest rule first: the card's topic, and its link into the catalogue.
        "source": _source(sorted(reviews, key=lambda e: e is not strongest), ruleset),
        "overrideReasons": [
            {"system": OVERRIDE_SYSTEM, "code": code, "display": display}
            for code, display in OVERRIDE_REASONS
        ],
    }
    suggestion = _task_suggestion(evaluation, strongest, ruleset, "Opret opgave: medicingennemgang")
    if suggestion:
        card["suggestions"] = [suggestion]
        card["selectionBehavior"] = "at-most-one"
    card["_rule"] = strongest.rule.id
    return card


def finding_card(explained: Explained, evaluation: Evaluation, ruleset: RuleSet) -> dict[str, Any]:
    """A card for one finding: its message, its evidence, its task."""
    finding = explained.finding
    lines = [f"**{explained.rule.title.da}** ({LEVELS[finding.level]})", "", finding.message]
    if finding.evidence:
        names = {line.ref: line.drug_name for line in evaluation.facts.lines}
        lines += ["", "Grundlag:"]
        lines += [
            f"- {ref}" + (f" ({names[ref]})" if ref in names else "") for ref in finding.evidence
        ]
    if explained.task is not None:
        task = explained.task
        lines += [
            "",
            f"Opgave: {ACTIONS[task.action]}, {owner_words(explained.owner)}, "
            f"frist {danish_date(task.due)}.",
        ]
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(f"{explained.rule.title.da}: {finding.message}"),
        "detail": "\n".join(lines),
        "indicator": INDICATOR[finding.level],
        "source": _source([explained], ruleset),
    }
    if explained.task is not None:
        suggestion = _task_suggestion(
            evaluation, explained, ruleset, f"Opret opgave: {ACTIONS[explained.task.action]}"
        )
        if suggestion:
            card["suggestions"] = [suggestion]
            card["selectionBehavior"] = "at-most-one"
    card["_rule"] = explained.rule.id
    return card
