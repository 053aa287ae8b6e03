"""The ATC code of a line that has none, looked up from the drug's name.

A line whose card gives no ATC code would escape every rule that reads one
(habit-forming drugs, NSAIDs, therapeutic duplication). ``navne/laegemiddelnavne.yaml``
in the rule directory maps substance names (WHO's ATC/DDD index, in English and
in the Danish spelling FMK uses) and Danish product names to one ATC code each.

The lookup never guesses. The name is read as :mod:`medreview.card.name_reading` reads
it: case-folded; what a quote or bracket holds (the maker, "Hexal"; RxNorm's brand,
[Toprol]), strengths ("15 mg", "0,4 mg/dosis"), dose forms, release words and salts
("hydrochloride") are dropped; what is left must be one listed name, word for word:
"Oxapax 15 mg tabletter" is "oxapax", "Pinex Forte" is not "pinex". A name that holds
"+", "/", "&", "og", "med", "comp" and the like, two listed substances, or a listed
combination product is not looked up, so a combination is never taken for one of its
substances; nor is a name the list marks ambiguous (acetylsalicylic acid is B01AC06 at
75 mg and N02BA01 at 500 mg), or a form whose code differs from the listed one
(ibuprofen gel is M02AA13, not M01AE01).

The file is not a rule family: it sits in ``navne/``, beside the ATC group names,
because ``medreview.rules.ruleset`` reads every ``*.yaml`` file of the rule directory as a
family or a list it knows, and it knows no ``drug-names`` list. It is read here,
checked, and kept per rule directory.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, PrivateAttr, ValidationError

from medreview.card.name_reading import ReadName, Route, read_name
from medreview.errors import RuleProblem, RuleSetError
from medreview.rules.citation import Spec, Text
from medreview.rules.yaml_lines import FastSafeLoader

DRUG_NAMES_FILE = Path("navne") / "laegemiddelnavne.yaml"


ATC_LEVEL_5 = re.compile(r"^[A-Z]\d{2}[A-Z]{2}\d{2}$")


Outcome = Literal[
    "found", "combination", "ambiguous", "other-form", "needs-form", "unknown", "no-name"
]


class Substance(Spec):
    """One ATC code and the names that mean it."""

    atc: str = Field(pattern=ATC_LEVEL_5.pattern, description="WHO ATC level 5")
    who: str = Field(min_length=1, description="the substance as WHO's ATC/DDD index names it")
    da: str = Field(min_length=1, description="the substance in Danish, as messages name it")
    names: tuple[str, ...] = Field(
        default=(), description="substance names looked up: Danish (as on FMK), English INN"
    )
    products: tuple[str, ...] = Field(default=(), description="Danish products of it alone")
    routes: tuple[Route, ...] = Field(
        default=("oral",), min_length=1, description="the forms this code is for"
    )
    needs_form: bool = Field(
        default=False,
        description="a substance name without its form is ambiguous (the code depends on it)",
    )

    @property
    def danish(self) -> str:
        return self.da


class Combination(Spec):
    """A product of several substances: never looked up."""

    name: str = Field(min_length=1)
    substances: tuple[str, ...] = Field(min_length=2)


class Ambiguous(Spec):
    """A name with several ATC codes by strength, form or indication: never looked up."""

    name: str = Field(min_length=1)
    atc: tuple[str, ...] = Field(min_length=2)


class DrugNames(Spec):
    """``laegemiddelnavne.yml``: names to ATC codes, and what is never looked up."""

    list: Literal["drug-names"]
    title: Text
    description: Text
    basis: dict[str, Text] = Field(description="where the codes, names and selection come from")
    substances: tuple[Substance, ...] = Field(min_length=1)
    combinations: tuple[Combination, ...] = ()
    ambiguous: tuple[Ambiguous, ...] = ()
    file: str = ""
    _index: dict[str, tuple[str, Substance | Combination | Ambiguous]] = PrivateAttr(
        default_factory=dict
    )

    def model_post_init(self, context: Any) -> None:
        for entry in self.substances:
            for name in entry.names:
                self._index.setdefault(name, ("name", entry))
            for product in entry.products:
                self._index.setdefault(product, ("product", entry))
        for combination in self.combinations:
            self._index.setdefault(combination.name, ("combination", combination))
        for ambiguous in self.ambiguous:
            self._index.setdefault(ambiguous.name, ("ambiguous", ambiguous))

    def listed_names(self) -> tuple[tuple[str, str], ...]:
        """(section, name) for every name the file lists, in file order."""
        return (
            *(("substances", n) for s in self.substances for n in (*s.names, *s.products)),
            *(("combinations", c.name) for c in self.combinations),
            *(("ambiguous", a.name) for a in self.ambiguous),
        )

    def lookup(self, name: str | None) -> dict[str, Any]:
        """What the list says of a line's drug name, as card data (``card.NameLookup``)."""
        if not name or not name.strip():
            return {"outcome": "no-name", "note": _note_no_name()}
        read = read_name(name)
        found = self._index.get(read.key)
        entry = found[1] if found is not None else None
        if read.combined or isinstance(entry, Combination):
            detail = " og ".join(entry.substances) if isinstance(entry, Combination) else ""
            return _result("combination", read, _note_combination(detail))
        if found is None:
            parts = self._substances_within(read.key)
            if len({part.atc for part in parts}) >= 2:
                detail = " og ".join(part.danish for part in parts)
                return _result("combination", read, _note_combination(detail))
            return _result("unknown", read, _note_unknown(read.key))
        if isinstance(entry, Ambiguous):
            return _result("ambiguous", read, _note_ambiguous(entry.atc))
        assert isinstance(entry, Substance)
        other = sorted(read.routes - set(entry.routes))
        if other:
            return _result("other-form", read, _note_other_form(entry, other))
        if found[0] == "name" and entry.needs_form and not read.routes:
            return _result("needs-form", read, _note_needs_form(entry))
        return {
            **_result("found", read, _note_found(entry, name)),
            "atc": entry.atc,
            "substance": entry.danish,
        }

    def _substances_within(self, key: str) -> tuple[Substance, ...]:
        """The listed substances and products whose whole name stands within ``key``."""
        words = key.split()
        found: tuple[Substance, ...] = ()
        for size in range(1, len(words) + 1):
            for start in range(len(words) - size + 1):
                hit = self._index.get(" ".join(words[start : start + size]))
                if hit is not None and isinstance(hit[1], Substance):
                    found = (*found, hit[1])
        return found


def _result(outcome: Outcome, read: ReadName, note: str) -> dict[str, Any]:
    return {"outcome": outcome, "key": read.key, "note": note}


_NOT_JUDGED = (
    "reglerne for vanedannende medicin, NSAID og dobbeltbehandling har derfor ikke kunnet "
    "vurdere ordinationen."
)


def _note_found(entry: Substance, name: str) -> str:
    return (
        f'ATC-kode {entry.atc} ({entry.danish}) er fundet ud fra navnet "{name.strip()}" i '
        "medreviews navneliste (med koderne fra WHO's ATC/DDD-indeks); reglerne for "
        "vanedannende medicin, NSAID og "
        f"dobbeltbehandling har vurderet ordinationen som {entry.danish}. Kontrollér stoffet, "
        "og vælg præparatet fra FMK's lægemiddelliste, så ordinationen får sin ATC-kode."
    )


def _note_combination(detail: str) -> str:
    what = f" ({detail})" if detail else ""
    return (
        f"Navnet er et kombinationspræparat{what}, og medreview slår kun enkeltstoffer op; "
        + _NOT_JUDGED
    )


def _note_ambiguous(codes: tuple[str, ...]) -> str:
    return (
        f"Navnet svarer til flere ATC-koder ({', '.join(codes)}) efter styrke, form eller "
        "indikation, så medreview har ikke valgt én; " + _NOT_JUDGED
    )


_ROUTES_DA: dict[str, str] = {
    "oral": "til indtagelse", "injection": "til injektion", "transdermal": "som plaster",
    "rectal": "til endetarmen", "mouth": "til mundhulen", "nose": "til næsen",
    "inhalation": "til inhalation", "topical": "til udvortes brug", "eye": "til øjnene",
    "ear": "til ørerne", "vaginal": "til skeden",
}  # fmt: skip


def _note_other_form(entry: Substance, routes: list[str]) -> str:
    forms = ", ".join(_ROUTES_DA[route] for route in routes)
    return (
        f"{entry.danish.capitalize()} {forms} har en anden ATC-kode end {entry.atc}, og den "
        "står ikke i medreviews navneliste; " + _NOT_JUDGED
    )


def _note_needs_form(entry: Substance) -> str:
    return (
        f"{entry.danish.capitalize()} har forskellige ATC-koder efter formen, og navnet "
        "angiver ingen form; " + _NOT_JUDGED
    )


def _note_unknown(key: str) -> str:
    if not key:
        return "Navnet angiver kun styrke, form eller salt, intet stofnavn; " + _NOT_JUDGED
    return f'Navnet (slået op som "{key}") står ikke i medreviews navneliste; ' + _NOT_JUDGED


def _note_no_name() -> str:
    return "Ordinationen har intet navn at slå op; " + _NOT_JUDGED


def drug_names(directory: str | Path | None = None) -> DrugNames:
    """The name list of a rule directory (default: the shipped one), read once per directory.

    RuleSetError if it is missing or does not hold together.
    """
    if directory is None:
        return _shipped()
    return _load(Path(directory).resolve())


@functools.cache
def _shipped() -> DrugNames:
    from medreview.rules.ruleset import default_rules_dir  # the loader is heavy; import it late

    return _load(default_rules_dir().resolve())


@functools.cache
def _load(directory: Path) -> DrugNames:
    path = directory / DRUG_NAMES_FILE
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=FastSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise RuleSetError(
            [RuleProblem(str(path), f"cannot read the name list: {error}")]
        ) from None
    if not isinstance(document, dict):
        raise RuleSetError([RuleProblem(str(path), "the name list is a mapping")])
    try:
        names = DrugNames.model_validate({**document, "file": str(path)})
    except ValidationError as error:
        raise RuleSetError(
            [
                RuleProblem(str(path), item["msg"], field=".".join(map(str, item["loc"])))
                for item in error.errors()
            ]
        ) from None
    problems = [RuleProblem(str(path), reason, field=at) for at, reason in list_problems(names)]
    if problems:
        raise RuleSetError(problems)
    return names


def list_problems(names: DrugNames) -> list[tuple[str, str]]:
    """What a schema cannot check: (where, problem) for each."""
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for section, name in names.listed_names():
        read = read_name(name)
        where = f"{section}: {name!r}"
        if read.key != name or read.combined:
            problems.append(
                (where, f"a listed name is written as the lookup reads it: {read.key!r}")
            )
        if name in seen:
            problems.append((where, f"also listed under {seen[name]}"))
        seen.setdefault(name, section)
    for entry in names.ambiguous:
        bad = [code for code in entry.atc if not ATC_LEVEL_5.match(code)]
        if bad:
            problems.append((f"ambiguous: {entry.name!r}", f"not ATC level-5 codes: {bad}"))
    return problems
