"""Run one measurement in a fresh process, so that the caller's imports and threads stay out."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from typing import Any


def _child(job: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    try:
        queue.put(job(*args))
    except BaseException as error:  # say so to the parent, which would otherwise wait forever
        queue.put({"error": f"{type(error).__name__}: {error}"})


def fresh(job: Callable[..., Any], *args: Any) -> Any:
    """``job(*args)`` in a new (spawned) process; its result, or exit saying why it failed."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(job, args, queue))
    process.start()
    result = queue.get()
    process.join()
    if isinstance(result, dict) and "error" in result:
        sys.exit(f"{job.__name__} failed: {result['error']}")
    return result
