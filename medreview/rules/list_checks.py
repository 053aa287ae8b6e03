"""What a schema cannot check in a clinical list: codes that are not codes, groups named
twice, exclusions outside their group; each problem with its file and line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from medreview.rules.clinical_lists import (
    ATC_PATTERN,
    AnyList,
    ChronicDiseaseGroups,
    CodeSystem,
    DrugClass,
    DuplicationClasses,
    HabitFormingGroups,
    ListProblem,
    normal_code,
)


def list_problems(model: AnyList) -> Iterator[ListProblem]:
    if isinstance(model, ChronicDiseaseGroups):
        yield from _chronic_problems(model)
    elif isinstance(model, DuplicationClasses):
        yield from _duplication_problems(model)
    else:
        yield from _habit_forming_problems(model)


def _chronic_problems(model: ChronicDiseaseGroups) -> Iterator[ListProblem]:
    urls: dict[str, str] = {}
    for key, system in model.systems.items():
        try:
            re.compile(system.pattern)
        except re.error as error:
            yield None, f"systems.{key}.pattern", f"not a regular expression ({error})", None
        for url in system.urls:
            if url in urls:
                yield None, f"systems.{key}.urls", f"{url} is also system {urls[url]}", None
            urls[url] = key
    yield from _unique_ids("groups", [g.id for g in model.groups])
    owner: dict[tuple[str, str], str] = {}  # (system, normalised code) -> group
    for number, group in enumerate(model.groups):
        where = ("groups", number)
        if not any(group.codes.values()):
            yield where, "codes", "a group needs at least one code", None
        for key, codes in group.codes.items():
            coded_in = model.systems.get(key)
            if coded_in is None:
                yield (
                    where,
                    f"codes.{key}",
                    "no such code system",
                    _did_you_mean(key, model.systems),
                )
                continue
            for code in codes:
                yield from _code_problems(where, key, code, coded_in, group.id, owner)


def _code_problems(
    where: tuple[str, int],
    key: str,
    code: str,
    system: CodeSystem,
    group: str,
    owner: dict[tuple[str, str], str],
) -> Iterator[ListProblem]:
    at = f"codes.{key}"
    if not _fullmatch(system.pattern, code):
        hint = f"did you mean 'D{code}'?" if _fullmatch(system.pattern, f"D{code}") else None
        yield where, at, f"{code!r} is not a {system.name} code ({system.pattern})", hint
        return
    normal = normal_code(code, system.match)
    # A prefix covers the codes below it: DI1 in one group would swallow DI10 in another.
    clashes = [
        (other_code, other_group)
        for (other_key, other_code), other_group in owner.items()
        if other_key == key
        and (
            other_code == normal
            or (
                system.match == "prefix"
                and (other_code.startswith(normal) or normal.startswith(other_code))
            )
        )
    ]
    for other_code, other_group in clashes:
        place = "the same group" if other_group == group else f"group {other_group!r}"
        yield where, at, f"{code!r} overlaps {other_code!r} in {place}", None
    owner[(key, normal)] = group


def _duplication_problems(model: DuplicationClasses) -> Iterator[ListProblem]:
    yield from _class_problems("classes", model.classes)
    level_4 = model.level_4
    for code in level_4.exclude if level_4 else ():
        if not (ATC_PATTERN.match(code) and len(code) == 5):
            yield None, "level_4.exclude", f"{code!r} is not an ATC level-4 code (e.g. M01AE)", None


def _habit_forming_problems(model: HabitFormingGroups) -> Iterator[ListProblem]:
    yield from _class_problems("groups", model.groups)
    # A drug in two groups would have two horizons: a prefix may not reach into another group.
    for number, group in enumerate(model.groups):
        for other in model.groups[:number]:
            for code in group.atc:
                clash = next(
                    (c for c in other.atc if c.startswith(code) or code.startswith(c)), None
                )
                if clash is not None and not (
                    clash.startswith(group.exclude) or code.startswith(other.exclude)
                ):
                    yield (
                        ("groups", number),
                        "atc",
                        f"{code!r} overlaps {clash!r} in group {other.id!r}",
                        None,
                    )


def _class_problems(key: str, classes: tuple[DrugClass, ...]) -> Iterator[ListProblem]:
    yield from _unique_ids(key, [c.id for c in classes])
    for number, drug_class in enumerate(classes):
        where = (key, number)
        for code in (*drug_class.atc, *drug_class.exclude):
            if not ATC_PATTERN.match(code):
                yield where, "atc", f"{code!r} is not an ATC code or prefix of one", None
        for code in drug_class.exclude:
            if code in drug_class.atc:
                yield where, "exclude", f"{code!r} is both in the class and left out of it", None
            elif not code.startswith(drug_class.atc):
                yield (
                    where,
                    "exclude",
                    f"{code!r} lies outside the class ({', '.join(drug_class.atc)}), so leaving "
                    "it out does nothing",
                    None,
                )


def _unique_ids(key: str, ids: list[str]) -> Iterator[ListProblem]:
    seen: set[str] = set()
    for number, entry_id in enumerate(ids):
        if entry_id in seen:
            yield (key, number), "id", f"the id {entry_id!r} is used twice", None
        seen.add(entry_id)


def _fullmatch(pattern: str, code: str) -> bool:
    try:
        return re.fullmatch(pattern, code) is not None
    except re.error:
        return True  # reported once, on the pattern


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"one of: {', '.join(sorted(choices))}"
