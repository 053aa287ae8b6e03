"""The assessment as FHIR workflow resources that a task list can take over.

- a ``Task`` per task: status requested, intent ``proposal`` (decision support
  proposes; a clinician orders), ``code`` SNOMED CT 182836005 for a medication
  review (medreview's action code system for the others), ``for`` the patient,
  ``owner`` the responsible party (``display`` the owner's name where the input
  has it), ``restriction.period.end`` the due date, ``priority`` from the level and
  the worklist priority (``asap`` for priority 1, ``urgent`` for a required task or
  priority 2, else ``routine``) with the worklist priority itself (1-5) in the
  extension ``MR/StructureDefinition/worklist-priority``, ``authoredOn`` the date
  the task was first proposed (with ``--previous``, its ``since``; else the as-of
  date) and ``lastModified`` this evaluation's date, ``reasonCode`` the rule,
  ``reasonReference`` the finding's DetectedIssue, ``focus`` and ``input`` the
  evidence;
- a ``DetectedIssue`` per finding: the rule as its code (and the HL7 v3 ActCode
  where one fits, :data:`ACT_CODES`), the level as its severity, the message as its
  detail, the evidence as implicated resources, and the rule's source as its
  reference (authority, percent-encoded: no raw ``§`` in a URI) and citation.

Ids are derived from the patient, the as-of date, the rule and the evidence, so
that the same assessment always gives the same resources.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from medreview import codes
from medreview.assessment.owners import Role
from medreview.labels_da import ACTIONS
from medreview.rules.model import RuleSet

RULE_SYSTEM = f"{codes.MR_BASE}/CodeSystem/rule"
ACTION_SYSTEM = f"{codes.MR_BASE}/CodeSystem/action"
SOURCE_URL = f"{codes.MR_BASE}/sources"
CITATION_URL = f"{codes.MR_BASE}/StructureDefinition/source-citation"
OWNER_URL = f"{codes.MR_BASE}/StructureDefinition/task-owner"
WORKLIST_PRIORITY_URL = f"{codes.MR_BASE}/StructureDefinition/worklist-priority"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# The rules whose finding is an issue HL7 v3 ActCode names (DetectedIssue.code's example
# value set): the project's choice of which fit; the other rules have only medreview's code.
ACT_CODES: dict[str, tuple[str, str]] = {
    "DRUG-THERAPEUTIC-DUPLICATION": ("DUPTHPY", "Therapeutic Duplication"),
    "DRUG-SAME-SUBSTANCE-LINES": ("DUPTHPY", "Therapeutic Duplication"),
}
EVIDENCE_TYPE = {
    "coding": [{"system": f"{codes.MR_BASE}/CodeSystem/task-input", "code": "evidence"}]
}
PRIORITY = {
    "required": "urgent",
    "recommended": "routine",
    "optional": "routine",
    "info": "routine",
}
SEVERITY = {"required": "high", "recommended": "moderate", "optional": "low", "info": "low"}
REVIEW_STATUS_SYSTEM = f"{codes.MR_BASE}/CodeSystem/review-status"
REVIEW_SECTOR_SYSTEM = f"{codes.MR_BASE}/CodeSystem/review-owner-sector"
_NAMESPACE = uuid.UUID("0d0c3f8e-3f2c-5a39-9a55-6d6564726576")


def workflow_bundle(
    assessment: Mapping[str, Any], ruleset: RuleSet, *, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A collection Bundle of the assessment's DetectedIssues and Tasks.

    ``names`` gives owners' names by reference (from the card), for ``Task.owner.display``.
    """
    patient = assessment["patient"]
    as_of = assessment["as_of"]
    issues: dict[tuple[str, tuple[str, ...]], str] = {}
    entries = []
    for finding in assessment["findings"]:
        key = (finding["rule"], tuple(finding["evidence"]))
        full_url = _urn("DetectedIssue", patient, as_of, *key[:1], *key[1])
        issues.setdefault(finding["rule"], full_url)
        entries.append(
            {
                "fullUrl": full_url,
                "resource": _detected_issue(finding, patient, as_of, ruleset, full_url),
            }
        )
    for number, task in enumerate(assessment["tasks"]):
        full_url = _urn("Task", patient, as_of, task["rule"], str(number))
        finding = next(f for f in assessment["findings"] if f["rule"] == task["rule"])
        entries.append(
            {
                "fullUrl": full_url,
                "resource": _task(
                    task,
                    finding,
                    patient,
                    as_of,
                    ruleset,
                    full_url,
                    issues.get(task["rule"]),
                    assessment.get("priority"),
                    names or {},
                ),
            }
        )
    review = assessment["review"]
    tags = [{"system": REVIEW_STATUS_SYSTEM, "code": review["status"]}]
    if review["owner"]:
        tags.append({"system": REVIEW_SECTOR_SYSTEM, "code": review["owner"]["sector"]})
    return {
        "resourceType": "Bundle",
        "id": _urn("Bundle", patient, as_of).removeprefix("urn:uuid:"),
        # The verdict travels with the bundle, for task lists and for resuming a scan.
        "meta": {"tag": tags},
        "type": "collection",
        "entry": entries,
    }


def review_of(bundle: dict[str, Any]) -> tuple[str, str | None]:
    """The review status and owner sector a workflow bundle carries in its tags."""
    tags = {tag["system"]: tag["code"] for tag in bundle.get("meta", {}).get("tag", [])}
    return tags.get(REVIEW_STATUS_SYSTEM, "none"), tags.get(REVIEW_SECTOR_SYSTEM)


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '|'.join(parts))}"


def _rule_concept(rule_id: str, ruleset: RuleSet) -> dict[str, Any]:
    rule = ruleset.by_id.get(rule_id)
    coding = {"system": RULE_SYSTEM, "code": rule_id}
    if rule is not None:
        coding["display"] = rule.title.da
    return {"coding": [coding], "text": rule.title.da if rule else rule_id}


def _detected_issue(
    finding: dict[str, Any], patient: str, as_of: str, ruleset: RuleSet, full_url: str
) -> dict[str, Any]:
    rule = ruleset.by_id.get(finding["rule"])
    issue: dict[str, Any] = {
        "resourceType": "DetectedIssue",
        "id": full_url.removeprefix("urn:uuid:"),
        "extension": [{"url": CITATION_URL, "valueString": finding["source"]}],
        "status": "final",
        "code": _issue_code(finding["rule"], ruleset),
        "severity": SEVERITY[finding["level"]],
        "patient": {"reference": patient},
        "identifiedDateTime": as_of,
        "detail": finding["message"],
    }
    if finding["evidence"]:
        references = [{"reference": ref} for ref in finding["evidence"]]
        issue["implicated"] = references
        issue["evidence"] = [{"detail": references}]
    if rule is not None:
        section = quote(rule.source.section.strip(chr(34)), safe="")
        issue["reference"] = f"{SOURCE_URL}/{quote(rule.source.document)}#{section}"
    return issue


def _task(
    task: dict[str, Any],
    finding: dict[str, Any],
    patient: str,
    as_of: str,
    ruleset: RuleSet,
    full_url: str,
    issue: str | None,
    worklist_priority: int | None,
    names: Mapping[str, str],
) -> dict[str, Any]:
    action = task["action"]
    if action == "medication-review":
        code = {
            "coding": [
                {
                    "system": codes.SNOMED_SYSTEM,
                    "code": codes.MEDICATION_REVIEW_SNOMED,
                    "display": "Review of medication",
                }
            ],
            "text": ACTIONS[action],
        }
    else:
        code = {"coding": [{"system": ACTION_SYSTEM, "code": action}], "text": ACTIONS[action]}
    owner = task["owner"]
    rule = ruleset.by_id.get(task["rule"])
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": full_url.removeprefix("urn:uuid:"),
        "extension": [
            {
                "url": OWNER_URL,
                "extension": [
                    {"url": "sector", "valueCode": owner["sector"]},
                    {"url": "role", "valueCode": owner["role"]},
                ],
            }
        ],
        "status": "requested",
        "intent": "proposal",
        "priority": _priority(finding["level"], worklist_priority),
        "code": code,
        "description": rule.title.da if rule else task["rule"],
        "for": {"reference": patient},
        "authoredOn": task.get("since") or as_of,
        "lastModified": as_of,
        "owner": _owner_reference(owner, names),
        "restriction": {"period": {"end": task["due"]}},
        "reasonCode": _rule_concept(task["rule"], ruleset),
    }
    if worklist_priority is not None:
        resource["extension"].append(
            {"url": WORKLIST_PRIORITY_URL, "valuePositiveInt": worklist_priority}
        )
    if issue is not None:
        resource["reasonReference"] = {"reference": issue}
    if finding["evidence"]:
        resource["focus"] = {"reference": finding["evidence"][0]}
        resource["input"] = [
            {"type": EVIDENCE_TYPE, "valueReference": {"reference": ref}}
            for ref in finding["evidence"]
        ]
    return resource


def _priority(level: str, worklist_priority: int | None) -> str:
    if worklist_priority == 1:
        return "asap"
    if worklist_priority == 2:
        return "urgent"
    return PRIORITY[level]


def _issue_code(rule_id: str, ruleset: RuleSet) -> dict[str, Any]:
    concept = _rule_concept(rule_id, ruleset)
    if rule_id in ACT_CODES:
        code, display = ACT_CODES[rule_id]
        concept["coding"].append({"system": ACT_CODE_SYSTEM, "code": code, "display": display})
    return concept


def _owner_reference(owner: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    role: Role = owner["role"]
    reference = owner["reference"]
    words = names.get(reference or "") or f"{role} ({owner['sector']})"
    if reference:
        kind = reference.split("/", 1)[0]
        typed = {"reference": reference, "display": words}
        if kind in ("Practitioner", "PractitionerRole", "Organization"):
            typed["type"] = kind
        return typed
    return {"display": f"{words}: not named in the input"}
