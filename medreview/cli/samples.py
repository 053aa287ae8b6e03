"""``medreview samples generate``: a synthetic population."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from medreview.cli.common import (
    exit_codes,
    parse_as_of,
    samples_app,
    usage_error,
)


@samples_app.command("generate")
def samples_generate(
    patients: Annotated[int, typer.Option("--patients", min=1, help="How many patients.")],
    out: Annotated[
        Path, typer.Option("--out", help="An .ndjson or .ndjson.gz file to write.", dir_okay=False)
    ],
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same bytes.")] = 1,
    around: Annotated[
        str,
        typer.Option(
            "--around",
            metavar="YYYY-MM-DD",
            help="The date the population's events are placed around; scan with --as-of it.",
        ),
    ] = "2026-06-15",
    narrative: Annotated[
        bool,
        typer.Option(
            "--narrative/--no-narrative",
            help="Give each resource a generated narrative, as exported FHIR has.",
        ),
    ] = True,
) -> None:
    """Write a synthetic Danish population of nursing-home residents and home-care patients."""
    if not out.name.endswith((".ndjson", ".ndjson.gz")):
        usage_error(f"{out}: --out must end in .ndjson or .ndjson.gz")
    day = parse_as_of(around, "--around")
    with exit_codes():
        from medreview.samples.population import PopulationOptions, write

        count = write(
            PopulationOptions(
                patients=patients, seed=seed, around=day or date(2026, 6, 15), narrative=narrative
            ),
            out,
        )
        typer.echo(f"wrote {count:,} patients to {out}", err=True)
