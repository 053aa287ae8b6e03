"""One rule's or signal's entry in the catalogue: its text, condition in words, source,
lists, choices, scenarios and sign-off.
"""

from __future__ import annotations

from typing import Any

from medreview.approval.catalogue_index import OUTCOME_DA, badge
from medreview.approval.catalogue_index import e as _e
from medreview.approval.condition_words import (
    KIND_WORDS,
    Language,
    Words,
    describe,
    logical_heading,
)
from medreview.approval.signoff import STATUS_DA, STATUS_EN, Approval
from medreview.approval.specs import Feature
from medreview.facts.vocabulary import FactKind, vocabulary
from medreview.labels_da import ACTIONS, LEVELS, OWNER_FIELDS
from medreview.rules.citation import Source
from medreview.rules.clinical_lists import Basis, ChronicDiseaseGroups, ClinicalLists
from medreview.rules.model import Due, Rule, Signal


def entry_html(approval: Approval, features: dict[str, Feature], lists: ClinicalLists) -> str:
    item = approval.item
    body = _rule_body(item, lists) if isinstance(item, Rule) else _signal_body(item)
    blocking = "true" if not approval.approved else "false"
    return (
        f"<article id='{_e(item.id)}' data-rule='{_e(item.id)}' data-status={approval.status} "
        f"data-blocking={blocking}><h2>{_e(item.id)} {badge(approval)}</h2>"
        f"{body}{_approval_section(approval)}{_scenarios(approval, features)}</article>"
    )


def _pair(label_da: str, label_en: str, da: str, en: str) -> str:
    """One row: the Danish, and the English beside it (both already HTML)."""
    return (
        f"<div class=row><div class=label>{label_da}<span class=en>{label_en}</span></div>"
        f"<div class=da>{da}</div><div class=en-text>{en}</div></div>"
    )


def _rule_body(rule: Rule, lists: ClinicalLists) -> str:
    rows = [
        _pair("Titel", "title", _e(rule.title.da), _e(rule.title.en)),
        _pair("Niveau", "level", _e(LEVELS[rule.level]), _e(rule.level)),
        _pair("Besked", "message", _e(rule.message.da), _e(rule.message.en)),
        _condition_row(rule.when, rule.fact),
        *(_list_row(name, lists) for name in rule.lists),
    ]
    if rule.task is not None:
        owner_en = vocabulary(rule.fact).get(rule.task.owner) or vocabulary("patient").get(
            rule.task.owner
        )
        rows += [
            _pair(
                "Opgave",
                "action",
                _e(ACTIONS[rule.task.action]),
                f"<code>{_e(rule.task.action)}</code>",
            ),
            _pair(
                "Ejer",
                "owner",
                _e(OWNER_FIELDS.get(rule.task.owner, rule.task.owner)),
                f"<code>{_e(rule.task.owner)}</code>: {_e(owner_en.doc if owner_en else '')}",
            ),
            _pair("Frist", "due", *_due(rule.task.due)),
        ]
    else:
        what = (
            ("Ingen opgave; det er det eneste fund.", "No task; it is the only finding.")
            if rule.exclusive
            else ("Ingen opgave.", "No task.")
        )
        rows.append(_pair("Opgave", "task", *what))
    rows.append(_source(rule.source))
    if rule.choice:
        rows.append(_pair("Valg", "choice", _e(rule.choice.da), _e(rule.choice.en)))
    rows.append(
        _pair(
            "Fil",
            "file",
            f"<code>{_e(_short(rule.file))}:{rule.line}</code>",
            f"family {_e(rule.family)}",
        )
    )
    return f"<div class=rows>{''.join(rows)}</div>"


def _signal_body(signal: Signal) -> str:
    rows = [
        _pair("Titel", "title", _e(signal.title.da), _e(signal.title.en)),
        _pair("Grund", "reason", _e(signal.reason.da), _e(signal.reason.en)),
        _pair("Point", "points", str(signal.points), str(signal.points)),
    ]
    if signal.when is not None:
        rows.append(_condition_row(signal.when, signal.fact))
    if signal.fired is not None:
        rows.append(
            _pair("Når disse fund foreligger", "when these findings exist", *_fired(signal))
        )
    if signal.source is not None:
        rows.append(_source(signal.source))
    if signal.basis is not None:
        rows.append(_pair("Praksis", "practice", _e(signal.basis.da), _e(signal.basis.en)))
    rows.append(_pair("Fil", "file", f"<code>{_e(_short(signal.file))}:{signal.line}</code>", ""))
    return f"<div class=rows>{''.join(rows)}</div>"


def _fired(signal: Signal) -> tuple[str, str]:
    fired = signal.fired
    assert fired is not None
    da, en = [], []
    if fired.rules:
        codes = ", ".join(f"<code>{_e(r)}</code>" for r in fired.rules)
        da.append(f"et fund fra {codes}")
        en.append(f"a finding of {codes}")
    if fired.levels:
        da.append("niveau " + " eller ".join(_e(LEVELS[level]) for level in fired.levels))
        en.append("level " + " or ".join(_e(level) for level in fired.levels))
    if fired.actions:
        da.append("med opgaven " + " eller ".join(_e(ACTIONS[a]) for a in fired.actions))
        en.append("with the task " + " or ".join(_e(a) for a in fired.actions))
    return "; ".join(da), "; ".join(en)


def _due(due: Due) -> tuple[str, str]:
    if due.days == 0:
        then = ("vurderingsdatoen selv (straks)", "the evaluation date itself (at once)")
    else:
        then = (f"vurderingsdatoen + {due.days} dage", f"the evaluation date + {due.days} days")
    if due.from_event:
        return (
            f"Hændelsens dato, hvis den ligger forude; ellers {then[0]}.",
            f"The event's date if it is still ahead; else {then[1]}.",
        )
    return (f"{then[0].capitalize()}.", f"{then[1].capitalize()}.")


def _list_row(name: str, lists: ClinicalLists) -> str:
    """A clinical list the rule relies on, entry by entry with its basis: what is approved."""
    found = lists.get(name)
    if found is None:  # the rule set does not load without it
        return ""
    file = _short(lists.files.get(name, ""))
    head_da = f"<p>{_e(found.title.da)} (<code>{_e(file)}</code>)</p>"
    head_en = f"<p>{_e(found.title.en)}</p>"
    if isinstance(found, ChronicDiseaseGroups):
        entries = [
            (
                group.name,
                "; ".join(
                    f"{_e(found.systems[key].name)}: {_e(', '.join(codes))}"
                    for key, codes in group.codes.items()
                    if codes and key in found.systems
                ),
                group.basis,
            )
            for group in found.groups
        ]
    else:
        entries = [
            (
                drug_class.name,
                "ATC "
                + _e(", ".join(drug_class.atc))
                + (
                    f"; ikke <span class=en>not</span> {_e(', '.join(drug_class.exclude))}"
                    if drug_class.exclude
                    else ""
                ),
                drug_class.basis,
            )
            for drug_class in found.classes
        ]
        if found.level_4 is not None:
            level_4 = found.level_4
            other = "; ikke andre-grupperne (…X)" if level_4.except_other_groups else ""
            entries.insert(0, (level_4.name, f"ATC niveau 4{other}", level_4.basis))
    rows_da = "".join(
        f"<tr><td>{_e(title.da)}</td><td>{codes}</td><td>{_basis(basis, 'da')}</td></tr>"
        for title, codes, basis in entries
    )
    rows_en = "".join(
        f"<tr><td>{_e(title.en)}</td><td>{_basis(basis, 'en')}</td></tr>"
        for title, _, basis in entries
    )
    return _pair(
        "Liste",
        "list",
        f"{head_da}<table data-list='{_e(name)}'><tbody>{rows_da}</tbody></table>",
        f"{head_en}<table><tbody>{rows_en}</tbody></table>",
    )


def _basis(basis: Basis, language: Language) -> str:
    parts = []
    if basis.source is not None:
        parts.append(f"<code>{_e(basis.source.document)}</code> {_e(basis.source.section)}")
    if basis.choice is not None:
        parts.append(_e(basis.choice.da if language == "da" else basis.choice.en))
    return "<br>".join(parts)


def _source(source: Source) -> str:
    quote_html = f"<blockquote>{_e(source.quote)}</blockquote>" if source.quote else ""
    cite = f"<code>{_e(source.document)}</code>, {_e(source.section)}"
    return _pair("Kilde", "source", f"{cite}{quote_html}", cite)


def _condition_row(expression: dict[str, Any], kind: FactKind) -> str:
    return _pair(
        "Betingelse",
        "condition",
        _condition(expression, kind, "da"),
        _condition(expression, kind, "en"),
    )


def _condition(expression: dict[str, Any], kind: FactKind, language: Language) -> str:
    heading = KIND_WORDS[kind][0 if language == "da" else 1]
    return f"<p>{_e(heading)}:</p>{_words(describe(expression, language), language)}"


def _words(words: Words, language: Language) -> str:
    if isinstance(words, str):
        return f"<ul><li>{_e(words)}</li></ul>"
    mode, parts = words
    items = "".join(
        f"<li>{_e(part)}</li>" if isinstance(part, str) else f"<li>{_words(part, language)}</li>"
        for part in parts
    )
    return f"<p class=logic>{_e(logical_heading(mode, language))}</p><ul>{items}</ul>"


def _approval_section(approval: Approval) -> str:
    latest = approval.latest
    if latest is None:
        who = "Ingen har godkendt reglen. <span class=en>Nobody has signed it off.</span>"
    else:
        day = latest.day.isoformat() if latest.day else "uden dato"
        approved = ", ".join(sorted(latest.digests)) or "ingen"
        who = (
            f"Godkendt af <b>{_e(latest.initials or '?')}</b> {_e(day)} "
            f"(<code>{_e(latest.file)}:{latest.line}</code>), for regel-digest "
            f"<code>{_e(approved)}</code>."
        )
        problems = "".join(f"<li>{_e(problem)}</li>" for problem in latest.problems)
        if problems:
            who += f"<ul class=problems>{problems}</ul>"
    lines = [
        f"<p><span class='badge {approval.status}'>{_e(STATUS_DA[approval.status])}</span> "
        f"<span class=en>{_e(STATUS_EN[approval.status])}</span></p>",
        f"<p>{who}</p>",
        f"<p class=meta>Reglens digest nu <span class=en>current digest</span>: "
        f"<code data-digest>{_e(approval.digest)}</code>. Godkend med "
        f"<code>medreview rules sign {_e(approval.id)} --by XX --results specs.cucumber.json"
        f"</code>, som skriver <code>@godkendt-af:XX @godkendt-dato:ÅÅÅÅ-MM-DD "
        f"@regel-digest:{_e(approval.digest)}</code>.</p>",
    ]
    return f"<section class=approval><h3>Godkendelse <span class=en>sign-off</span></h3>{''.join(lines)}</section>"


def _scenarios(approval: Approval, features: dict[str, Feature]) -> str:
    if not approval.scenarios:
        return (
            "<section class=scenarios><h3>Scenarier</h3><p class=warning>Ingen scenarier "
            "specificerer reglen. <span class=en>No scenario specifies it.</span></p></section>"
        )
    blocks: list[str] = []
    shown_background: set[str] = set()
    for scenario, outcome in zip(approval.scenarios, approval.outcomes, strict=True):
        feature = features.get(scenario.feature)
        if feature and feature.background and scenario.feature not in shown_background:
            shown_background.add(scenario.feature)
            blocks.append(
                f"<p class=meta>{_e(scenario.feature)}: «{_e(feature.name)}»</p>"
                f"<pre class=gherkin>{_e(feature.background)}</pre>"
            )
        blocks.append(
            f"<div class=scenario data-outcome='{_e(outcome)}'><span class='outcome "
            f"{outcome.replace(' ', '-')}'>{_e(OUTCOME_DA[outcome])}</span> "
            f"<span class=meta>{_e(scenario.feature)}:{scenario.line}</span>"
            f"<pre class=gherkin>{_e(scenario.text)}</pre></div>"
        )
    return (
        f"<section class=scenarios><h3>Scenarier <span class=en>scenarios</span> "
        f"({len(approval.scenarios)})</h3>{''.join(blocks)}</section>"
    )


def _short(path: str) -> str:
    """rules/polyfarmaci.yaml, not the whole path of the checkout."""
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])
