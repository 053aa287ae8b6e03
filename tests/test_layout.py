"""The house shows its pipeline: folders are stages, modules hold one concept, tests say why."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "medreview"
TESTS = ROOT / "tests"
# "About 400 lines" (one concept per module); a little room above it, not a second concept.
MAX_MODULE_LINES = 430


def test_every_folder_of_medreview_is_a_package() -> None:
    """No namespace packages: each stage folder says what it is in its __init__.py."""
    folders = [p for p in PACKAGE.rglob("*") if p.is_dir() and any(p.glob("*.py"))]
    missing = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").is_file())
    assert not missing
    for folder in folders:
        assert ast.get_docstring(ast.parse((folder / "__init__.py").read_text())), folder


def test_no_module_holds_more_than_one_concepts_worth_of_lines() -> None:
    """A module a reader can take in: none much over 400 lines."""
    long = {
        str(path.relative_to(ROOT)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long


def test_the_tests_mirror_the_stages() -> None:
    """Each folder of tests/ (but the helpers in support/) is a folder of medreview/."""
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert folders <= {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    assert not [p.name for p in TESTS.glob("*.py") if p.name not in _TOP_LEVEL]


_TOP_LEVEL = {"conftest.py", "test_benchmarks.py", "test_layout.py", "test_public_api.py",
              "test_readme.py"}  # fmt: skip


def test_every_test_says_what_a_user_would_notice() -> None:
    """Every test function has a docstring: what breaks for a user if it fails."""
    undocumented = [
        f"{path.relative_to(ROOT)}::{node.name}"
        for path in TESTS.rglob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
        and not ast.get_docstring(node)
    ]
    assert not undocumented
