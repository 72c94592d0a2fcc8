"""A part of the organisation that figures can be given for, and its short text key.

The key ("whole", "directorate:HR & OD", "staff_group:Nursing", "band_group:Bands 8a-8b") is
what travels: in the page URL (`?unit=`), on an action's target in the store, in the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

UnitKind = Literal["whole", "directorate", "staff_group", "band_group"]
KINDS: dict[str, str] = {
    "whole": "Whole organisation",
    "directorate": "A directorate",
    "staff_group": "A staff group",
    "band_group": "A band group",
}


@dataclass(frozen=True)
class UnitChoice:
    kind: UnitKind = "whole"
    name: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of unit {self.kind!r}")
        if (self.kind == "whole") != (self.name is None):
            raise ValueError("the whole organisation has no name; every other unit needs one")

    @property
    def is_whole(self) -> bool:
        return self.kind == "whole"

    @property
    def key(self) -> str:
        return "whole" if self.name is None else f"{self.kind}:{self.name}"

    @property
    def label(self) -> str:
        return "whole organisation" if self.name is None else self.name

    def as_filter(self) -> dict[str, str]:
        """The `unit=` argument of `metrics.standards.indicators.wres`."""
        return {} if self.name is None else {self.kind: self.name}

    @classmethod
    def parse(cls, key: str | None) -> UnitChoice:
        """The unit a key names; a missing or blank key is the whole organisation.

        Raises ValueError for a key of an unknown kind or with no name."""
        if key is None or not key.strip() or key.strip() == "whole":
            return cls()
        kind, sep, name = key.partition(":")
        if not sep or not name.strip() or kind.strip() not in KINDS or kind.strip() == "whole":
            raise ValueError(f"not a unit: {key!r}")
        return cls(kind.strip(), name.strip())  # type: ignore[arg-type]
