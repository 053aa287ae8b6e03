"""The specs a clinician signs off: Danish, one feature per rule family, every rule covered."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FEATURES
from gherkin.parser import Parser

from medreview import load_ruleset

RULESET = load_ruleset()
SPECIFIED = [*RULESET.rules, *RULESET.signals]  # rules, and the priority signals
FEATURE_FILES = sorted(FEATURES.glob("*.feature"))


def _scenarios(path: Path) -> list[tuple[str, set[str]]]:
    document = Parser().parse(path.read_text(encoding="utf-8"))
    feature = document["feature"]
    feature_tags = {tag["name"].lstrip("@") for tag in feature["tags"]}
    found = []
    for child in feature["children"]:
        for node in [child["rule"]] if "rule" in child else [child]:
            items = node["children"] if "rule" in child else [node]
            for item in items:
                if "scenario" in item:
                    scenario = item["scenario"]
                    tags = {tag["name"].lstrip("@") for tag in scenario["tags"]} | feature_tags
                    found.append((scenario["name"], tags))
    return found


@pytest.mark.parametrize("path", FEATURE_FILES, ids=lambda p: p.name)
def test_a_feature_is_written_in_danish(path: Path) -> None:
    """Every specification a clinician signs off is Danish Gherkin, declared as # language: da."""
    assert path.read_text(encoding="utf-8").startswith("# language: da\n")


@pytest.mark.parametrize("path", FEATURE_FILES, ids=lambda p: p.name)
def test_every_scenario_names_the_rules_it_specifies(path: Path) -> None:
    """Every scenario is tagged with a rule it specifies, so its results count for that rule."""
    for name, tags in _scenarios(path):
        rule_tags = tags & {item.id for item in SPECIFIED}
        assert rule_tags, (
            f"{path.name}: scenario {name!r} has no rule tag such as @MGG-POLYPHARMACY"
        )


def test_there_is_one_feature_per_rule_family() -> None:
    """Each rule family has exactly one feature file, and no feature file lacks a rule family."""
    families = {item.family for item in SPECIFIED}
    assert {path.stem for path in FEATURE_FILES} == families


def test_every_rule_is_specified_in_its_familys_feature() -> None:
    """Every rule and signal has two or more scenarios in its family's feature, at its edges."""
    for rule in SPECIFIED:
        own = FEATURES / f"{rule.family}.feature"
        tagged = [name for name, tags in _scenarios(own) if rule.id in tags]
        assert len(tagged) >= 2, f"{rule.id}: {len(tagged)} scenario(s) in {own.name}; want edges"


@pytest.mark.parametrize("path", FEATURE_FILES, ids=lambda p: p.name)
def test_scenario_names_are_unique_in_a_feature(path: Path) -> None:
    """The catalogue matches test results to scenarios by name."""
    names = [name for name, _ in _scenarios(path)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
