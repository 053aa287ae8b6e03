"""The durable-rules wrapper: same answers from many threads, no state between patients."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from support.builder import AS_OF, PatientBuilder, days

from medreview import Engine
from medreview.rules.durable import MAX_FACTS_PER_CALL, EngineError, RuleEngine


def _fnv1a_32(text: str) -> int:
    """durable-rules' fnv1Hash32 over a fact id (state.c)."""
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def test_fact_ids_never_collide_inside_durable_rules() -> None:
    """durable-rules files facts by a 32-bit hash of their id: every id used is distinct."""
    hashes = {_fnv1a_32(str(number)) for number in range(MAX_FACTS_PER_CALL)}
    assert len(hashes) == MAX_FACTS_PER_CALL


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


def test_two_engines_in_one_process_do_not_share_rules() -> None:
    """Each Engine registers its own ruleset: a second rule set does not leak into the first."""
    shipped = Engine()
    only_deceased = RuleEngine(
        {"DATA-X": {"all": [{"m": {"$and": [{"kind": "patient"}, {"deceased": True}]}}]}}
    )
    bundle = _patients()[7]
    before = shipped.evaluate(bundle, as_of=AS_OF).to_json()
    assert only_deceased.run([{"kind": "patient", "deceased": False}]) == []
    assert shipped.evaluate(bundle, as_of=AS_OF).to_json() == before


PN_RULE = {"LINE-PN": {"all": [{"m": {"$and": [{"kind": "line"}, {"as_needed": True}]}}]}}


def test_facts_do_not_carry_over_between_calls() -> None:
    """A patient evaluated after another is judged on its own facts only."""
    engine = RuleEngine(PN_RULE)
    first = engine.run([{"kind": "patient"}, {"kind": "line", "as_needed": True}])
    second = engine.run([{"kind": "patient"}, {"kind": "line", "as_needed": False}])
    assert first == [("LINE-PN", 1)]
    assert second == []


def test_patients_in_one_batch_keep_their_own_findings() -> None:
    """In a batch, each hit goes back to the patient and the fact it came from."""
    engine = RuleEngine(PN_RULE)
    batch = [
        [{"kind": "patient"}, {"kind": "line", "as_needed": False}],
        [
            {"kind": "patient"},
            {"kind": "line", "as_needed": True},
            {"kind": "line", "as_needed": True},
        ],
        [{"kind": "patient"}],
    ]
    assert engine.run_batch(batch) == [[], [("LINE-PN", 1), ("LINE-PN", 2)], []]


def test_a_batch_gives_the_answers_one_by_one_gives() -> None:
    """Scans evaluate cards in batches; the assessments equal one-at-a-time ones."""
    from medreview.read.readers import read_full

    engine = Engine()
    cards = [read_full(bundle) for bundle in _patients()]
    one_by_one = [engine.explain_card(card, as_of=AS_OF).assessment.to_dict() for card in cards]
    assert engine.assess_cards(cards, as_of=AS_OF) == one_by_one


def test_a_fact_no_rule_is_about_is_accepted() -> None:
    """An unmatched fact would make durable-rules drop the batch; the sink rule accepts it."""
    engine = RuleEngine({"P": {"all": [{"m": {"$and": [{"kind": "patient"}, {"x": 1}]}}]}})
    assert engine.run([{"kind": "patient", "x": 1}, {"kind": "event", "type": "other"}]) == [
        ("P", 0)
    ]


def test_a_rule_whose_action_cannot_be_read_fails_its_batch_and_not_the_next() -> None:
    """A rule whose condition is not named ``m`` gives frames the action loop cannot read: the
    batch fails with an EngineError naming the action, and the next batch is judged whole."""
    engine = RuleEngine(
        {
            **PN_RULE,
            "ODD": {"all": [{"first": {"kind": "patient"}}, {"second": {"kind": "event"}}]},
        }
    )
    with pytest.raises(EngineError, match="a rule action failed"):
        engine.run([{"kind": "patient"}, {"kind": "event"}, {"kind": "line", "as_needed": True}])
    assert engine.run([{"kind": "patient"}, {"kind": "line", "as_needed": True}]) == [
        ("LINE-PN", 1)
    ]


def test_too_many_facts_in_one_call_is_an_engine_error() -> None:
    """More facts than one engine call allows fail with an EngineError naming the limit."""
    engine = RuleEngine({})
    with pytest.raises(EngineError, match="the limit is"):
        engine.run([{"kind": "line"}] * MAX_FACTS_PER_CALL)


def test_a_rule_fires_once_on_a_fact_where_both_branches_of_its_or_hold() -> None:
    """durable-rules fires once per true $or branch; a finding must not appear twice."""
    either = {"$or": [{"$gte": {"age": 75}}, {"home_care": True}]}
    engine = RuleEngine({"R": {"all": [{"m": {"$and": [{"kind": "line"}, either]}}]}})
    facts = [
        {"kind": "line", "age": 80, "home_care": True},
        {"kind": "line", "age": 80, "home_care": False},
        {"kind": "line", "age": 60, "home_care": False},
    ]
    assert engine.run(facts) == [("R", 0), ("R", 1)]


def test_a_regular_expression_matches_the_whole_value() -> None:
    """The habit-forming rule relies on it: '(N05CF|N02A).*' matches a prefix, '^' never."""
    prefix = RuleEngine(
        {"R": {"all": [{"m": {"$and": [{"kind": "line"}, {"$mt": {"atc": "(N05CF|N02A).*"}}]}}]}}
    )
    anchored = RuleEngine(
        {"R": {"all": [{"m": {"$and": [{"kind": "line"}, {"$mt": {"atc": "^N05CF.*"}}]}}]}}
    )
    facts = [{"kind": "line", "atc": a} for a in ("N05CF01", "N02AX02", "XN05CF01")] + [
        {"kind": "line"}
    ]
    assert prefix.run([dict(f) for f in facts]) == [("R", 0), ("R", 1)]
    assert anchored.run([dict(f) for f in facts]) == []


def test_a_call_that_would_reach_pyeval_callobject_is_an_engine_error() -> None:
    """On Python 3.13 durable-rules' storage callbacks would call the removed PyEval_CallObject
    and kill the process: their setters raise EngineError instead (before 3.13 they work)."""
    import sys

    from medreview.rules.durable import STORAGE_CALLBACK_SETTERS, durable, durable_rules_engine

    assert durable.durable_rules_engine is durable_rules_engine  # what durable-rules calls
    for name in STORAGE_CALLBACK_SETTERS:
        setter = getattr(durable_rules_engine, name)
        if sys.version_info >= (3, 13):
            with pytest.raises(EngineError, match="PyEval_CallObject"):
                setter(1, print)
        else:
            assert type(setter).__name__ == "builtin_function_or_method"


def test_only_the_engine_module_imports_durable_rules() -> None:
    """How durable-rules is loaded (lazy binding on 3.13) is known in medreview/rules/durable.py
    alone."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    importing = sorted(
        str(path.relative_to(root))
        for folder in ("medreview", "benchmarks")
        for path in (root / folder).rglob("*.py")
        if re.search(r"^\s*(from durable\b|import durable)", path.read_text(), re.MULTILINE)
    )
    assert importing == ["medreview/rules/durable.py"]


def test_the_reader_is_chosen_in_the_engine_alone() -> None:
    """check, scan and the service read a patient through Engine.read: no module outside
    read/ and engine.py calls a reader itself."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "medreview"
    calling = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"\b(read_(full|fast)|(full|fast)_entries)\(", path.read_text())
    )
    assert calling == ["engine.py", "read/readers.py"]


def test_engine_read_gives_the_same_card_by_either_reader() -> None:
    """The full and the fast reader, chosen by ReadOptions, agree on a sample."""
    from conftest import ROOT

    from medreview import Engine, ReadOptions

    engine = Engine()
    raw = (ROOT / "fhir_samples" / "01-plejehjem-fast-laege.json").read_bytes()
    full = engine.read(raw, ReadOptions(reader="full"))
    fast = engine.read(raw, ReadOptions(reader="fast"))
    assert full == fast
    assert len(full.lines) > 6


def test_a_card_given_to_the_engine_is_the_card_its_evaluation_holds() -> None:
    """A library user's own Card comes back as the evaluation's card, itself; a card read
    by the engine is built as the public model only when asked for, and equals the reader's."""
    from medreview.read.readers import read_full

    engine = Engine()
    bundle = _patients()[0]
    card = read_full(bundle)
    assert engine.explain_card(card, as_of=AS_OF).card is card
    evaluation = engine.explain(bundle, as_of=AS_OF)
    assert "card" not in evaluation.__dict__
    assert evaluation.card == card
