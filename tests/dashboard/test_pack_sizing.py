"""Slide pictures from a chart's Vega-Lite: a stack split into panels keeps readable titles, and
number axes carry a handful of ticks."""

from __future__ import annotations

import json

import vl_convert

from dashboard.pack.sizing import for_slides

PANEL = {"mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative"}},
         "width": "container"}  # fmt: skip


def _stack(title: object) -> dict:
    return {"data": {"values": [{"a": 1}, {"a": 90}]}, "title": title,
            "vconcat": [{**PANEL, "title": "BME share"}, {**PANEL, "title": "Likelihoods"}]}  # fmt: skip


def test_a_two_line_stack_title_stays_two_lines_with_the_panel_title_last():
    pieces = [json.loads(p) for p in for_slides(_stack(["Change", "Hollow circle: 2024."]))]
    assert [p["title"] for p in pieces] == [
        ["Change", "Hollow circle: 2024.", "BME share"],
        ["Change", "Hollow circle: 2024.", "Likelihoods"],
    ]
    svg = vl_convert.vegalite_to_svg(pieces[0])
    assert "[&apos;" not in svg and "['" not in svg  # never a Python list drawn as text


def test_a_one_line_stack_title_and_a_panel_title():
    pieces = [json.loads(p) for p in for_slides(_stack("Change"))]
    assert pieces[0]["title"] == ["Change", "BME share"]


def test_number_axes_ask_for_about_six_ticks():
    piece = json.loads(for_slides({**PANEL, "data": {"values": [{"a": 0}, {"a": 100}]}})[0])
    vega = vl_convert.vegalite_to_vega(piece)
    assert {a.get("tickCount") for a in vega["axes"] if a["scale"] == "x"} == {6}
