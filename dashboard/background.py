"""One value per server process, worked out in a background thread so a page can be drawn first.

A new server's first visitor should see the landing page and the menu at once, not after the
sample trust is read: the page starts the work here, draws what it can, and asks again on its next
run. Whoever needs the value before it is ready waits for the same work; nothing is done twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class _Attempt(Generic[T]):
    """One run of the work: done when its value or its failure is in."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: T | None = None
        self.error: BaseException | None = None


class Background(Generic[T]):
    """`make()` run once per process, in a daemon thread (`start`) or by the first caller of
    `get` when nobody started it. A failure is raised to whoever waited for that attempt, and the
    next `start` or `get` tries again (as a failed st.cache_resource call would)."""

    def __init__(self, make: Callable[[], T], name: str) -> None:
        self._make = make
        self._name = name
        self._lock = threading.Lock()
        self._attempt: _Attempt[T] | None = None

    def finished(self) -> bool:
        """Whether the work is over (its value or its failure is in), so `get` would not wait."""
        attempt = self._attempt
        return attempt is not None and attempt.done.is_set()

    def start(self) -> None:
        """Begin the work in a background thread, unless it is under way or done."""
        attempt, mine = self._current()
        if mine:
            threading.Thread(target=self._work, args=(attempt,), name=self._name,
                             daemon=True).start()  # fmt: skip

    def get(self) -> T:
        """The value: waits for the work under way, or does it in this thread."""
        attempt, mine = self._current()
        if mine:
            self._work(attempt)
        attempt.done.wait()
        if attempt.error is not None:
            with self._lock:
                if self._attempt is attempt:
                    self._attempt = None  # the next caller tries again
            raise attempt.error
        return attempt.value  # type: ignore[return-value]

    def _current(self) -> tuple[_Attempt[T], bool]:
        """The attempt under way or done, or a new one that the caller must work on (True)."""
        with self._lock:
            if self._attempt is not None:
                return self._attempt, False
            self._attempt = _Attempt()
            return self._attempt, True

    def _work(self, attempt: _Attempt[T]) -> None:
        try:
            attempt.value = self._make()
        except BaseException as exc:  # handed to whoever waits for this attempt
            attempt.error = exc
        finally:
            attempt.done.set()
