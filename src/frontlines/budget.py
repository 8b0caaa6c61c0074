"""The CPU time one page may take (the `max_page_seconds` setting): a page written to make a regex
or a parser work for ever is skipped with its reason, and the batch goes on.

The clock is the CPU time of the thread running the page, checked when a CPU-time interval timer
(SIGPROF) fires; over it, `OverBudget` is raised in the process's main thread: Python code and the
regex engine are interrupted where they are; a long call into C that never checks for signals
(one lxml parse) finishes first. `OverBudget` is a BaseException, so that a library's
`except Exception` around its own work cannot swallow it and run on unbounded. In
any thread but the main one (where signals cannot be delivered) the clock is not enforced.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class OverBudget(BaseException):
    def __init__(self, seconds: float):
        super().__init__(f"over the time limit of {seconds:g} s of CPU a page")
        self.reason = str(self)


class PageClock:
    """The CPU time left to one page, spent over one or more `running()` blocks (segmenting, then
    the stages once the models are loaded: loading them is not the page's time)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.used = 0.0

    @contextmanager
    def running(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield
            return
        left = self.seconds - self.used
        if left <= 0:
            raise OverBudget(self.seconds)

        started = time.thread_time()

        def over(_signum, _frame):
            # The timer counts the CPU of every thread of the process (a library's idle pool
            # spinning on another core as well); the page is charged for its own thread only, so
            # the timer is set again for what that thread has left.
            spent = time.thread_time() - started
            if spent < left:
                signal.setitimer(signal.ITIMER_PROF, max(left - spent, 0.001))
                return
            raise OverBudget(self.seconds)

        previous = signal.signal(signal.SIGPROF, over)
        signal.setitimer(signal.ITIMER_PROF, left)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
            self.used += time.thread_time() - started
