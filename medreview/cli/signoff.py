"""``medreview rules signoff-status`` and ``rules sign``: clinicians' approval."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# What a command uses is imported when it runs (see common.py).
if TYPE_CHECKING:
    from medreview.approval.signoff import Approval
from medreview.cli.common import (
    EXIT_NOT_APPROVED,
    FeaturesOption,
    ResultsOption,
    RulesOption,
    approvals_of,
    exit_codes,
    load_rules,
    make_console,
    new_table,
    rules_app,
    usage_error,
)


@rules_app.command("signoff-status")
def rules_signoff_status(
    rules: RulesOption = None,
    features: FeaturesOption = None,
    results: ResultsOption = None,
) -> None:
    """Show which rules clinicians have signed off; exit 6 if any is unsigned or stale.

    A deployment that must run only approved rules can run this first and refuse
    on exit 6. With --results, a failing scenario also counts against its rule.
    """
    with exit_codes():
        ruleset, _, found, run = approvals_of(rules, features, results)
        from medreview.approval.signoff import STATUS_DA

        table = new_table(f"Godkendelse af {ruleset.name} {ruleset.version}")
        for column in (
            "Regel",
            "Status",
            "Af",
            "Dato",
            "Godkendt digest",
            "Digest nu",
            "Scenarier",
        ):
            table.add_column(column, no_wrap=column != "Status")
        for approval in found:
            latest = approval.latest
            failing = len(approval.failing)
            scenarios = f"{len(approval.scenarios)}" + (f", {failing} fejler" if failing else "")
            table.add_row(
                approval.id,
                STATUS_DA[approval.status].split(":")[0],
                latest.initials if latest else "-",
                latest.day.isoformat() if latest and latest.day else "-",
                _approved_digest(approval),
                approval.digest,
                scenarios if run else f"{len(approval.scenarios)} (ikke kørt)",
            )
        make_console().print(table)
        _print_sign_off_problems(found)
        blocking = [a for a in found if not a.approved]
        if blocking:
            typer.echo(
                f"medreview: {len(blocking)} of {len(found)} rules and signals are not approved: "
                f"{', '.join(a.id for a in blocking[:8])}{' ...' if len(blocking) > 8 else ''}",
                err=True,
            )
            raise typer.Exit(EXIT_NOT_APPROVED)
        typer.echo(f"ok: all {len(found)} rules and signals are signed off", err=True)


@rules_app.command("sign")
def rules_sign(
    rule_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="RULE_ID...",
            help="The rules or priority signals to sign off, e.g. MGG-POLYPHARMACY.",
            show_default=False,
        ),
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="INITIALS",
            help="The signing clinician's initials: 2 to 8 letters A-Z, Æ, Ø or Å.",
            show_default=False,
        ),
    ],
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The day of the sign-off, not in the future. Default: today in Denmark.",
        ),
    ] = None,
    results: Annotated[
        Path | None,
        typer.Option(
            "--results",
            help="A cucumber JSON report of the specs (pytest --cucumberjson=FILE): refuse "
            "unless every scenario of each rule passed in it.",
            dir_okay=False,
        ),
    ] = None,
    rules: RulesOption = None,
    features: FeaturesOption = None,
) -> None:
    """Sign rules off: write the sign-off tags, with each rule's current digest, into its
    feature file (exit 2 or 6 and nothing written if it cannot)."""
    with exit_codes():
        from medreview.approval.signing import SignRefused, plan_sign
        from medreview.approval.signoff import read_results
        from medreview.approval.specs import default_features_dir
        from medreview.approval.tag_lines import write_whole
        from medreview.read.fhir_dates import today_in_denmark

        ruleset = load_rules(rules)
        run = read_results(results) if results is not None else None
        try:
            plan = plan_sign(
                ruleset,
                features or default_features_dir(),
                rule_ids,
                by=by,
                day=day,
                results=run,
                today=today_in_denmark(),
            )
        except SignRefused as refused:
            if refused.kind == "usage":
                usage_error(refused.message)
            typer.echo(f"medreview: {refused.message}", err=True)
            raise typer.Exit(EXIT_NOT_APPROVED) from None
        write_whole(plan.texts)
        for placed in plan.placed:
            typer.echo(placed.describe())
        if not plan.checked:
            typer.echo(
                "medreview: warning: the scenarios were not checked (no --results). Run "
                "`pytest tests/approval/test_specs.py --cucumberjson=specs.cucumber.json` and "
                "sign with --results specs.cucumber.json; `medreview rules signoff-status "
                "--results specs.cucumber.json` shows a failing scenario.",
                err=True,
            )


def _print_sign_off_problems(found: list[Approval]) -> None:
    """Why a sign-off is incomplete: each malformed set of tags once, where it stands."""
    seen: set[tuple[str, int]] = set()
    for approval in found:
        for sign_off in approval.sign_offs:
            if sign_off.complete or (sign_off.file, sign_off.line) in seen:
                continue
            seen.add((sign_off.file, sign_off.line))
            for problem in sign_off.problems:
                typer.echo(f"{sign_off.file}:{sign_off.line}: {problem}", err=True)


def _approved_digest(approval: Approval) -> str:
    """The digest the sign-off recorded: the current one, else the ones it names."""
    latest = approval.latest
    if approval.status == "signed":
        return approval.digest
    return ", ".join(sorted(latest.digests)) if latest and latest.digests else "-"
