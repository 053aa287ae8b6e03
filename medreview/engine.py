"""The one module that touches durable-rules.

durable-rules keeps process-global state in C and has sharp edges, each
measured in ``shared/notes/durable-rules.md``. This wrapper makes it a pure
function from one patient's facts to the rules that fired:

- a ``Host`` with no background timer threads, so every call is synchronous;
- one lock for every ruleset in the process (the C engine is not thread-safe);
- a uniquely named ruleset per loaded rule set (names cannot be unregistered);
- every fact gets a small numeric ``id``: durable identifies facts by a 32-bit
  hash of their id, and the ids ``"0"`` to ``"299999"`` are proven collision-free,
  where hashing whole facts is not;
- a catch-all rule on the patient fact, so an action fires for every patient
  (``delete_state`` on a sid where nothing fired aborts the process), and a
  sink rule that accepts every other fact without firing (an unmatched fact
  raises and drops the whole batch);
- a fresh sid per call and its state deleted after, so no patient sees another's
  facts and memory stays flat;
- errors inside actions, which durable-rules swallows into the returned state,
  are raised.
"""

from __future__ import annotations

import copy
import itertools
import threading
from typing import Any

from durable import engine as durable

from medreview.errors import MedreviewError

MAX_FACTS_PER_PATIENT = 300_000
_CATCH_ALL = "medreview$patient"
_SINK = "medreview$sink"
_LOCK = threading.Lock()
_ruleset_numbers = itertools.count(1)
_sids = itertools.count(1)


class EngineError(MedreviewError):
    """durable-rules failed on a patient: a bug, never a property of the input."""


class _Host(durable.Host):  # type: ignore[misc]
    def __init__(self, engine: RuleEngine) -> None:
        self._engine = engine
        super().__init__()

    def _run(self) -> None:
        """No background timer threads: they make execution asynchronous."""

    def get_action(self, action_name: str) -> Any:
        return self._engine._action(action_name)


class RuleEngine:
    """A compiled rule set on durable-rules: facts in, (rule, fact id) pairs out."""

    def __init__(self, rules: dict[str, dict[str, Any]], label: str = "medreview") -> None:
        """``rules`` maps a rule id to its durable-rules definition (without ``run``)."""
        if _CATCH_ALL in rules or _SINK in rules:
            raise ValueError("rule ids may not use medreview's internal names")
        definitions: dict[str, Any] = {
            rule_id: {**copy.deepcopy(definition), "run": rule_id}
            for rule_id, definition in rules.items()
        }
        definitions[_CATCH_ALL] = {"all": [{"m": {"kind": "patient"}}], "run": _CATCH_ALL}
        # Joins a fact that never exists: every fact is accepted, none fires.
        definitions[_SINK] = {
            "all": [{"never": {"kind": "medreview$never"}}, {"any": {"$ex": {"kind": 1}}}],
            "run": _SINK,
        }
        safe_label = "".join(ch if ch.isalnum() else "_" for ch in label)
        self._name = f"{safe_label}_{next(_ruleset_numbers)}"
        self._fired: list[tuple[str, str]] = []
        with _LOCK:
            self._host = _Host(self)
            # set_rulesets mutates what it is given: hand it a copy.
            self._host.set_rulesets({self._name: copy.deepcopy(definitions)})

    def _action(self, rule_id: str) -> Any:
        def fire(closure: Any) -> None:
            self._fired.append((rule_id, str(closure.m["id"])))

        return fire

    def run(self, facts: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """The (rule id, fact id) pairs that fire on one patient's facts.

        The first fact must be the patient fact; every fact needs a unique ``id``
        that is a decimal number below ``MAX_FACTS_PER_PATIENT``.
        """
        if not facts or facts[0].get("kind") != "patient":
            raise ValueError("the first fact must be the patient fact")
        if len(facts) > MAX_FACTS_PER_PATIENT:
            raise EngineError(
                f"{len(facts)} facts for one patient; the limit is {MAX_FACTS_PER_PATIENT}"
            )
        with _LOCK:
            sid = str(next(_sids))
            for fact in facts:
                fact["sid"] = sid
            self._fired = []
            try:
                state = self._host.assert_facts(self._name, facts)
            except Exception as error:  # durable raises bare Exceptions of its own
                if self._fired:
                    self._host.delete_state(self._name, sid)
                raise EngineError(f"durable-rules failed: {error}") from error
            self._host.delete_state(self._name, sid)
            fired = [pair for pair in self._fired if pair[0] != _CATCH_ALL]
            caught = len(fired) != len(self._fired)
            self._fired = []
        if isinstance(state, dict) and "exception" in state:
            raise EngineError(f"a rule action failed: {state['exception']}")
        if not caught:
            raise EngineError("the catch-all rule did not fire; the patient fact was not seen")
        return fired
