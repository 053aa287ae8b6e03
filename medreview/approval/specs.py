"""The clinicians' specifications in ``features/``: scenarios, the rules they tag, sign-offs.

A doctor signs off with tags on a feature or a scenario::

    @godkendt-af:AB @godkendt-dato:2026-11-20 @regel-digest:3f2a9c01b7de
    @MGG-POLYPHARMACY
    Scenarie: ...

``@regel-digest`` records the first 12 hex digits of the digest of the rule that
was approved (``medreview rules show ID`` prints it); a feature that specifies
several rules carries one ``@regel-digest`` per rule. A sign-off on the feature
covers every rule its scenarios tag; one on a scenario covers the rules that
scenario tags (medreview/approval/signoff.py decides which of those it approves).
``medreview rules sign`` writes the tags (medreview/approval/signing.py), so each tag's
place in the file is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser

from medreview.errors import MedreviewError

SIGNED_BY = "godkendt-af:"
SIGNED_ON = "godkendt-dato:"
DIGEST = "regel-digest:"
# Initials as Danish health care writes them (LKH, ÅSE); 8 leaves room for a region's
# longer user ids without letting a name or a date through.
INITIALS = re.compile(r"^[A-ZÆØÅ]{2,8}$")
INITIALS_RULE = "2-8 store bogstaver A-Z, Æ, Ø eller Å"
_DIGEST = re.compile(r"^[0-9a-f]{12}$")
DIGEST_LENGTH = 12


class SpecError(MedreviewError):
    """A feature file or test report that cannot be read or parsed."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class SignOff:
    """One clinician's approval, as its tags say it."""

    initials: str
    day: date | None
    digests: frozenset[str]
    file: str
    line: int
    problems: tuple[str, ...] = ()  # what is wrong with the tags themselves

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag as written: its name without "@", and where it stands (1-based)."""

    name: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Scenario:
    feature: str  # the file name, e.g. polyfarmaci.feature
    name: str
    keyword: str
    line: int
    tags: frozenset[str]  # without "@"
    text: str  # the scenario as written, tags included
    sign_off: SignOff | None
    tags_at: tuple[Tag, ...] = ()  # where its tags stand, for rewriting them


@dataclass(frozen=True, slots=True)
class Feature:
    path: Path
    name: str
    description: str
    background: str  # as written; "" if none
    sign_off: SignOff | None
    scenarios: tuple[Scenario, ...] = field(default=())
    line: int = 0  # the line of "Egenskab:"
    tags_at: tuple[Tag, ...] = ()

    @property
    def file(self) -> str:
        return self.path.name

    def tagged(self, rule_id: str) -> list[Scenario]:
        return [s for s in self.scenarios if rule_id in s.tags]


def default_features_dir() -> Path:
    """The specs shipped with medreview: in the wheel, else the checkout's ``features/``."""
    package = Path(__file__).resolve().parent.parent  # medreview/
    packaged = package / "_features"
    if packaged.is_dir():
        return packaged
    return package.parent / "features"


def read_features(directory: Path) -> list[Feature]:
    """Every ``*.feature`` file in ``directory``, parsed."""
    if not directory.is_dir():
        raise SpecError(f"{directory}: no such directory of feature files")
    return [read_feature(path) for path in sorted(directory.glob("*.feature"))]


def read_feature(path: Path) -> Feature:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError(f"{path}: cannot read: {error}") from error
    return parse_feature(text, path)


def parse_feature(text: str, path: Path) -> Feature:
    """A feature file's text, as ``read_feature`` reads the file at ``path``."""
    try:
        # Read as plain dicts: the parser's TypedDicts do not narrow by key.
        document: Any = Parser().parse(text)
    except (CompositeParserException, ParserException) as error:
        raise SpecError(f"{path}: not valid Gherkin: {error}") from error
    feature = document.get("feature")
    if not feature:
        raise SpecError(f"{path}: holds no feature")
    lines = text.splitlines()
    children: list[dict[str, Any]] = []
    for child in feature["children"]:  # a Gherkin "Regel" groups scenarios: flatten it
        children.append(child)
        children.extend(child["rule"]["children"] if "rule" in child else ())
    starts = [_start(child) for child in children] + [len(lines) + 1]
    background = ""
    scenarios: list[Scenario] = []
    for number, child in enumerate(children):
        block = _block(lines, starts[number], starts[number + 1])
        if "background" in child:
            background = block
        elif "scenario" in child:
            node = child["scenario"]
            tags = [tag["name"].lstrip("@") for tag in node["tags"]]
            tags_at = _tags_at(node["tags"])
            scenarios.append(
                Scenario(
                    feature=path.name,
                    name=node["name"],
                    keyword=node["keyword"],
                    line=node["location"]["line"],
                    tags=frozenset(tags),
                    text=block,
                    sign_off=_sign_off(tags, path.name, node["location"]["line"]),
                    tags_at=tags_at,
                )
            )
    feature_tags = [tag["name"].lstrip("@") for tag in feature["tags"]]
    return Feature(
        path=path,
        name=feature["name"],
        description=feature["description"].strip(),
        background=background,
        sign_off=_sign_off(feature_tags, path.name, feature["location"]["line"]),
        scenarios=tuple(scenarios),
        line=feature["location"]["line"],
        tags_at=_tags_at(feature["tags"]),
    )


def _tags_at(tags: list[dict[str, Any]]) -> tuple[Tag, ...]:
    return tuple(
        Tag(tag["name"].lstrip("@"), tag["location"]["line"], tag["location"]["column"])
        for tag in tags
    )


def _start(child: dict[str, Any]) -> int:
    """The first line of a background or scenario, with the tags above it."""
    node = next(iter(child.values()))
    tag_lines = [tag["location"]["line"] for tag in node.get("tags", [])]
    return int(min([node["location"]["line"], *tag_lines]))


def _block(lines: list[str], start: int, end: int) -> str:
    """Lines ``start`` up to ``end`` (1-based), without trailing blank or comment lines."""
    block = lines[start - 1 : end - 1]
    while block and (not block[-1].strip() or block[-1].strip().startswith("#")):
        block.pop()
    indent = min((len(line) - len(line.lstrip()) for line in block if line.strip()), default=0)
    return "\n".join(line[indent:] for line in block)


def _sign_off(tags: list[str], file: str, line: int) -> SignOff | None:
    """The sign-off the tags record, or None if they record none."""
    signers = [t.removeprefix(SIGNED_BY) for t in tags if t.startswith(SIGNED_BY)]
    days = [t.removeprefix(SIGNED_ON) for t in tags if t.startswith(SIGNED_ON)]
    digests = [t.removeprefix(DIGEST) for t in tags if t.startswith(DIGEST)]
    if not (signers or days or digests):
        return None
    problems: list[str] = []
    if len(signers) != 1 or not INITIALS.match(signers[0]):
        problems.append(f"@{SIGNED_BY}<initialer> skal stå én gang, med {INITIALS_RULE}")
    day: date | None = None
    if len(days) != 1:
        problems.append(f"@{SIGNED_ON}<ÅÅÅÅ-MM-DD> skal stå én gang")
    else:
        try:
            day = date.fromisoformat(days[0])
        except ValueError:
            problems.append(f"@{SIGNED_ON}{days[0]} er ikke en dato (ÅÅÅÅ-MM-DD)")
    bad = [d for d in digests if not _DIGEST.match(d)]
    if bad:
        problems.append(f"@{DIGEST} skal være 12 hex-tegn: {', '.join(bad)}")
    if not digests:
        problems.append(f"@{DIGEST}<12 hex-tegn> mangler: hvilken udgave af reglen blev godkendt?")
    return SignOff(
        initials=signers[0] if signers else "",
        day=day,
        digests=frozenset(d for d in digests if _DIGEST.match(d)),
        file=file,
        line=line,
        problems=tuple(problems),
    )
