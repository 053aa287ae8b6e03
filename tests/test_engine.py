"""The durable-rules wrapper: same answers from many threads, no state between patients."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from builder import AS_OF, PatientBuilder, days

from medreview import Engine
from medreview.engine import MAX_FACTS_PER_PATIENT, EngineError, RuleEngine


def _fnv1a_32(text: str) -> int:
    """durable-rules' fnv1Hash32 over a fact id (state.c)."""
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def test_fact_ids_never_collide_inside_durable_rules() -> None:
    """durable-rules files facts by a 32-bit hash of their id: every id used is distinct."""
    hashes = {_fnv1a_32(str(number)) for number in range(MAX_FACTS_PER_PATIENT)}
    assert len(hashes) == MAX_FACTS_PER_PATIENT


def _patients() -> list[dict[str, Any]]:
    bundles = []
    for number in range(24):
        builder = PatientBuilder(patient_id=f"p{number}")
        builder.fixed_drugs(number % 10, dose_dispensed=number % 3 == 0)
        if number % 4 == 0:
            builder.review(days(-number * 30))
        if number % 5 == 0:
            builder.admitted(days(-2))
        if number % 6 == 0:
            builder.gp_visit("0120", days(number))
        bundles.append(builder.bundle())
    return bundles


def test_many_threads_get_the_answers_one_thread_gets() -> None:
    """Eight threads evaluating 24 patients 10 times over agree with a sequential run."""
    engine = Engine()
    bundles = _patients()
    expected = [engine.evaluate(b, as_of=AS_OF).to_json() for b in bundles]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda b: engine.evaluate(b, as_of=AS_OF).to_json(), bundles * 10))
    assert results == expected * 10


def test_two_engines_in_one_process_do_not_share_rules(tmp_path: Any) -> None:
    """Each Engine registers its own ruleset: a second rule set does not leak into the first."""
    shipped = Engine()
    only_deceased = RuleEngine(
        {"DATA-X": {"all": [{"m": {"$and": [{"kind": "patient"}, {"deceased": True}]}}]}}
    )
    bundle = _patients()[7]
    before = shipped.evaluate(bundle, as_of=AS_OF).to_json()
    assert only_deceased.run([{"kind": "patient", "id": "0", "deceased": False}]) == []
    assert shipped.evaluate(bundle, as_of=AS_OF).to_json() == before


def test_facts_do_not_carry_over_between_patients() -> None:
    """A patient evaluated after another is judged on its own facts only."""
    engine = RuleEngine(
        {"LINE-PN": {"all": [{"m": {"$and": [{"kind": "line"}, {"as_needed": True}]}}]}}
    )
    first = engine.run(
        [{"kind": "patient", "id": "0"}, {"kind": "line", "id": "1", "as_needed": True}]
    )
    second = engine.run(
        [{"kind": "patient", "id": "0"}, {"kind": "line", "id": "1", "as_needed": False}]
    )
    assert first == [("LINE-PN", "1")]
    assert second == []


def test_a_fact_no_rule_is_about_is_accepted() -> None:
    """An unmatched fact would make durable-rules drop the batch; the sink rule accepts it."""
    engine = RuleEngine({"P": {"all": [{"m": {"$and": [{"kind": "patient"}, {"x": 1}]}}]}})
    assert engine.run(
        [{"kind": "patient", "id": "0", "x": 1}, {"kind": "event", "id": "1", "type": "other"}]
    ) == [("P", "0")]


def test_the_patient_fact_must_come_first() -> None:
    engine = RuleEngine({})
    with pytest.raises(ValueError, match="patient fact"):
        engine.run([{"kind": "line", "id": "0"}])


def test_an_identical_fact_id_is_an_engine_error_not_a_crash() -> None:
    """Re-using a fact id is a bug in medreview: reported, and the process survives."""
    engine = RuleEngine({})
    with pytest.raises(EngineError):
        engine.run([{"kind": "patient", "id": "0"}, {"kind": "line", "id": "0"}])
    assert engine.run([{"kind": "patient", "id": "0"}]) == []
