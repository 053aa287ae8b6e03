"""``medreview rules list | show | validate | catalogue | facts``: the rule set, read."""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medreview.errors import OutputError
from medreview.labels_da import ACTIONS, LEVELS, OWNER_FIELDS

# What a command uses is imported when it runs (see common.py).
if TYPE_CHECKING:
    from medreview.rules.model import Rule, RuleSet, Signal
from medreview.cli.common import (
    FeaturesOption,
    ResultsOption,
    RulesOption,
    approvals_of,
    check_out_folder,
    exit_codes,
    load_rules,
    make_console,
    new_table,
    rules_app,
    usage_error,
)


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """List the rules: id, level, task and title."""
    with exit_codes():
        ruleset = load_rules(rules)
        table = new_table(f"{ruleset.name} {ruleset.version} ({len(ruleset.rules)} rules)")
        for column in ("Regel", "Niveau", "Opgave", "Ejer", "Titel", "Kilde"):
            table.add_column(column, no_wrap=column in ("Regel", "Niveau"))
        for rule in ruleset.rules:
            table.add_row(
                rule.id,
                LEVELS[rule.level],
                ACTIONS[rule.task.action] if rule.task else "-",
                _owner_words(rule),
                rule.title.da,
                rule.source.cite,
            )
        console = make_console()
        console.print(table)
        if ruleset.signals:
            signals = new_table(f"Prioritetstegn / priority signals ({len(ruleset.signals)})")
            for column in ("Tegn", "Point", "Titel", "Kilde"):
                signals.add_column(column, no_wrap=column in ("Tegn", "Point"))
            for signal in ruleset.signals:
                signals.add_row(
                    signal.id,
                    str(signal.points),
                    signal.title.da,
                    signal.source.cite if signal.source else "praksis",
                )
            console.print(signals)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id, e.g. MGG-POLYPHARMACY.")],
    rules: RulesOption = None,
) -> None:
    """Show one rule in full: both languages, its source, condition and task."""
    with exit_codes():
        ruleset = load_rules(rules)
        rule = ruleset.by_id.get(rule_id.upper())
        signal = ruleset.signal_by_id.get(rule_id.upper())
        if signal is not None:
            _show_signal(signal, ruleset)
            return
        if rule is None:
            import difflib

            known = [*ruleset.by_id, *ruleset.signal_by_id]
            close = difflib.get_close_matches(rule_id.upper(), known, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            usage_error(f"no rule {rule_id!r} in {ruleset.directory}{hint}")
        _show(rule, ruleset)


@rules_app.command("validate")
def rules_validate(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="The rule directory to check.", file_okay=False)
    ] = Path("rules"),
) -> None:
    """Check a rule directory and say precisely what is wrong (exit 4 if anything is)."""
    with exit_codes():
        ruleset = load_rules(directory)
        from medreview.engine import Engine

        Engine(ruleset)  # also compiles it on durable-rules
        typer.echo(
            f"ok: {ruleset.name} {ruleset.version}, {len(ruleset.rules)} rules, {ruleset.digest}"
        )


@rules_app.command("catalogue")
def rules_catalogue(
    out: Annotated[
        Path, typer.Option("--out", help="The HTML file to write.", dir_okay=False)
    ] = Path("catalogue.html"),
    rules: RulesOption = None,
    features: FeaturesOption = None,
    results: ResultsOption = None,
) -> None:
    """Write the rule catalogue clinicians approve from: one self-contained HTML page."""
    check_out_folder(out)
    with exit_codes():
        ruleset, found_features, found, run = approvals_of(rules, features, results)
        from medreview.approval.catalogue import render_catalogue

        page = render_catalogue(ruleset, found_features, found, run)
        try:
            out.write_text(page, encoding="utf-8")
        except OSError as error:
            if out.is_file():  # never a device such as /dev/full
                with suppress(OSError):
                    out.unlink()  # half a page could pass for the whole catalogue
            raise OutputError.from_os(str(out), error) from None
        blocking = sum(1 for a in found if not a.approved)
        typer.echo(
            f"wrote {out}: {len(found)} rules and signals, {blocking} not approved", err=True
        )


@rules_app.command("facts")
def rules_facts() -> None:
    """List the facts rule conditions can test, with their meaning."""
    from medreview.facts.vocabulary import FactKind, vocabulary

    console = make_console()
    kinds: tuple[FactKind, ...] = ("patient", "line", "event")
    for kind in kinds:
        table = new_table(f"{kind} fact")
        for column in ("Field", "Type", "Role", "Meaning"):
            table.add_column(column, no_wrap=column != "Meaning")
        for spec in vocabulary(kind).values():
            table.add_row(spec.name, spec.type, spec.role, spec.doc)
        console.print(table)


def _owner_words(rule: Rule) -> str:
    if rule.task is None:
        return "-"
    return OWNER_FIELDS.get(rule.task.owner, rule.task.owner)


def _show(rule: Rule, ruleset: RuleSet) -> None:
    console = make_console()
    console.print(f"[bold]{rule.id}[/bold]  {LEVELS[rule.level]} ({rule.level})")
    console.print(f"  {rule.title.da}\n  [dim]{rule.title.en}[/dim]\n")
    console.print(f"Besked / message:\n  {rule.message.da}\n  [dim]{rule.message.en}[/dim]\n")
    console.print(f"Kilde / source: {rule.source.document}, {rule.source.section}")
    if rule.source.quote:
        console.print(f"  »{rule.source.quote}«")
    console.print(f"\nBetingelse / condition (on each {rule.fact} fact):")
    console.print(json.dumps(rule.when, ensure_ascii=False, indent=2), markup=False)
    console.print(f"\nGrundlag / evidence: {', '.join(rule.evidence) or '-'}")
    if rule.task:
        due = rule.task.due
        when = (
            f"the event's date if ahead, else as-of + {due.days} days"
            if due.from_event
            else (f"as-of + {due.days} days")
        )
        console.print(
            f"Opgave / task: {rule.task.action} ({ACTIONS[rule.task.action]}), "
            f"owner {rule.task.owner} ({_owner_words(rule)}), due {when}"
        )
    else:
        console.print("Opgave / task: none")
    if rule.exclusive:
        console.print("Exclusive: when it fires, it is the only finding and no task is raised.")
    if rule.choice:
        console.print(f"\nValg / choice:\n  {rule.choice.da}\n  [dim]{rule.choice.en}[/dim]")
    console.print(
        f"\n[dim]{rule.file}:{rule.line} · family {rule.family} · rule digest "
        f"{rule.digest[:12]} · {ruleset.name} {ruleset.version}[/dim]"
    )


def _show_signal(signal: Signal, ruleset: RuleSet) -> None:
    console = make_console()
    console.print(f"[bold]{signal.id}[/bold]  prioritetstegn, {signal.points} point")
    console.print(f"  {signal.title.da}\n  [dim]{signal.title.en}[/dim]\n")
    console.print(f"Grund / reason:\n  {signal.reason.da}\n  [dim]{signal.reason.en}[/dim]\n")
    if signal.source:
        console.print(f"Kilde / source: {signal.source.document}, {signal.source.section}")
        if signal.source.quote:
            console.print(f"  »{signal.source.quote}«")
    if signal.basis:
        console.print(f"Praksis / practice:\n  {signal.basis.da}\n  [dim]{signal.basis.en}[/dim]")
    if signal.when is not None:
        console.print(f"\nBetingelse / condition (on each {signal.fact} fact):")
        console.print(json.dumps(signal.when, ensure_ascii=False, indent=2), markup=False)
    if signal.fired is not None:
        console.print(f"\nFund / findings: {signal.fired.model_dump(exclude_defaults=True)}")
    console.print(
        f"\n[dim]{signal.file}:{signal.line} · family {signal.family} · digest "
        f"{signal.digest[:12]} · {ruleset.name} {ruleset.version}[/dim]"
    )
