"""`medreview rules sign`: a GP signs rules off from the command line, and nothing else moves.

Every test signs a temporary copy of rules/ and features/ through the real command;
the checkout's specifications stay unsigned (no clinician has approved them yet).
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FEATURES, ROOT, RULES
from typer.testing import CliRunner, Result

from medreview import load_ruleset
from medreview.approval.signing import plan_sign
from medreview.approval.signoff import Approval, approvals, read_results
from medreview.approval.specs import read_features
from medreview.approval.tag_lines import write_whole
from medreview.cli import app
from medreview.errors import OutputError
from medreview.read.fhir_dates import today_in_denmark

SIGN_OFF_TAG = re.compile(r"@(godkendt-af|godkendt-dato|regel-digest):\S+")


class Tree:
    """A copy of the rule set and its specifications, signed through the real CLI."""

    def __init__(self, root: Path) -> None:
        self.rules = root / "rules"
        self.features = root / "features"
        shutil.copytree(RULES, self.rules)
        shutil.copytree(FEATURES, self.features)
        self.original = self.snapshot()
        self.outcomes: dict[tuple[str, str], str] = {}
        self.unsigned_outcomes: dict[tuple[str, str], str] = {}

    def sign(self, *args: str) -> Result:
        where = ["--rules", str(self.rules), "--features", str(self.features)]
        return CliRunner().invoke(app, ["rules", "sign", *args, *where])

    def signoff_status(self, *args: str) -> Result:
        where = ["--rules", str(self.rules), "--features", str(self.features)]
        return CliRunner().invoke(app, ["rules", "signoff-status", *args, *where])

    def approvals(self) -> dict[str, Approval]:
        found = approvals(load_ruleset(self.rules), read_features(self.features))
        return {a.id: a for a in found}

    def status(self) -> dict[str, str]:
        return {item: a.status for item, a in self.approvals().items()}

    def snapshot(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.features.iterdir())}

    def digest(self, item: str) -> str:
        ruleset = load_ruleset(self.rules)
        return (ruleset.by_id.get(item) or ruleset.signal_by_id[item]).digest[:12]

    def text(self, name: str) -> str:
        return (self.features / name).read_text(encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path)


def unsigned_except(found: dict[str, str], signed: set[str]) -> None:
    assert {i for i, s in found.items() if s == "signed"} == signed
    assert {s for i, s in found.items() if i not in signed} == {"unsigned"}


def run_specs(features: Path, report: Path) -> dict[tuple[str, str], str]:
    """The project's specs, run by pytest-bdd on ``features``: each scenario's outcome."""
    subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "tests/approval/test_specs.py", "-o", f"bdd_features_base_dir={features}",
            f"--cucumberjson={report}",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return dict(read_results(report).outcomes)


@pytest.fixture(scope="module")
def signed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Tree, Path]:
    """Rules signed one command at a time (on a feature, on scenarios, on a scenario two
    rules share), then the real specs run on the signed copy: its cucumber report."""
    tree = Tree(tmp_path_factory.mktemp("signed"))
    unsigned = tree.features.parent / "unsigned"
    shutil.copytree(tree.features, unsigned)
    assert tree.sign("MGG-POLYPHARMACY", "--by", "LKH", "--date", "2026-12-01").exit_code == 0
    both = ("PRIO-NURSING-HOME", "PRIO-RECENT-DISCHARGE")  # they share a scenario
    assert tree.sign(*both, "--by", "LKH", "--date", "2026-12-01").exit_code == 0
    assert tree.sign("DRUG-SAME-SUBSTANCE-LINES", "--by", "MJ").exit_code == 0
    report = tree.features.parent / "cucumber.json"
    tree.outcomes = run_specs(tree.features, report)
    tree.unsigned_outcomes = run_specs(unsigned, tree.features.parent / "unsigned.json")
    return tree, report


def test_the_signed_specifications_still_parse_and_run_as_before(
    signed_run: tuple[Tree, Path],
) -> None:
    """pytest-bdd reads the sign-off tags as marks: every scenario runs, with the outcome it
    has unsigned (in the finished project, all of them pass: tests/approval/test_specs.py)."""
    tree, _ = signed_run
    scenarios = {(s.feature, s.name) for f in read_features(tree.features) for s in f.scenarios}
    assert set(tree.outcomes) == scenarios
    assert tree.outcomes == tree.unsigned_outcomes
    signed = {"MGG-POLYPHARMACY", "DRUG-SAME-SUBSTANCE-LINES", *("PRIO-NURSING-HOME",
              "PRIO-RECENT-DISCHARGE")}  # fmt: skip
    unsigned_except(tree.status(), signed)


def test_sign_with_passing_results_then_signoff_status_says_signed(
    tree: Tree, signed_run: tuple[Tree, Path]
) -> None:
    """Signing with passing results prints each rule's tags; signoff-status then says signed."""
    _, report = signed_run
    result = tree.sign(
        "MGG-POLYPHARMACY", "MGG-DOSE-DISPENSING-START", "--by", "LKH", "--date", "2026-12-02",
        "--results", str(report),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "not checked" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # one line per rule: where, and the tags
    poly, dose = lines
    tags = "@godkendt-af:LKH @godkendt-dato:2026-12-02 @regel-digest:"
    assert poly.startswith("MGG-POLYPHARMACY: ") and "polyfarmaci.feature:2" in poly
    assert f"{tags}{tree.digest('MGG-POLYPHARMACY')}" in poly
    assert dose.startswith("MGG-DOSE-DISPENSING-START: ") and "dosisdispensering.feature:" in dose
    assert f"{tags}{tree.digest('MGG-DOSE-DISPENSING-START')}" in dose
    status = tree.signoff_status()
    assert status.exit_code == 6  # the others are not approved yet
    rows = {line.split()[0]: line for line in status.stdout.splitlines() if line.strip()}
    for item in ("MGG-POLYPHARMACY", "MGG-DOSE-DISPENSING-START"):
        assert " godkendt " in rows[item] and "LKH" in rows[item] and "2026-12-02" in rows[item]
    unsigned_except(tree.status(), {"MGG-POLYPHARMACY", "MGG-DOSE-DISPENSING-START"})


def test_without_results_it_signs_and_warns_that_the_scenarios_were_not_checked(
    tree: Tree,
) -> None:
    """Signing without --results signs, dated today, but warns the scenarios were not checked."""
    result = tree.sign("MGG-ANNUAL-CHECK", "--by", "LKH")
    assert result.exit_code == 0, result.stderr
    assert "warning: the scenarios were not checked (no --results)" in result.stderr
    today = today_in_denmark().isoformat()
    assert f"@godkendt-dato:{today}" in result.stdout  # --date defaults to today
    assert tree.status()["MGG-ANNUAL-CHECK"] == "signed"


def test_signing_one_of_two_rules_in_a_feature_leaves_the_other_unsigned(tree: Tree) -> None:
    """kontroller-og-besoeg.feature specifies three rules: the tags go on the scenarios."""
    result = tree.sign("MGG-OUTREACH-VISIT", "--by", "LKH", "--date", "2026-12-02")
    assert result.exit_code == 0, result.stderr
    unsigned_except(tree.status(), {"MGG-OUTREACH-VISIT"})
    feature = next(
        f for f in read_features(tree.features) if f.file == "kontroller-og-besoeg.feature"
    )
    assert feature.sign_off is None
    signed = {s.name for s in feature.scenarios if s.sign_off is not None}
    assert signed == {s.name for s in feature.tagged("MGG-OUTREACH-VISIT")}


def test_a_rule_is_signed_where_it_stands_alone_not_on_a_scenario_it_shares(
    tree: Tree,
) -> None:
    """overgange.feature has one scenario for both MGG-NURSING-HOME-MOVE and MGG-POLYPHARMACY;
    polyfarmaci.feature specifies MGG-POLYPHARMACY alone, so it is signed on that feature."""
    result = tree.sign("MGG-POLYPHARMACY", "--by", "LKH", "--date", "2026-12-02")
    assert result.exit_code == 0, result.stderr
    unsigned_except(tree.status(), {"MGG-POLYPHARMACY"})
    assert tree.text("polyfarmaci.feature").splitlines()[1].startswith("@godkendt-af:LKH ")
    assert "overgange.feature" not in result.stdout
    assert {n for n, b in tree.snapshot().items() if b != tree.original[n]} == {
        "polyfarmaci.feature"
    }
    # The same for two priority signals sharing a scenario in prioritet.feature.
    assert tree.sign("PRIO-NURSING-HOME", "--by", "LKH", "--date", "2026-12-02").exit_code == 0
    unsigned_except(tree.status(), {"MGG-POLYPHARMACY", "PRIO-NURSING-HOME"})


def test_the_file_changes_only_in_its_tag_lines(tree: Tree) -> None:
    """Comments (kontroller-og-besoeg.feature has some above a scenario), blank lines and
    the Danish text stay; the tags go on lines of their own."""
    names = ("overgange.feature", "dobbeltbehandling.feature", "polyfarmaci.feature",
             "kontroller-og-besoeg.feature")  # fmt: skip
    items = ("MGG-NURSING-HOME-MOVE", "DRUG-SAME-SUBSTANCE-LINES", "MGG-POLYPHARMACY",
             "MGG-MULTIMORBIDITY-OVERVIEW")  # fmt: skip
    for item in items:
        assert tree.sign(item, "--by", "LKH", "--date", "2026-12-02").exit_code == 0
    after = tree.snapshot()
    assert {n for n in after if after[n] != tree.original[n]} == set(names)
    for name in names:
        old = tree.original[name].decode().splitlines()
        new = after[name].decode().splitlines()
        changed = [d for d in difflib.ndiff(old, new) if d[:1] in "+-"]
        assert changed and all(d[2:].lstrip().startswith("@") for d in changed), changed
        # Without the lines of tags it wrote, the file is the original, byte for byte.
        kept = [line for line in after[name].decode().splitlines(keepends=True) if not signs(line)]
        assert "".join(kept).encode() == tree.original[name]


def signs(line: str) -> bool:
    """A line of sign-off tags only."""
    words = line.split()
    return bool(words) and all(SIGN_OFF_TAG.fullmatch(word) for word in words)


def test_windows_line_endings_are_kept(tree: Tree) -> None:
    """Signing a feature file with Windows line endings keeps them, on the new tag line too."""
    path = tree.features / "revurdering.feature"
    crlf = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(crlf)
    assert (
        tree.sign("DRUG-REASSESSMENT-OVERDUE", "--by", "LKH", "--date", "2026-12-02").exit_code == 0
    )
    signed = path.read_bytes()
    digest = tree.digest("DRUG-REASSESSMENT-OVERDUE")
    tags = f"@godkendt-af:LKH @godkendt-dato:2026-12-02 @regel-digest:{digest}"
    assert signed == crlf.replace(
        b"# language: da\r\n", f"# language: da\r\n{tags}\r\n".encode(), 1
    )


def test_a_changed_rule_goes_stale_and_signing_again_replaces_the_old_sign_off(
    tree: Tree,
) -> None:
    """Editing a rule makes its sign-off stale; signing it again replaces the stale sign-off."""
    both = ("MGG-NURSING-HOME-MOVE", "MGG-POLYPHARMACY")  # they share a scenario: signed there
    assert tree.sign(*both, "--by", "LKH", "--date", "2026-11-20").exit_code == 0
    old = tree.digest("MGG-POLYPHARMACY")
    family = tree.rules / "polyfarmaci.yaml"
    text = family.read_text(encoding="utf-8")
    family.write_text(
        text.replace("uden medicingennemgang det seneste år", "uden medicingennemgang i et år", 1),
        encoding="utf-8",
    )
    assert tree.digest("MGG-POLYPHARMACY") != old
    assert tree.status()["MGG-POLYPHARMACY"] == "stale"
    assert tree.signoff_status().exit_code == 6
    result = tree.sign("MGG-POLYPHARMACY", "--by", "MJ", "--date", "2026-12-02")
    assert result.exit_code == 0, result.stderr
    assert "(was stale: LKH 2026-11-20)" in result.stdout
    approval = tree.approvals()["MGG-POLYPHARMACY"]
    assert approval.status == "signed"
    assert [(s.initials, str(s.day), s.file) for s in approval.sign_offs] == [
        ("MJ", "2026-12-02", "polyfarmaci.feature")
    ]  # LKH's stale ones are gone, in both files
    assert old not in tree.text("polyfarmaci.feature") + tree.text("overgange.feature")
    assert tree.status()["MGG-NURSING-HOME-MOVE"] == "signed"  # still LKH's
    lines = tree.text("polyfarmaci.feature").splitlines()
    assert lines[1].startswith("@godkendt-af:MJ ") and lines[2] == "Egenskab: Polyfarmaci"


def test_another_clinicians_sign_off_of_a_shared_scenario_stays_for_the_other_rule(
    tree: Tree,
) -> None:
    """Re-signing one rule keeps another clinician's sign-off of the rule sharing its scenario."""
    both = ("MGG-NURSING-HOME-MOVE", "MGG-POLYPHARMACY")
    assert tree.sign(*both, "--by", "LKH", "--date", "2026-11-20").exit_code == 0
    assert tree.sign("MGG-POLYPHARMACY", "--by", "MJ", "--date", "2026-12-02").exit_code == 0
    found = tree.approvals()
    assert found["MGG-NURSING-HOME-MOVE"].status == "signed"
    assert {(s.initials, str(s.day)) for s in found["MGG-NURSING-HOME-MOVE"].sign_offs} == {
        ("LKH", "2026-11-20")
    }
    assert found["MGG-POLYPHARMACY"].status == "signed"
    assert {s.initials for s in found["MGG-POLYPHARMACY"].sign_offs} == {"MJ"}
    assert tree.digest("MGG-POLYPHARMACY") not in tree.text("overgange.feature")


def test_failing_results_refuse_and_change_nothing(
    tree: Tree, signed_run: tuple[Tree, Path], tmp_path: Path
) -> None:
    """Signing is refused when a rule's scenario failed, naming the scenario; no file changes."""
    _, report = signed_run
    document = json.loads(report.read_text(encoding="utf-8"))
    for feature in document:
        for element in feature["elements"]:
            if element["name"] == "To styrker af samme stof er ét lægemiddel":
                element["steps"][-1]["result"] = {"status": "failed", "error_message": "x"}
    failing = tmp_path / "failing.json"
    failing.write_text(json.dumps(document), encoding="utf-8")
    result = tree.sign(
        "MGG-ANNUAL-CHECK", "MGG-POLYPHARMACY", "--by", "LKH", "--results", str(failing)
    )
    assert result.exit_code == 6  # the rule cannot be approved (contract.md: not approved)
    assert "MGG-POLYPHARMACY: polyfarmaci.feature:" in result.stderr
    assert "'To styrker af samme stof er ét lægemiddel' failed" in result.stderr
    assert result.stdout == "" and tree.snapshot() == tree.original


def test_a_scenario_missing_from_the_results_refuses(
    tree: Tree, signed_run: tuple[Tree, Path], tmp_path: Path
) -> None:
    """Signing is refused when a rule's scenario is missing from the results; no file changes."""
    _, report = signed_run
    document = json.loads(report.read_text(encoding="utf-8"))
    for feature in document:
        feature["elements"] = [
            e for e in feature["elements"] if e["name"] != "Plejehjemsbeboere giver 2 point"
        ]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(document), encoding="utf-8")
    result = tree.sign("PRIO-NURSING-HOME", "--by", "LKH", "--results", str(partial))
    assert result.exit_code == 6
    assert "'Plejehjemsbeboere giver 2 point' not run" in result.stderr
    assert tree.snapshot() == tree.original


def test_an_unknown_id_is_named_with_the_close_one(tree: Tree) -> None:
    """A mistyped rule id is exit 2 with a did-you-mean suggestion, and nothing is signed."""
    result = tree.sign("MGG-POLYPHARMAC", "MGG-ANNUAL-CHECK", "--by", "LKH")
    assert result.exit_code == 2
    assert (
        "no rule or priority signal 'MGG-POLYPHARMAC' (did you mean MGG-POLYPHARMACY?)"
        in result.stderr
    )
    assert tree.snapshot() == tree.original


def test_a_rule_without_scenarios_cannot_be_signed(tree: Tree) -> None:
    """A rule that no scenario specifies cannot be signed: exit 6, saying so; no file changes."""
    for path in tree.features.glob("*.feature"):  # its scenarios now specify another rule
        text = path.read_text(encoding="utf-8")
        retagged = text.replace("@DATA-PATIENT-DECEASED", "@DATA-UNSPECIFIED-DOSAGE")
        path.write_text(retagged, encoding="utf-8")
    before = tree.snapshot()
    result = tree.sign("DATA-PATIENT-DECEASED", "--by", "LKH")
    assert result.exit_code == 6  # the rule cannot be approved (contract.md: not approved)
    assert f"no scenario in {tree.features} specifies DATA-PATIENT-DECEASED" in result.stderr
    assert tree.snapshot() == before


@pytest.mark.parametrize("initials", ["L", "L.K.H.", "LKH1", "ABCDEFGHI", "L H", ""])
def test_initials_must_be_initials(tree: Tree, initials: str) -> None:
    """--by must be 2 to 8 letters (Æ, Ø, Å too); anything else is exit 2 and nothing is signed."""
    result = tree.sign("MGG-POLYPHARMACY", "--by", initials)
    assert result.exit_code == 2
    assert "is not initials: write 2 to 8 letters A-Z, Æ, Ø or Å" in result.stderr
    assert tree.snapshot() == tree.original


def test_initials_are_written_in_capitals_danish_letters_too(tree: Tree) -> None:
    """Initials typed in lower case, Danish letters too, are signed in capitals: søå is SØÅ."""
    result = tree.sign("MGG-POLYPHARMACY", "--by", "søå", "--date", "2026-12-02")
    assert result.exit_code == 0, result.stderr
    assert "@godkendt-af:SØÅ " in tree.text("polyfarmaci.feature")
    assert tree.approvals()["MGG-POLYPHARMACY"].latest.initials == "SØÅ"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-30", "is no date: day is out of range"),
        ("02-12-2026", "is not written YYYY-MM-DD"),
        ("i dag", "is not written YYYY-MM-DD"),
        ("tomorrow", "is not written YYYY-MM-DD"),
    ],
)
def test_the_date_must_be_a_real_date(tree: Tree, day: str, message: str) -> None:
    """A --date that is not a real YYYY-MM-DD date is exit 2, saying why, and nothing is signed."""
    result = tree.sign("MGG-POLYPHARMACY", "--by", "LKH", "--date", day)
    assert result.exit_code == 2 and message in result.stderr
    assert tree.snapshot() == tree.original


def test_the_date_may_be_today_but_not_tomorrow(tree: Tree) -> None:
    """A sign-off may be dated today, but a future date is exit 2 and nothing is signed."""
    today = today_in_denmark()
    tomorrow = (today + timedelta(days=1)).isoformat()
    result = tree.sign("MGG-POLYPHARMACY", "--by", "LKH", "--date", tomorrow)
    assert result.exit_code == 2 and f"--date {tomorrow} lies in the future" in result.stderr
    assert tree.snapshot() == tree.original
    assert tree.sign("MGG-POLYPHARMACY", "--by", "LKH", "--date", today.isoformat()).exit_code == 0


LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
from medreview.cli import main
sys.argv = ["medreview", *sys.argv[1:]]
main()
"""


def test_a_feature_file_that_cannot_be_written_is_exit_5_and_nothing_changes(tree: Tree) -> None:
    """The real command, in a process that may write no file over 1,000 bytes."""
    done = subprocess.run(
        [
            sys.executable, "-c", LIMITED, "rules", "sign", "MGG-POLYPHARMACY", "--by", "LKH",
            "--rules", str(tree.rules), "--features", str(tree.features),
        ],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 5, done.stderr
    path = tree.features / "polyfarmaci.feature"
    assert f"cannot write {path}: File too large" in done.stderr
    assert tree.snapshot() == tree.original  # no temporary file left either


def test_files_are_replaced_only_once_every_one_is_written(tree: Tree) -> None:
    """Two files to write, and the second cannot be: the first is left as it was too."""
    plan = plan_sign(
        load_ruleset(tree.rules),
        tree.features,
        ["MGG-POLYPHARMACY", "MGG-ANNUAL-CHECK"],  # two feature files
        by="LKH",
        day="2026-12-02",
        results=None,
        today=today_in_denmark(),
    )
    assert len(plan.texts) == 2
    moved = tree.features.parent / "elsewhere"
    second = sorted(plan.texts)[1]
    broken = {path if path != second else moved / path.name: t for path, t in plan.texts.items()}
    with pytest.raises(OutputError) as refused:
        write_whole(broken)
    assert str(moved) in refused.value.message
    assert tree.snapshot() == tree.original  # no temporary file left either


def test_signing_the_same_again_changes_nothing(tree: Tree) -> None:
    """Signing the same rules again says they were signed already and leaves the files alone."""
    args = ("MGG-POLYPHARMACY", "MGG-NURSING-HOME-MOVE", "--by", "LKH", "--date", "2026-12-02")
    assert tree.sign(*args).exit_code == 0
    once = tree.snapshot()
    again = tree.sign(*args)
    assert again.exit_code == 0 and "(was signed off: LKH 2026-12-02)" in again.stdout
    assert tree.snapshot() == once


def test_a_hand_written_sign_off_beside_the_rule_tag_is_replaced(tree: Tree) -> None:
    """The tags a clinician typed after the rule's tag: only those words go."""
    path = tree.features / "risikolaegemidler.feature"
    rule_line = "  @DRUG-NSAID-ELDERLY\n  Scenarie: NSAID i hjemmeplejen"
    text = path.read_text(encoding="utf-8")
    assert rule_line in text
    typed = "  @DRUG-NSAID-ELDERLY   @godkendt-af:MJ @godkendt-dato:2026-01-05 @regel-digest:"
    typed_line = typed + "0123456789ab\n  Scenarie: NSAID i hjemmeplejen"
    path.write_text(text.replace(rule_line, typed_line), encoding="utf-8")
    assert tree.status()["DRUG-NSAID-ELDERLY"] == "stale"
    result = tree.sign("DRUG-NSAID-ELDERLY", "--by", "LKH", "--date", "2026-12-02")
    assert result.exit_code == 0, result.stderr
    assert "(was stale: MJ 2026-01-05)" in result.stdout
    signed = path.read_text(encoding="utf-8")
    assert "  @godkendt-af:LKH @godkendt-dato:2026-12-02 @regel-digest:" in signed
    kept = [line for line in signed.splitlines(keepends=True) if not signs(line)]
    assert "".join(kept) == text  # the typed tags gone, the rule's tag line as it was
    unsigned_except(tree.status(), {"DRUG-NSAID-ELDERLY"})
