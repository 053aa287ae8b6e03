"""Rewriting Gherkin tag lines and nothing else: every other byte of the file stays.

The files are read as they are (no newline translation); the parser says where each
tag stands (line and column); an edit removes some tags and writes one new tag line.
Lines keep their own endings; a new line takes the file's. A tag line left with no
tag is dropped; one left with a comment keeps it. The files are written whole, each
through a temporary file beside it, renamed into place only once all are written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from medreview.approval.specs import Feature, SpecError, Tag, parse_feature
from medreview.errors import OutputError


@dataclass(frozen=True, slots=True)
class TagEdit:
    """Remove ``remove``; write ``line`` (already indented; "" for none)."""

    remove: tuple[Tag, ...]
    line: str
    anchor: int  # a new line goes just above this line (1-based)


def apply_edits(text: str, edits: list[TagEdit]) -> tuple[str, list[int]]:
    """The new text, and the line each edit's new tag line stands on (0 if it wrote none)."""
    lines = text.splitlines(keepends=True)
    ending = _ending(lines)
    removals: dict[int, list[Tag]] = {}
    for edit in edits:
        for tag in edit.remove:
            removals.setdefault(tag.line, []).append(tag)
    bodies = {number: _without(_body(lines[number - 1]), tags) for number, tags in removals.items()}
    in_place: dict[int, int] = {}  # line number -> edit writing its line there
    above: dict[int, list[int]] = {}  # line number -> edits writing a line above it
    for index, edit in enumerate(edits):
        if not edit.line:
            continue
        on = {tag.line for tag in edit.remove}
        if len(on) == 1 and not bodies[next(iter(on))].strip() and next(iter(on)) not in in_place:
            in_place[next(iter(on))] = index  # the old sign-off's own line: rewrite it there
        else:
            above.setdefault(edit.anchor, []).append(index)
    out: list[str] = []
    written = [0] * len(edits)
    for number, line in enumerate(lines, start=1):
        for index in above.get(number, ()):
            out.append(edits[index].line + ending)
            written[index] = len(out)
        if number in in_place:
            index = in_place[number]
            out.append(edits[index].line + _eol(line))
            written[index] = len(out)
        elif number in bodies:
            if bodies[number].strip():
                out.append(bodies[number] + _eol(line))
        else:
            out.append(line)
    return "".join(out), written


def _ending(lines: list[str]) -> str:
    """The file's line ending, as its first line has it."""
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith(("\n", "\r")):
            return line[-1]
    return "\n"


def _eol(line: str) -> str:
    return line[len(_body(line)) :]


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _without(body: str, tags: list[Tag]) -> str:
    """The line without these tags, each with the blanks that separated it."""
    for tag in sorted(tags, key=lambda t: t.column, reverse=True):
        token = "@" + tag.name
        start = tag.column - 1
        if body[start : start + len(token)] != token:  # columns count tabs differently
            start = body.find(token)
            if start < 0:
                continue
        end = start + len(token)
        after = end
        while after < len(body) and body[after] in " \t":
            after += 1
        if after < len(body):  # another tag, or a comment, follows: close up to it
            body = body[:start] + body[after:]
        else:  # the last on its line: drop the blanks before it too
            while start > 0 and body[start - 1] in " \t":
                start -= 1
            body = body[:start]
    return body


def read_exactly(directory: Path) -> list[tuple[Feature, str]]:
    """Every feature file in ``directory``, parsed, with its exact text."""
    if not directory.is_dir():
        raise SpecError(f"{directory}: no such directory of feature files")
    found: list[tuple[Feature, str]] = []
    for path in sorted(directory.glob("*.feature")):
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SpecError(f"{path}: cannot read: {error}") from error
        found.append((parse_feature(text, path), text))
    return found


def write_whole(texts: dict[Path, str]) -> None:
    """Each file whole; if any cannot be written, none is changed (OutputError says why)."""
    temps: list[tuple[Path, Path]] = []
    target = Path()
    try:
        for target, text in texts.items():
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
            temps.append((Path(name), target))
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            Path(name).chmod(stat.S_IMODE(target.stat().st_mode))
        for temp, target in temps:
            temp.replace(target)
    except OSError as error:
        for temp, _ in temps:
            with suppress(OSError):
                temp.unlink()
        raise OutputError.from_os(str(target), error) from None
