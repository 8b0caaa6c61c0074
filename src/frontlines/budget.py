"""What one page may take: CPU time (the `max_page_seconds` setting) and memory (the
`max_page_memory_mb` setting). A page written to make a regex or a parser work for ever, or to
make a reader or a model allocate without end, is skipped with its reason, and the batch goes on.

The clock is the CPU time of the thread running the page; the memory is the growth of the
process's resident set since the page began (`/proc/self/statm`, where there is one). Both are
checked when a CPU-time interval timer (SIGPROF) fires, every `CHECK_SECONDS` of CPU; over either,
`OverBudget` is raised in the process's main thread: Python code and the regex engine are
interrupted where they are; a long call into C that never checks for signals (one lxml parse)
finishes first, and memory it allocates at once is seen only after it. `OverBudget` is a
BaseException, so that a library's `except Exception` around its own work cannot swallow it and
run on unbounded. In any thread but the main one (where signals cannot be delivered) neither is
enforced.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

CHECK_SECONDS = 0.05  # of CPU between two checks: 20 a CPU-second, each a read of /proc/self/statm
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class OverBudget(BaseException):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def resident_mb() -> float | None:
    """The process's resident set in MB, where the system says (Linux); else None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES / 2**20
    except (OSError, IndexError, ValueError):
        return None


class PageClock:
    """The CPU time and memory left to one page, spent over one or more `running()` blocks
    (segmenting, then the stages once the models are loaded: loading them is not the page's)."""

    def __init__(self, seconds: float, memory_mb: float | None = None):
        self.seconds = seconds
        self.memory_mb = memory_mb
        self.used = 0.0

    def _over_time(self) -> OverBudget:
        return OverBudget(f"over the time limit of {self.seconds:g} s of CPU a page")

    @contextmanager
    def running(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield
            return
        left = self.seconds - self.used
        if left <= 0:
            raise self._over_time()

        started = time.thread_time()
        baseline = resident_mb() if self.memory_mb is not None else None

        def check(_signum, _frame):
            # The timer counts the CPU of every thread of the process (a library's idle pool
            # spinning on another core as well); the page is charged for its own thread only.
            if time.thread_time() - started >= left:
                raise self._over_time()
            if baseline is not None:
                now = resident_mb()
                if now is not None and now - baseline > self.memory_mb:
                    raise OverBudget(f"over the memory limit of {self.memory_mb:g} MB a page")

        previous = signal.signal(signal.SIGPROF, check)
        signal.setitimer(signal.ITIMER_PROF, min(CHECK_SECONDS, left), CHECK_SECONDS)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
            self.used += time.thread_time() - started
