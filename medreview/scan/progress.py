"""How a long scan shows it is moving: a rich progress bar on a terminal, plain lines otherwise.

Progress is measured in bytes of input read against the input's size (so that
an ETA exists before the patients are counted) and shown as patients and
patients per second. It names no patient.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

PLAIN_EVERY_SECONDS = 10.0


class ScanProgress:
    """Call :meth:`update` as records are written; use it as a context manager."""

    def __init__(
        self,
        total_bytes: int,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        every: float = PLAIN_EVERY_SECONDS,
    ) -> None:
        self.total_bytes = max(total_bytes, 1)
        self.every = every
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.terminal = self.stream.isatty() and not quiet
        self._started = time.monotonic()
        self._last_plain = self._started
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ScanProgress:
        if self.terminal:
            self._bar = Progress(
                TextColumn("[bold]medreview scan"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[patients]:>10,} patients"),
                TextColumn("{task.fields[rate]:>8,.0f}/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("scan", total=self.total_bytes, patients=0, rate=0.0)
        return self

    def update(self, patients: int, done_bytes: int) -> None:
        now = time.monotonic()
        rate = patients / (now - self._started) if now > self._started else 0.0
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=done_bytes, patients=patients, rate=rate)
        elif not self.quiet and now - self._last_plain >= self.every:
            self._last_plain = now
            share = min(done_bytes / self.total_bytes, 1.0)
            remaining = (now - self._started) * (1 - share) / share if share > 0 else 0.0
            print(
                f"medreview scan: {patients:,} patients, {rate:,.0f}/s, {share:.0%} of the input, "
                f"about {remaining:,.0f} s to go",
                file=self.stream,
                flush=True,
            )

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
