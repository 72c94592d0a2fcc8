"""Vega-Lite specs built as plain dicts, with the few Altair-like helpers the chart builders use.

Assembling a chart with Altair copies and wraps every piece in schema objects, and turning it
into a dict converts its data frames and copies the layers again: most of a page rerun's time
went there, for specs that are plain JSON in the end. Here a chart is a dict from the start:
`Chart(data).mark_bar(...).encode(x="pct:Q", ...)`, `layer(...)`, `vconcat(...)` and
`.properties(...)` each return a new spec, and `to_dict()` gives the top-level spec Vega-Lite
reads, its data inline under `datasets` (nothing is fetched from anywhere) and the dashboard's
theme in `config`. `to_dict(validate=True)`, the default (as Altair's), checks it against the
Vega-Lite schema Altair ships; the pages skip that check, and the chart tests make it.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
TYPES = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal", "G": "geojson"}
SECONDARY = {"x2", "y2", "xError", "xError2", "yError", "yError2", "theta2", "radius2",
             "latitude2", "longitude2"}  # fmt: skip
"""Channels whose field definitions carry no type in Vega-Lite's schema."""

THEME_CONFIG: dict[str, Any] = {}
"""The `config` every top-level spec gets (dashboard.charts fills it with its theme)."""


def value(v: object) -> dict:
    return {"value": v}


def ExprRef(expr: str) -> dict:  # noqa: N802  (named as Altair names it)
    return {"expr": expr}


def Step(step: float) -> dict:  # noqa: N802
    return {"step": step}


def Title(text: str | list[str], **kwargs: object) -> dict:  # noqa: N802
    return {"text": text, **kwargs}


def Scale(**kwargs: object) -> dict:  # noqa: N802
    return dict(kwargs)


def Axis(**kwargs: object) -> dict:  # noqa: N802
    return dict(kwargs)


class Channel(dict):
    """An encoding channel: a shorthand such as "pct:Q" and its options."""

    def __init__(self, shorthand: str | None = None, **kwargs: object) -> None:
        super().__init__(parse(shorthand) if shorthand is not None else {})
        self.update(kwargs)


X = Y = Color = Shape = Tooltip = YOffset = XOffset = Order = Text = Size = Opacity = Channel


def parse(shorthand: str) -> dict:
    """A shorthand as a field definition: "pct:Q" is {"field": "pct", "type": "quantitative"}.
    The name is taken literally (the builders name their fields plainly)."""
    field, _, kind = shorthand.rpartition(":")
    if not field or kind not in TYPES:
        return {"field": shorthand}
    return {"field": field, "type": TYPES[kind]}


def _jsonable(v: object) -> object:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (pd.Timestamp, datetime, date)):
        return v.isoformat()
    return v


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as JSON values: numpy numbers as Python ones, missing values as null."""
    columns = [str(c) for c in frame.columns]
    return [
        {c: _jsonable(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def _dataset(rows: list[dict]) -> tuple[str, list[dict]]:
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"), default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32], rows


def _channel(name: str, spec: object) -> object:
    if isinstance(spec, str):
        out = parse(spec)
    elif isinstance(spec, list):
        return [_channel(name, s) for s in spec]
    elif isinstance(spec, Mapping):
        out = dict(spec)
    else:
        raise TypeError(f"encoding {name}: {spec!r} is not a shorthand, a channel or a list")
    if name in SECONDARY:
        out.pop("type", None)
    return out


class Spec:
    """One view, a layer or a concatenation: a Vega-Lite spec (without its top-level keys) and
    the datasets it refers to. Every method returns a new Spec."""

    def __init__(self, spec: dict, datasets: dict[str, list[dict]] | None = None) -> None:
        self.spec = spec
        self.datasets = dict(datasets or {})

    def _with(self, **changes: object) -> Spec:
        return Spec({**self.spec, **changes}, self.datasets)

    def properties(self, **kwargs: object) -> Spec:
        return self._with(**kwargs)

    def encode(self, **channels: object) -> Spec:
        encoding = {**self.spec.get("encoding", {})}
        encoding.update({k: _channel(k, v) for k, v in channels.items()})
        return self._with(encoding=encoding)

    def resolve_scale(self, **kwargs: str) -> Spec:
        resolve = {**self.spec.get("resolve", {})}
        resolve["scale"] = {**resolve.get("scale", {}), **kwargs}
        return self._with(resolve=resolve)

    def _mark(self, kind: str, **kwargs: object) -> Spec:
        return self._with(mark={"type": kind, **kwargs})

    def mark_bar(self, **kwargs: object) -> Spec:
        return self._mark("bar", **kwargs)

    def mark_text(self, **kwargs: object) -> Spec:
        return self._mark("text", **kwargs)

    def mark_rule(self, **kwargs: object) -> Spec:
        return self._mark("rule", **kwargs)

    def mark_point(self, **kwargs: object) -> Spec:
        return self._mark("point", **kwargs)

    def mark_rect(self, **kwargs: object) -> Spec:
        return self._mark("rect", **kwargs)

    def mark_errorbar(self, **kwargs: object) -> Spec:
        return self._mark("errorbar", **kwargs)

    def mark_line(self, **kwargs: object) -> Spec:
        return self._mark("line", **kwargs)

    def to_dict(self, validate: bool = True) -> dict:
        """The top-level spec: schema, theme config, the views, the inline datasets. A new dict
        each time, so callers may change it."""
        out = {
            "$schema": SCHEMA_URL,
            "config": copy.deepcopy(THEME_CONFIG),
            **copy.deepcopy(self.spec),
            "datasets": copy.deepcopy(self.datasets),
        }
        if validate:
            check(out)
        return out


def Chart(data: pd.DataFrame, **kwargs: object) -> Spec:  # noqa: N802
    """A view of this data (inline; a data frame's rows become a named dataset)."""
    name, rows = _dataset(records(data))
    return Spec({"data": {"name": name}, **kwargs}, {name: rows})


def _compose(key: str, parts: tuple[Spec, ...], **kwargs: object) -> Spec:
    datasets: dict[str, list[dict]] = {}
    for part in parts:
        datasets.update(part.datasets)
    return Spec({key: [p.spec for p in parts], **kwargs}, datasets)


def layer(*parts: Spec, **kwargs: object) -> Spec:
    return _compose("layer", parts, **kwargs)


def vconcat(*parts: Spec, **kwargs: object) -> Spec:
    return _compose("vconcat", parts, **kwargs)


def hconcat(*parts: Spec, **kwargs: object) -> Spec:
    return _compose("hconcat", parts, **kwargs)


class SpecError(ValueError):
    """A spec that Vega-Lite's schema refuses (a builder's mistake, caught by the chart tests)."""


def check(spec: dict) -> None:
    """Validate against the Vega-Lite schema Altair ships (Altair is imported here only)."""
    from altair.utils.schemapi import validate_jsonschema

    try:
        validate_jsonschema(spec, _schema())
    except Exception as exc:  # jsonschema's ValidationError, with the path inside the spec
        raise SpecError(f"not a valid Vega-Lite spec: {exc}") from exc


@functools.cache
def _schema() -> dict:
    from altair.vegalite.v6.schema.core import load_schema

    return load_schema()
