"""The README tells the truth: its commands, its output and its Python example run as shown."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

from conftest import ROOT
from typer.testing import CliRunner

from medreview.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_opens_with_the_two_commands() -> None:
    """Two commands: make and activate a venv (PEP 668 systems), install and check; test."""
    first = _blocks("sh")[0].strip().splitlines()
    assert len(first) == 2
    assert first[0].startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert " pip install . && medreview check fhir_samples/" in first[0]
    assert first[1] == "pip install -e '.[test]' && pytest"
    words = first[0].split()
    sample = words[words.index("check") + 1]
    assert (ROOT / sample).is_file()
    # CI installs with the same build flags, and runs the second command as written.
    flags = next(word for word in words if word.startswith("CPPFLAGS="))
    ci = (ROOT / ".ci" / "run").read_text()
    assert flags in ci and "pip install -e '.[test]' && pytest" in ci


def test_every_command_is_in_the_readme() -> None:
    """Each command a user can type, `medreview --version` too, is shown in the README."""
    from typer.main import get_command

    def leaves(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        subs = getattr(command, "commands", {})
        if not subs:
            return [path]
        return [leaf for name, sub in subs.items() for leaf in leaves(sub, (*path, name))]

    missing = [
        " ".join(path)
        for path in [*leaves(get_command(app)), ("--version",)]
        if f"medreview {' '.join(path)}" not in README
    ]
    assert not missing, f"not in README.md: {missing}"


def test_the_shown_json_is_what_check_prints() -> None:
    """The README's JSON is the real assessment of the sample it names (digest aside)."""
    shown = json.loads(_blocks("json")[0])
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(ROOT / "fhir_samples/02-indlagt-dosisdispensering.json"),
            "--as-of",
            "2026-06-15",
            "--format",
            "json",
        ],
    )
    actual = json.loads(result.stdout)
    shown["ruleset"].pop("digest")
    actual["ruleset"].pop("digest")
    assert shown == actual


def test_the_shown_text_is_what_check_prints() -> None:
    """The verdict panel and drug table in the README match the real text output."""
    shown = README.split("```\n$ medreview check fhir_samples/01", 1)[1].split("```", 1)[0]
    result = CliRunner(env={"COLUMNS": "100"}).invoke(
        app,
        ["check", str(ROOT / "fhir_samples/01-plejehjem-fast-laege.json"), "--as-of", "2026-06-15"],
    )
    actual = [line.rstrip() for line in result.stdout.splitlines()]
    for line in actual:
        assert line in shown, f"the README does not show: {line!r}"


def test_the_python_example_runs() -> None:
    """The README's Python example runs as written and prints the review its comment shows."""
    code = _blocks("python")[0]
    output = io.StringIO()
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(output):
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(previous)
    assert output.getvalue().splitlines()[0] == "recommended admitting-hospital 2026-07-13"


def test_the_scan_commands_run(tmp_path: Path) -> None:
    """Every `medreview scan` and `samples generate` line of the README works as written."""
    import shlex

    block = next(b for b in _blocks("sh") if "medreview scan" in b)
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        for line in block.strip().splitlines():
            words = shlex.split(line.replace("../shared", str(ROOT.parent / "shared")))
            assert words[0] == "medreview"
            result = CliRunner().invoke(
                app, [*words[1:], "--quiet"] if words[1] == "scan" else words[1:]
            )
            assert result.exit_code == 0, (line, result.stderr)
    finally:
        os.chdir(previous)
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (
        (tmp_path / "worklist.csv").read_text(encoding="utf-8").startswith("priority,owner_sector,")
    )
    assert len((tmp_path / "assessments.ndjson").read_bytes().splitlines()) == 20000


def test_the_readme_patient_view_call_gives_the_cards_shown(tmp_path: Path) -> None:
    """The README's CDS Hooks request, sent to the real service, gives the README's cards."""
    from datetime import date

    import httpx
    from support.service_harness import running_service

    section = README.split("## Inside the EHR", 1)[1]
    request, cards = (
        json.loads(block) for block in re.findall(r"```json\n(.*?)```", section, re.DOTALL)[:2]
    )
    # The cards link into the catalogue at the URL the README's service runs at.
    with running_service(tmp_path, None, base_url="http://127.0.0.1:8000") as service:
        assert service.settings.as_of == date(2026, 6, 15)
        answer = httpx.post(
            service.endpoint("/cds-services/medreview-patient-view"), json=request
        ).json()
    for card in answer["cards"]:
        card["uuid"] = "…"
        for suggestion in card.get("suggestions", []):
            suggestion["uuid"] = "…"
    assert answer == cards


def test_the_readme_service_commands_work_on_a_fresh_checkout(tmp_path: Path) -> None:
    """The section's three lines, run as written (on a free port): the cards come back."""
    import shutil
    import socket
    import subprocess
    import sys
    import threading

    section = README.split("## Inside the EHR", 1)[1]
    create, serve, curl = _blocks_in(section, "sh")[0].strip().splitlines()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    (tmp_path / "fhir_samples").symlink_to(ROOT / "fhir_samples")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    assert shutil.which("curl"), "curl is needed for the README's call"
    made = subprocess.run(create, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert serve.endswith(" &")
    server = subprocess.Popen(
        f"exec {serve.removesuffix(' &')} --port {port}",  # exec: terminate stops it
        shell=True,
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        for line in server.stderr:  # wait for uvicorn to say it listens
            if "Uvicorn running on" in line:
                break
        threading.Thread(target=server.stderr.read, daemon=True).start()  # keep the pipe empty
        answer = subprocess.run(
            curl.replace(":8000/", f":{port}/"),
            shell=True,
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
    cards = json.loads(answer.stdout)["cards"]
    assert cards[0]["summary"].startswith("Medicingennemgang anbefalet, frist 13. juli 2026")


def _blocks_in(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)
