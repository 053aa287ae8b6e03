"""Clinical lists as data: which diseases are chronic, which drugs duplicate each other or
are habit-forming.

A rule directory may hold, beside its rule families, list files: a YAML mapping
whose ``list`` key names the list. There are three:

- ``chronic-disease-groups``: the groups of chronic disease that
  ``MGG-MULTIMORBIDITY-OVERVIEW`` counts, each with its codes per code system
  (Danish SKS, SNOMED CT, ICPC-2), its Danish and English name and its basis;
- ``duplication-classes``: the drug classes within which two fixed drugs are a
  therapeutic duplication: every ATC level-4 group (less the "other" groups,
  whose code ends in X) and named classes, each a set of ATC prefixes with
  exclusions (the NSAID class is also what ``DRUG-NSAID-ELDERLY`` reads);
- ``habit-forming-groups``: the habit-forming drugs, in groups (benzodiazepines,
  z-drugs, opioids, ADHD medication...), each with its ATC prefixes, exclusions,
  its reassessment horizon in months and its basis.

The facts (:mod:`medreview.facts.derive`) read these lists; a rule that reads a fact
field derived from a list relies on the list, and its digest covers it, so that
a changed list makes the rule's sign-off stale.

Structure is checked by pydantic; :func:`list_problems` checks what a schema
cannot (a code in two groups, an exclusion outside its class, a misspelt code
system), and the loader in :mod:`medreview.rules.ruleset` reports each with its line.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from medreview.rules.citation import Source, Spec, Text

CHRONIC = "chronic-disease-groups"


DUPLICATION = "duplication-classes"


HABIT_FORMING = "habit-forming-groups"


LIST_NAMES = (CHRONIC, DUPLICATION, HABIT_FORMING)


_ID = r"^[a-z][a-z0-9-]*$"


# An ATC code or a prefix of one: level 1 (C) to level 5 (C09AA05).
ATC_PATTERN = re.compile(r"^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$")


ATC4_KEY = "atc4:"


class Basis(Spec):
    """Why an entry is on a list: a source document, the project's choice, or both."""

    source: Source | None = None
    choice: Text | None = Field(
        default=None, description="what the project chose, said plainly, where no source says it"
    )

    @model_validator(mode="after")
    def _grounded(self) -> Basis:
        if self.source is None and self.choice is None:
            raise ValueError("a basis needs a 'source', a 'choice' (the project's), or both")
        return self


class _ListFile(Spec):
    """What every list file has: its name, title, description and a fingerprint."""

    list: str
    title: Text
    description: Text | None = None
    file: str = ""

    @property
    def digest(self) -> str:
        meaning = self.model_dump(mode="json", exclude={"file"})
        canonical = json.dumps(meaning, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class CodeSystem(Spec):
    """A code system a Condition may be coded in, and how its codes are matched."""

    urls: tuple[str, ...] = Field(min_length=1, description="Coding.system values it is written as")
    match: Literal["exact", "prefix"] = Field(
        description="prefix: a code covers every code it begins (SKS DE11 covers DE119)"
    )
    pattern: str = Field(min_length=1, description="what a code looks like (a regular expression)")
    name: str = Field(min_length=1, description="the system's name, for people")


class ChronicGroup(Spec):
    id: str = Field(pattern=_ID)
    name: Text
    codes: dict[str, tuple[str, ...]] = Field(description="code system (a key of systems): codes")
    basis: Basis


class ChronicDiseaseGroups(_ListFile):
    """The chronic diseases, in groups: two diagnoses in one group are one disease."""

    list: Literal["chronic-disease-groups"]
    systems: dict[str, CodeSystem] = Field(min_length=1)
    groups: tuple[ChronicGroup, ...] = Field(min_length=1)
    _index: dict[str, tuple[str, dict[str, str]]] | None = PrivateAttr(default=None)

    def groups_of(self, codes: Iterable[str]) -> set[str]:
        """The ids of the groups that ``system|code`` codings fall in."""
        index = self._index if self._index is not None else self._build_index()
        found: set[str] = set()
        for coding in codes:
            system, _, code = coding.partition("|")
            entry = index.get(system)
            if entry is None or not code:
                continue
            match, table = entry
            key = normal_code(code, match)
            if match == "exact":
                group = table.get(key)
                if group is not None:
                    found.add(group)
                continue
            for end in range(len(key), 0, -1):  # the longest prefix listed
                group = table.get(key[:end])
                if group is not None:
                    found.add(group)
                    break
        return found

    def order(self, group_ids: Iterable[str]) -> tuple[ChronicGroup, ...]:
        """The groups named, in the list's order."""
        wanted = set(group_ids)
        return tuple(group for group in self.groups if group.id in wanted)

    def _build_index(self) -> dict[str, tuple[str, dict[str, str]]]:
        index: dict[str, tuple[str, dict[str, str]]] = {}
        for key, system in self.systems.items():
            table = {
                normal_code(code, system.match): group.id
                for group in self.groups
                for code in group.codes.get(key, ())
            }
            for url in system.urls:
                index[url] = (system.match, table)
        self._index = index
        return index


def normal_code(code: str, match: str) -> str:
    """SKS and ICPC-2 are written with or without a dot (DE11.9, DE119): compare without."""
    code = code.strip().upper()
    return code.replace(".", "") if match == "prefix" else code


class DrugClass(Spec):
    id: str = Field(pattern=_ID)
    name: Text
    atc: tuple[str, ...] = Field(min_length=1, description="ATC codes or prefixes in the class")
    exclude: tuple[str, ...] = Field(
        default=(), description="ATC codes or prefixes within those that are not in the class"
    )
    basis: Basis

    def holds(self, atc: str) -> bool:
        return atc.startswith(self.atc) and not atc.startswith(self.exclude)


class Level4Classes(Spec):
    """Every ATC level-4 group as a class of its own."""

    name: Text
    except_other_groups: bool = Field(
        description="leave out the 'other' groups, whose level-4 code ends in X (M01AX, C10AX)"
    )
    exclude: tuple[str, ...] = Field(default=(), description="further level-4 groups left out")
    basis: Basis


class DuplicationClasses(_ListFile):
    """Drug classes: two different fixed drugs in one class are a therapeutic duplication."""

    list: Literal["duplication-classes"]
    level_4: Level4Classes | None = None
    classes: tuple[DrugClass, ...] = ()

    def classes_of(self, atc: str | None) -> tuple[str, ...]:
        """The keys of the classes an ATC code is in: named class ids, and ``atc4:M01AE``
        (the facts ask through ClinicalLists.duplication_keys, which remembers them)."""
        if not atc:
            return ()
        keys = [c.id for c in self.classes if c.holds(atc)]
        level_4 = self.level_4
        if level_4 is not None and len(atc) >= 5 and ATC_PATTERN.match(atc):
            group = atc[:5]
            other = level_4.except_other_groups and group.endswith("X")
            if not other and group not in level_4.exclude:
                keys.append(ATC4_KEY + group)
        return tuple(keys)

    def name(self, key: str) -> Text:
        """A class's name; a level-4 group is named by its code."""
        if key.startswith(ATC4_KEY):
            code = key.removeprefix(ATC4_KEY)
            return Text(da=f"ATC-gruppe {code}", en=f"ATC group {code}")
        return next(c.name for c in self.classes if c.id == key)


class HabitFormingGroup(DrugClass):
    """Habit-forming drugs that share a reassessment horizon (the basis says whose number)."""

    horizon_months: int = Field(
        ge=1, le=60, description="a reassessment date further ahead than this is too far"
    )


class HabitFormingGroups(_ListFile):
    """The habit-forming drugs: a drug is in at most one group."""

    list: Literal["habit-forming-groups"]
    groups: tuple[HabitFormingGroup, ...] = Field(min_length=1)

    def group_of(self, atc: str | None) -> HabitFormingGroup | None:
        """The group an ATC code is in (the facts ask through ClinicalLists.kind_of)."""
        if not atc:
            return None
        return next((g for g in self.groups if g.holds(atc)), None)

    # The catalogue shows a drug list's entries as classes (name, ATC codes, basis).
    @property
    def classes(self) -> tuple[HabitFormingGroup, ...]:
        return self.groups

    @property
    def level_4(self) -> None:
        return None


AnyList = ChronicDiseaseGroups | DuplicationClasses | HabitFormingGroups


@dataclass(frozen=True, slots=True)
class ClinicalLists:
    """The lists a rule directory holds; a list it does not hold is absent."""

    chronic: ChronicDiseaseGroups | None = None
    duplication: DuplicationClasses | None = None
    files: dict[str, str] = field(default_factory=dict)  # list name -> file
    habit_forming: HabitFormingGroups | None = None
    # What the lists say of each ATC code seen, computed once: a scan asks for the same few
    # hundred codes millions of times (and a pydantic model's private cache is slow to reach).
    _kinds: dict[str | None, tuple[str, HabitFormingGroup | None]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _keys: dict[str | None, tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def duplication_keys(self, atc: str | None) -> tuple[str, ...]:
        """The duplication classes an ATC code is in (DuplicationClasses.classes_of), once."""
        found = self._keys.get(atc)
        if found is None:
            duplication = self.duplication
            found = duplication.classes_of(atc) if duplication is not None else ()
            self._keys[atc] = found
        return found

    def kind_of(self, atc: str | None) -> tuple[str, HabitFormingGroup | None]:
        """An ATC code's named duplication classes (",nsaid,": each between commas, "" for
        none) and its habit-forming group."""
        found = self._kinds.get(atc)
        if found is None:
            classes = ""
            if self.duplication is not None:
                named = [k for k in self.duplication_keys(atc) if not k.startswith(ATC4_KEY)]
                classes = f",{','.join(named)}," if named else ""
            group = self.habit_forming.group_of(atc) if self.habit_forming is not None else None
            found = self._kinds[atc] = (classes, group)
        return found

    def get(self, name: str) -> AnyList | None:
        found: dict[str, AnyList | None] = {
            CHRONIC: self.chronic,
            DUPLICATION: self.duplication,
            HABIT_FORMING: self.habit_forming,
        }
        return found.get(name)

    def digest(self, name: str) -> str | None:
        found = self.get(name)
        return found.digest if found is not None else None


LIST_MODELS: dict[
    str, type[ChronicDiseaseGroups] | type[DuplicationClasses] | type[HabitFormingGroups]
] = {
    CHRONIC: ChronicDiseaseGroups,
    DUPLICATION: DuplicationClasses,
    HABIT_FORMING: HabitFormingGroups,
}


# (where: the list key and index, e.g. ("groups", 3); the field; the problem; a suggestion)
ListProblem = tuple[tuple[str, int] | None, str, str, str | None]
