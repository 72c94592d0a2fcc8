"""The grounds of a formal capability case read from its label, as data
(metrics/reference/capability_grounds.csv): WDES metric 3 counts performance grounds only."""

from __future__ import annotations

from functools import cache

from metrics import reference as ref

PERFORMANCE = "performance"


@cache
def _words() -> tuple[tuple[str, str], ...]:
    return tuple(
        (ref.compact(r["word"]), r["grounds"]) for r in ref._rows("capability_grounds.csv")
    )


@cache
def counted_grounds() -> frozenset[str]:
    """The grounds WDES metric 3 counts."""
    return frozenset(
        r["grounds"] for r in ref._rows("capability_grounds.csv") if r["counted"] == "true"
    )


def grounds(value: object) -> str | None:
    """'Poor performance' -> 'performance'; 'Ill-health capability' -> 'ill health'; None for a
    blank, or a label naming both grounds or neither."""
    if value is None:
        return None
    text = ref.compact(value)
    found = {name for word, name in _words() if word in text}
    return found.pop() if len(found) == 1 else None
