"""What the scan's HTML pages count, gathered while the spool is read.

The pages themselves are made in :mod:`medreview.render.worklists` (Jinja2 templates).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

CHART_MAX = 20  # counts above this share the last bar


@dataclass
class ReportTotals:
    """Findings per rule, and patients per count of drugs in fixed treatment."""

    rule_findings: Counter[str] = field(default_factory=Counter)
    rule_patients: Counter[str] = field(default_factory=Counter)
    fixed_counts: Counter[int] = field(default_factory=Counter)

    def add(self, result: dict[str, Any]) -> None:
        if "error" in result:
            return
        self.fixed_counts[min(result["fixed_drug_count"], CHART_MAX)] += 1
        rules = [finding["rule"] for finding in result["findings"]]
        self.rule_findings.update(rules)
        self.rule_patients.update(set(rules))
