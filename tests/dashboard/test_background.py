"""One value per server process, worked out in a background thread (dashboard.background)."""

from __future__ import annotations

import threading

import pytest

from dashboard.background import Background


class Gated:
    """A piece of work that waits for a gate and counts how often (and in which thread) it ran."""

    def __init__(self, fail_first: bool = False) -> None:
        self.gate = threading.Event()
        self.threads: list[str] = []
        self.fail_first = fail_first

    def __call__(self) -> str:
        self.threads.append(threading.current_thread().name)
        assert self.gate.wait(30), "the test never opened the gate"
        if self.fail_first and len(self.threads) == 1:
            raise ValueError("the sample file is broken")
        return f"value {len(self.threads)}"


def test_started_work_runs_once_in_its_own_thread_and_every_caller_gets_its_value():
    work = Gated()
    value = Background(work, name="loader")
    assert not value.finished()
    value.start()
    value.start()  # already under way: not a second run
    got: list[str] = []
    callers = [threading.Thread(target=lambda: got.append(value.get())) for _ in range(4)]
    for caller in callers:
        caller.start()
    assert not value.finished()  # the gate is shut: everyone waits
    work.gate.set()
    for caller in callers:
        caller.join(30)
    assert got == ["value 1"] * 4
    assert work.threads == ["loader"]
    assert value.finished()
    assert value.get() == "value 1"


def test_asked_for_before_anyone_started_it_the_work_runs_in_the_callers_thread():
    work = Gated()
    work.gate.set()
    value = Background(work, name="loader")
    assert value.get() == "value 1"
    value.start()  # done already: nothing more runs
    assert work.threads == [threading.current_thread().name]


def test_a_failure_reaches_the_caller_and_the_next_request_tries_again():
    work = Gated(fail_first=True)
    work.gate.set()
    value = Background(work, name="loader")
    value.start()
    with pytest.raises(ValueError, match="broken"):
        value.get()
    assert value.get() == "value 2"  # a second attempt, which works
    assert value.finished()
