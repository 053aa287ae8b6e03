"""Every rule cites a source that exists, and quotes it word for word; the quote reads whole.

The rule files copy a quote from the seed text, which keeps the PDF's line-end hyphens
("pati- enter"); a clinician reads it mended ("patienter"): in the catalogue, in
``rules show``, wherever ``source.quote`` is shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FEATURES, RULES, SEEDS
from typer.testing import CliRunner

from medreview import Rule, load_ruleset
from medreview.cli import app
from medreview.rules.citation import Source, mend_quote
from medreview.rules.model import Signal

_RULESET = load_ruleset()
# Rules, and the priority signals that cite a source (others state their basis in practice).
RULES_CITING: list[Rule | Signal] = [*_RULESET.rules, *(s for s in _RULESET.signals if s.source)]
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout"
)


def _normalise(text: str) -> str:
    """Whitespace and the PDF's bullet glyphs do not count; words and punctuation do."""
    text = text.replace("\uf0b7", " ")
    return re.sub(r"\s+", " ", text).strip()


def _seed(document: str) -> str:
    return _normalise((SEEDS / document).read_text(encoding="utf-8"))


def _in_seed(quote: str, document: str) -> list[str]:
    """The parts of a quote (joined by '…') that are not in the seed, both read mended."""
    text = mend_quote(_seed(document))
    return [part.strip() for part in quote.split("…") if mend_quote(_normalise(part)) not in text]


@needs_seeds
@pytest.mark.parametrize("rule", RULES_CITING, ids=lambda rule: rule.id)
def test_the_cited_document_exists_and_holds_the_quote(rule: Rule | Signal) -> None:
    """The quote (parts joined by '…') appears in the cited seed document."""
    source = rule.source
    assert source is not None
    document = SEEDS / source.document
    assert document.is_file(), f"{rule.id} cites {source.document}, which is not in {SEEDS}"
    assert source.quote, f"{rule.id} quotes nothing from its source"
    assert not _in_seed(source.quote, source.document), f"not in {source.document}"


@needs_seeds
@pytest.mark.parametrize("rule", RULES_CITING, ids=lambda rule: rule.id)
def test_the_cited_section_is_in_the_document(rule: Rule | Signal) -> None:
    """A '§6.2.5' section heading, or a named section, is found in the document."""
    source = rule.source
    assert source is not None
    text = (SEEDS / source.document).read_text(encoding="utf-8")
    section = source.section.strip('"').removeprefix("§")
    assert re.search(rf"(^|\n)\s*(\d+:\s*)?{re.escape(section)}\b", text), (
        f"{rule.id}: no section {source.section} in {source.document}"
    )


def _quotes_as_written(node: Any, where: str) -> Iterator[tuple[str, str, str]]:
    """(where, document, quote) of every source in a rule file, as the file writes it."""
    if isinstance(node, dict):
        if isinstance(node.get("quote"), str) and isinstance(node.get("document"), str):
            yield where, node["document"], node["quote"]
        for key, value in node.items():
            yield from _quotes_as_written(value, f"{where}/{node.get('id', key)}")
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from _quotes_as_written(value, f"{where}[{number}]")


WRITTEN = [
    found
    for path in sorted(RULES.glob("*.yaml"))
    for found in _quotes_as_written(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
]


@needs_seeds
@pytest.mark.parametrize(("where", "document", "quote"), WRITTEN, ids=lambda x: str(x)[:50])
def test_a_rule_file_copies_its_quote_from_the_seed_as_it_stands(
    where: str, document: str, quote: str
) -> None:
    """Unmended: the file holds the seed's own words, line-end hyphens and all, so that a
    reader can find the quote in the seed; only reading mends it."""
    text = _seed(document)
    missing = [part for part in quote.split("…") if _normalise(part) not in text]
    assert not missing, f"{where}: not in {document} as written: {missing}"


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


@needs_seeds
@pytest.mark.parametrize(("entry", "source"), _list_sources(), ids=lambda x: str(x)[:40])
def test_a_clinical_list_entry_quotes_its_source_word_for_word(entry: str, source: Source) -> None:
    """A list entry's cited section is in its document and holds the quote."""
    raw = (SEEDS / source.document).read_text(encoding="utf-8")
    section = source.section.strip('"').removeprefix("§")
    assert re.search(rf"(^|\n)\s*(\d+:\s*)?{re.escape(section)}\b", raw), entry
    assert source.quote, f"{entry} quotes nothing from its source"
    assert not _in_seed(source.quote, source.document), f"{entry}: not in {source.document}"


def test_every_clinical_list_entry_has_a_basis() -> None:
    """A source, or the project's choice said plainly (the schema refuses neither)."""
    lists = _RULESET.lists
    assert lists.chronic is not None and lists.duplication is not None
    bases = [g.basis for g in lists.chronic.groups] + [c.basis for c in lists.duplication.classes]
    assert all(basis.source is not None or basis.choice is not None for basis in bases)
    assert all("projekt" in b.choice.da.lower() for b in bases if b.source is None and b.choice)


# --- the quote as a clinician reads it -----------------------------------------------------

# A hyphen, a space, and a word: a word broken in two, unless the hyphen is Danish's own
# suspension hyphen before "og", "eller" or "samt" ("kort- og langtidsbehandling").
_BROKEN_LOOKING = re.compile(r"\w- (?!(?:og|eller|samt)\b)\w")


def _seed_line_breaks() -> set[str]:
    """Every word the seeds break at a line end, as an unmended quote would show it:
    "pati- enter" (the seeds' own words, independent of how mending is done)."""
    broken: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\uf0b7", " ")
        for match in re.finditer(r"(\w+)-[ \t]*\n\s*(\w+)", text):
            if match[2] not in ("og", "eller", "samt"):
                broken.add(f"{match[1]}- {match[2]}")
    return broken


@pytest.fixture(scope="module")
def catalogue_quotes(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every quote the catalogue shows: the rules', the signals' and the lists'."""
    page = tmp_path_factory.mktemp("catalogue") / "catalogue.html"
    result = CliRunner().invoke(app, ["rules", "catalogue", "--out", str(page)])
    assert result.exit_code == 0, result.output
    found = re.findall(r"<blockquote>(.*?)</blockquote>", page.read_text(encoding="utf-8"), re.S)
    return [_normalise(html.unescape(quote)) for quote in found]


def _assert_whole(quote: str, where: str) -> None:
    assert not _BROKEN_LOOKING.search(quote), f"{where}: {quote}"
    if SEEDS.is_dir():
        assert not [word for word in _seed_line_breaks() if word in quote], f"{where}: {quote}"


def test_no_quote_in_the_catalogue_holds_a_broken_word(catalogue_quotes: list[str]) -> None:
    """The rule catalogue shows every quote mended, with no word split by a line-end hyphen."""
    assert len(catalogue_quotes) >= len(RULES_CITING)
    for quote in catalogue_quotes:
        _assert_whole(quote, "catalogue")
    quotes = " ".join(catalogue_quotes)
    # The three quotes whose seed text breaks a word at a line end read whole.
    for whole in ("at undgå, at patienter bliver", "fare for patientsikkerheden.", "samtidige"):
        assert whole in quotes


@pytest.mark.parametrize("item", RULES_CITING, ids=lambda item: item.id)
def test_no_quote_in_rules_show_holds_a_broken_word(item: Rule | Signal) -> None:
    """`rules show` prints a rule's quote with no word left split by a line-end hyphen."""
    result = CliRunner(env={"COLUMNS": "1000"}).invoke(app, ["rules", "show", item.id])
    assert result.exit_code == 0, result.output
    (quote,) = re.findall(r"»(.*?)«", result.stdout, re.S)
    _assert_whole(_normalise(quote), f"rules show {item.id}")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("at pati- enter bliver", "at patienter bliver"),
        ("fare for patientsik- kerheden.", "fare for patientsikkerheden."),
        ("flere sam- tidige sygdomme", "flere samtidige sygdomme"),
        ("Al- men praksis", "Almen praksis"),  # "men" after the hyphen is no conjunction here
        ("ind- til videre", "indtil videre"),
        ("lang- som", "langsom"),
        ("Res- sourcerige", "Ressourcerige"),  # a capital before the hyphen: still one word
        # Danish's suspension hyphen stays.
        ("kort- og langtidsbehandling", "kort- og langtidsbehandling"),
        ("sygehus- eller praksisforløb", "sygehus- eller praksisforløb"),
        ("til- og afgang", "til- og afgang"),
        ("for- samt efterår", "for- samt efterår"),
        (
            "sundheds-, behandlings- og rehabiliteringstilbud",
            "sundheds-, behandlings- og rehabiliteringstilbud",
        ),
        ("12- til 15-årige", "12- til 15-årige"),
        # A hyphen Danish writes stays, the line break goes.
        ("ADHD- medicin", "ADHD-medicin"),
        ("HPV- vaccine", "HPV-vaccine"),
        ("e- konsultation", "e-konsultation"),
        ("ikke- akutte situationer", "ikke-akutte situationer"),
        ("gå-hjem- møder", "gå-hjem-møder"),
        ("2- årige", "2-årige"),
        # A dash, a hyphen inside a word, and a hyphen before a capital are left alone.
        ("behandlingsansvaret - og", "behandlingsansvaret - og"),
        ("for - og ønsker om - samarbejdet", "for - og ønsker om - samarbejdet"),
        ("ADHD-medicin kan udskrives", "ADHD-medicin kan udskrives"),
        ("Region- Hovedstaden", "Region- Hovedstaden"),
        ("slut-", "slut-"),
    ],
)
def test_mending_joins_a_broken_word_and_keeps_a_danish_hyphen(written: str, read: str) -> None:
    """A quote's line-broken words read joined again, while the hyphens Danish writes stay."""
    assert mend_quote(written) == read


@needs_seeds
def test_mending_the_seeds_changes_only_their_line_ends() -> None:
    """Over every seed: each change is at a line end, and no hyphen in a line is touched."""
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert mend_quote(line) == line, f"{path.name}: {line!r}"


# --- the feature file cites what its rules cite ------------------------------------------


def _family_rules() -> list[tuple[str, Rule]]:
    return [(Path(rule.file).stem, rule) for rule in _RULESET.rules]


@pytest.mark.parametrize(("family", "rule"), _family_rules(), ids=lambda x: getattr(x, "id", x))
def test_a_rule_s_feature_cites_the_rule_s_source(family: str, rule: Rule) -> None:
    """The feature of a rule family names the document (its file name, or "003") and the
    section each of its rules cites, in one sentence (dobbeltbehandling.feature: §6.2.1 for
    DRUG-THERAPEUTIC-DUPLICATION, §6.2.2 for DRUG-SAME-SUBSTANCE-LINES)."""
    text = _normalise((FEATURES / f"{family}.feature").read_text(encoding="utf-8"))
    document = rf"(?:{re.escape(rule.source.document)}|\b{rule.source.document[:3]}\b)"
    cited = rf"{document}[^.]*{re.escape(rule.source.section)}"
    assert re.search(cited, text), f"{family}.feature does not cite {rule.source.cite}"
