"""Task pools for tests that decide themselves when background jobs run."""

from __future__ import annotations

from collections.abc import Callable


class HeldPool:
    """A task pool that keeps each job until the test runs it (`pool.jobs.pop(0)()`)."""

    def __init__(self) -> None:
        self.jobs: list[Callable[[], None]] = []

    def start(self, job: Callable[[], None], priority: int = 0) -> None:
        del priority
        self.jobs.append(job)

    def maxThreadCount(self) -> int:
        return 1
