"""Every rule cites a source that exists, and quotes it word for word."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS

from medreview import Rule, load_ruleset
from medreview.citation import Source
from medreview.ruleset import Signal

_RULESET = load_ruleset()
# Rules, and the priority signals that cite a source (others state their basis in practice).
RULES: list[Rule | Signal] = [*_RULESET.rules, *(s for s in _RULESET.signals if s.source)]


def _normalise(text: str) -> str:
    """Whitespace and the PDF's bullet glyphs do not count; words and punctuation do."""
    text = text.replace("\uf0b7", " ")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_cited_document_exists_and_holds_the_quote(rule: Rule | Signal) -> None:
    """The quote (parts joined by '…') appears in the cited seed document."""
    source = rule.source
    assert source is not None
    document = SEEDS / source.document
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    assert document.is_file(), f"{rule.id} cites {source.document}, which is not in {SEEDS}"
    assert source.quote, f"{rule.id} quotes nothing from its source"
    text = _normalise(document.read_text(encoding="utf-8"))
    for part in source.quote.split("…"):
        assert _normalise(part) in text, f"not in {source.document}: {part.strip()!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_cited_section_is_in_the_document(rule: Rule | Signal) -> None:
    """A '§6.2.5' section heading, or a named section, is found in the document."""
    source = rule.source
    assert source is not None
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    text = (SEEDS / source.document).read_text(encoding="utf-8")
    section = source.section.strip('"').removeprefix("§")
    assert re.search(rf"(^|\n)\s*(\d+:\s*)?{re.escape(section)}\b", text), (
        f"{rule.id}: no section {source.section} in {source.document}"
    )


def _list_sources() -> list[tuple[str, Source]]:
    """Every entry of a clinical list that cites a seed document (the others state a choice)."""
    lists = _RULESET.lists
    found: list[tuple[str, Source]] = []
    if lists.chronic is not None:
        found += [
            (f"chronic/{g.id}", g.basis.source) for g in lists.chronic.groups if g.basis.source
        ]
    if lists.duplication is not None:
        classes = lists.duplication
        found += [(f"class/{c.id}", c.basis.source) for c in classes.classes if c.basis.source]
        if classes.level_4 is not None and classes.level_4.basis.source is not None:
            found.append(("class/level-4", classes.level_4.basis.source))
    return found


@pytest.mark.parametrize(("entry", "source"), _list_sources(), ids=lambda x: str(x)[:40])
def test_a_clinical_list_entry_quotes_its_source_word_for_word(entry: str, source: Source) -> None:
    """A list entry's cited section is in its document and holds the quote."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    raw = (SEEDS / source.document).read_text(encoding="utf-8")
    section = source.section.strip('"').removeprefix("§")
    assert re.search(rf"(^|\n)\s*(\d+:\s*)?{re.escape(section)}\b", raw), entry
    assert source.quote, f"{entry} quotes nothing from its source"
    for part in source.quote.split("…"):
        assert _normalise(part) in _normalise(raw), f"{entry}: not in {source.document}: {part!r}"


def test_every_clinical_list_entry_has_a_basis() -> None:
    """A source, or the project's choice said plainly (the schema refuses neither)."""
    lists = _RULESET.lists
    assert lists.chronic is not None and lists.duplication is not None
    bases = [g.basis for g in lists.chronic.groups] + [c.basis for c in lists.duplication.classes]
    assert all(basis.source is not None or basis.choice is not None for basis in bases)
    assert all("projekt" in b.choice.da.lower() for b in bases if b.source is None and b.choice)
