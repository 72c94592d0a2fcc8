"""A new server's first visitor: Start here and the menu are drawn before the sample trust is
read (in the background), and the page is drawn again with its figures once it is in."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from app_pages import database  # noqa: F401
from streamlit.testing.v1 import AppTest

from dashboard import state
from dashboard.background import Background

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PAGE_NOTE = "Loading the fictional sample trust, and your five steps…"
SIDEBAR_NOTE = "Loading the fictional sample trust…"


class Gate(threading.Event):
    """Opened by the test to let the sample be read; counts the readings."""

    readings = 0


@pytest.fixture
def new_server(monkeypatch: pytest.MonkeyPatch, database) -> Gate:  # noqa: F811
    """The sample's reading held at a gate the test opens, as on a server nobody has visited."""
    gate = Gate()

    def read_when_let() -> state.DataSet:
        gate.readings += 1
        assert gate.wait(60), "the test never let the sample be read"
        return state._load_sample()

    pending = Background(read_when_let, name="sample-for-test")
    monkeypatch.setattr(state, "_SAMPLE", pending)
    monkeypatch.setattr(state, "sample_finished", lambda: state._SAMPLE.finished())
    yield gate
    gate.set()


def _wait_until_read() -> None:
    deadline = time.monotonic() + 60
    while not state._SAMPLE.finished() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert state._SAMPLE.finished()


def _captions(elements) -> list[str]:
    return [c.value.replace("\\", "") for c in elements]


def test_start_here_and_the_menu_come_first_and_the_figures_when_the_sample_is_in(new_server):
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception
    assert at.title[0].value == "Start here"
    assert [s.value for s in at.subheader] == ["The data in use"]  # no steps without the data
    assert f":material/hourglass_top: {PAGE_NOTE}" in _captions(at.main.caption)
    assert f":material/hourglass_top: {SIDEBAR_NOTE}" in _captions(at.sidebar.caption)
    assert not at.get("page_link")
    assert not state._SAMPLE.finished()  # still waiting at the gate: nothing was read yet

    new_server.set()
    _wait_until_read()
    at.run()  # what the waiting note's rerun does
    assert not at.exception
    assert [s.value for s in at.subheader] == ["The data in use", "Your five steps",
                                              "What to do next"]  # fmt: skip
    steps = [m.value for m in at.markdown if "·" in m.value]
    assert steps[0] == "**1. Run the data** · To do" and len(steps) == 5
    sidebar = _captions(at.sidebar.caption)
    assert sidebar[0].startswith("Sample data: Northbrook Valley")
    assert not [c for c in sidebar + _captions(at.main.caption) if "Loading" in c]


def test_the_sample_is_read_once_for_every_session_that_waited(new_server):
    first = AppTest.from_file(str(APP), default_timeout=90).run()
    second = AppTest.from_file(str(APP), default_timeout=90).run()  # another visitor meanwhile
    assert first.title[0].value == second.title[0].value == "Start here"
    new_server.set()
    _wait_until_read()
    for at in (first, second):
        at.run()
        assert [s.value for s in at.subheader][-1] == "What to do next"
    assert new_server.readings == 1
