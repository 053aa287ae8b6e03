"""The names of ATC level-4 groups, in Danish and English, for what a clinician reads.

The names are data, ``navne/atc-grupper.yaml`` in the rule directory, with their basis
(the WHO ATC index's names; the Danish names the project's translation). They name a
group in a message ("ATC-gruppen A02BC, protonpumpehæmmere"); they decide nothing. A group
the file does not name is written by its code alone, and a rule directory without the file
names none.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from pydantic import Field, field_validator

from medreview.rules.citation import Spec, Text
from medreview.rules.message_format import Language
from medreview.rules.yaml_lines import FastSafeLoader

NAMES_FILE = Path("navne") / "atc-grupper.yaml"
_LEVEL_4 = r"^[A-Z]\d{2}[A-Z]{2}$"


class AtcGroupNames(Spec):
    """``navne/atc-grupper.yaml``: each level-4 group's name, and where the names come from."""

    names: str = Field(pattern=r"^atc-level-4-groups$")
    basis: Text
    groups: dict[str, Text] = Field(default_factory=dict)

    @field_validator("groups")
    @classmethod
    def _level_4(cls, groups: dict[str, Text]) -> dict[str, Text]:
        wrong = [code for code in groups if not re.match(_LEVEL_4, code)]
        if wrong:
            raise ValueError(f"not ATC level-4 codes (e.g. A02BC): {', '.join(wrong)}")
        return groups

    def name(self, code: str, language: Language) -> str | None:
        found = self.groups.get(code[:5])
        if found is None:
            return None
        return found.da if language == "da" else found.en

    def describe(self, code: str, language: Language = "da") -> str:
        """ "ATC-gruppen A02BC, protonpumpehæmmere"; the code alone when it has no name."""
        group = code[:5]
        lead = f"ATC-gruppen {group}" if language == "da" else f"ATC group {group}"
        name = self.name(group, language)
        return f"{lead}, {name}" if name else lead


_NONE = AtcGroupNames(names="atc-level-4-groups", basis=Text(da="ingen", en="none"))


def atc_group_names(rules_dir: str | Path) -> AtcGroupNames:
    """The group names of a rule directory, read once per directory."""
    return _load(str(Path(rules_dir).resolve()))


@functools.cache  # a scan asks once per duplication: no path resolving each time
def names_beside(list_file: str) -> AtcGroupNames:
    """The group names of the rule directory that holds ``list_file`` (none if it is "")."""
    return atc_group_names(Path(list_file).parent) if list_file else _NONE


@functools.cache
def _load(rules_dir: str) -> AtcGroupNames:
    path = Path(rules_dir) / NAMES_FILE
    if not path.is_file():
        return _NONE
    with path.open(encoding="utf-8") as handle:
        return AtcGroupNames.model_validate(yaml.load(handle, Loader=FastSafeLoader))
