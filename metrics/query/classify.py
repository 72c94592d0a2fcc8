"""Classification pushed down as data: the distinct raw labels of a column come back from the
engine (a small result), the file path's own Python rules classify each one once, and the
label -> class table goes back into the engine (an Ibis memtable) to be joined. The rules are
never re-typed as SQL, so a label is read exactly as it is read from a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from metrics.query.sources import Engine
from metrics.query.table_columns import RawTable


def clean(value: object) -> str | None:
    """A cell as the file readers give it: trimmed text, an empty cell missing."""
    if value is None or value != value:  # None or NaN
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class Labels:
    """One column's distinct raw labels (None for missing) and what each was read as."""

    column: str
    raw: tuple[str | None, ...]
    read: dict[str | None, dict[str, object]]

    def where(self, test: Callable[[dict[str, object]], bool]) -> list[str]:
        """The cleaned labels whose reading passes a test (for warnings and errors)."""
        return [c for r in self.raw if (c := clean(r)) is not None and test(self.read[r])]


def attach(
    engine: Engine,
    raw: RawTable,
    table,
    field: str,
    read: Callable[[str | None], dict[str, object]],
    types: dict[str, str],
):
    """The table with the columns `read` gives for each row's label in the field's raw column
    (raw_<field>; name -> Ibis type in `types`), joined in the engine from a label table; and
    the Labels read. raw: the table the raw column is read from (its distinct labels are
    taken there, all columns' in one query, not after earlier joins)."""
    import ibis
    import pyarrow as pa

    column = f"raw_{field}"
    labels = raw.labels(engine)[field]
    readings = {r: read(clean(r)) for r in labels}
    key = f"__key_{column}"
    blank = f"__blank_{field}"
    data = {key: list(labels)} | {name: [readings[r][name] for r in labels] for name in types}
    data[blank] = [clean(r) is None for r in labels]
    schema = ibis.schema({key: "string", **types, blank: "boolean"})
    # an Arrow table: registered in the engine as it is (from a dict, Ibis makes a pandas
    # frame first and converts it to Arrow at every query, about twice the time)
    lookup = ibis.memtable(pa.table(data, schema=schema.to_pyarrow()))
    joined = table.left_join(lookup, table[column].identical_to(lookup[key]))
    joined = joined.drop(key)
    return joined, Labels(column=field, raw=tuple(labels), read=readings)
