"""medreview: is a medication review (medicingennemgang) due, and who owns it?

Read a patient's FHIR R4 Bundle (an FMK medication card and care events),
decide through a declarative rule set on durable-rules what is due, and say
who owns each task, per sector.

>>> from medreview import evaluate
>>> assessment = evaluate(Path("fhir_samples/01-plejehjem-fast-laege.json"))  # doctest: +SKIP
>>> assessment.review.status  # doctest: +SKIP
'recommended'

The public names are imported on first use (PEP 562), so that ``import medreview``,
and a command such as ``medreview --help``, costs no more than what is used.
"""

import importlib as _importlib
import typing as _typing

# The package's version, in this one place (pyproject.toml reads it from here).
__version__ = "0.1.0"

if _typing.TYPE_CHECKING:
    from medreview.assessment.model import Assessment, Finding, Review, RulesetRef, Task
    from medreview.assessment.owners import Owner
    from medreview.card.model import Card
    from medreview.engine import Engine, Evaluation, ReadOptions, evaluate
    from medreview.errors import (
        InputError,
        InputProblem,
        InputTooLarge,
        MedreviewError,
        OutputError,
        RuleProblem,
        RuleSetError,
    )
    from medreview.read.limits import Limits
    from medreview.rules.model import Rule, RuleSet
    from medreview.rules.ruleset import load_ruleset

_MODULES = {
    "Assessment": "assessment.model",
    "Card": "card.model",
    "Engine": "engine",
    "Evaluation": "engine",
    "Finding": "assessment.model",
    "InputError": "errors",
    "InputProblem": "errors",
    "InputTooLarge": "errors",
    "Limits": "read.limits",
    "MedreviewError": "errors",
    "OutputError": "errors",
    "Owner": "assessment.owners",
    "ReadOptions": "engine",
    "Review": "assessment.model",
    "Rule": "rules.model",
    "RuleProblem": "errors",
    "RuleSet": "rules.model",
    "RuleSetError": "errors",
    "RulesetRef": "assessment.model",
    "Task": "assessment.model",
    "evaluate": "engine",
    "load_ruleset": "rules.ruleset",
}

__all__ = [
    "Assessment",
    "Card",
    "Engine",
    "Evaluation",
    "Finding",
    "InputError",
    "InputProblem",
    "InputTooLarge",
    "Limits",
    "MedreviewError",
    "OutputError",
    "Owner",
    "ReadOptions",
    "Review",
    "Rule",
    "RuleProblem",
    "RuleSet",
    "RuleSetError",
    "RulesetRef",
    "Task",
    "__version__",
    "evaluate",
    "load_ruleset",
]


def __getattr__(name: str) -> _typing.Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'medreview' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"medreview.{module}"), name)
    globals()[name] = value  # the next look-up is a plain one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
