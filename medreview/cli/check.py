"""``medreview check``: the assessment of one patient."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from medreview.cli.common import (
    AsOfOption,
    MaxBytesOption,
    MaxEntriesOption,
    RulesOption,
    app,
    exit_codes,
    limits_of,
    make_console,
    parse_as_of,
    write_stdout,
    writing_stdout,
)
from medreview.read.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES


class Format(StrEnum):
    text = "text"
    json = "json"
    fhir = "fhir"


@app.command()
def check(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="One patient's Bundle: .json or .json.gz; - reads stdin."
        ),
    ],
    as_of: AsOfOption = None,
    output: Annotated[
        Format,
        typer.Option("--format", help="text for people, json for the contract's assessment."),
    ] = Format.text,
    rules: RulesOption = None,
    max_bytes: MaxBytesOption = f"{DEFAULT_MAX_BYTES >> 20}M",
    max_entries: MaxEntriesOption = DEFAULT_MAX_ENTRIES,
) -> None:
    """Evaluate one patient: is a medication review due, by whom, by when, and why."""
    day = parse_as_of(as_of)
    limits = limits_of(max_bytes, max_entries)
    with exit_codes():
        from medreview.engine import Engine  # imports fhir.resources: only when evaluating

        engine = Engine(rules, limits=limits)
        evaluation = engine.explain(Path(path), as_of=day)  # Path("-") reads standard input
        if output is Format.json:
            write_stdout(evaluation.assessment.to_json(indent=True) + b"\n")
        elif output is Format.fhir:
            import orjson

            from medreview.render.fhir import workflow_bundle

            bundle = workflow_bundle(evaluation.assessment.to_dict(), engine.ruleset)
            write_stdout(orjson.dumps(bundle, option=orjson.OPT_INDENT_2) + b"\n")
        else:
            from medreview.render.text import render

            with writing_stdout():
                render(evaluation, make_console())
