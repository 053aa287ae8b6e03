"""Lines without an ATC code: the name list, the lookup, and what a clinician reads of it."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import REALDATA, RULES, SAMPLES
from support.builder import AS_OF, PatientBuilder, days

from medreview import Engine, load_ruleset
from medreview.card.drug_names import ATC_LEVEL_5, DRUG_NAMES_FILE, drug_names
from medreview.card.model import Card
from medreview.card.name_reading import read_name
from medreview.errors import InputError, RuleSetError
from medreview.facts.derive import derive_facts
from medreview.facts.timeline import is_current
from medreview.read.readers import read_fast, read_full

ENGINE = Engine()
NAMES = drug_names()
SAMPLE = SAMPLES / "20-uden-atc-kode.json"


def test_every_code_in_the_list_is_an_atc_level_5_code() -> None:
    """Every ATC code in the drug-name list is a full level-5 substance code, never a group."""
    codes = [s.atc for s in NAMES.substances] + [c for a in NAMES.ambiguous for c in a.atc]
    assert codes and all(ATC_LEVEL_5.match(code) for code in codes), [
        code for code in codes if not ATC_LEVEL_5.match(code)
    ]


def test_the_list_is_the_shipped_rule_directorys_and_each_name_means_one_thing() -> None:
    """The name list is the shipped rules/ one; each name is listed once, as lookups read it."""
    assert Path(NAMES.file) == (RULES / DRUG_NAMES_FILE).resolve()
    names = [name for _, name in NAMES.listed_names()]
    assert len(names) == len(set(names))
    assert all(read_name(name).key == name for name in names)


def test_the_list_holds_every_class_the_atc_rules_name() -> None:
    """Habit-forming groups, NSAIDs, dual RAAS blockade: each named prefix has a substance."""
    classes = load_ruleset().lists.duplication
    assert classes is not None
    codes = {s.atc for s in NAMES.substances}
    combinations = ("C09B", "C09D")  # ATC's groups of combinations: never looked up by name
    for drug_class in classes.classes:
        for prefix in set(drug_class.atc) - set(combinations):
            assert any(code.startswith(prefix) for code in codes), (drug_class.id, prefix)
    for prefix in ("N05BA", "N05CD", "N05CF", "N03AE01", "N02A", "N06BA", "M01A"):
        assert any(code.startswith(prefix) for code in codes), prefix


@pytest.mark.parametrize(
    ("name", "outcome", "atc"),
    [
        ("Oxapax 15 mg tabletter", "found", "N05BA04"),
        ("OXAPAX", "found", "N05BA04"),
        ('Metoprolol "Hexal" depottablet 25 mg', "found", "C07AB02"),
        ("Zopiclon 7,5 mg filmovertrukne tabletter", "found", "N05CF01"),
        ("Stesolid 5 mg rektalvæske", "found", "N05BA01"),
        ("Fentanyl depotplaster 25 mikrog/time", "found", "N02AB03"),
        ("Diazepam [Valium]", "found", "N05BA01"),
        ("24 HR metoprolol succinate 100 MG Extended Release Oral Tablet", "found", "C07AB02"),
        ("Acetaminophen 325 MG Oral Tablet", "found", "N02BE01"),
        ("Pinex 500 mg", "found", "N02BE01"),
        # Whole words only: a product name is not a word within another.
        ("Pinex Forte", "combination", None),
        ("Pinex Forte 500 mg/30 mg", "combination", None),
        ("Paracetamol/kodein 500 mg/30 mg", "combination", None),
        ("Paracetamol + kodein", "combination", None),
        ("Centyl med kaliumklorid", "combination", None),
        ("Cozaar Comp 50 mg/12,5 mg", "combination", None),
        ("Amlodipin Atorvastatin", "combination", None),
        ("Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet", "combination", None),
        ("Magnyl 75 mg", "ambiguous", None),
        ("Acetylsalicylsyre 75 mg", "ambiguous", None),
        ("Ibuprofen 5% gel", "other-form", None),
        ("Fentanyl injektionsvæske 50 mikrog/ml", "other-form", None),
        ("Fentanyl", "needs-form", None),
        ("Oxapaks 15 mg", "unknown", None),
        ("Oxapax Actavis 15 mg", "unknown", None),
        ("Simvistatin 10 MG", "unknown", None),
        ("Calcium carbonate 500 mg", "unknown", None),
        ("", "no-name", None),
    ],
)
def test_a_name_is_looked_up_word_for_word(name: str, outcome: str, atc: str | None) -> None:
    """A drug name finds its ATC code by whole words only; combinations and misspellings don't."""
    found = NAMES.lookup(name)
    assert (found["outcome"], found.get("atc")) == (outcome, atc), found


def test_two_listed_substances_are_never_taken_for_one() -> None:
    """A name joining two listed substances is read as a combination, never as one of them."""
    entries = list(NAMES.substances)
    for first, second in itertools.pairwise(entries):
        if first.atc == second.atc:
            continue
        a, b = (first.names or first.products)[0], (second.names or second.products)[0]
        for name in (f"{a} og {b}", f"{a}/{b} 5 mg/10 mg", f"{a} + {b}", f"{a} {b}"):
            assert NAMES.lookup(name)["outcome"] == "combination", name


def test_a_broken_list_is_refused_with_its_file_and_entry(tmp_path: Path) -> None:
    """A malformed drug-name list is refused, naming its file and the part that is wrong."""
    (tmp_path / "navne").mkdir()
    (tmp_path / DRUG_NAMES_FILE).write_text(
        (RULES / DRUG_NAMES_FILE).read_text(encoding="utf-8").replace("atc: N05BA04", "atc: N5BA4")
        + "  - {name: oxapax, atc: [N05BA04, N05BA01]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError) as error:
        drug_names(tmp_path)
    assert str(tmp_path / DRUG_NAMES_FILE) in error.value.message
    assert "substances" in error.value.message


def _card_of(bundle: dict[str, Any], reader: str) -> Card:
    raw = orjson.dumps(bundle)
    return read_full(orjson.loads(raw)) if reader == "full" else read_fast(raw)


@pytest.mark.parametrize("reader", ["full", "fast"])
def test_both_readers_give_a_line_its_code_from_the_name(reader: str) -> None:
    """An uncoded line gets its ATC code from its name in both readers; coded lines keep theirs."""
    builder = PatientBuilder()
    text_only = builder.line(None, "Oxapax 15 mg", started=days(-400))
    med = builder.add({"resourceType": "Medication", "id": "m1", "code": {"text": "Ipren 400 mg"}})
    by_medication = builder.line(None, "x", started=days(-400))
    (line,) = [r for r in builder.entries if r.get("id") == by_medication]
    del line["medicationCodeableConcept"]
    line["medicationReference"] = {"reference": f"Medication/{med['id']}"}
    coded = builder.line("N05BA04", "Oxazepam 10 mg", started=days(-400))
    drugs = {line.ref: line.drug for line in _card_of(builder.bundle(), reader).lines}
    oxapax = drugs[f"MedicationRequest/{text_only}"]
    assert (oxapax.identity, oxapax.atc, oxapax.atc_source) == ("N05BA04", "N05BA04", "name")
    assert oxapax.lookup is not None and oxapax.lookup.substance == "oxazepam"
    assert drugs[f"MedicationRequest/{by_medication}"].atc == "M01AE01"
    assert drugs[f"MedicationRequest/{coded}"].atc_source == "card"
    assert drugs[f"MedicationRequest/{coded}"].lookup is None


def test_both_readers_read_the_sample_alike() -> None:
    """The sample with uncoded lines gives the same card with the fast and the full reader."""
    raw = SAMPLE.read_bytes()
    assert read_full(json.loads(raw)) == read_fast(raw)


def test_the_sample_names_what_was_done_with_each_line() -> None:
    """Each uncoded line gets a Danish DATA-NO-ATC note saying what the name lookup found."""
    result = ENGINE.evaluate(SAMPLE, as_of=AS_OF)
    messages = {f.evidence[-1]: f.message for f in result.findings if f.rule == "DATA-NO-ATC"}
    assert sorted(messages) == [f"MedicationRequest/ord-{n}" for n in (6, 7, 8, 9)]
    assert messages["MedicationRequest/ord-6"].startswith(
        "Oxapax 15 mg tabletter har ingen ATC-kode på medicinkortet. ATC-kode N05BA04 "
        '(oxazepam) er fundet ud fra navnet "Oxapax 15 mg tabletter" i medreviews navneliste '
        "(med koderne fra WHO's ATC/DDD-indeks)"
    )
    assert "kombinationspræparat (paracetamol og kodein)" in messages["MedicationRequest/ord-8"]
    for ref in ("MedicationRequest/ord-8", "MedicationRequest/ord-9"):
        assert messages[ref].endswith(
            "reglerne for vanedannende medicin, NSAID og dobbeltbehandling har derfor ikke "
            "kunnet vurdere ordinationen."
        )
    assert "N05BA04" in result.counted_drugs and "M01AE01" in result.counted_drugs
    assert not [t for t in result.tasks if t.rule == "DATA-NO-ATC"]


def test_the_same_substance_by_name_and_by_code_is_one_drug() -> None:
    """A drug found by name and the same drug coded on another line count as one drug."""
    builder = PatientBuilder()
    builder.line(None, "Oxapax 15 mg", started=days(-400))
    builder.line("N05BA04", "Oxazepam 10 mg", started=days(-400))
    result = ENGINE.evaluate(builder.bundle(), as_of=AS_OF)
    assert result.counted_drugs == ("N05BA04",)
    assert [f.rule for f in result.findings].count("DRUG-SAME-SUBSTANCE-LINES") == 1


# --- the real data -----------------------------------------------------------------------


def _real_files() -> list[Path]:
    folders = ("dk", "synthea-smart-r4", "hl7-r4-examples")
    return sorted(
        p
        for folder in folders
        for p in (REALDATA / folder).glob("*.json*")
        if p.name.endswith((".json", ".json.gz"))
    )


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not beside this checkout")
def test_real_data_lines_without_an_atc_code(record_property: Any) -> None:
    """How many current lines in ../shared/realdata lack an ATC code, and how many the list
    resolves; every such line gets DATA-NO-ATC, and the lookup never guesses."""
    lacking: dict[str, dict[str, Any]] = {}
    findings = 0
    for path in _real_files():
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        try:
            card = read_fast(raw)
        except InputError:
            continue  # a lone resource, or a bundle check refuses: tests/read/test_realdata.py
        replaced = {line.replaces for line in card.lines if line.replaces}
        facts = derive_facts(card, AS_OF)
        for line in card.lines:
            if line.drug.atc_source != "card" and is_current(line, AS_OF, replaced):
                assert line.drug.lookup is not None
                lacking[f"{path.name}:{line.ref}"] = {
                    "name": line.drug.name,
                    "outcome": line.drug.lookup.outcome,
                    "atc": line.drug.atc,
                }
        expected = sum(1 for line in facts.lines if line.atc_lookup is not None)
        findings += expected
        if expected and not facts.patient.deceased:  # the dead get one finding only
            assessment = ENGINE.evaluate(raw, as_of=AS_OF)
            assert [f.rule for f in assessment.findings].count("DATA-NO-ATC") == expected
    resolved = [entry for entry in lacking.values() if entry["outcome"] == "found"]
    record_property("lines_without_atc", len(lacking))
    record_property("resolved_by_name", len(resolved))
    print(f"\n{len(lacking)} current lines without an ATC code; {len(resolved)} resolved by name")
    assert findings == len(lacking)
    assert 0 < len(resolved) < len(lacking)
    assert all(ATC_LEVEL_5.match(entry["atc"]) for entry in resolved)
    by_name = {entry["name"]: entry for entry in lacking.values()}
    # Stable whatever the list grows to: a misspelling, a combination and an ambiguous name.
    assert by_name["Simvistatin 10 MG"]["outcome"] == "unknown"
    assert by_name["Magnyl 75 mg"]["outcome"] == "ambiguous"
    combination = "Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet"
    if combination in by_name:
        assert by_name[combination]["outcome"] == "combination"
    assert by_name["Hydrochlorothiazide 25 MG"]["atc"] == "C03AA03"
    assert by_name["Meperidine Hydrochloride 50 MG Oral Tablet"]["atc"] == "N02AB02"
