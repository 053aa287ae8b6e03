"""The one module that touches durable-rules.

durable-rules keeps process-global state in C and has sharp edges, each
measured in ``shared/notes/durable-rules.md``. This wrapper makes it a pure
function from patients' facts to the rules that fired on them:

- a ``Host`` with no background timer threads, so every call is synchronous;
- one lock for every ruleset in the process (the C engine is not thread-safe);
- a uniquely named ruleset per loaded rule set (names cannot be unregistered);
- every fact gets a small numeric ``id``: durable identifies facts by a 32-bit
  hash of their id, and the ids ``"0"`` to ``"299999"`` are proven collision-free
  (tests/test_engine.py), where hashing whole facts is not;
- each call asserts one batch of patients under a fresh sid, starting with a
  batch fact that a catch-all rule fires on (``delete_state`` on a sid where no
  action fired aborts the process), and a sink rule accepts every other fact
  without firing (an unmatched fact raises and drops the whole batch); the
  state is deleted after, so no batch sees another's facts and memory stays flat;
- every rule takes up to all its matches in one action call (``cap``), so the
  Python cost is per rule and batch, not per finding; facts go to the C engine
  as one orjson string;
- errors inside actions, which durable-rules swallows into the returned state,
  are raised;
- durable-rules fires a rule once for each branch of an ``$or`` that holds; a
  (rule, fact) pair is reported once.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Sequence
from typing import Any

import durable_rules_engine
import orjson
from durable import engine as durable

from medreview.errors import MedreviewError

MAX_FACTS_PER_CALL = 300_000
_CATCH_ALL = "medreview$batch"
_SINK = "medreview$sink"
_BATCH_FACT = {"kind": "medreview$batch", "id": "0"}  # facts are numbered from 1
_LOCK = threading.Lock()
_ruleset_numbers = itertools.count(1)
_sids = itertools.count(1)


class EngineError(MedreviewError):
    """durable-rules failed: a bug, never a property of the input."""


class _Host(durable.Host):  # type: ignore[misc]
    def __init__(self, engine: RuleEngine) -> None:
        self._engine = engine
        super().__init__()

    def _run(self) -> None:
        """No background timer threads: they make execution asynchronous."""

    def get_action(self, action_name: str) -> Any:
        return self._engine._action(action_name)


class RuleEngine:
    """A compiled rule set on durable-rules: facts in, (rule id, fact) pairs out."""

    def __init__(self, rules: dict[str, dict[str, Any]], label: str = "medreview") -> None:
        """``rules`` maps a rule id to its durable-rules definition (without ``run``)."""
        if _CATCH_ALL in rules or _SINK in rules:
            raise ValueError("rule ids may not use medreview's internal names")
        definitions: dict[str, Any] = {
            rule_id: {**copy.deepcopy(definition), "run": rule_id, "cap": MAX_FACTS_PER_CALL}
            for rule_id, definition in rules.items()
        }
        definitions[_CATCH_ALL] = {"all": [{"m": {"kind": _BATCH_FACT["kind"]}}], "run": _CATCH_ALL}
        # Joins a fact that never exists: every fact is accepted, none fires.
        definitions[_SINK] = {
            "all": [{"never": {"kind": "medreview$never"}}, {"any": {"$ex": {"kind": 1}}}],
            "run": _SINK,
        }
        safe_label = "".join(ch if ch.isalnum() else "_" for ch in label)
        self._name = f"{safe_label}_{next(_ruleset_numbers)}"
        self._fired: list[tuple[str, int]] = []
        with _LOCK:
            self._host = _Host(self)
            # set_rulesets mutates what it is given: hand it a copy.
            self._host.set_rulesets({self._name: copy.deepcopy(definitions)})
            self._ruleset = self._host.get_ruleset(self._name)

    def _action(self, rule_id: str) -> Any:
        def fire(closure: Any) -> None:
            matched = closure.m if isinstance(closure.m, list) else [closure.m]
            self._fired.extend((rule_id, int(message["id"])) for message in matched)

        return fire

    def run(self, facts: list[dict[str, Any]]) -> list[tuple[str, int]]:
        """The (rule id, position in ``facts``) pairs that fire on one patient's facts."""
        return self.run_batch([facts])[0]

    def run_batch(self, patients: Sequence[list[dict[str, Any]]]) -> list[list[tuple[str, int]]]:
        """For each patient's facts, the (rule id, fact position) pairs that fire, in order.

        Each fact is a dict with a ``kind`` and the fields the rules read; it is
        changed in place (given an ``id`` and a ``sid``).
        """
        total = sum(len(facts) for facts in patients) + 1
        if total > MAX_FACTS_PER_CALL:
            raise EngineError(f"{total} facts in one call; the limit is {MAX_FACTS_PER_CALL}")
        owner: list[tuple[int, int]] = [(-1, -1)]  # fact "0" is the batch fact
        with _LOCK:
            sid = str(next(_sids))
            messages = [{**_BATCH_FACT, "sid": sid}]
            for patient, facts in enumerate(patients):
                for position, fact in enumerate(facts):
                    fact["id"] = str(len(owner))
                    fact["sid"] = sid
                    owner.append((patient, position))
                    messages.append(fact)
            self._fired = []
            state = self._assert(messages, sid)
            fired, self._fired = self._fired, []
        if isinstance(state, dict) and "exception" in state:
            raise EngineError(f"a rule action failed: {state['exception']}")
        results: list[list[tuple[str, int]]] = [[] for _ in patients]
        caught = False
        # A rule whose $or has several true branches fires once per branch: once is enough.
        for rule_id, number in sorted(set(fired)):
            if rule_id == _CATCH_ALL:
                caught = True
                continue
            patient, position = owner[number]
            results[patient].append((rule_id, position))
        if not caught:
            raise EngineError("the catch-all rule did not fire; the batch was not seen")
        return results

    def _assert(self, messages: list[dict[str, Any]], sid: str) -> Any:
        """Assert the batch and run its actions synchronously; then forget the sid."""
        outcome: list[Any] = [None, None]

        def complete(error: Any, state: Any) -> None:
            outcome[0], outcome[1] = error, state

        try:
            # What Host.assert_facts does, with orjson instead of json for the batch.
            result = durable_rules_engine.assert_facts(
                self._ruleset._handle, orjson.dumps(messages).decode()
            )
            if result[0] == 1:
                raise EngineError("a fact was not handled by any rule")
            if result[0] == 2:
                raise EngineError("a fact id was used twice")
            self._ruleset.do_actions(result[1], complete)
        except EngineError:
            self._forget(sid)
            raise
        except Exception as error:  # durable raises bare Exceptions of its own
            self._forget(sid)
            raise EngineError(f"durable-rules failed: {error}") from error
        self._forget(sid)
        if outcome[0]:
            raise EngineError(f"durable-rules failed: {outcome[0]}")
        return outcome[1]

    def _forget(self, sid: str) -> None:
        if any(rule_id == _CATCH_ALL for rule_id, _ in self._fired):
            self._host.delete_state(self._name, sid)
