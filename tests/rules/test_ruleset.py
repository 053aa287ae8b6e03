"""The rule set as data: it loads, it is checked precisely, and new rules need no code."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import RULES
from support.builder import AS_OF, PatientBuilder, days
from support.contract import RULES as CONTRACT_RULES
from typer.testing import CliRunner

from medreview import Engine, RuleSetError, load_ruleset
from medreview.cli import app

NEW_RULE = """
family: eksempel
rules:
  - id: DATA-MANY-AS-NEEDED
    level: info
    title: {da: Mange PN-ordinationer, en: Many as-needed lines}
    message:
      da: "{as_needed_line_count} PN-ordinationer."
      en: "{as_needed_line_count} as-needed lines."
    source: {document: 001_a0c09080587247c1.txt, section: §6.2.2}
    fact: patient
    when: {$gte: {as_needed_line_count: 3}}
    evidence: [ref]
"""


def rule_dir(tmp_path: Path, extra: str | None = None, name: str = "extra.yaml") -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    if extra is not None:
        (target / name).write_text(textwrap.dedent(extra), encoding="utf-8")
    return target


def problems_of(directory: Path) -> str:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(directory)
    return caught.value.message


def test_the_shipped_rules_cover_the_contract_table() -> None:
    """Every rule id of contract.md exists, with the contract's level, action and owner."""
    ruleset = load_ruleset()
    for rule_id, (level, action, owner) in CONTRACT_RULES.items():
        rule = ruleset.by_id[rule_id]
        assert rule.level == level, rule_id
        assert (rule.task.action if rule.task else None) == action, rule_id
        assert (rule.task.owner if rule.task else None) == owner, rule_id


def test_a_new_rule_over_existing_facts_needs_no_code(tmp_path: Path) -> None:
    """Drop a rule file in the directory: it loads, runs on durable-rules and fires."""
    engine = Engine(rule_dir(tmp_path, NEW_RULE))
    builder = PatientBuilder()
    for code in ("N02BE01", "A06AD11", "N05CF01"):
        builder.line(code, code, as_needed=True)
    assessment = engine.evaluate(builder.bundle(), as_of=AS_OF)
    finding = next(f for f in assessment.findings if f.rule == "DATA-MANY-AS-NEEDED")
    assert finding.message == "3 PN-ordinationer."
    assert finding.evidence == ("Patient/p1",)
    assert finding.source == "001 §6.2.2"


def test_the_digest_changes_with_any_rule_file(tmp_path: Path) -> None:
    """The assessment's ruleset digest fingerprints the rule files."""
    shipped = load_ruleset()
    changed = load_ruleset(rule_dir(tmp_path, NEW_RULE))
    assert shipped.digest.startswith("sha256:") and len(shipped.digest) == 7 + 64
    assert changed.digest != shipped.digest
    assert load_ruleset(rule_dir(tmp_path / "again")).digest == shipped.digest


def test_a_misspelt_fact_is_caught_with_a_suggestion(tmp_path: Path) -> None:
    """A rule with a misspelt fact field fails to load, naming its line and the field meant."""
    message = problems_of(
        rule_dir(
            tmp_path,
            NEW_RULE.replace("{$gte: {as_needed_line_count", "{$gte: {as_needed_lines_count"),
        )
    )
    assert "extra.yaml:4" in message
    assert "DATA-MANY-AS-NEEDED.when" in message
    assert "no field 'as_needed_lines_count'" in message
    assert "did you mean 'as_needed_line_count'?" in message


def test_an_unknown_operator_is_caught(tmp_path: Path) -> None:
    """A rule using an unknown operator such as '$greater' fails to load, naming it."""
    message = problems_of(rule_dir(tmp_path, NEW_RULE.replace("$gte:", "$greater:")))
    assert "unknown operator '$greater'" in message


def test_a_type_mismatch_is_caught(tmp_path: Path) -> None:
    """A rule comparing a yes/no fact with a number fails to load, saying the field's type."""
    message = problems_of(
        rule_dir(tmp_path, NEW_RULE.replace("{$gte: {as_needed_line_count: 3}}", "{deceased: 3}"))
    )
    assert "deceased is bool" in message


def test_evidence_and_owner_must_name_such_fields(tmp_path: Path) -> None:
    """A rule whose evidence or task owner names an unsuitable fact field fails to load."""
    broken = NEW_RULE.replace(
        "evidence: [ref]",
        "evidence: [fixed_drug_count]\n    task: {action: reassess-drug, owner: ref}",
    )
    message = problems_of(rule_dir(tmp_path, broken))
    assert "'fixed_drug_count' is not an evidence field" in message
    assert "'ref' is not an owner field" in message


def test_medication_review_tasks_belong_to_mgg_rules(tmp_path: Path) -> None:
    """A rule outside the MGG-* family that asks for a medication review fails to load."""
    broken = NEW_RULE.replace(
        "evidence: [ref]", "evidence: [ref]\n    task: {action: medication-review, owner: gp}"
    )
    assert "medication-review tasks come from MGG-* rules" in problems_of(
        rule_dir(tmp_path, broken)
    )


def test_a_message_placeholder_must_be_a_fact(tmp_path: Path) -> None:
    """A rule message with a placeholder that is no fact field fails to load, naming it."""
    broken = NEW_RULE.replace('"{as_needed_line_count} PN-ordinationer."', '"{pn_count} PN."')
    assert "uses {pn_count}" in problems_of(rule_dir(tmp_path, broken))


def test_a_missing_key_is_reported_with_its_line(tmp_path: Path) -> None:
    """A rule missing a required key such as 'level' fails to load, naming file, line and key."""
    broken = NEW_RULE.replace("    level: info\n", "")
    message = problems_of(rule_dir(tmp_path, broken))
    assert "extra.yaml:4: DATA-MANY-AS-NEEDED.level: is required" in message


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    """A rule file that is not valid YAML fails to load, naming the file and line."""
    message = problems_of(rule_dir(tmp_path, "rules:\n  - id: [unclosed\n"))
    assert "extra.yaml:" in message and "not valid YAML" in message


def test_a_duplicate_id_is_caught(tmp_path: Path) -> None:
    """A rule reusing an existing rule id fails to load, saying where the id is already used."""
    duplicate = NEW_RULE.replace("DATA-MANY-AS-NEEDED", "MGG-POLYPHARMACY")
    assert "the id is already used in" in problems_of(rule_dir(tmp_path, duplicate))


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    """A rule set with problems in several files reports all of them in one error."""
    target = rule_dir(tmp_path, NEW_RULE.replace("$gte:", "$greater:"))
    (target / "more.yaml").write_text(
        NEW_RULE.replace("DATA-MANY-AS-NEEDED", "DATA-OTHER").replace(
            "level: info", "level: urgent"
        )
    )
    message = problems_of(target)
    assert "2 problems" in message and "$greater" in message and "more.yaml" in message


def test_a_directory_without_ruleset_yaml_is_refused(tmp_path: Path) -> None:
    """A rule directory without ruleset.yaml fails to load, saying the file is missing."""
    target = rule_dir(tmp_path)
    (target / "ruleset.yaml").unlink()
    assert "ruleset.yaml: missing" in problems_of(target)


def test_rules_validate_exits_4_and_says_where(tmp_path: Path) -> None:
    """`rules validate` on a broken rule file exits 4, naming the line and suggesting a fix."""
    target = rule_dir(tmp_path, NEW_RULE.replace("as_needed_line_count: 3", "as_needed_lines: 3"))
    result = CliRunner().invoke(app, ["rules", "validate", str(target)])
    assert result.exit_code == 4
    assert "extra.yaml:4" in result.stderr and "did you mean" in result.stderr


def test_a_rule_digest_ignores_position_but_not_meaning() -> None:
    """Moving a rule keeps its digest (and sign-off); changing what it says changes the digest."""
    rule = load_ruleset().by_id["MGG-POLYPHARMACY"]
    moved = rule.model_copy(update={"line": 999, "file": "elsewhere.yaml"})
    assert moved.digest == rule.digest
    changed = rule.model_copy(update={"level": "required"})
    assert changed.digest != rule.digest


def test_due_from_event_uses_the_event_day_only_when_ahead() -> None:
    """The annual check is due on its event's day, or 28 days after the evaluation date if past."""
    due = load_ruleset().by_id["MGG-ANNUAL-CHECK"].task.due  # type: ignore[union-attr]
    assert due.for_fact(AS_OF, days(5).isoformat()) == days(5)
    assert due.for_fact(AS_OF, AS_OF.isoformat()) == AS_OF
    assert due.for_fact(AS_OF, days(-5).isoformat()) == days(28)


NEW_SIGNAL = """
family: prioritet-ekstra
signals:
  - id: PRIO-MANY-AS-NEEDED
    title: {da: Mange PN-ordinationer, en: Many as-needed lines}
    points: 3
    reason: {da: "{as_needed_line_count} PN-ordinationer.", en: "{as_needed_line_count} PN lines."}
    basis: {da: Lokal praksis., en: Local practice.}
    when: {$gte: {as_needed_line_count: 3}}
    evidence: [ref]
"""


def test_a_new_priority_signal_needs_no_code(tmp_path: Path) -> None:
    """A signal file in the directory raises the priority, with its reason, and no finding."""
    engine = Engine(rule_dir(tmp_path, NEW_SIGNAL))
    builder = PatientBuilder().age(60)
    for code in ("N02BE01", "A06AD11", "R06AE07"):
        builder.line(code, code, as_needed=True)
    assessment = engine.evaluate(builder.bundle(), as_of=AS_OF)
    assert assessment.priority == 3  # 3 points reach priority 3 on the shipped scale
    (reason,) = assessment.priority_reasons
    assert (reason.signal, reason.points, reason.reason) == (
        "PRIO-MANY-AS-NEEDED",
        3,
        "3 PN-ordinationer.",
    )
    assert reason.evidence == ("Patient/p1",)
    assert assessment.findings == ()


def test_a_signal_naming_an_unknown_rule_is_caught_with_a_suggestion(tmp_path: Path) -> None:
    """A signal naming a misspelt rule fails to load, suggesting the rule meant."""
    extra = NEW_SIGNAL.replace(
        "    when: {$gte: {as_needed_line_count: 3}}\n",
        "    when: {$gte: {as_needed_line_count: 3}}\n    fired: {rules: [MGG-POLYPHARMACI]}\n",
    )
    message = problems_of(rule_dir(tmp_path, extra))
    assert "PRIO-MANY-AS-NEEDED.fired.rules" in message
    assert "'MGG-POLYPHARMACI', which is no rule in the set" in message
    assert "did you mean 'MGG-POLYPHARMACY'?" in message


def test_a_signal_needs_a_test_and_a_ground(tmp_path: Path) -> None:
    """A priority signal with neither a condition nor fired rules fails to load, saying so."""
    bare = NEW_SIGNAL.replace("    when: {$gte: {as_needed_line_count: 3}}\n", "").replace(
        "    basis: {da: Lokal praksis., en: Local practice.}\n", ""
    )
    message = problems_of(rule_dir(tmp_path, bare))
    assert "a signal needs 'when' (a condition), 'fired' (findings), or both" in message


def test_the_priority_scale_is_checked(tmp_path: Path) -> None:
    """A priority scale whose least urgent priority does not start at 0 points fails to load."""
    directory = rule_dir(tmp_path)
    info = directory / "ruleset.yaml"
    info.write_text(
        info.read_text(encoding="utf-8").replace("  - {priority: 5, points: 0}\n", ""),
        encoding="utf-8",
    )
    assert "the least urgent priority must start at 0 points" in problems_of(directory)


def test_an_anchored_pattern_is_caught_as_durable_rules_ignores_anchors(tmp_path: Path) -> None:
    """A rule pattern using '^' fails to load, suggesting the unanchored pattern to write."""
    extra = (
        NEW_RULE.replace("fact: patient", "fact: line")
        .replace("when: {$gte: {as_needed_line_count: 3}}", 'when: {$mt: {atc: "^N05.*"}}')
        .replace("{as_needed_line_count}", "{drug_name}")
    )
    message = problems_of(rule_dir(tmp_path, extra))
    assert "durable-rules matches the whole value, without ^ or $" in message
    assert "write 'N05.*'" in message


# --- the clinical lists (issue 10) -------------------------------------------------------

CHRONIC_FILE = "kroniske-sygdomme.yaml"
CLASSES_FILE = "dobbeltbehandling-klasser.yaml"


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the shipped rules with one text replaced in one file."""
    target = rule_dir(tmp_path)
    path = target / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_the_clinical_lists_load_with_the_rules() -> None:
    """The chronic-disease groups the issue asks for, and the named duplication classes."""
    lists = load_ruleset().lists
    assert lists.chronic is not None and lists.duplication is not None
    groups = {group.id for group in lists.chronic.groups}
    assert {
        "diabetes", "copd", "asthma", "heart-failure", "ischaemic-heart-disease",
        "atrial-fibrillation", "hypertension", "chronic-kidney-disease", "osteoporosis",
        "rheumatoid-arthritis", "dementia", "parkinsons-disease", "epilepsy", "depression",
        "schizophrenia", "bipolar-disorder",
    } <= groups  # fmt: skip
    classes = {drug_class.id for drug_class in lists.duplication.classes}
    assert classes == {"nsaid", "dual-raas-blockade", "opioids", "benzodiazepines-and-z-drugs"}
    assert lists.duplication.level_4 is not None and lists.duplication.level_4.except_other_groups


def test_a_chronic_code_matches_by_prefix_in_sks_and_exactly_in_snomed() -> None:
    """An SKS code covers the codes below it (with or without a dot); SNOMED CT is exact."""
    chronic = load_ruleset().lists.chronic
    assert chronic is not None
    assert chronic.groups_of(["urn:oid:1.2.208.176.2.4.12|DE119"]) == {"diabetes"}
    assert chronic.groups_of(["urn:oid:1.2.208.176.2.4|DE11.9"]) == {"diabetes"}
    assert chronic.groups_of(["http://snomed.info/sct|44054006"]) == {"diabetes"}
    assert chronic.groups_of(["http://snomed.info/sct|4405400"]) == set()
    assert chronic.groups_of(["http://hl7.org/fhir/sid/icd-10|E11"]) == set()  # not SKS


def test_duplication_classes_leave_out_the_other_groups_and_the_non_nsaids() -> None:
    """The "other" level-4 groups are no class; the M01AX non-NSAIDs are not NSAIDs."""
    classes = load_ruleset().lists.duplication
    assert classes is not None
    assert classes.classes_of("M01AE01") == ("nsaid", "atc4:M01AE")
    assert classes.classes_of("M01AX01") == ("nsaid",)  # nabumetone: an NSAID, group M01AX none
    assert classes.classes_of("M01AX05") == ()  # glucosamine
    assert classes.classes_of("C10AX09") == ()  # ezetimibe
    assert classes.classes_of("N03AE01") == ("benzodiazepines-and-z-drugs", "atc4:N03AE")
    assert classes.classes_of(None) == ()


def test_a_misspelt_code_system_in_a_list_is_caught_with_its_line_and_a_suggestion(
    tmp_path: Path,
) -> None:
    """The problem names the file, the group's line, the field and the likely system."""
    message = problems_of(edited(tmp_path, CHRONIC_FILE, "sks: [DE10", "skz: [DE10"))
    line = next(
        number
        for number, text in enumerate((RULES / CHRONIC_FILE).read_text().splitlines(), 1)
        if "- id: diabetes" in text
    )
    assert f"{CHRONIC_FILE}:{line}: chronic-disease-groups/diabetes.codes.skz" in message
    assert "no such code system (did you mean 'sks'?)" in message


def test_an_icd10_code_written_without_skss_d_is_caught(tmp_path: Path) -> None:
    """SKS writes ICD-10 with a leading D; E11 is refused with a suggestion."""
    message = problems_of(edited(tmp_path, CHRONIC_FILE, "DE10, DE11,", "DE10, E11,"))
    assert "'E11' is not a SKS (ICD-10) code" in message and "did you mean 'DE11'?" in message


def test_a_code_in_two_groups_is_caught(tmp_path: Path) -> None:
    """SKS codes are prefixes: DI109 in one group overlaps DI10 in another."""
    message = problems_of(edited(tmp_path, CHRONIC_FILE, "sks: [DE10,", "sks: [DI109, DE10,"))
    assert "chronic-disease-groups/hypertension.codes.sks" in message
    assert "'DI10' overlaps 'DI109' in group 'diabetes'" in message
    assert message.startswith("rule set does not load: ")  # one problem: the rule is not blamed


def test_an_unknown_key_in_a_list_is_reported_with_its_line(tmp_path: Path) -> None:
    """pydantic forbids unknown keys in a list file, as in a rule file."""
    message = problems_of(
        edited(tmp_path, CLASSES_FILE, "    exclude: [M01AX05", "    exlude: [M01AX05")
    )
    assert f"{CLASSES_FILE}:" in message and "classes.0.exlude: unknown key" in message


def test_an_exclusion_outside_its_class_is_caught(tmp_path: Path) -> None:
    """Leaving out a code the class does not hold does nothing, so it is a mistake."""
    message = problems_of(
        edited(tmp_path, CLASSES_FILE, "exclude: [M01AX05,", "exclude: [N01AX05,")
    )
    assert "duplication-classes/nsaid.exclude: 'N01AX05' lies outside the class" in message


def test_an_unknown_list_is_caught_with_a_suggestion(tmp_path: Path) -> None:
    """A list file names one of the lists the facts read."""
    target = edited(
        tmp_path, CHRONIC_FILE, "list: chronic-disease-groups", "list: chronic-diseases"
    )
    message = problems_of(target)
    assert "no such list 'chronic-diseases'" in message
    assert "did you mean 'chronic-disease-groups'?" in message


def test_a_rule_reading_a_list_the_directory_lacks_is_refused(tmp_path: Path) -> None:
    """A rule whose facts come from a list cannot run without the list."""
    target = rule_dir(tmp_path)
    (target / CHRONIC_FILE).unlink()
    message = problems_of(target)
    assert "MGG-MULTIMORBIDITY-OVERVIEW: reads facts derived from the list" in message
    assert "'chronic-disease-groups'" in message


def test_a_changed_list_changes_the_digest_of_the_rules_that_read_it_and_no_other(
    tmp_path: Path,
) -> None:
    """A clinician's sign-off covers the list: change the list, and the sign-off goes stale."""
    shipped = load_ruleset()
    changed = load_ruleset(edited(tmp_path, CHRONIC_FILE, "sks: [DF20, DF25]", "sks: [DF20]"))
    assert shipped.by_id["MGG-MULTIMORBIDITY-OVERVIEW"].lists == ("chronic-disease-groups",)
    assert (
        changed.by_id["MGG-MULTIMORBIDITY-OVERVIEW"].digest
        != shipped.by_id["MGG-MULTIMORBIDITY-OVERVIEW"].digest
    )
    for rule_id in ("MGG-POLYPHARMACY", "DRUG-THERAPEUTIC-DUPLICATION"):
        assert changed.by_id[rule_id].digest == shipped.by_id[rule_id].digest
    assert shipped.by_id["DRUG-THERAPEUTIC-DUPLICATION"].lists == ("duplication-classes",)
    assert shipped.by_id["MGG-POLYPHARMACY"].lists == ()


def test_the_facts_use_the_lists_they_are_given(tmp_path: Path) -> None:
    """derive_facts counts with the lists of the rule set it is given, not the shipped ones."""
    from medreview.facts.derive import derive_facts
    from medreview.read.readers import read_full

    builder = PatientBuilder()
    builder.condition("Hypertension", "DI10")
    builder.condition("KOL", "DJ44")
    card = read_full(builder.bundle())
    shipped = derive_facts(card, AS_OF)
    assert shipped.patient.chronic_group_count == 2
    assert shipped.patient.chronic_group_names == "KOL, forhøjet blodtryk"
    no_copd = load_ruleset(edited(tmp_path, CHRONIC_FILE, "sks: [DJ43, DJ44]", "sks: [DJ43]"))
    assert derive_facts(card, AS_OF, no_copd.lists).patient.chronic_group_count == 1


def test_an_engine_on_another_directory_counts_with_that_directorys_lists(
    tmp_path: Path,
) -> None:
    """A deployment's own chronic list is what its engine counts with."""
    engine = Engine(edited(tmp_path, CHRONIC_FILE, "sks: [DJ43, DJ44]", "sks: [DJ43]"))
    builder = PatientBuilder()
    builder.condition("Hypertension", "DI10")
    builder.condition("KOL", "DJ44")
    assessment = engine.evaluate(builder.bundle(), as_of=AS_OF)
    assert "MGG-MULTIMORBIDITY-OVERVIEW" not in {f.rule for f in assessment.findings}
