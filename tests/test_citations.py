"""Every rule cites a source that exists, and quotes it word for word."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS

from medreview import Rule, load_ruleset
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
