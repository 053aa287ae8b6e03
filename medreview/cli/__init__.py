"""The ``medreview`` command: turns the library's answers into output and exit codes.

One module per command group: check.py, scan.py, serve.py (with dev-ehr and feedback),
samples.py, rules.py (list, show, validate, catalogue, facts) and signoff.py
(signoff-status, sign); common.py holds what they share.

Exit codes (contract.md): 0 evaluated, 2 bad usage, 3 input that cannot be
evaluated (also one larger than --max-bytes or --max-entries), 4 a rule set that
does not load, 5 the output cannot be written, 6 ``rules signoff-status``: the rule
set is not approved; 1 is reserved for medreview's own bugs.
"""

from __future__ import annotations

from typing import Annotated

import typer

# Each module registers its commands on the groups of common.py when imported. Each
# command imports what it uses when it runs (rich, the rule set, fhir.resources,
# durable-rules, the service), so that `medreview --help` and a typo cost no more than
# typer: tests/cli/test_cli.py checks what --help imports, benchmarks/bench_startup.py times it.
from medreview.cli import check, rules, samples, scan, serve, signoff  # noqa: F401
from medreview.cli.common import app

__all__ = ["app", "main"]


def _show_version(value: bool) -> None:
    if value:
        from medreview import __version__

        typer.echo(f"medreview {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print medreview's version and exit.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
) -> None:
    """The options before a command."""


def main() -> None:
    """The console script."""
    app()
