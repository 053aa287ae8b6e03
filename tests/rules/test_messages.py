"""What a clinician reads: finding messages, priority reasons and conditions in words.

Danish that a Danish GP reads as written Danish: dates as "5. juni 2026" (the JSON's own
date fields stay ISO), one "lægemiddel", many "lægemidler", drug classes by their names,
no Python values.
"""

from __future__ import annotations

import json
import pickle
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import RULES, SAMPLES
from support.builder import AS_OF, PatientBuilder, days
from typer.testing import CliRunner

from medreview import Engine
from medreview.approval.condition_words import describe
from medreview.cli import app
from medreview.facts.atc_groups import atc_group_names
from medreview.rules.message_format import (
    Names,
    danish_date,
    english_date,
    render,
    spec_problem,
)

ENGINE = Engine()
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_PYTHON_VALUES = re.compile(r"\b(True|False|None|nan)\b|\(\)|\[\]|\{\w*\}")


def _messages(builder: PatientBuilder, rule: str) -> list[str]:
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    return [f.message for f in result.findings if f.rule == rule]


def test_an_unknown_age_reads_alder_ukendt_not_ukendt_år() -> None:
    """A patient without a birth date is described as "alder ukendt", not "ukendt år" or "None"."""
    builder = PatientBuilder()
    builder.patient.pop("birthDate")
    builder.home_care(days(-300))
    builder.line("M01AE01", "Ibuprofen 400 mg", started=days(-400))
    (message,) = _messages(builder, "DRUG-NSAID-ELDERLY")
    assert "alder ukendt" in message
    assert "ukendt år" not in message and "None" not in message and "ingen" not in message


def test_a_recent_discharge_names_the_latest_discharge() -> None:
    """The recent-discharge reason gives the latest discharge's date, citing every discharge."""
    builder = PatientBuilder()
    first = builder.discharged(days(-25))
    latest = builder.discharged(days(-3))
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    (reason,) = [r for r in result.priority_reasons if r.signal == "PRIO-RECENT-DISCHARGE"]
    assert danish_date(days(-3)) in reason.reason
    assert danish_date(days(-25)) not in reason.reason
    assert {f"Encounter/{first}", f"Encounter/{latest}"} <= set(reason.evidence)


def test_a_date_in_a_danish_message_is_written_as_danes_write_it() -> None:
    """ "5. juni 2026": no leading zero, the month in lower case; the JSON keeps ISO dates."""
    builder = PatientBuilder()
    builder.fixed_drugs(7)
    builder.review(date(2025, 3, 1))
    builder.discharged(date(2026, 6, 5))
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    messages = {f.rule: f.message for f in result.findings}
    assert "(seneste: 1. marts 2025)" in messages["MGG-POLYPHARMACY"]
    assert (
        "udskrevet fra indlæggelse den 5. juni 2026, 10 dage før vurderingsdatoen"
        in (messages["MGG-DISCHARGE-FOLLOWUP"])
    )
    data = result.to_dict()
    assert data["as_of"] == "2026-06-15"
    assert {task["due"] for task in data["tasks"]} == {"2026-07-13"}


def test_a_same_day_event_reads_0_days_before_not_0_days_ago() -> None:
    """A nursing-home move on the evaluation date reads "0 dage før vurderingsdatoen"."""
    builder = PatientBuilder()
    builder.nursing_home(AS_OF)
    (message,) = _messages(builder, "MGG-NURSING-HOME-MOVE")
    assert message == (
        "Patienten flyttede på plejehjem den 15. juni 2026, 0 dage før vurderingsdatoen."
    )


def test_a_duplication_names_the_atc_group_by_its_name() -> None:
    """A duplication message names the ATC group in words: "A02BC, protonpumpehæmmere"."""
    builder = PatientBuilder()
    builder.line("A02BC01", "Omeprazol")
    builder.line("A02BC02", "Pantoprazol")
    assert _messages(builder, "DRUG-THERAPEUTIC-DUPLICATION") == [
        "Patienten får Omeprazol og Pantoprazol fast (ATC-gruppen A02BC, protonpumpehæmmere); "
        "denne ordinerende har ordineret begge."
    ]


def test_a_group_without_a_name_is_given_by_its_code_alone() -> None:
    """An ATC group that has no name appears by its code alone, with no stray comma."""
    builder = PatientBuilder()
    builder.line("A11CA01", "Retinol")
    builder.line("A11CA02", "Betacaroten")
    (message,) = _messages(builder, "DRUG-THERAPEUTIC-DUPLICATION")
    assert "fast (ATC-gruppen A11CA);" in message
    assert ", )" not in message and ",)" not in message


def test_each_prescriber_reads_which_of_the_drugs_are_theirs() -> None:
    """In a duplication across prescribers, each one's message names the drug they prescribed."""
    builder = PatientBuilder()
    builder.line("C10AA05", "Atorvastatin 20 mg")
    builder.line("C10AA01", "Simvastatin 40 mg", prescriber=builder.hospital_doctor())
    messages = _messages(builder, "DRUG-THERAPEUTIC-DUPLICATION")
    assert sorted(messages) == [
        "Patienten får Atorvastatin 20 mg og Simvastatin 40 mg fast (ATC-gruppen C10AA, "
        f"statiner); denne ordinerende har ordineret {own}."
        for own in ("Atorvastatin 20 mg", "Simvastatin 40 mg")
    ]


def test_one_substance_on_several_lines_reads_as_a_sentence() -> None:
    """Several lines of one substance read as one sentence that asks to confirm the total dose."""
    builder = PatientBuilder()
    for strength in ("25 mg", "50 mg", "100 mg"):
        builder.line("C07AB02", f"Metoprolol {strength}")
    assert _messages(builder, "DRUG-SAME-SUBSTANCE-LINES") == [
        "Patienten får Metoprolol 25 mg, Metoprolol 50 mg og Metoprolol 100 mg fast; det er "
        "samme stof (C07AB02). Bekræft den samlede dosis."
    ]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_no_danish_message_holds_an_iso_date_or_a_python_value(path: Path) -> None:
    """Every finding and reason of every sample, in its Danish words."""
    result = ENGINE.evaluate(path, as_of=AS_OF)
    texts = [f.message for f in result.findings] + [r.reason for r in result.priority_reasons]
    for text in texts:
        assert not _ISO_DATE.search(text), text
        assert not _PYTHON_VALUES.search(text), text
        assert text.endswith("."), text


def test_the_text_output_says_one_drug_and_one_task_in_the_singular(tmp_path: Path) -> None:
    """`check` text output says "1 lægemiddel" and "1 opgave", with dates in Danish words."""
    builder = PatientBuilder()
    builder.line("M05BA04", "Alendronat 70 mg", reassessment=date(2026, 5, 1))
    bundle = tmp_path / "patient.json"
    bundle.write_text(json.dumps(builder.bundle()), encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "120"}).invoke(
        app, ["check", str(bundle), "--as-of", "2026-06-15"]
    )
    assert result.exit_code == 0, result.output
    assert "1 lægemiddel i fast behandling · 1 fund · 1 opgave" in result.stdout
    assert "vurderet 15. juni 2026" in result.stdout
    assert "frist 13. juli 2026" in result.stdout
    assert not _ISO_DATE.search(result.stdout.replace("medreview-dk", ""))


def test_the_text_output_says_many_drugs_and_tasks_in_the_plural(tmp_path: Path) -> None:
    """`check` text output uses the plural for many: "9 lægemidler", "3 opgaver"."""
    result = CliRunner(env={"COLUMNS": "120"}).invoke(
        app, ["check", str(SAMPLES / "01-plejehjem-fast-laege.json"), "--as-of", "2026-06-15"]
    )
    assert "9 lægemidler i fast behandling · 3 fund · 3 opgaver" in result.stdout
    assert "Frist: 13. juli 2026" in result.stdout


# --- how a value is written --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "danish", "english"),
    [
        (date(2026, 6, 5), "5. juni 2026", "5 June 2026"),
        (date(2026, 1, 1), "1. januar 2026", "1 January 2026"),
        (date(2025, 12, 31), "31. december 2025", "31 December 2025"),
        (date(2024, 2, 29), "29. februar 2024", "29 February 2024"),
    ],
)
def test_a_date_in_words(day: date, danish: str, english: str) -> None:
    """Messages write dates as "5. juni 2026" in Danish and "5 June 2026" in English."""
    assert danish_date(day) == danish
    assert english_date(day) == english
    fields = {"date": day.isoformat()}
    assert render("den {date}", fields.get) == f"den {danish}"
    assert render("on {date}", fields.get, "en") == f"on {english}"


@pytest.mark.parametrize(
    ("count", "danish", "english"),
    [
        (0, "0 faste lægemidler", "0 drugs"),
        (1, "1 fast lægemiddel", "1 drug"),
        (2, "2 faste lægemidler", "2 drugs"),
        (11, "11 faste lægemidler", "11 drugs"),
    ],
)
def test_a_count_takes_the_singular_for_one_and_the_plural_otherwise(
    count: int, danish: str, english: str
) -> None:
    """A count in a message takes the singular for one and the plural for any other number."""
    fields = {"fixed_drug_count": count}
    assert render("{fixed_drug_count:fast lægemiddel|faste lægemidler}", fields.get) == danish
    assert render("{fixed_drug_count:drug|drugs}", fields.get, "en") == english


@pytest.mark.parametrize(
    ("offset", "spec", "words"),
    [
        (-1, "dage", "1 dag"),
        (-45, "dage", "45 dage"),
        (0, "dage", "0 dage"),
        (-3, "relativt", "3 dage før vurderingsdatoen"),
        (-1, "relativt", "1 dag før vurderingsdatoen"),
        (0, "relativt", "på vurderingsdatoen"),
        (30, "relativt", "30 dage efter vurderingsdatoen"),
        (-1, "relative", "1 day before the evaluation date"),
        (0, "relative", "on the evaluation date"),
    ],
)
def test_an_offset_in_words(offset: int, spec: str, words: str) -> None:
    """Day offsets read as "1 dag", "3 dage før vurderingsdatoen" or "på vurderingsdatoen"."""
    assert render(f"{{offset:{spec}}}", {"offset": offset}.get) == words


def test_yes_no_and_none_in_words() -> None:
    """Yes, no and missing values read "ja/nej/ingen/ukendt" (English: "yes/no/none/unknown")."""
    fields = {"home_care": True, "admitted": False, "last_review_date": None, "age": None}
    template = "{home_care}/{admitted}/{last_review_date}/{age}"
    assert render(template, fields.get) == "ja/nej/ingen/ukendt"
    assert render(template, fields.get, "en") == "yes/no/none/unknown"


@pytest.mark.parametrize(
    ("names", "whole", "danish", "english"),
    [
        (["A"], False, "A", "A"),
        (["A", "B"], False, "A og B", "A and B"),
        (["A", "B", "C"], False, "A, B og C", "A, B and C"),
        (["A", "B"], True, "begge", "both"),
        (["A", "B", "C"], True, "alle tre", "all three"),
        ([f"D{n}" for n in range(12)], True, "alle 12", "all 12"),
    ],
)
def test_names_are_listed_as_a_sentence_lists_them(
    names: list[str], whole: bool, danish: str, english: str
) -> None:
    """Drug names are listed as "A, B og C", or as "begge" or "alle tre" when all are meant."""
    listed = Names(names, whole=whole)
    assert listed == ", ".join(names)  # what Python code reading the fact sees
    assert render("{x}", {"x": listed}.get) == danish
    assert render("{x}", {"x": listed}.get, "en") == english
    assert pickle.loads(pickle.dumps(listed)).written("da") == danish  # scans pickle facts


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("", False),
        ("dage", False),
        ("days", False),
        ("relativt", False),
        ("relative", False),
        ("fast lægemiddel|faste lægemidler", False),
        ("opgave|opgaver", False),
        ("dag", True),
        ("|dage", True),
        ("dag|", True),
        ("a|b|c", True),
        (">10", True),
    ],
)
def test_the_formats_a_template_may_use(spec: str, problem: bool) -> None:
    """A message template using an unknown format, such as "dag" or "a|b|c", is reported."""
    assert (spec_problem(spec) is not None) is problem


def test_the_atc_group_names_are_data_with_a_basis() -> None:
    """ATC group names are shipped data with a stated basis, and read cleanly inside messages."""
    names = atc_group_names(RULES)
    assert "projektets oversættelse" in names.basis.da
    assert "WHO" in names.basis.en
    for group in ("A02BC", "C10AA", "C07AB", "C09AA", "C09CA", "C08CA", "C03AA", "C03CA"):
        assert names.name(group, "da"), group
    for group in ("N06AB", "N05BA", "M01AE", "N02AA", "B01AC", "B01AF", "A10AB", "A10BA"):
        assert names.name(group, "da"), group
    for group in ("A10BH", "A10BK", "H03AA", "M05BA"):
        assert names.name(group, "da"), group
    # A name stands inside "(ATC-gruppen A02BC, ...)": no comma or bracket of its own.
    assert not [code for code, name in names.groups.items() if re.search(r"[,()]", name.da)]
    assert names.describe("A02BC02") == "ATC-gruppen A02BC, protonpumpehæmmere"
    assert names.describe("A02BC02", "en") == "ATC group A02BC, proton pump inhibitors"
    assert names.describe("Z99ZZ01") == "ATC-gruppen Z99ZZ"


def test_every_group_the_samples_meet_has_a_name() -> None:
    """The level-4 groups of every drug in the bundled samples."""
    names = atc_group_names(RULES)
    codes: set[str] = set()
    for path in SAMPLES.glob("*.json"):
        codes |= set(re.findall(r'"([A-Z]\d{2}[A-Z]{2})\d{2}"', path.read_text(encoding="utf-8")))
    assert codes
    assert sorted(code for code in codes if names.name(code, "da") is None) == []


def test_a_comparison_with_the_evaluation_date_itself_reads_in_danish() -> None:
    """A date condition reads in words against the evaluation date: "senest på vurderingsdatoen"."""
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
