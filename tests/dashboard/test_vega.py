"""dashboard.vega writes the specs Altair would, without Altair's objects: Altair is the oracle."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from dashboard import charts  # noqa: F401  (registers the theme both share)
from dashboard import vega as vl


def _named(spec: dict) -> dict:
    """The spec with each dataset name replaced by its rows (the two hash them differently) and
    the schema address left out (Altair's may name a patch release)."""
    datasets = spec.get("datasets", {})

    def visit(node):
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"values": datasets[node["name"]]}
            return {k: visit(v) for k, v in node.items()}
        if isinstance(node, list):
            return [visit(v) for v in node]
        return node

    return {k: visit(v) for k, v in spec.items() if k not in ("datasets", "$schema")}


def _layered(lib):
    data = pd.DataFrame({"name": ["a", "b"], "lo": [0.5, 1.0], "hi": [1.5, 2.0], "n": [3, 4]})
    scale = lib.Scale(type="log", domain=[0.4, 2.5], nice=False)
    y = lib.Y("name:N", sort=["b", "a"], title=None, axis=None)
    base = lib.Chart(data)
    bars = base.mark_errorbar(ticks=True).encode(x=lib.X("lo:Q", scale=scale, title="x"),
                                                 x2="hi:Q", y=y)  # fmt: skip
    text = base.mark_text(align="left", limit=lib.ExprRef(expr="width - 10")).encode(
        x=lib.value(0), y=y, text="name:N",
        tooltip=[lib.Tooltip("name:N", title="Name"), lib.Tooltip("n:Q", format=",")],
    )  # fmt: skip
    rule = lib.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#8C8C8C").encode(x="x:Q")
    return lib.layer(bars, text, rule).properties(
        title="T", width="container", height=lib.Step(40), description="words"
    )


def test_a_layered_chart_reads_as_altairs():
    ours = _named(_layered(vl).to_dict())
    theirs = _named(_layered(alt).to_dict())
    # Altair moves data shared by every layer to the top; ours keeps it on each layer
    for layer in theirs["layer"]:
        layer.setdefault("data", theirs.get("data"))
    theirs.pop("data", None)
    for spec in (ours, theirs):
        for layer in spec["layer"]:
            if isinstance(layer["mark"], str):
                layer["mark"] = {"type": layer["mark"]}
    assert ours == theirs


def test_data_becomes_json_values_and_stays_inline():
    frame = pd.DataFrame({"n": np.array([1, 2], dtype=np.int64), "x": [0.5, np.nan],
                          "k": pd.array([1, None], dtype="Int64"), "s": ["a", None]})  # fmt: skip
    spec = vl.Chart(frame).mark_point().encode(x="x:Q", y="n:Q").to_dict()
    (rows,) = spec["datasets"].values()
    assert rows == [{"n": 1, "x": 0.5, "k": 1, "s": "a"}, {"n": 2, "x": None, "k": None, "s": None}]
    assert type(rows[0]["n"]) is int and type(rows[0]["k"]) is int
    assert spec["data"] == {"name": next(iter(spec["datasets"]))}


def test_every_step_returns_a_new_spec():
    base = vl.Chart(pd.DataFrame({"a": [1]}))
    bar = base.mark_bar().encode(x="a:Q")
    text = base.mark_text().encode(text="a:Q")
    bare = base.to_dict(validate=False)
    assert "mark" not in bare and "encoding" not in bare
    assert bar.to_dict()["mark"] == {"type": "bar"} and "text" not in bar.to_dict()["encoding"]
    assert text.to_dict()["mark"] == {"type": "text"} and "x" not in text.to_dict()["encoding"]
    spec = bar.to_dict()
    spec["encoding"]["x"]["field"] = "changed"
    assert bar.to_dict()["encoding"]["x"]["field"] == "a"


def test_a_spec_the_schema_refuses_is_an_error_unless_not_checked():
    wrong = vl.Chart(pd.DataFrame({"a": [1]})).mark_bar(colour="red").encode(x="a:Q")
    with pytest.raises(vl.SpecError, match="not a valid Vega-Lite spec"):
        wrong.to_dict()
    assert wrong.to_dict(validate=False)["mark"]["colour"] == "red"


def test_secondary_channels_carry_no_type_and_a_bare_name_is_a_field():
    spec = vl.Chart(pd.DataFrame({"a": [1], "b": [2]})).mark_rect().encode(
        x="a:Q", x2="b:Q", tooltip="a"
    ).to_dict()  # fmt: skip
    assert spec["encoding"]["x2"] == {"field": "b"}
    assert spec["encoding"]["tooltip"] == {"field": "a"}
