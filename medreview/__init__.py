"""medreview: is a medication review (medicingennemgang) due, and who owns it?

Read a patient's FHIR R4 Bundle (an FMK medication card and care events),
decide through a declarative rule set on durable-rules what is due, and say
who owns each task, per sector.

>>> from medreview import evaluate
>>> assessment = evaluate(Path("fhir_samples/01-plejehjem-fast-laege.json"))  # doctest: +SKIP
>>> assessment.review.status  # doctest: +SKIP
'recommended'
"""

from medreview.assessment import Assessment, Finding, Review, RulesetRef, Task
from medreview.card import Card
from medreview.errors import (
    InputError,
    InputProblem,
    InputTooLarge,
    MedreviewError,
    OutputError,
    RuleProblem,
    RuleSetError,
)
from medreview.evaluation import Engine, Evaluation, evaluate
from medreview.limits import Limits
from medreview.owners import Owner
from medreview.ruleset import Rule, RuleSet, load_ruleset

__version__ = "0.1.0"

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
