"""The assessment for a person to read: the verdict first, then why, then the counted drugs."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from medreview.assessment.owners import TaskOwner
from medreview.engine import Evaluation
from medreview.labels_da import ACTIONS, LEVELS, ROLES, SECTORS
from medreview.rules.message_format import counted, danish_date

_STYLE = {
    "required": "bold red",
    "recommended": "bold yellow",
    "optional": "cyan",
    "info": "dim",
    "none": "green",
}


def render(evaluation: Evaluation, console: Console) -> None:
    """Print ``evaluation`` for a clinician."""
    console.print(_verdict(evaluation))
    console.print(_findings(evaluation))
    console.print(_counted_drugs(evaluation))


def owner_text(owner: TaskOwner | None) -> str:
    """ "egen læge Mette Lund (Practitioner/gp), almen praksis"."""
    if owner is None:
        return "-"
    who = ROLES[owner.role]
    if owner.display:
        who += f" {owner.display}"
    if owner.reference:
        who += f" ({owner.reference})"
    return f"{who}, {SECTORS[owner.sector]}"


def _verdict(evaluation: Evaluation) -> RenderableType:
    assessment = evaluation.assessment
    review = assessment.review
    patient = evaluation.card.patient
    status = Text(
        f"Medicingennemgang: {LEVELS[review.status].upper()}", style=_STYLE[review.status]
    )
    lines: list[RenderableType] = [status]
    if review.status != "none":
        lines.append(Text(f"Hvem: {owner_text(evaluation.review_owner)}"))
        lines.append(Text(f"Frist: {danish_date(review.due) if review.due else '-'}"))
    lines.append(Text(f"Prioritet: {assessment.priority} {_priority_why(evaluation)}"))
    lines.append(
        Text(
            f"{counted(assessment.fixed_drug_count, 'lægemiddel', 'lægemidler')} i fast "
            f"behandling · {len(assessment.findings)} fund · "
            f"{counted(len(assessment.tasks), 'opgave', 'opgaver')}",
            style="dim",
        )
    )
    title = (
        f"{patient.name or 'Patient'} ({assessment.patient}) · "
        f"vurderet {danish_date(assessment.as_of)}"
    )
    ruleset = assessment.ruleset
    subtitle = f"{ruleset.name} {ruleset.version}"
    return Panel(Group(*lines), title=title, subtitle=subtitle, box=box.ROUNDED, expand=False)


def _priority_why(evaluation: Evaluation) -> str:
    """ "(1 er mest akut; 3 point: Bor på plejehjem +2; ...)"."""
    reasons = evaluation.assessment.priority_reasons
    if not reasons:
        return "(1 er mest akut; ingen tegn på skrøbelighed)"
    points = sum(reason.points for reason in reasons)
    parts = "; ".join(f"{reason.reason.rstrip('.')} +{reason.points}" for reason in reasons)
    return f"(1 er mest akut; {points} point: {parts})"


def _findings(evaluation: Evaluation) -> RenderableType:
    if not evaluation.fired:
        return Text("Ingen fund.", style="green")
    names = {line.ref: line.drug_name for line in evaluation.facts.lines}
    table = Table(title="Fund", box=box.SIMPLE_HEAD, show_lines=True, title_justify="left")
    table.add_column("Niveau", no_wrap=True)
    table.add_column("Regel og begrundelse")
    table.add_column("Opgave")
    for fired in evaluation.fired:
        finding = fired.finding
        evidence = _evidence_text(finding.evidence, names)
        reason = Text()
        reason.append(f"{finding.rule}: {fired.rule.title.da}\n", style="bold")
        reason.append(f"{finding.message}\n")
        reason.append(f"Kilde: {finding.source} · Grundlag: {evidence}", style="dim")
        task = fired.task
        task_text = (
            f"{ACTIONS[task.action]}\n{owner_text(fired.owner)}\nfrist {danish_date(task.due)}"
            if task
            else "-"
        )
        table.add_row(Text(LEVELS[finding.level], style=_STYLE[finding.level]), reason, task_text)
    return table


def _evidence_text(evidence: tuple[str, ...], names: dict[str, str]) -> str:
    """The resources behind a finding; many lines are summed up, as they are listed below."""
    lines = [ref for ref in evidence if ref in names]
    others = [ref for ref in evidence if ref not in names]
    if len(lines) > 3:
        shown = [f"{len(lines)} ordinationer (se lægemidlerne i fast behandling)"]
    else:
        shown = [f"{ref} ({names[ref]})" for ref in lines]
    return ", ".join(shown + others) or "-"


def _counted_drugs(evaluation: Evaluation) -> RenderableType:
    """One row per counted drug, with every line that gives it."""
    by_drug: dict[str, list[tuple[str, str]]] = {}
    for line in evaluation.facts.lines:
        if line.fixed:
            by_drug.setdefault(line.drug, []).append((line.drug_name, line.ref))
    if not by_drug:
        return Text("Ingen lægemidler i fast behandling.", style="dim")
    table = Table(
        title=f"Lægemidler i fast behandling ({evaluation.assessment.fixed_drug_count})",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("Identitet", no_wrap=True)
    table.add_column("Lægemiddel")
    table.add_column("Ordination")
    for drug in sorted(by_drug):
        lines = sorted(by_drug[drug], key=lambda pair: pair[1])
        table.add_row(drug, "\n".join(n for n, _ in lines), "\n".join(r for _, r in lines))
    return table
