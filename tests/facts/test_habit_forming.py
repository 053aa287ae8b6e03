"""Issue 10: habit-forming groups as data, NSAIDs from the class list, priority by the kind of
drug and for required tasks, and every number in the priority said to be whose it is."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import RULES, SEEDS
from support.builder import AS_OF, PatientBuilder, days
from typer.testing import CliRunner

from medreview import Engine, load_ruleset
from medreview.cli import app
from medreview.errors import RuleSetError
from medreview.facts.derive import derive_facts
from medreview.facts.drug_groups import course_days, drug_kind
from medreview.read.readers import read_full
from medreview.rules.clinical_lists import ClinicalLists

RULESET = load_ruleset()
GROUPS_FILE = "vanedannende-grupper.yaml"
ENGINE = Engine()


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def problems_of(directory: Path) -> str:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(directory)
    return caught.value.message


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\uf0b7", " ")).strip()


# --- the groups, as data ------------------------------------------------------------------


def test_the_habit_forming_groups_load_with_their_horizons() -> None:
    """Every group has codes, a name for the message and a horizon; the drugs of issue 10 are in."""
    groups = RULESET.lists.habit_forming
    assert groups is not None
    found = {atc: getattr(groups.group_of(atc), "id", None) for atc in (
        "N05BA01", "N05CD08", "N03AE01", "N05CF01", "N05CM02", "N02AX02", "R05DA04",
        "R05DA01", "N06BA04", "R05DA07", "R05DA09", "N06BA09", "N03AG01", None,
    )}  # fmt: skip
    assert found == {
        "N05BA01": "benzodiazepines",
        "N05CD08": "benzodiazepines",
        "N03AE01": "benzodiazepines",
        "N05CF01": "z-drugs",
        "N05CM02": "clomethiazole",
        "N02AX02": "opioids",
        "R05DA04": "opioid-cough-medicines",
        "R05DA01": "opioid-cough-medicines",
        "N06BA04": "adhd-medication",
        "R05DA07": None,  # noscapine
        "R05DA09": None,  # dextromethorphan
        "N06BA09": None,  # atomoxetine
        "N03AG01": None,  # valproate
        None: None,
    }
    assert all(group.horizon_months == 12 for group in groups.groups)


def test_each_horizon_says_whose_number_it_is() -> None:
    """Only the ADHD horizon is the source's; every other group says it is the project's choice."""
    groups = RULESET.lists.habit_forming
    assert groups is not None
    for group in groups.groups:
        choice = group.basis.choice
        assert choice is not None, group.id
        assert f"{group.horizon_months} måneder" in choice.da, group.id
        if group.id == "adhd-medication":
            assert "kildens" in choice.da and "årligt" in (group.basis.source.quote or "")  # type: ignore[union-attr]
        else:
            assert "projektets valg" in choice.da and "project's choice" in choice.en, group.id


def test_the_rule_text_names_every_horizon_and_whose_it_is() -> None:
    """A reader of DRUG-HABIT-FORMING-REASSESSMENT sees each group's months, source or choice."""
    rule = RULESET.by_id["DRUG-HABIT-FORMING-REASSESSMENT"]
    assert rule.choice is not None
    choice = _normalise(rule.choice.da)
    assert "ADHD-medicin 12 (kildens)" in choice
    assert "opioid 12 (projektets valg, ikke kildens)" in choice
    assert "28 dage er projektets valg" in choice
    groups = RULESET.lists.habit_forming
    assert groups is not None
    assert {str(g.horizon_months) for g in groups.groups} <= set(re.findall(r"\d+", choice))


def test_the_groups_quote_their_source_word_for_word() -> None:
    """test_citations.py covers the rules; the list's entries are checked here."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    groups = RULESET.lists.habit_forming
    assert groups is not None
    for group in groups.groups:
        source = group.basis.source
        assert source is not None and source.quote, group.id
        text = _normalise((SEEDS / source.document).read_text(encoding="utf-8"))
        assert source.section.strip('"') in text, group.id
        for part in source.quote.split("…"):
            assert _normalise(part) in text, (group.id, part)


def test_a_drug_in_two_groups_is_refused_with_its_line(tmp_path: Path) -> None:
    """Two horizons for one drug would be ambiguous: the loader says where."""
    target = edited(tmp_path, GROUPS_FILE, "atc: [N05CF]", "atc: [N05CF, N05BA04]")
    message = problems_of(target)
    assert "habit-forming-groups/z-drugs.atc" in message
    assert "'N05BA04' overlaps 'N05BA' in group 'benzodiazepines'" in message


def test_an_exclusion_outside_its_group_is_refused(tmp_path: Path) -> None:
    """A group's exclusion code lying outside the group's own class is refused when rules load."""
    target = edited(tmp_path, GROUPS_FILE, "exclude: [N06BA09]", "exclude: [N06AB09]")
    assert "'N06AB09' lies outside the class (N06BA)" in problems_of(target)


def test_a_changed_horizon_changes_the_behaviour_and_the_digests(tmp_path: Path) -> None:
    """The horizon is data: 6 months for opioids makes a date 7 months ahead too far, and the
    rule's and PRIO-RISK-DRUG's sign-offs go stale."""
    text = (RULES / GROUPS_FILE).read_text(encoding="utf-8")
    opioids = text.index("id: opioids")
    shorter = text[:opioids] + text[opioids:].replace("horizon_months: 12", "horizon_months: 6", 1)
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    (target / GROUPS_FILE).write_text(shorter, encoding="utf-8")
    changed = load_ruleset(target)
    for entry in ("DRUG-HABIT-FORMING-REASSESSMENT",):
        assert changed.by_id[entry].digest != RULESET.by_id[entry].digest
        assert changed.by_id[entry].lists == ("habit-forming-groups",)
    assert changed.signal_by_id["PRIO-RISK-DRUG"].digest != (
        RULESET.signal_by_id["PRIO-RISK-DRUG"].digest
    )
    assert changed.by_id["MGG-POLYPHARMACY"].digest == RULESET.by_id["MGG-POLYPHARMACY"].digest
    # The facts with the changed list (derive_facts hands the lists to each line):
    kind = drug_kind("N02AA01", changed.lists, days(210), 7, 210)
    assert (kind.horizon_months, kind.gap) == (6, f"revurderingsdatoen {_da(days(210))} "
                                                  "ligger mere end 6 måneder frem")  # fmt: skip
    assert drug_kind("N02AA01", RULESET.lists, days(210), 7, 210).horizon_months == 12


def _da(day: date) -> str:
    from medreview.rules.message_format import danish_date

    return danish_date(day)


def test_a_drug_kind_without_lists_is_empty() -> None:
    """A rule directory without the lists classifies nothing (and its rules cannot load)."""
    kind = drug_kind("N05BA04", ClinicalLists(), None, None, None)
    assert (kind.habit_forming_group, kind.drug_classes, kind.gap) == (None, "", "")


def test_a_course_counts_its_first_and_last_day() -> None:
    """A course's length counts its first and last day; a missing or reversed date gives none."""
    assert course_days(date(2026, 6, 1), date(2026, 6, 5)) == 5
    assert course_days(date(2026, 6, 1), date(2026, 6, 1)) == 1
    assert course_days(date(2026, 6, 1), None) is None
    assert course_days(None, date(2026, 6, 5)) is None
    assert course_days(date(2026, 6, 5), date(2026, 6, 1)) is None


# --- NSAIDs from the class list ------------------------------------------------------------


def test_the_nsaid_rule_reads_the_class_not_codes() -> None:
    """DRUG-NSAID-ELDERLY names the class of dobbeltbehandling-klasser.yaml, and no ATC code."""
    rule = RULESET.by_id["DRUG-NSAID-ELDERLY"]
    condition = json.dumps(rule.when)
    assert "M01" not in condition and ",nsaid," in condition
    assert rule.lists == ("duplication-classes",)


def test_the_nsaid_class_is_what_the_rule_follows(tmp_path: Path) -> None:
    """Leave glucosamine's exclusion out of the class, and the rule would count it: one list."""
    target = edited(tmp_path, "dobbeltbehandling-klasser.yaml", "exclude: [M01AX05, ", "exclude: [")
    changed = load_ruleset(target)
    assert changed.by_id["DRUG-NSAID-ELDERLY"].digest != RULESET.by_id["DRUG-NSAID-ELDERLY"].digest
    assert drug_kind("M01AX05", changed.lists, None, None, None).drug_classes == ",nsaid,"
    assert drug_kind("M01AX05", RULESET.lists, None, None, None).drug_classes == ""
    assert drug_kind("M01AH01", RULESET.lists, None, None, None).drug_classes == ",nsaid,"


def test_the_nsaid_message_says_why_in_words() -> None:
    """No "hjemmepleje: True": who the patient is, and why an NSAID is reassessed."""
    builder = PatientBuilder().age(68)
    builder.home_care(days(-300))
    builder.line("M01AE02", "Naproxen 250 mg", started=days(-400))
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "DRUG-NSAID-ELDERLY"]
    assert finding.message == (
        "En patient på 68 år i hjemmepleje får Naproxen 250 mg (M01AE02, et NSAID) fast; NSAID "
        "bør revurderes fra 75 år og hos patienter i hjemmepleje eller på plejehjem."
    )
    assert not re.search(r"True|False|None|: ja|: nej", finding.message)


def test_an_unknown_age_in_home_care_reads_alder_ukendt() -> None:
    """A home-care patient without a birth date is called "alder ukendt" in the NSAID message."""
    builder = PatientBuilder()
    builder.patient.pop("birthDate")
    builder.home_care(days(-300))
    builder.line("M01AE01", "Ibuprofen 400 mg", started=days(-400))
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "DRUG-NSAID-ELDERLY"]
    assert finding.message.startswith("En patient (alder ukendt) i hjemmepleje får ")


# --- the habit-forming message -------------------------------------------------------------


@pytest.mark.parametrize(
    ("reassessment", "says"),
    [
        (None, "og ordinationen har ingen revurderingsdato."),
        (days(400), f"og revurderingsdatoen {_da(days(400))} ligger mere end 12 måneder frem."),
    ],
    ids=["no date", "too far"],
)
def test_the_habit_forming_message_says_it_once(reassessment: date | None, says: str) -> None:
    """Not "ingen kommende revurderingsdato … (revurderingsdato: ingen)"."""
    builder = PatientBuilder().age(50)
    builder.line("N05BA04", "Oxapax 15 mg", started=days(-400), reassessment=reassessment)
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    (finding,) = [f for f in result.findings if f.rule == "DRUG-HABIT-FORMING-REASSESSMENT"]
    assert finding.message == f"Oxapax 15 mg (N05BA04) er vanedannende (benzodiazepin), {says}"
    assert finding.message.count("revurderingsdato") == 1


# --- priority -----------------------------------------------------------------------------


def _assessed(builder: PatientBuilder) -> tuple[int, dict[str, int]]:
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    return result.priority, {r.signal: r.points for r in result.priority_reasons}


def test_overdue_methylphenidate_scores_as_high_as_methylphenidate_without_a_date() -> None:
    """Methylphenidate past its reassessment date gets the same priority as with no date at all."""

    def patient(reassessment: date | None) -> PatientBuilder:
        builder = PatientBuilder().age(40)
        builder.line("N06BA04", "Ritalin Uno 30 mg", started=days(-400), reassessment=reassessment)
        return builder

    without_date, overdue = _assessed(patient(None)), _assessed(patient(days(-1)))
    assert without_date == overdue == (4, {"PRIO-RISK-DRUG": 1})


def test_priority_counts_the_overdue_finding_only_on_a_habit_forming_line() -> None:
    """An overdue reassessment of a drug that is not habit-forming raises no priority."""
    builder = PatientBuilder().age(40)
    builder.line("M05BA04", "Alendronat 70 mg", started=days(-400), reassessment=days(-1))
    assert _assessed(builder) == (5, {})


def test_every_signal_says_its_points_are_the_projects_choice() -> None:
    """No source gives points: each signal's basis says so, in Danish and English."""
    for signal in RULESET.signals:
        assert signal.basis is not None, signal.id
        assert "projektets valg" in signal.basis.da, signal.id
        assert "project's choice" in signal.basis.en, signal.id
        words = {1: "1 point", 2: "2 point"}
        assert words[signal.points] in signal.basis.da or f"de {signal.points} point" in (
            signal.basis.da
        ), signal.id


def test_the_nursing_home_signal_cites_living_in_one_not_moving() -> None:
    """The nursing-home signal cites the source on living in a nursing home, not on moving."""
    source = RULESET.signal_by_id["PRIO-NURSING-HOME"].source
    assert source is not None and source.section == "§5.3.1"
    assert "eget hjem" in (source.quote or "") and "flytter" not in (source.quote or "")


def test_the_significant_change_rule_says_its_numbers_are_the_projects() -> None:
    """MGG-SIGNIFICANT-CHANGE says its numbers are the project's own, in Danish and English."""
    choice = RULESET.by_id["MGG-SIGNIFICANT-CHANGE"].choice
    assert choice is not None
    assert "projektets tal" in choice.da and "ved væsentlige ændringer" in choice.da
    assert "the project's number" in choice.en


def test_a_required_task_ranks_above_a_frail_patients_information_on_the_worklist(
    tmp_path: Path,
) -> None:
    """Deregistering a 60-year-old's dose dispensing gets points and comes first on the CSV
    worklist, before an 88-year-old resident whose only finding is for information."""
    required = PatientBuilder(patient_id="p-dd").age(60)
    required.fixed_drugs(3, started=days(-400), dose_dispensed=True)
    required.dose_dispensing(days(-400))
    required.admitted(days(-3))
    frail = PatientBuilder(patient_id="p-frail").age(88)
    frail.nursing_home(days(-700))
    frail.fixed_drugs(3, started=days(-400))
    frail.line("M05BA04", "Alendronat 70 mg", started=days(-400), reassessment=days(-10))
    frail.review(days(-100))
    folder = tmp_path / "bundles"
    folder.mkdir()
    for name, builder in (("a-frail.json", frail), ("b-dd.json", required)):
        (folder / name).write_text(json.dumps(builder.bundle()), encoding="utf-8")
    out = tmp_path / "worklist.csv"
    result = CliRunner().invoke(
        app,
        [
            *("scan", str(folder), "--as-of", AS_OF.isoformat(), "--format", "csv"),
            *("--out", str(out), "--workers", "1", "--quiet"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [row["rule"] for row in rows] == [
        "DD-DEREGISTER-ON-ADMISSION",
        "DRUG-REASSESSMENT-OVERDUE",
    ], rows
    assert [row["priority"] for row in rows] == ["3", "3"]


def test_fired_where_is_checked_when_the_rules_load(tmp_path: Path) -> None:
    """A misspelt field, a value of the wrong type, a rule not in 'rules': each with its place."""
    where = "DRUG-REASSESSMENT-OVERDUE: {habit_forming: true}"

    def problems_with(folder: str, instead: str) -> str:
        return problems_of(edited(tmp_path / folder, "prioritet.yaml", where, instead))

    message = problems_with("a", "DRUG-REASSESSMENT-OVERDUE: {habitforming: true}")
    assert "fired.where.DRUG-REASSESSMENT-OVERDUE: 'habitforming' is not a value field" in message
    assert "did you mean 'habit_forming'?" in message
    message = problems_with("b", "DRUG-REASSESSMENT-OVERDUE: {habit_forming: 1}")
    assert "habit_forming: 1 is not a bool" in message
    message = problems_with("c", "MGG-POLYPHARMACY: {habit_forming: true}")
    assert "'where' names MGG-POLYPHARMACY, which 'rules' does not list" in message


def test_the_facts_of_a_line_name_its_group_and_what_is_missing() -> None:
    """What `medreview rules facts` documents is what a line gets."""
    builder = PatientBuilder().age(80)
    builder.line("R05DA04", "Kodein 25 mg", as_needed=True, started=days(-40))
    builder.line("N02AX02", "Tramadol 50 mg", course="acute", started=days(-1), ended=days(3))
    facts = derive_facts(read_full(builder.bundle()), AS_OF)
    codeine, tramadol = sorted(facts.lines, key=lambda line: line.drug_name)
    assert (codeine.habit_forming, codeine.habit_forming_group) == (True, "opioid-cough-medicines")
    assert codeine.habit_forming_group_name == "opioidholdigt hostemiddel"
    assert codeine.reassessment_gap == "ordinationen har ingen revurderingsdato"
    assert codeine.course_days is None
    assert (tramadol.habit_forming_group, tramadol.course_days) == ("opioids", 5)
    assert f"{tramadol.patient_words}" == "En patient på 80 år"
