"""What a clinician reads: finding messages, priority reasons and conditions in words."""

from __future__ import annotations

from builder import AS_OF, PatientBuilder, days

from medreview import Engine
from medreview.condition_words import describe

ENGINE = Engine()


def test_an_unknown_age_reads_as_unknown_not_as_none() -> None:
    builder = PatientBuilder()
    builder.patient.pop("birthDate")
    builder.home_care(days(-300))
    builder.line("M01AE01", "Ibuprofen 400 mg", started=days(-400))
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "DRUG-NSAID-ELDERLY"]
    assert "alder: ukendt år, hjemmepleje: ja" in finding.message
    assert "ingen" not in finding.message


def test_a_recent_discharge_names_the_latest_discharge() -> None:
    builder = PatientBuilder()
    first = builder.discharged(days(-25))
    latest = builder.discharged(days(-3))
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    (reason,) = [r for r in result.priority_reasons if r.signal == "PRIO-RECENT-DISCHARGE"]
    assert days(-3).isoformat() in reason.reason
    assert days(-25).isoformat() not in reason.reason
    assert {f"Encounter/{first}", f"Encounter/{latest}"} <= set(reason.evidence)


def test_a_comparison_with_the_evaluation_date_itself_reads_in_danish() -> None:
    assert (
        describe({"$lte": {"offset": 0}}, "da")
        == "hændelsens dato ligger senest på vurderingsdatoen"
    )
    assert describe({"$gte": {"offset": -30}}, "da") == (
        "hændelsens dato ligger tidligst 30 dage før vurderingsdatoen"
    )
    assert (
        describe({"$lte": {"offset": 0}}, "en")
        == "the event's date is at the latest on the evaluation date"
    )
