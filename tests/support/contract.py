"""contract.md's vocabulary, written out here rather than taken from medreview's code.

Tests compare what medreview prints with these, so a change on either side shows.
"""

from __future__ import annotations

ASSESSMENT_KEYS = [
    "patient",
    "as_of",
    "ruleset",
    "fixed_drug_count",
    "counted_drugs",
    "review",
    "findings",
    "tasks",
    # Added after the contract's keys (issue 5), none of which changed.
    "priority",
    "priority_reasons",
]
PRIORITY_REASON_KEYS = ["signal", "points", "reason", "rules", "evidence"]
SECTORS = {
    "general-practice",
    "specialist-practice",
    "hospital",
    "municipality",
    "pharmacy",
    "unknown",
}
ROLES = {
    "gp",
    "nursing-home-doctor",
    "prescriber",
    "home-care",
    "dispensing-pharmacy",
    "admitting-hospital",
}
ACTIONS = {
    "medication-review",
    "assess-dose-dispensing",
    "deregister-dose-dispensing",
    "notify-pharmacy",
    "reassess-drug",
    "administer-safely",
}
LEVELS = {"required", "recommended", "optional", "info"}

# The rule table: id -> (level, task action, owner field of the rule file)
RULES = {
    "MGG-POLYPHARMACY": ("recommended", "medication-review", "responsible_doctor"),
    "MGG-DOSE-DISPENSING-START": ("required", "medication-review", "responsible_doctor"),
    "MGG-ANNUAL-CHECK": ("required", "medication-review", "performer"),
    "MGG-OUTREACH-VISIT": ("required", "medication-review", "responsible_doctor"),
    "MGG-DISCHARGE-FOLLOWUP": ("optional", "medication-review", "responsible_doctor"),
    "MGG-NURSING-HOME-MOVE": ("optional", "medication-review", "responsible_doctor"),
    "DD-AS-NEEDED-IN-DD": ("info", "assess-dose-dispensing", "prescriber"),
    "DD-UNSTABLE-DOSE": ("info", "assess-dose-dispensing", "prescriber"),
    "DD-DEREGISTER-ON-ADMISSION": ("required", "deregister-dose-dispensing", "admitting_hospital"),
    "DRUG-REASSESSMENT-OVERDUE": ("info", "reassess-drug", "prescriber"),
    "DATA-PATIENT-DECEASED": ("info", None, None),
    "DATA-UNSPECIFIED-DOSAGE": ("info", None, None),
}
