"""The public surface: what `import medreview` offers, and that it is typed."""

from __future__ import annotations

import json
from pathlib import Path

from support.builder import AS_OF, PatientBuilder

import medreview


def test_all_is_sorted_and_names_every_public_name() -> None:
    """__all__ is sorted, complete, and every name in it exists."""
    assert list(medreview.__all__) == sorted(medreview.__all__)
    public = {
        name
        for name in dir(medreview)
        if not name.startswith("_") and not isinstance(getattr(medreview, name), type(medreview))
    }
    assert public | {"__version__"} == set(medreview.__all__)


def test_the_public_names_are_imported_on_first_use() -> None:
    """`import medreview` alone loads neither the engine nor FHIR models; a name loads its own."""
    import subprocess
    import sys

    code = (
        "import sys, medreview; "
        "print(sorted(m for m in ('medreview.engine', 'durable', 'fhir.resources') "
        "if m in sys.modules)); "
        "medreview.InputError; print('medreview.engine' in sys.modules)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert shown[:2] == ["[]", "False"]


def test_the_version_is_written_in_one_place() -> None:
    """pyproject.toml takes the version from medreview/__init__.py; the service reports it."""
    import tomllib
    from importlib.metadata import version

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert version("medreview") == medreview.__version__


def test_the_package_ships_its_type_information() -> None:
    """Type checkers see medreview's type hints: the package ships its py.typed marker."""
    assert (Path(medreview.__file__).parent / "py.typed").is_file()


def test_evaluate_takes_a_dict_text_bytes_or_a_path(tmp_path: Path) -> None:
    """The same bundle in any of its forms gives the same assessment."""
    builder = PatientBuilder()
    builder.fixed_drugs(7)
    bundle = builder.bundle()
    path = tmp_path / "p.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    answers = {
        medreview.evaluate(form, as_of=AS_OF).to_json()
        for form in (bundle, json.dumps(bundle), json.dumps(bundle).encode(), path)
    }
    assert len(answers) == 1


def test_explain_keeps_the_rule_and_fact_behind_each_finding() -> None:
    """Engine.explain gives the rule, the facts and the card behind each finding."""
    builder = PatientBuilder()
    builder.fixed_drugs(7)
    evaluation = medreview.Engine().explain(builder.bundle(), as_of=AS_OF)
    (fired,) = evaluation.fired
    assert fired.rule.id == "MGG-POLYPHARMACY"
    assert fired.finding.evidence == tuple(sorted(evaluation.facts.patient.counted_lines))
    assert evaluation.card.patient.name == "Inger Hansen"


def test_input_errors_carry_structured_problems() -> None:
    """Embedding code can read which resource and field are wrong, not only a message."""
    builder = PatientBuilder()
    builder.line("C07AB02", "Metoprolol", line_id="m1")
    bundle = builder.bundle()
    bundle["entry"][-1]["resource"]["status"] = "paused"
    try:
        medreview.evaluate(bundle, as_of=AS_OF)
    except medreview.InputError as error:
        (problem,) = error.problems
        assert (problem.resource, problem.field) == ("MedicationRequest/m1", "status")
        assert isinstance(error, medreview.MedreviewError)
    else:
        raise AssertionError("a bogus status was accepted")


def test_an_engine_takes_its_limits_and_says_which_was_passed() -> None:
    """Embedding code bounds what one bundle may hold, and reads which limit refused it."""
    builder = PatientBuilder()
    builder.fixed_drugs(7)
    bundle = builder.bundle()
    engine = medreview.Engine(limits=medreview.Limits(max_entries=3))
    for form in (bundle, json.dumps(bundle).encode()):
        try:
            engine.evaluate(form, as_of=AS_OF)
        except medreview.InputTooLarge as error:
            assert (error.limit, error.allowed, error.found) == ("max_entries", 3, 11)
            assert isinstance(error, medreview.InputError)
        else:
            raise AssertionError("a bundle beyond the limit was evaluated")


def test_every_error_medreview_raises_is_in_the_one_tree_and_drawn() -> None:
    """A caller can catch MedreviewError for anything medreview refuses, and errors.py draws
    every one of them."""
    import importlib
    import inspect
    import pkgutil

    import medreview
    from medreview import errors
    from medreview.errors import MedreviewError

    found: dict[str, type] = {}
    for module in pkgutil.walk_packages(medreview.__path__, "medreview."):
        if module.name == "medreview.__main__":  # it runs the command
            continue
        if module.name.startswith(("medreview.service", "medreview.scan.execution")):
            # importable without the service's and Dask's extras only where they are installed
            try:
                loaded = importlib.import_module(module.name)
            except ImportError:
                continue
        else:
            loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == loaded.__name__
                and not name.startswith("_")
            ):
                found[name] = value
    assert len(found) > 15
    outside = sorted(name for name, kind in found.items() if not issubclass(kind, MedreviewError))
    assert not outside, f"not under MedreviewError: {outside}"
    drawn = errors.__doc__ or ""
    undrawn = sorted(n for n in found if f"── {n} " not in drawn and n != "MedreviewError")
    assert not undrawn, f"not drawn in errors.py: {undrawn}"
