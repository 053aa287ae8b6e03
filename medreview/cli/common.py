"""What every command shares: the exit codes, the command groups, the options that several
commands take, and the writing of output and errors."""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from medreview.errors import InputError, OutputError, RuleSetError
from medreview.read.limits import Limits

# Each command imports what it uses when it runs (rich, the rule set, fhir.resources,
# durable-rules, the service), so that `medreview --help` and a typo cost no more than
# typer: tests/cli/test_cli.py checks what --help imports, benchmarks/bench_startup.py times it.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from medreview.approval.signoff import Approval, Results
    from medreview.approval.specs import Feature
    from medreview.rules.model import RuleSet


# Exit codes (contract.md); 0 evaluated, 2 bad usage (typer's own).
EXIT_INPUT = 3
EXIT_RULES = 4
EXIT_OUTPUT = 5
EXIT_NOT_APPROVED = 6
EXIT_BUG = 1

# The command and its groups; each cli module adds its commands to them.
app = typer.Typer(
    name="medreview",
    help="Decide from a patient's FMK medication card (FHIR R4) whether a medication review "
    "(medicingennemgang) is due, and who owns each task.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(
    help="List, show, check and sign off the rule set.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(rules_app, name="rules")
feedback_app = typer.Typer(
    help="What clinicians did with the service's cards.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(feedback_app, name="feedback")
samples_app = typer.Typer(
    help="Make synthetic patients for demonstrations and benchmarks.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(samples_app, name="samples")
dev_ehr_app = typer.Typer(
    help="A development EHR (key pair, JWKS, signed calls) for trying `medreview serve` "
    "without a real one. Never in production.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(dev_ehr_app, name="dev-ehr")


def parse_as_of(value: str | None, option: str = "--as-of") -> date | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not written YYYY-MM-DD", param_hint=option)
    try:
        return date.fromisoformat(value)
    except ValueError as error:  # written so, but no date: say what is wrong with it
        raise typer.BadParameter(f"{value!r} is no date: {error}", param_hint=option) from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="The evaluation date. Default: today in Europe/Copenhagen.",
    ),
]


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="A rule directory to use instead of the shipped rule set.",
        file_okay=False,
        show_default=False,
    ),
]


MaxBytesOption = Annotated[
    str,
    typer.Option(
        "--max-bytes",
        metavar="BYTES",
        help="The largest bundle (or NDJSON line) read, as JSON once decompressed: bytes, or "
        "with K, M or G (KiB, MiB, GiB). A larger one is refused (exit 3) without being read "
        "further.",
    ),
]


MaxEntriesOption = Annotated[
    int,
    typer.Option(
        "--max-entries",
        metavar="N",
        min=1,
        help="The most entries one bundle may have; one with more is refused (exit 3) before "
        "any entry is validated.",
    ),
]


BYTES_PATTERN = re.compile(r"^(?P<number>\d+)\s*(?:(?P<unit>[KMG])(?:i?B)?|B)?$", re.IGNORECASE)


def limits_of(max_bytes: str, max_entries: int) -> Limits:
    found = BYTES_PATTERN.match(max_bytes.strip())
    if not found or int(found["number"]) < 1:
        raise typer.BadParameter(
            f"{max_bytes!r} is not a size: write bytes, or e.g. 64M or 1G", param_hint="--max-bytes"
        )
    shift = {"": 0, "K": 10, "M": 20, "G": 30}[(found["unit"] or "").upper()]
    return Limits(max_bytes=int(found["number"]) << shift, max_entries=max_entries)


def check_out_folder(out: Path | None) -> None:
    """An --out file goes into a folder that exists: medreview makes none (a typo would hide)."""
    if out is not None and not out.parent.is_dir():
        what = "is not a folder" if out.parent.exists() else "does not exist"
        usage_error(f"--out {out}: the folder {out.parent} {what}")


FeaturesOption = Annotated[
    Path | None,
    typer.Option(
        "--features",
        help="The directory of Gherkin specifications (default: the ones shipped with the rules).",
        file_okay=False,
    ),
]


ResultsOption = Annotated[
    Path | None,
    typer.Option(
        "--results",
        help="A cucumber JSON report of the last run of the specs "
        "(pytest --cucumberjson=FILE), to show which scenarios pass.",
        dir_okay=False,
    ),
]


def approvals_of(
    rules: Path | None, features: Path | None, results: Path | None
) -> tuple[RuleSet, list[Feature], list[Approval], Results | None]:
    from medreview.approval.signoff import approvals, read_results
    from medreview.approval.specs import default_features_dir, read_features

    ruleset = load_rules(rules)
    found_features = read_features(features or default_features_dir())
    run = read_results(results) if results is not None else None
    return ruleset, found_features, approvals(ruleset, found_features, run), run


def load_rules(rules: Path | None) -> RuleSet:
    from medreview.rules.ruleset import load_ruleset

    return load_ruleset(rules)


def new_table(title: str) -> Table:
    from rich import box
    from rich.table import Table

    return Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")


def make_console() -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1, the code of a bug: the reader went away, so exit 5.
            raise OutputError(None, os.strerror(errno.EPIPE))

    # Piped output is read in files and terminals wider than rich's default of 80 columns.
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 140
    return _Console(highlight=False, width=width)


@contextmanager
def writing_stdout() -> Iterator[None]:
    """Writing to standard output: a failed write is an OutputError (exit 5), not a bug."""
    try:
        yield
        sys.stdout.flush()
    except OSError as error:
        raise OutputError.from_os(None, error) from None


def write_stdout(data: bytes) -> None:
    with writing_stdout():
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def silence_stdout() -> None:
    """After a failed write: what is still buffered goes nowhere, so the exit stays quiet."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture it)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def usage_error(message: str) -> NoReturn:
    typer.echo(f"medreview: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def exit_codes() -> Iterator[None]:
    """Translate medreview's errors into one message on stderr and the contract's exit code."""
    try:
        yield
    except InputError as error:
        typer.echo(f"medreview: {error.message}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except RuleSetError as error:
        typer.echo(f"medreview: {error.message}", err=True)
        raise typer.Exit(EXIT_RULES) from None
    except OutputError as error:
        if error.path is None:
            silence_stdout()
        typer.echo(f"medreview: {error.message}", err=True)
        raise typer.Exit(EXIT_OUTPUT) from None
    except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
        raise
    except Exception as error:
        if is_spec_error(error):
            typer.echo(f"medreview: {error}", err=True)
            raise typer.Exit(EXIT_INPUT) from None
        if os.environ.get("MEDREVIEW_DEBUG"):
            import traceback

            traceback.print_exc()
        typer.echo(
            f"medreview: internal error ({type(error).__name__}: {error}). This is a bug in "
            "medreview; set MEDREVIEW_DEBUG=1 for details and please report it.",
            err=True,
        )
        raise typer.Exit(EXIT_BUG) from None


def is_spec_error(error: Exception) -> bool:
    """A Gherkin specification that does not read (only once medreview.approval.specs was
    imported)."""
    specs: Any = sys.modules.get("medreview.approval.specs")
    return specs is not None and isinstance(error, specs.SpecError)
