"""The clinicians' specifications: every scenario in features/, run on the real engine.

The steps build a patient with the test builder, evaluate it with the shipped
rule set, and check what a doctor would read in the assessment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from support.builder import AS_OF, ICPC2, SKS, SNOMED, PatientBuilder

from medreview import Assessment, Engine
from medreview.labels_da import ACTIONS, ROLES, SECTORS

scenarios(".")

DAY = r"i dag|om \d+ dage?|for \d+ dage? siden|\d{4}-\d{2}-\d{2}"
WHEN = rf"(?P<when>{DAY})"
VISIT = r"(?P<visit>årskontrol \(ydelse 0120\)|opsøgende hjemmebesøg \(ydelse 0121\))"
ROLE_BY_WORDS = {words: role for role, words in ROLES.items()}
ACTION_BY_WORDS = {words: action for action, words in ACTIONS.items()}
SECTOR_BY_WORDS = {words: sector for sector, words in SECTORS.items()}


@dataclass
class Case:
    """The patient being specified, and what medreview said about it."""

    builder: PatientBuilder = field(default_factory=PatientBuilder)
    as_of: date = AS_OF
    assessment: Assessment | None = None

    def day(self, words: str) -> date:
        """'i dag', 'om 30 dage', 'for 366 dage siden' or an ISO date, from the as-of date."""
        if words == "i dag":
            return self.as_of
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
            return date.fromisoformat(words)
        number = int(re.search(r"\d+", words).group())  # type: ignore[union-attr]
        return self.as_of + timedelta(days=number if words.startswith("om") else -number)

    @property
    def result(self) -> Assessment:
        assert self.assessment is not None, "the scenario has no 'Når medicinen vurderes'"
        return self.assessment


@pytest.fixture
def case() -> Case:
    return Case()


# --- Givet: the patient ----------------------------------------------------------------


@given(parsers.parse("en patient på {years:d} år"))
def patient_of_age(case: Case, years: int) -> None:
    case.builder.age(years)


@given(parsers.parse("vurderingsdatoen er {day}"))
def evaluation_date(case: Case, day: str) -> None:
    case.as_of = date.fromisoformat(day)


@given("patienten har ingen egen læge registreret")
def no_gp(case: Case) -> None:
    case.builder.without_gp()


@given(parsers.parse("patienten får {count:d} forskellige lægemidler fast"))
def fixed_drugs(case: Case, count: int) -> None:
    case.builder.fixed_drugs(count, started=case.as_of - timedelta(days=400))


@given(parsers.parse("patienten får {count:d} forskellige lægemidler fast, alle dosisdispenseret"))
def fixed_dispensed_drugs(case: Case, count: int) -> None:
    case.builder.fixed_drugs(count, dose_dispensed=True, started=case.as_of - timedelta(days=400))


LINE_KINDS: dict[str, dict[str, Any]] = {
    "fast": {},
    "efter behov": {"as_needed": True},
    "fast, men pauseret": {"status": "on-hold"},
    "fast, men seponeret": {"status": "stopped"},
    "fast, men afsluttet": {"status": "completed"},
    "som tidsbegrænset kur": {"course": "acute"},
    "som tidsbegrænset kur uden dosering": {"course": "acute", "dosage": False},
    "uden dosering": {"dosage": False},
    "fast og dosisdispenseret": {"dose_dispensed": True},
    "efter behov og dosisdispenseret": {"as_needed": True, "dose_dispensed": True},
}


@given(parsers.re(r'patienten får "(?P<name>[^"]+)" \((?P<atc>[A-Z0-9]+)\) (?P<kind>[a-zæøå ,]+)'))
def one_line(case: Case, name: str, atc: str, kind: str) -> None:
    options = dict(LINE_KINDS.get(kind.removesuffix(", ordineret af hospitalet"), {"?": None}))
    if "?" in options:
        raise ValueError(f"unknown kind of line {kind!r}; known: {', '.join(LINE_KINDS)}")
    if kind.endswith(", ordineret af hospitalet"):
        options["prescriber"] = case.builder.hospital_doctor()
    case.builder.line(atc, name, started=case.as_of - timedelta(days=400), **options)


@given(
    parsers.re(
        rf'patienten får "(?P<name>[^"]+)" \((?P<atc>[A-Z0-9]+)\) som tidsbegrænset kur '
        rf"i (?P<length>\d+) dage fra {WHEN}"
    )
)
def course_with_end(case: Case, name: str, atc: str, length: str, when: str) -> None:
    """A course with its start and end date: 5 days from today ends in 4 days."""
    start = case.day(when)
    end = start + timedelta(days=int(length) - 1)
    case.builder.line(atc, name, course="acute", started=start, ended=end)


@given(
    parsers.re(
        rf'patienten får "(?P<name>[^"]+)" \((?P<atc>[A-Z0-9]+)\) (?P<kind>fast|efter behov) '
        rf"med revurderingsdato {WHEN}"
    )
)
def line_with_reassessment(case: Case, name: str, atc: str, kind: str, when: str) -> None:
    case.builder.line(
        atc,
        name,
        reassessment=case.day(when),
        started=case.as_of - timedelta(days=400),
        **LINE_KINDS[kind],
    )


@given(
    parsers.re(
        rf'patienten får "(?P<name>[^"]+)" \((?P<atc>[A-Z0-9]+)\) '
        rf"(?P<kind>fast|efter behov) og dosisdispenseret, ordineret {WHEN}"
    )
)
def dispensed_line_started(case: Case, name: str, atc: str, kind: str, when: str) -> None:
    case.builder.line(
        atc, name, dose_dispensed=True, as_needed=kind == "efter behov", started=case.day(when)
    )


@given(
    parsers.re(
        rf'dosis af "(?P<name>[^"]+)" \((?P<atc>[A-Z0-9]+)\) blev ændret {WHEN}'
        r"(?P<dispensed>, og den er dosisdispenseret)?"
    )
)
def dose_changed(case: Case, name: str, atc: str, when: str, dispensed: str | None) -> None:
    old = case.builder.line(
        atc,
        name,
        status="completed",
        dose_dispensed=bool(dispensed),
        started=case.as_of - timedelta(days=400),
    )
    case.builder.line(
        atc, name, dose_dispensed=bool(dispensed), started=case.day(when), replaces=old
    )


@given(
    parsers.re(
        rf'patienten fik "(?P<name>[^"]+)" \((?P<atc>[A-Z0-9]+)\) (?P<kind>fast|efter behov) '
        rf"fra {WHEN}(?P<hospital>, ordineret af hospitalet)?"
    )
)
def line_started(
    case: Case, name: str, atc: str, kind: str, when: str, hospital: str | None
) -> None:
    prescriber = case.builder.hospital_doctor() if hospital else "Practitioner/gp"
    case.builder.line(
        atc, name, as_needed=kind == "efter behov", started=case.day(when), prescriber=prescriber
    )


@given(
    parsers.re(
        rf'"(?P<name>[^"]+)" \((?P<atc>[A-Z0-9]+)\) blev seponeret (?P<when>{DAY}|uden dato)'
    )
)
def line_stopped(case: Case, name: str, atc: str, when: str) -> None:
    case.builder.line(
        atc,
        name,
        status="stopped",
        started=case.as_of - timedelta(days=400),
        ended=None if when == "uden dato" else case.day(when),
    )


CONDITION_STATES: dict[str, dict[str, Any]] = {
    "aktiv": {},
    "tilbagefald": {"clinical": "recurrence"},
    "i remission": {"clinical": "remission"},
    "helbredt": {"clinical": "resolved"},
    "afkræftet": {"verification": "refuted"},
    "fejlregistreret": {"clinical": None, "verification": "entered-in-error"},
    "mistænkt": {"verification": "unconfirmed"},
    "foreløbig": {"verification": "provisional"},
    "differentialdiagnose": {"verification": "differential"},
}


# A diagnosis is written in SKS (DI10), or with its system named: SNOMED CT 38341003, ICPC-2 K86.
CODED = r"\((?:(?P<system>SNOMED CT|ICPC-2) )?(?P<code>[A-Z0-9]+)\)"
SYSTEMS = {None: SKS, "SNOMED CT": SNOMED, "ICPC-2": ICPC2}


@given(
    parsers.re(
        rf'patienten har sygdommen "(?P<text>[^"]+)" {CODED}, '
        rf"(?P<state>{'|'.join(CONDITION_STATES)})$"
    )
)
def condition(case: Case, text: str, system: str | None, code: str, state: str) -> None:
    case.builder.condition(text, code, system=SYSTEMS[system], **CONDITION_STATES[state])


@given(
    parsers.re(
        rf'patienten har sygdommen "(?P<text>[^"]+)" \((?P<code>[A-Z0-9]+)\), aktiv, '
        rf"begyndt {WHEN}"
    )
)
def condition_begun(case: Case, text: str, code: str, when: str) -> None:
    case.builder.condition(text, code, onset=case.day(when))


@given(
    parsers.re(
        r'patienten har sygdommen "(?P<text>[^"]+)" \((?P<code>[A-Z0-9]+)\), aktiv, '
        r"også kodet som SNOMED CT (?P<snomed>\d+)"
    )
)
def condition_coded_twice(case: Case, text: str, code: str, snomed: str) -> None:
    case.builder.condition(text, code, also_coded=("http://snomed.info/sct", snomed))


@given(
    parsers.re(
        rf'patienten havde sygdommen "(?P<text>[^"]+)" \((?P<code>[A-Z0-9]+)\), ophørt {WHEN}'
    )
)
def condition_abated(case: Case, text: str, code: str, when: str) -> None:
    case.builder.condition(text, code, clinical="resolved", abated=case.day(when))


@given(parsers.re(rf"patientens seneste medicingennemgang var {WHEN}"))
def last_review(case: Case, when: str) -> None:
    case.builder.review(case.day(when))


@given("patienten har aldrig fået en medicingennemgang")
def never_reviewed() -> None:
    """Nothing to add: no review is recorded."""


# --- Givet: where the patient lives and what happens ------------------------------------


@given(
    parsers.re(
        rf"patienten flyttede på plejehjem {WHEN}"
        r"(?P<doctor>, og har samtykket til en fast tilknyttet plejehjemslæge)?"
    )
)
def moved_to_nursing_home(case: Case, when: str, doctor: str | None) -> None:
    case.builder.nursing_home(case.day(when), fixed_doctor=bool(doctor))


@given("patienten bor på plejehjem og har samtykket til en fast tilknyttet plejehjemslæge")
def resident_with_doctor(case: Case) -> None:
    case.builder.nursing_home(case.as_of - timedelta(days=700), fixed_doctor=True)


@given("patienten bor på plejehjem uden fast tilknyttet plejehjemslæge")
def resident_without_doctor(case: Case) -> None:
    case.builder.nursing_home(case.as_of - timedelta(days=700))


@given("patienten får hjemmepleje")
def home_care(case: Case) -> None:
    case.builder.home_care(case.as_of - timedelta(days=700))


@given(parsers.re(rf"patienten blev indlagt {WHEN} og er stadig indlagt"))
def admitted(case: Case, when: str) -> None:
    case.builder.admitted(case.day(when))


@given(parsers.re(rf"patienten blev udskrevet fra hospitalet {WHEN}"))
def discharged(case: Case, when: str) -> None:
    case.builder.discharged(case.day(when))


@given(parsers.re(rf"dosisdispensering (?:starter|startede) {WHEN}"))
def dose_dispensing(case: Case, when: str) -> None:
    case.builder.dose_dispensing(case.day(when))


@given(parsers.re(rf"der er booket {VISIT} hos egen læge {WHEN}"))
def booked_visit(case: Case, visit: str, when: str) -> None:
    case.builder.gp_visit("0120" if "0120" in visit else "0121", case.day(when))


@given(parsers.re(rf"der blev holdt {VISIT} hos egen læge {WHEN}"))
def held_visit(case: Case, visit: str, when: str) -> None:
    case.builder.gp_visit("0120" if "0120" in visit else "0121", case.day(when), held=True)


@given(parsers.re(rf"der blev holdt årskontrol \(ydelse 0120\) på hospitalets ambulatorium {WHEN}"))
def held_hospital_check(case: Case, when: str) -> None:
    doctor = case.builder.hospital_doctor()
    case.builder.gp_visit("0120", case.day(when), held=True, performer=doctor)


@given(parsers.re(rf"patienten døde {WHEN}"))
def died(case: Case, when: str) -> None:
    case.builder.deceased(case.day(when))


# --- Når ---------------------------------------------------------------------------------

_engine: Engine | None = None


@when("medicinen vurderes")
def evaluate(case: Case) -> None:
    global _engine
    if _engine is None:
        _engine = Engine()
    case.assessment = _engine.evaluate(case.builder.bundle(), as_of=case.as_of)


# --- Så ----------------------------------------------------------------------------------

REVIEW_WORDS = {
    "kræves medicingennemgang": "required",
    "anbefales medicingennemgang": "recommended",
    "kan medicingennemgang overvejes": "optional",
    "er medicingennemgang ikke aktuel": "none",
}


@then(
    parsers.re(
        r"(?P<words>kræves medicingennemgang|anbefales medicingennemgang"
        r"|kan medicingennemgang overvejes|er medicingennemgang ikke aktuel)"
    )
)
def review_status(case: Case, words: str) -> None:
    assert case.result.review.status == REVIEW_WORDS[words], case.result.to_dict()


@then(parsers.parse("er antallet af faste lægemidler {count:d}"))
def fixed_count(case: Case, count: int) -> None:
    assert case.result.fixed_drug_count == count, case.result.counted_drugs


@then(parsers.parse("giver reglen {rule} et fund"))
def rule_fires(case: Case, rule: str) -> None:
    assert rule in {f.rule for f in case.result.findings}, case.result.to_dict()["findings"]


@then(parsers.parse("giver reglen {rule} {count:d} fund"))
def rule_fires_times(case: Case, rule: str, count: int) -> None:
    assert sum(f.rule == rule for f in case.result.findings) == count


@then(parsers.parse("giver reglen {rule} intet fund"))
def rule_silent(case: Case, rule: str) -> None:
    assert rule not in {f.rule for f in case.result.findings}, case.result.to_dict()["findings"]


@then(parsers.re(r"er der (?P<count>\d+) opgaver? fra (?P<rule>[A-Z0-9-]+)$"))
def task_count(case: Case, count: str, rule: str) -> None:
    tasks = [t for t in case.result.tasks if t.rule == rule]
    assert len(tasks) == int(count), case.result.to_dict()["tasks"]


@then(parsers.re(r'nævner fundet fra (?P<rule>[A-Z0-9-]+) "(?P<text>[^"]+)"'))
def finding_says(case: Case, rule: str, text: str) -> None:
    messages = [f.message for f in case.result.findings if f.rule == rule]
    assert any(text in message for message in messages), messages


@then(parsers.re(r'nævner fundet fra (?P<rule>[A-Z0-9-]+) ikke "(?P<text>[^"]+)"'))
def finding_does_not_say(case: Case, rule: str, text: str) -> None:
    messages = [f.message for f in case.result.findings if f.rule == rule]
    assert messages and not any(text in message for message in messages), messages


@then("er der intet andet fund")
def only_finding(case: Case) -> None:
    assert len(case.result.findings) == 1, case.result.to_dict()["findings"]


@then("er der ingen opgaver")
def no_tasks(case: Case) -> None:
    assert case.result.tasks == (), case.result.to_dict()["tasks"]


@then(
    parsers.re(
        r'er der en opgave "(?P<action>[^"]+)" fra (?P<rule>[A-Z0-9-]+) '
        r"til (?P<role>[a-zæøå ]+?) i (?P<sector>[a-zæøå ]+)"
    )
)
def some_task_owner(case: Case, action: str, rule: str, role: str, sector: str) -> None:
    owners = {(t.action, t.owner.role, t.owner.sector) for t in case.result.tasks if t.rule == rule}
    wanted = (ACTION_BY_WORDS[action], ROLE_BY_WORDS[role], SECTOR_BY_WORDS[sector])
    assert wanted in owners, owners


@then(parsers.parse("har patienten prioritet {priority:d}"))
def priority(case: Case, priority: int) -> None:
    assert case.result.priority == priority, case.result.to_dict()["priority_reasons"]


@then(parsers.re(r"tæller (?P<signal>PRIO-[A-Z0-9-]+) med (?P<points>\d+) point"))
def signal_counts(case: Case, signal: str, points: str) -> None:
    reasons = {r.signal: r.points for r in case.result.priority_reasons}
    assert reasons.get(signal) == int(points), reasons


@then(parsers.re(r"tæller (?P<signal>PRIO-[A-Z0-9-]+) ikke med"))
def signal_absent(case: Case, signal: str) -> None:
    reasons = {r.signal for r in case.result.priority_reasons}
    assert signal not in reasons, reasons


@then("er der ingen grunde til prioriteten")
def no_priority_reasons(case: Case) -> None:
    assert case.result.priority_reasons == (), case.result.to_dict()["priority_reasons"]


@then(
    parsers.re(
        r'ligger opgaven "(?P<action>[^"]+)" fra (?P<rule>[A-Z0-9-]+) '
        r"hos (?P<role>[a-zæøå ]+?)(?: i (?P<sector>[a-zæøå ]+))?"
    )
)
def task_owner(case: Case, action: str, rule: str, role: str, sector: str | None) -> None:
    tasks = [t for t in case.result.tasks if t.rule == rule]
    assert tasks, f"{rule} raised no task: {case.result.to_dict()['tasks']}"
    assert {t.action for t in tasks} == {ACTION_BY_WORDS[action]}
    assert {t.owner.role for t in tasks} == {ROLE_BY_WORDS[role]}, [t.owner for t in tasks]
    if sector:
        assert {t.owner.sector for t in tasks} == {SECTOR_BY_WORDS[sector]}, [
            t.owner for t in tasks
        ]


@then(parsers.re(rf"har opgaven fra (?P<rule>[A-Z0-9-]+) frist {WHEN}"))
def task_due(case: Case, rule: str, when: str) -> None:
    dues = {t.due for t in case.result.tasks if t.rule == rule}
    assert dues == {case.day(when)}, dues


@then(parsers.re(rf"ligger medicingennemgangen hos (?P<role>[a-zæøå ]+?) med frist {WHEN}"))
def review_owner(case: Case, role: str, when: str) -> None:
    review = case.result.review
    assert review.owner is not None and review.owner.role == ROLE_BY_WORDS[role], review
    assert review.due == case.day(when), review


@then(parsers.re(r'henviser fundet fra (?P<rule>[A-Z0-9-]+) til ordinationen af "(?P<name>[^"]+)"'))
def finding_cites_line(case: Case, rule: str, name: str) -> None:
    bundle = case.builder.bundle()
    refs = {
        f"MedicationRequest/{e['resource']['id']}"
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "MedicationRequest"
        and e["resource"]["medicationCodeableConcept"].get("text") == name
    }
    cited = {ref for f in case.result.findings if f.rule == rule for ref in f.evidence}
    assert refs & cited, f"{rule} cites {sorted(cited)}, not a line of {name} ({sorted(refs)})"
