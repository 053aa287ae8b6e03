"""The rule catalogue and clinicians' sign-off: statuses, the signoff-status gate, the page.

The sign-offs here are written into a copy of features/: the real specifications
carry no sign-off, as no clinician has approved them yet.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FEATURES, ROOT, RULES
from support.browser import needs_browser, rendered
from typer.testing import CliRunner

from medreview import load_ruleset
from medreview.approval.signoff import approvals, read_results
from medreview.approval.specs import read_features
from medreview.cli import app

RULESET = load_ruleset()
EVERY_ID = sorted([*RULESET.by_id, *RULESET.signal_by_id])


def digest(item_id: str) -> str:
    item = RULESET.by_id.get(item_id) or RULESET.signal_by_id[item_id]
    return item.digest[:12]


def sign(path: Path, tags: str) -> None:
    """Put sign-off tags on the feature (the line above 'Egenskab:')."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Egenskab:", f"{tags}\nEgenskab:", 1), encoding="utf-8")


def sign_everything(features: Path) -> None:
    """Each feature signed for the current digest of every rule it specifies."""
    for feature in read_features(features):
        covered = {i for s in feature.scenarios for i in s.tags if i in EVERY_ID}
        digests = " ".join(f"@regel-digest:{digest(i)}" for i in sorted(covered))
        sign(feature.path, f"@godkendt-af:LKH @godkendt-dato:2026-11-20 {digests}")


@pytest.fixture
def features(tmp_path: Path) -> Path:
    copy = tmp_path / "features"
    shutil.copytree(FEATURES, copy)
    return copy


def status(features: Path, results: Path | None = None) -> dict[str, str]:
    run = read_results(results) if results else None
    return {
        a.id: a.status + (" failing" if a.failing else "")
        for a in approvals(RULESET, read_features(features), run)
    }


def test_the_shipped_specs_are_not_yet_signed_off() -> None:
    """Honest: nobody has approved them, and the gate says so."""
    found = status(FEATURES)
    assert set(found) == set(EVERY_ID)
    assert set(found.values()) == {"unsigned"}
    result = CliRunner().invoke(app, ["rules", "signoff-status"])
    assert result.exit_code == 6  # not approved (contract.md)
    assert f"{len(EVERY_ID)} of {len(EVERY_ID)} rules and signals are not approved" in result.stderr


def test_a_sign_off_for_the_current_digest_approves_and_another_digest_is_stale(
    features: Path,
) -> None:
    """A sign-off of the rule as it is now approves it; one of an older version shows as stale."""
    sign(
        features / "polyfarmaci.feature",
        f"@godkendt-af:AB @godkendt-dato:2026-11-20 @regel-digest:{digest('MGG-POLYPHARMACY')}",
    )
    sign(
        features / "revurdering.feature",
        "@godkendt-af:AB @godkendt-dato:2025-01-10 @regel-digest:0123456789ab",
    )
    found = status(features)
    assert found["MGG-POLYPHARMACY"] == "signed"
    assert found["DRUG-REASSESSMENT-OVERDUE"] == "stale"
    assert found["MGG-ANNUAL-CHECK"] == "unsigned"


def test_a_sign_off_on_a_scenario_covers_the_rules_it_tags(features: Path) -> None:
    """A sign-off on one scenario approves the rule it tags, not other rules in that feature."""
    path = features / "risikolaegemidler.feature"
    text = path.read_text(encoding="utf-8")
    nsaid = digest("DRUG-NSAID-ELDERLY")
    text = text.replace(
        "  @DRUG-NSAID-ELDERLY\n  Scenarie: NSAID i hjemmeplejen",
        f"  @DRUG-NSAID-ELDERLY @godkendt-af:MJ @godkendt-dato:2026-11-21 @regel-digest:{nsaid}\n"
        "  Scenarie: NSAID i hjemmeplejen",
    )
    path.write_text(text, encoding="utf-8")
    found = status(features)
    assert found["DRUG-NSAID-ELDERLY"] == "signed"
    assert found["DRUG-HABIT-FORMING-REASSESSMENT"] == "unsigned"


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        ("@godkendt-af:AB @regel-digest:0123456789ab", "@godkendt-dato:<ÅÅÅÅ-MM-DD> skal stå"),
        ("@godkendt-af:AB @godkendt-dato:2026-13-01 @regel-digest:0123456789ab", "er ikke en dato"),
        ("@godkendt-af:AB @godkendt-dato:2026-11-20", "@regel-digest:<12 hex-tegn> mangler"),
        ("@godkendt-af:a @godkendt-dato:2026-11-20 @regel-digest:0123456789ab", "2-8 store"),
    ],
)
def test_a_malformed_sign_off_is_incomplete_and_says_why(
    features: Path, tags: str, problem: str
) -> None:
    """A sign-off with a missing or bad date, digest or initials is incomplete and says which."""
    sign(features / "polyfarmaci.feature", tags)
    (approval,) = [
        a for a in approvals(RULESET, read_features(features)) if a.id == "MGG-POLYPHARMACY"
    ]
    assert approval.status == "incomplete"
    assert approval.latest is not None
    assert any(problem in p for p in approval.latest.problems), approval.latest.problems


def test_signoff_status_says_why_a_sign_off_is_incomplete(features: Path) -> None:
    """signoff-status exits 6, naming the feature file and each fault of an incomplete sign-off."""
    sign(features / "polyfarmaci.feature", "@godkendt-af:AB @godkendt-dato:2026-13-01")
    result = CliRunner().invoke(app, ["rules", "signoff-status", "--features", str(features)])
    assert result.exit_code == 6  # not approved (contract.md)
    assert "polyfarmaci.feature:" in result.stderr
    assert "@godkendt-dato:2026-13-01 er ikke en dato" in result.stderr
    assert "@regel-digest:<12 hex-tegn> mangler" in result.stderr


def test_signoff_status_exits_0_only_when_every_rule_is_signed(features: Path) -> None:
    """With every rule signed, signoff-status exits 0 and lists who signed each and when."""
    sign_everything(features)
    result = CliRunner().invoke(app, ["rules", "signoff-status", "--features", str(features)])
    assert result.exit_code == 0, result.stderr
    assert f"all {len(EVERY_ID)} rules and signals are signed off" in result.stderr
    assert "LKH" in result.stdout and "2026-11-20" in result.stdout


@pytest.fixture(scope="module")
def last_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real cucumber report: the specs run by pytest-bdd in a child process."""
    report = tmp_path_factory.mktemp("run") / "cucumber.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/approval/test_specs.py",
            f"--cucumberjson={report}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    return report


def failing_copy(report: Path, tmp_path: Path, feature: str, scenario: str) -> Path:
    """The report, with one scenario's last step failed as a broken rule would fail it."""
    document = json.loads(report.read_text(encoding="utf-8"))
    for item in document:
        if Path(item["uri"]).name == feature:
            for element in item["elements"]:
                if element["name"] == scenario:
                    element["steps"][-1]["result"] = {"status": "failed", "error_message": "x"}
    copy = tmp_path / "failing.json"
    copy.write_text(json.dumps(document), encoding="utf-8")
    return copy


def test_the_last_run_shows_and_a_failing_scenario_blocks_its_rule(
    features: Path, last_run: Path, tmp_path: Path
) -> None:
    """A failing scenario in the results blocks its signed rule; the other rules stay signed."""
    sign_everything(features)
    passing = status(features, last_run)
    assert set(passing.values()) == {"signed"}, "every scenario passed in the last run"
    failing = failing_copy(
        last_run, tmp_path, "polyfarmaci.feature", "To styrker af samme stof er ét lægemiddel"
    )
    found = status(features, failing)
    assert found["MGG-POLYPHARMACY"] == "signed failing"
    assert found["MGG-ANNUAL-CHECK"] == "signed"
    result = CliRunner().invoke(
        app, ["rules", "signoff-status", "--features", str(features), "--results", str(failing)]
    )
    assert result.exit_code == 6  # not approved (contract.md)
    assert "1 fejler" in result.stdout
    assert "1 of" in result.stderr and "MGG-POLYPHARMACY" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "not JSON, so not a cucumber report"), ('{"a": 1}', "a JSON list of features")],
)
def test_a_bad_results_file_is_refused_with_its_name(
    tmp_path: Path, content: str, message: str
) -> None:
    """A results file that is not a cucumber report is exit 3, naming the file and the fault."""
    bad = tmp_path / "results.json"
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "signoff-status", "--results", str(bad)])
    assert result.exit_code == 3
    assert str(bad) in result.stderr and message in result.stderr


def test_a_broken_feature_file_is_refused_with_its_name(features: Path, tmp_path: Path) -> None:
    """A feature file that is not valid Gherkin is exit 3 with its name; no page is written."""
    broken = features / "polyfarmaci.feature"
    broken.write_text(
        '# language: da\nEgenskab: x\n  Scenarie: y\n    Givet x\n      """\n', encoding="utf-8"
    )
    page = tmp_path / "catalogue.html"
    result = CliRunner().invoke(
        app, ["rules", "catalogue", "--features", str(features), "--out", str(page)]
    )
    assert result.exit_code == 3 and not page.exists()
    assert "polyfarmaci.feature: not valid Gherkin" in result.stderr


# --- the page, in a real browser ----------------------------------------------------------


@needs_browser
def test_the_catalogue_renders_every_rule_and_flags_what_is_not_approved(
    features: Path, last_run: Path, tmp_path: Path
) -> None:
    """The catalogue page shows every rule and flags the stale and failing ones as not approved."""
    sign_everything(features)
    # DD-AS-NEEDED-IN-DD was approved in an earlier version of the rule: stale.
    path = features / "dosisdispensering.feature"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(digest("DD-AS-NEEDED-IN-DD"), "0123456789ab"), encoding="utf-8")
    failing = failing_copy(last_run, tmp_path, "dobbeltbehandling.feature", "To protonpumpehæmmere")
    page = tmp_path / "catalogue.html"
    result = CliRunner().invoke(
        app,
        [
            "rules", "catalogue", "--out", str(page),
            "--features", str(features), "--results", str(failing),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "2 not approved" in result.stderr
    dom = rendered(page, tmp_path)
    assert 'data-ready="true"' in dom  # the page's script ran
    articles = dict(re.findall(r"<article id=\"([A-Z0-9-]+)\"[^>]*data-status=\"(\w+)\"", dom))
    assert sorted(articles) == EVERY_ID  # every rule and signal in rules/
    assert articles["DD-AS-NEEDED-IN-DD"] == "stale"
    stale = dom.split('id="DD-AS-NEEDED-IN-DD"')[1].split("</article>")[0]
    assert "forældet: reglen er ændret siden godkendelsen" in stale
    assert "0123456789ab" in stale and digest("DD-AS-NEEDED-IN-DD") in stale
    duplication = dom.split('id="DRUG-THERAPEUTIC-DUPLICATION"')[1].split("</article>")[0]
    assert 'data-blocking="true"' in dom.split('id="DRUG-THERAPEUTIC-DUPLICATION"')[1][:200]
    assert "scenarier fejler" in duplication and "fejler</span>" in duplication
    polypharmacy = dom.split('id="MGG-POLYPHARMACY"')[1].split("</article>")[0]
    assert "godkendt</span>" in polypharmacy and "LKH" in polypharmacy
    # the condition in plain words, the quoted source, and the scenarios as Gherkin
    assert "antal forskellige lægemidler i fast behandling er over 6" in polypharmacy
    assert "different drugs in fixed treatment is above 6" in polypharmacy
    assert "mere end 6 forskellige lægemidler i døgnet" in polypharmacy
    assert "Scenarie: 6 forskellige faste lægemidler er ikke polyfarmaci" in polypharmacy
    assert polypharmacy.count("bestået") >= 7
    totals = dict(re.findall(r'data-total="(\w+)">(\d+)<', dom))
    assert totals == {
        "signed": str(len(EVERY_ID) - 1),
        "unsigned": "0",
        "stale": "1",
        "failing": "1",
    }


@needs_browser
def test_the_catalogue_needs_no_network(tmp_path: Path) -> None:
    """The catalogue page works offline: it loads no script, stylesheet or link from elsewhere."""
    page = tmp_path / "catalogue.html"
    result = CliRunner().invoke(app, ["rules", "catalogue", "--out", str(page)])
    assert result.exit_code == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)=["\']?(https?:)?//', text)
    assert "<script src" not in text and "<link" not in text
    assert 'data-ready="true"' in rendered(page, tmp_path)


# --- the order and the index: what matters first --------------------------------------------


def catalogue(tmp_path: Path, *args: str) -> str:
    page = tmp_path / "catalogue.html"
    result = CliRunner().invoke(app, ["rules", "catalogue", "--out", str(page), *args])
    assert result.exit_code == 0, result.stderr
    return page.read_text(encoding="utf-8")


def test_the_catalogue_opens_with_the_medication_review_rules(tmp_path: Path) -> None:
    """The catalogue opens with the medication-review rules, strongest first; signals come last."""
    page = catalogue(tmp_path)
    articles = re.findall(r"<article id='([A-Z0-9-]+)'", page)
    index = re.findall(r"<tr data-rule='([A-Z0-9-]+)'", page)
    assert sorted(articles) == EVERY_ID and index == articles  # the index in page order
    assert articles[0].startswith("MGG-")
    families = [item.split("-")[0] for item in articles]
    assert list(dict.fromkeys(families)) == ["MGG", "DD", "DRUG", "DATA", "PRIO"]
    # The strongest level first within a family; the signal worth the most points first.
    strength = {"required": 3, "recommended": 2, "optional": 1, "info": 0}
    mgg = [strength[RULESET.by_id[i].level] for i in articles if i.startswith("MGG-")]
    assert mgg == sorted(mgg, reverse=True) and mgg[0] == 3
    points = [RULESET.signal_by_id[i].points for i in articles if i.startswith("PRIO-")]
    assert points == sorted(points, reverse=True)
    headings = re.findall(r"<h2 class=family-title>([^<]+)<", page)
    assert headings[0].strip() == "Medicingennemgang" and headings[-1].strip() == "Prioritetstegn"


def index_row(dom: str, item: str) -> dict[str, str]:
    """The index row of one rule, cell by cell, as text."""
    row = re.search(rf'<tr data-rule="{item}"[^>]*>(.*?)</tr>', dom, flags=re.DOTALL)
    assert row, item
    cells = re.findall(r'<td data-col="(\w+)">(.*?)</td>', row.group(1), flags=re.DOTALL)
    text = {name: re.sub(r"<(?!br)[^>]+>", "", html).replace("<br>", " ") for name, html in cells}
    return {name: " ".join(words.split()) for name, words in text.items()}


@needs_browser
def test_the_index_shows_each_rules_task_owner_due_results_and_sign_off(
    features: Path, last_run: Path, tmp_path: Path
) -> None:
    """The catalogue's index gives each rule's task, owner, deadline, test results and sign-off."""
    signed = CliRunner().invoke(
        app,
        ["rules", "sign", "MGG-POLYPHARMACY", "--by", "LKH", "--date", "2026-12-02",
         "--results", str(last_run), "--features", str(features)],
    )  # fmt: skip
    assert signed.exit_code == 0, signed.stderr
    failing = failing_copy(
        last_run, tmp_path, "dosisdispensering.feature", "Efter starten er fristen 28 dage"
    )
    catalogue(tmp_path, "--features", str(features), "--results", str(failing))
    dom = rendered(tmp_path / "catalogue.html", tmp_path)
    scenarios = {a.id: len(a.scenarios) for a in approvals(RULESET, read_features(features))}
    poly = index_row(dom, "MGG-POLYPHARMACY")
    assert poly["rule"] == "MGG-POLYPHARMACY Polyfarmaci uden medicingennemgang det seneste år"
    assert poly["action"] == "medicingennemgang"
    assert poly["owner"] == "den ansvarlige læge"
    assert poly["due"] == "inden for 28 dage"
    assert poly["results"] == f"{scenarios['MGG-POLYPHARMACY']} bestået"
    assert poly["signoff"] == "godkendt"
    start = index_row(dom, "MGG-DOSE-DISPENSING-START")
    assert start["due"] == "hændelsens dato (hvis forude), ellers inden for 28 dage"
    assert start["results"] == f"{scenarios['MGG-DOSE-DISPENSING-START'] - 1} bestået, 1 fejler"
    assert start["signoff"] == "ikke godkendt scenarier fejler"
    deregister = index_row(dom, "DD-DEREGISTER-ON-ADMISSION")
    assert (deregister["action"], deregister["owner"], deregister["due"]) == (
        "afmeld dosisdispensering", "indlæggende hospital", "straks",
    )  # fmt: skip
    assert index_row(dom, "DATA-PATIENT-DECEASED")["action"] == "ingen opgave"
    signal = index_row(dom, "PRIO-NURSING-HOME")
    assert signal["level"] == "prioritetstegn, 2 point" and signal["action"] == "-"


def test_without_results_the_index_says_not_run(tmp_path: Path) -> None:
    """Without test results the index says a rule's scenarios were not run (ikke kørt)."""
    page = catalogue(tmp_path)
    row = page.split("<tr data-rule='MGG-ANNUAL-CHECK'")[1].split("</tr>")[0]
    shipped = {a.id: a for a in approvals(RULESET, read_features(FEATURES))}
    count = len(shipped["MGG-ANNUAL-CHECK"].scenarios)
    assert f"data-not-run={count}>{count} ikke kørt<" in row


def test_the_page_escapes_what_the_rule_files_say(tmp_path: Path) -> None:
    """HTML in a rule's title shows as plain text in the catalogue and never runs as a script."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    family = rules / "polyfarmaci.yaml"
    hostile = "<script>alert('x')</script> & \"Polyfarmaci\""
    text = family.read_text(encoding="utf-8")
    family.write_text(
        text.replace(
            "da: Polyfarmaci uden medicingennemgang det seneste år",
            f"da: '{hostile.replace(chr(39), chr(39) * 2)}'",
            1,
        ),
        encoding="utf-8",
    )
    page = catalogue(tmp_path, "--rules", str(rules))
    assert "<script>alert" not in page
    row = page.split("<tr data-rule='MGG-POLYPHARMACY'")[1].split("</tr>")[0]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Polyfarmaci&quot;" in row
