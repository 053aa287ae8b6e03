"""order-sign: what the draft orders would change, said before they are signed.

The patient's card is evaluated as it is, and again with the draft orders on it
(as active lines, started today). A card is raised for each finding the drafts
bring: a rule that fires only with them (a new fixed drug taking the patient
above the polypharmacy threshold), or a finding about a draft line itself (an
as-needed line or a new dose going into dose dispensing, a line without dosage).
"""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any

from medreview.codes import DOSE_DISPENSED_URL
from medreview.engine import Engine, Evaluation, Explained
from medreview.errors import InputError, InputProblem
from medreview.service.cds_cards import finding_card

MAX_DRAFTS = 100  # far more than one signing holds; beyond it, a card each would flood


def drafts_of(draft_orders: Any) -> list[dict[str, Any]]:
    """The draft MedicationRequests of ``context.draftOrders`` (a Bundle)."""
    if not isinstance(draft_orders, dict):
        return []
    entries = draft_orders.get("entry")
    drafts = [
        entry["resource"]
        for entry in (entries if isinstance(entries, list) else [])
        if isinstance(entry, dict)
        and isinstance(entry.get("resource"), dict)
        and entry["resource"].get("resourceType") == "MedicationRequest"
    ]
    if len(drafts) > MAX_DRAFTS:
        raise InputError(
            [InputProblem(f"{len(drafts)} draft orders, more than {MAX_DRAFTS}", "draftOrders")]
        )
    return drafts


def with_drafts(
    bundle: dict[str, Any], drafts: list[dict[str, Any]], as_of: date
) -> dict[str, Any]:
    """The card as it will be once the drafts are signed: each an active line started today."""
    signed = []
    for draft in drafts:
        line = copy.deepcopy(draft)
        line["status"] = "active"
        line.setdefault("authoredOn", as_of.isoformat())
        signed.append({"resource": line})
    return {**bundle, "entry": [*bundle.get("entry", []), *signed]}


def order_sign_cards(
    engine: Engine, before: Evaluation, after: Evaluation, drafts: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Cards for what the drafts bring, each with a suggestion where the action is clear."""
    draft_refs = {f"MedicationRequest/{d.get('id')}" for d in drafts}
    fired_before = {e.rule.id for e in before.fired}
    cards = []
    for explained in after.fired:
        about_a_draft = (
            explained.kind == "line" and getattr(explained.fact, "ref", "") in draft_refs
        )
        if explained.rule.id in fired_before and not about_a_draft:
            continue
        card = finding_card(explained, after, engine.ruleset)
        if explained.rule.id == "MGG-POLYPHARMACY" and not about_a_draft:
            card["summary"] = (
                f"Med den nye ordination: {after.assessment.fixed_drug_count} faste lægemidler "
                f"(før {before.assessment.fixed_drug_count}); medicingennemgang anbefales"
            )[:139]
        if explained.rule.id == "DD-AS-NEEDED-IN-DD" and about_a_draft:
            card.setdefault("suggestions", []).insert(0, _undispense(explained, drafts))
            card["selectionBehavior"] = "at-most-one"
        cards.append(card)
    return cards


def _undispense(explained: Explained, drafts: list[dict[str, Any]]) -> dict[str, Any]:
    """Suggest the draft without dose dispensing: an as-needed drug does not belong in it."""
    ref = getattr(explained.fact, "ref", "")
    draft = next(d for d in drafts if f"MedicationRequest/{d.get('id')}" == ref)
    changed = copy.deepcopy(draft)
    changed["extension"] = [
        e for e in changed.get("extension", []) if e.get("url") != DOSE_DISPENSED_URL
    ]
    if not changed["extension"]:
        del changed["extension"]
    label = "Ordinér uden dosisdispensering (PN)"
    return {
        "label": label,
        "uuid": str(uuid.uuid4()),
        "isRecommended": True,
        "actions": [{"type": "update", "description": label, "resource": changed}],
    }
