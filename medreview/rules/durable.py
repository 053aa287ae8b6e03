"""The one module that touches durable-rules.

durable-rules keeps process-global state in C and has sharp edges, each
measured in ``shared/notes/durable-rules.md``. This wrapper makes it a pure
function from patients' facts to the rules that fired on them:

- a ``Host`` with no background timer threads, so every call is synchronous;
- one lock for every ruleset in the process (the C engine is not thread-safe);
- a uniquely named ruleset per loaded rule set (names cannot be unregistered);
- every fact gets a small numeric ``id``: durable identifies facts by a 32-bit
  hash of their id, and the ids ``"0"`` to ``"299999"`` are proven collision-free
  (tests/rules/test_engine.py), where hashing whole facts is not;
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
  (rule, fact) pair is reported once;
- on Python 3.13 and later, which removed ``PyEval_CallObject``, the C extension is
  imported with lazy symbol binding (see ``_load_durable``), and the calls that would
  reach that symbol raise :class:`EngineError` instead of killing the process.

This module is the only one that imports durable-rules; nothing else in medreview
knows that it is there, or how it is loaded.
"""

from __future__ import annotations

import copy
import itertools
import os
import sys
import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NoReturn

import orjson

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


# The extension functions whose callbacks call PyEval_CallObject (src/rulespy/rules.c of
# durable-rules 2.0.28): durable's storage and queue hooks, which medreview never sets.
STORAGE_CALLBACK_SETTERS = (
    "set_store_message_callback",
    "set_delete_message_callback",
    "set_queue_message_callback",
    "set_get_queued_messages_callback",
    "set_get_idle_state_callback",
)


def _load_durable() -> ModuleType:
    """Import durable-rules' C extension, on Python 3.13 too.

    durable-rules 2.0.28 (its last release) calls ``PyEval_CallObject``, which Python
    3.13 removed. Built as it is (gcc 13 or older only warns), the extension has that
    symbol undefined, and Python's default ``RTLD_NOW`` refuses to load it. With lazy
    binding a function symbol is looked up at its first call, and the only calls to it
    are in the storage callbacks of ``STORAGE_CALLBACK_SETTERS``; medreview sets none,
    and these setters are replaced by ones that raise :class:`EngineError`, so the
    symbol is never reached. Built with ``-DPyEval_CallObject=PyObject_CallObject``
    (needed with gcc 14, which refuses the implicit declaration; see README.md), the
    extension has no such symbol and lazy binding changes nothing.
    """
    if sys.version_info < (3, 13):
        import durable_rules_engine

        module: ModuleType = durable_rules_engine
        return module
    flags = sys.getdlopenflags()
    sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
    try:
        import durable_rules_engine
    except ImportError as error:
        raise EngineError(
            f"durable-rules' C engine does not load on Python "
            f"{sys.version_info.major}.{sys.version_info.minor}: {error}. Reinstall it with "
            'CPPFLAGS="-DPyEval_CallObject=PyObject_CallObject" pip install --force-reinstall '
            "--no-cache-dir --no-binary durable-rules durable-rules"
        ) from error
    finally:
        sys.setdlopenflags(flags)
    for name in STORAGE_CALLBACK_SETTERS:
        setattr(durable_rules_engine, name, _unavailable(name))
    loaded: ModuleType = durable_rules_engine
    return loaded


def _unavailable(name: str) -> Callable[..., NoReturn]:
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise EngineError(
            f"durable-rules' {name} is not available on Python "
            f"{sys.version_info.major}.{sys.version_info.minor}: its callback calls "
            "PyEval_CallObject, which Python 3.13 removed (medreview never uses it)"
        )

    return refuse


durable_rules_engine = _load_durable()
from durable import engine as durable  # noqa: E402  (after the extension is loaded)


def _never_called(closure: Any) -> None:
    raise EngineError("durable-rules ran an action itself; medreview runs them")


class _Host(durable.Host):  # type: ignore[misc]
    def _run(self) -> None:
        """No background timer threads: they make execution asynchronous."""

    def get_action(self, action_name: str) -> Any:
        # durable asks for every rule's action when the rules load; RuleEngine runs the
        # actions itself (RuleEngine._record_actions), so none of these is ever called.
        return _never_called


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
            self._host = _Host()
            # set_rulesets mutates what it is given: hand it a copy.
            self._host.set_rulesets({self._name: copy.deepcopy(definitions)})
            self._ruleset = self._host.get_ruleset(self._name)

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
            self._assert(messages, sid)
            fired, self._fired = self._fired, []
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

    def _assert(self, messages: list[dict[str, Any]], sid: str) -> None:
        """Assert the batch and record what fires, synchronously; then forget the sid."""
        handle = self._ruleset._handle
        try:
            # What Host.assert_facts does, with orjson instead of json for the batch.
            result = durable_rules_engine.assert_facts(handle, orjson.dumps(messages).decode())
            if result[0] == 1:
                raise EngineError("a fact was not handled by any rule")
            if result[0] == 2:
                raise EngineError("a fact id was used twice")
            self._record_actions(handle, result[1])
        except EngineError:
            self._forget(sid)
            raise
        except Exception as error:  # durable raises bare Exceptions of its own
            self._forget(sid)
            raise EngineError(f"durable-rules failed: {error}") from error
        self._forget(sid)

    def _record_actions(self, handle: int, state_handle: int) -> None:
        """Take the actions the batch started, one after another, as durable's
        ``Ruleset.do_actions`` does, recording each rule and the facts it matched.

        durable's own loop builds a Closure, dumps the state and parses it back for every
        action: a third of the engine's time on a patient. medreview's actions change no
        state and post nothing, so the state goes back as the engine gave it. As durable
        does, an action that fails does not stop the others (the catch-all among them, so
        the batch's state is still deleted); the first failure is raised after them.
        """
        started = durable_rules_engine.start_action_for_state(handle, state_handle)
        if not started:
            return
        state, text = started[0], started[1]
        failed: Exception | None = None
        while text:
            try:
                self._record(orjson.loads(text))
            except Exception as error:  # a rule definition this loop does not read: say so
                failed = failed or error
            try:
                durable_rules_engine.update_state(handle, state)
                text = durable_rules_engine.complete_and_start_action(handle, state_handle)
            except BaseException:  # an interrupt, or durable's own failure: leave it clean
                durable_rules_engine.abandon_action(handle, state_handle)
                raise
        if failed is not None:
            raise EngineError(f"a rule action failed: {failed!r}")

    def _record(self, message: dict[str, Any]) -> None:
        rule_id, matched = next(iter(message.items()))
        # A rule with a cap gives a list of frames; one without, a single frame.
        for frame in matched if isinstance(matched, list) else [matched]:
            fact = frame["m"] if "m" in frame and len(frame) == 1 else frame
            self._fired.append((rule_id, int(fact["id"])))

    def _forget(self, sid: str) -> None:
        if any(rule_id == _CATCH_ALL for rule_id, _ in self._fired):
            self._host.delete_state(self._name, sid)
