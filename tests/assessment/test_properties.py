"""Invariants a clinician would state, checked on many generated patients (Hypothesis)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.builder import AS_OF, COMMON_DRUGS, PatientBuilder, days

from medreview import Engine

ENGINE = Engine()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Lines that are on the card but are not fixed treatment.
NOT_FIXED = [
    {"as_needed": True},
    {"status": "on-hold"},
    {"status": "stopped"},
    {"status": "completed"},
    {"status": "entered-in-error"},
    {"course": "acute"},
]


@st.composite
def patients(draw: Any) -> PatientBuilder:
    """A patient with a random card and random care events."""
    builder = PatientBuilder()
    codes = draw(st.lists(st.sampled_from(sorted(COMMON_DRUGS)), max_size=12))
    for code in codes:  # repeats are second strengths of the same substance
        builder.line(
            code,
            COMMON_DRUGS[code],
            dose_dispensed=draw(st.booleans()),
            started=days(draw(st.integers(-900, 0))),
            reassessment=days(draw(st.integers(-100, 100))) if draw(st.booleans()) else None,
        )
    for options in draw(st.lists(st.sampled_from(NOT_FIXED), max_size=4)):
        builder.line("N02BE01", "Paracetamol", **options)
    if draw(st.booleans()):
        builder.review(days(draw(st.integers(-800, 0))))
    if draw(st.booleans()):
        builder.dose_dispensing(days(draw(st.integers(-60, 60))))
    if draw(st.booleans()):
        builder.gp_visit(draw(st.sampled_from(["0120", "0121"])), days(draw(st.integers(-40, 40))))
    if draw(st.booleans()):
        builder.discharged(days(draw(st.integers(-40, 0))))
    if draw(st.booleans()):
        builder.nursing_home(days(draw(st.integers(-800, 0))), fixed_doctor=draw(st.booleans()))
    return builder


def assess(bundle: dict[str, Any]) -> dict[str, Any]:
    return ENGINE.evaluate(bundle, as_of=AS_OF).to_dict()


@SETTINGS
@given(patients(), st.sampled_from(NOT_FIXED))
def test_a_line_that_is_not_fixed_never_changes_the_count(
    builder: PatientBuilder, options: dict[str, Any]
) -> None:
    """Adding a PN, paused, ended or time-limited line leaves the counted drugs as they were."""
    before = assess(builder.bundle())
    builder.line("N05CF01", "Zopiclon", **options)
    after = assess(builder.bundle())
    assert after["fixed_drug_count"] == before["fixed_drug_count"]
    assert after["counted_drugs"] == before["counted_drugs"]


@SETTINGS
@given(patients())
def test_a_second_strength_never_changes_the_count(builder: PatientBuilder) -> None:
    """Two strengths of one substance are one drug."""
    before = assess(builder.bundle())
    for code in before["counted_drugs"][:1]:
        builder.line(code, f"{code} anden styrke")
    assert assess(builder.bundle())["fixed_drug_count"] == before["fixed_drug_count"]


@SETTINGS
@given(patients(), st.randoms(use_true_random=False))
def test_the_order_of_the_bundle_never_changes_the_assessment(
    builder: PatientBuilder, shuffle: random.Random
) -> None:
    """Lines and events in any order give the same assessment, byte for byte."""
    bundle = builder.bundle()
    expected = ENGINE.evaluate(bundle, as_of=AS_OF).to_json()
    shuffle.shuffle(bundle["entry"])
    assert ENGINE.evaluate(bundle, as_of=AS_OF).to_json() == expected


@SETTINGS
@given(patients())
def test_the_same_input_always_gives_the_same_json(builder: PatientBuilder) -> None:
    """Evaluating twice, on the same or another engine, gives identical JSON."""
    bundle = builder.bundle()
    first = ENGINE.evaluate(bundle, as_of=AS_OF).to_json()
    assert ENGINE.evaluate(bundle, as_of=AS_OF).to_json() == first
    assert Engine(ENGINE.ruleset).evaluate(bundle, as_of=AS_OF).to_json() == first


@SETTINGS
@given(patients())
def test_the_verdict_agrees_with_the_findings(builder: PatientBuilder) -> None:
    """review.status is the strongest MGG level; due and owner are its earliest task's."""
    assessment = assess(builder.bundle())
    strength = {"required": 3, "recommended": 2, "optional": 1}
    levels = [f["level"] for f in assessment["findings"] if f["rule"].startswith("MGG-")]
    review = assessment["review"]
    if not levels:
        assert review == {"status": "none", "due": None, "owner": None}
        return
    strongest = max(levels, key=strength.__getitem__)
    assert review["status"] == strongest
    candidates = [
        t
        for t in assessment["tasks"]
        if t["action"] == "medication-review"
        and next(f["level"] for f in assessment["findings"] if f["rule"] == t["rule"]) == strongest
    ]
    assert review["due"] == min(t["due"] for t in candidates)
    assert review["owner"] in [t["owner"] for t in candidates if t["due"] == review["due"]]


@SETTINGS
@given(patients())
def test_findings_and_tasks_are_sorted(builder: PatientBuilder) -> None:
    """Sorted by rule id, then evidence; evidence and counted drugs sorted too."""
    assessment = assess(builder.bundle())
    keys = [(f["rule"], f["evidence"]) for f in assessment["findings"]]
    assert keys == sorted(keys)
    assert [t["rule"] for t in assessment["tasks"]] == sorted(
        t["rule"] for t in assessment["tasks"]
    )
    assert all(f["evidence"] == sorted(f["evidence"]) for f in assessment["findings"])
    assert assessment["counted_drugs"] == sorted(assessment["counted_drugs"])


@SETTINGS
@given(patients(), st.integers(-365, 0))
def test_a_review_within_the_year_prevents_the_polypharmacy_finding(
    builder: PatientBuilder, offset: int
) -> None:
    """Whatever the count, a completed review 0 to 365 days ago means no MGG-POLYPHARMACY."""
    builder.review(days(offset))
    assessment = assess(builder.bundle())
    assert "MGG-POLYPHARMACY" not in {f["rule"] for f in assessment["findings"]}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**12) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            found += _paths(value, (*prefix, number))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients(), st.data())
def test_a_damaged_bundle_is_evaluated_or_refused_never_a_crash(
    builder: PatientBuilder, data: st.DataObject
) -> None:
    """Replace or delete any element with any JSON: an assessment or an InputError, nothing else."""
    from medreview import InputError

    bundle = builder.bundle()
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(bundle)))
        parent = bundle
        for step in path[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(JSON_VALUES)
    try:
        ENGINE.evaluate(bundle, as_of=AS_OF)
    except InputError as error:
        assert error.problems
