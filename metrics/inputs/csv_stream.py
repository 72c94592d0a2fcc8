"""A staff CSV on disk read as its distinct rows: the labels of each distinct combination once,
with how many rows hold it, and no frame of every row.

Arrow's streaming reader parses the file a block at a time. Each block's label columns arrive
dictionary-encoded; their values get codes shared by the whole file, and the codes of each
stretch of rows are grouped into their distinct combinations with a row count as the file is
read (the stretches' combinations grouped again at the end). Employee numbers are kept only as
one bit per number (the numbers themselves past 2**28), for the check that each person appears
once.

This is the fast path for the common case, a clean extract with one row per person. Anything
it cannot reproduce exactly gives Unstreamed (saying why), and the caller reads the file the
ordinary way, which also explains what is wrong: a repeated or missing employee number, one
that is not a plain number, a ragged row, text that is not in the encoding the sample showed,
a year column (a person once a year), a field that is not a label, or no employee number
column at all. A check that finds a problem in the distinct rows also sends the caller to the
ordinary read (loaders._streamed_staff), as its message names rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.inputs.column_values import duplicated
from metrics.inputs.columns import ColumnMap, fields_to_read
from metrics.inputs.frames import strip_categories
from metrics.inputs.source_files import CsvRequest, Sheet, binary

STREAM_BLOCK_BYTES = 1 << 20
"""Bytes per block parsed, chosen by measurement (benchmarks/wres_csv_duckdb.py --blocks: the
streamed read of a 3M-row, 551 MB extract, imports included, median of 3): 256 KB to 1 MB
blocks took 2.15-2.25 s of processor time and 314-326 MB; 2 MB 368 MB; 4 MB 2.43 s and
457 MB; 16 MB 3.13 s and 744 MB (Arrow holds more than a block per block in flight)."""
_BLOCKS_AT_A_TIME = 16
"""Blocks whose dictionaries are unified together: the work per distinct label is done once
for them all (a 1 MB block holds about 5,000 rows)."""

_ROWS_GROUPED_AT_A_TIME = 1 << 19
"""Rows whose label combinations are grouped together as the file is read; the stretches'
combinations are grouped again at the end. Chosen by measurement on the 3M-row extract
(265,484 combinations; numpy and pandas memory of the whole streamed read, traced): 2**18 rows
70 MB, **2**19 47 MB**, 2**20 64 MB, 2**21 77 MB (small stretches leave more combinations to
group again, large ones a larger hash table), against 91 MB when every row's codes were kept
and grouped at once at the end; processor time the same within the noise."""

PERSON = "employee_number"
LABEL_FIELDS = frozenset({"ethnicity", "disability", "pay_band", "staff_group", "directorate",
                          "assignment_category", "clinical", "board_voting", "board_executive"})  # fmt: skip
"""Staff fields read as labels: each distinct value is classified once, whatever its rows."""
NUMBER_FIELDS = frozenset({"fte"})
"""Fields checked on their distinct values and not kept: FTE only picks a person's main
assignment, and with one row per person there is nothing to pick."""
IGNORED_FIELDS = frozenset({"assignment_number"})
"""Read only to tell a person's assignments apart; with one row per person never needed."""

_STREAMED_ENCODINGS = {"utf-8-sig": "utf8", "cp1252": "cp1252"}


@dataclass(frozen=True)
class Grouped:
    """The distinct rows of a staff file (label fields only) and how many rows hold each."""

    frame: pd.DataFrame  # one row per distinct combination; columns named by field
    rows: np.ndarray  # int64: the number of the file's rows with that combination
    numbers: dict[str, pd.DataFrame]  # field -> a frame of its distinct values (to be checked)


@dataclass(frozen=True)
class Unstreamed:
    """Why the file needs the ordinary read (in words, for tests and profiling)."""

    reason: str


class _Unsure(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def grouped_staff(
    sheet: Sheet, colmap: ColumnMap, fields: tuple[str, ...] | None
) -> Grouped | Unstreamed:
    """The staff sheet's distinct rows, or why only the ordinary read gives them exactly."""
    positions, identifiers = fields_to_read(colmap, fields)
    by_position = {p: f for f, p in colmap.positions.items()}
    read = {by_position[p]: p for p in positions}
    if PERSON not in read:
        return Unstreamed("no employee number column")
    others = sorted(set(read) - LABEL_FIELDS - NUMBER_FIELDS - IGNORED_FIELDS - {PERSON})
    if others:
        return Unstreamed(f"reads {', '.join(others)}: not labels")
    if not set(read) & LABEL_FIELDS:
        return Unstreamed("no label columns")
    request = sheet.csv_request(colmap.header_index, positions, identifiers)
    if request is None:
        return Unstreamed("not a CSV file")
    if request.encoding not in _STREAMED_ENCODINGS:
        return Unstreamed(f"{request.encoding} text")
    if max(positions) >= request.width:
        return Unstreamed("a column beyond the header's width")
    try:
        return _stream_groups(request, read)
    except _Unsure as unsure:
        return Unstreamed(unsure.reason)


def _stream_groups(request: CsvRequest, read: dict[str, int]) -> Grouped:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    names = request.names
    labels = [f for f in read if f in LABEL_FIELDS]
    numbers = [f for f in read if f in NUMBER_FIELDS]
    label_type = pa.dictionary(pa.int32(), pa.string())
    columns = [PERSON, *labels, *numbers]
    ragged: list[int] = []

    def on_invalid(row) -> str:
        ragged.append(1)
        return "skip"

    try:
        reader = pcsv.open_csv(
            binary(request.path),
            read_options=pcsv.ReadOptions(
                skip_rows=request.header_index + 1,
                column_names=names,
                encoding=_STREAMED_ENCODINGS[request.encoding],
                block_size=STREAM_BLOCK_BYTES,
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=request.delimiter,
                ignore_empty_lines=False,
                newlines_in_values=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pcsv.ConvertOptions(
                include_columns=[names[read[f]] for f in columns],
                column_types={
                    names[read[f]]: pa.string() if f == PERSON else label_type for f in columns
                },
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
        values: dict[str, dict[str, int]] = {f: {} for f in labels}  # label -> code (1, 2 ...)
        combinations = _Combinations(values)
        distinct: dict[str, dict[str, None]] = {f: {} for f in numbers}
        people = _People()

        def take(batches: list) -> None:
            # a few blocks at a time: their dictionaries unified in Arrow, the work per
            # dictionary done once for them all (a block holds a few thousand rows)
            table = pa.Table.from_batches(batches).unify_dictionaries()
            batches.clear()
            person = table.column(0)
            if person.null_count:
                raise _Unsure("a blank employee number")
            try:
                number = pc.cast(person, pa.int64())  # fails at once on anything but digits
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise _Unsure("an employee number that is not a plain number") from None
            # as column_values.codes reads them: "007" and "7" are not the same person
            if len(number) and (
                pc.any(pc.starts_with(person, "0")).as_py() or pc.min(number).as_py() < 0
            ):
                raise _Unsure("an employee number with a leading zero or a sign")
            number = number.to_numpy()
            # a person's assignments usually sit on neighbouring rows: such a file (one row per
            # assignment) goes to the ordinary read at once, not after streaming every block
            if (number[1:] == number[:-1]).any() or people.seen_before(number):
                raise _Unsure("an employee number on more than one row")
            combinations.add(
                {f: _global_codes(table.column(i), values[f]) for i, f in enumerate(labels, 1)}
            )
            for i, f in enumerate(numbers, start=1 + len(labels)):
                column = table.column(i)
                if column.num_chunks:
                    distinct[f].update(dict.fromkeys(column.chunk(0).dictionary.to_pylist()))

        pending: list = []
        for batch in reader:
            pending.append(batch)
            if len(pending) == _BLOCKS_AT_A_TIME:
                take(pending)
        if pending:
            take(pending)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise _Unsure(f"not read as {request.encoding}: {str(exc).splitlines()[0]}") from None
    if ragged:
        raise _Unsure("a row with the wrong number of fields")
    if not people.count:
        raise _Unsure("no rows")
    if people.repeated():
        raise _Unsure("an employee number on more than one row")
    frame, rows = combinations.result()
    frame.index = pd.RangeIndex(request.header_index + 2, request.header_index + 2 + len(frame))
    return Grouped(
        frame=frame, rows=rows, numbers={f: _distinct_frame(f, list(distinct[f])) for f in numbers}
    )


class _People:
    """The employee numbers read so far, as one bit per number, so that a number seen in an
    earlier block is found in the block that repeats it (a file with a row per assignment goes
    to the ordinary read early). Numbers too large for the bits are kept and checked at the end.
    """

    LIMIT = 1 << 28  # the bits take at most 32 MB (ESR's 8-digit numbers: 12.5 MB at most)

    def __init__(self) -> None:
        self.bits = np.zeros(0, dtype=np.uint8)
        self.count = 0
        self.kept: list[np.ndarray] = []  # every number, once one is over LIMIT
        self.large = False

    def seen_before(self, number: np.ndarray) -> bool:
        self.count += len(number)
        if not len(number):
            return False
        if self.large or int(number.max()) >= self.LIMIT:
            if not self.large:  # the numbers so far, from their bits
                self.large = True
                self.kept += [self._numbers(b) for b in range(8)]
            self.kept.append(number)
            return False
        byte = number >> 3
        bit = np.left_shift(1, number & 7).astype(np.uint8)
        top = int(byte.max()) + 1
        if top > len(self.bits):
            grown = min(max(top, len(self.bits) * 3 // 2), (self.LIMIT >> 3) + 1)
            self.bits = np.concatenate([self.bits, np.zeros(grown - len(self.bits), np.uint8)])
        if (self.bits[byte] & bit).any():
            return True
        np.bitwise_or.at(self.bits, byte, bit)
        return False

    def _numbers(self, bit: int) -> np.ndarray:
        """The numbers whose bit is `bit` of their byte."""
        marked = np.flatnonzero(self.bits)
        return marked[(self.bits[marked] >> bit) & 1 == 1].astype(np.int64) * 8 + bit

    def repeated(self) -> bool:
        """Whether any number was read twice (within one block, say)."""
        if self.large:
            return bool(duplicated(np.concatenate(self.kept)).any())
        return int(np.bitwise_count(self.bits).sum(dtype=np.int64)) != self.count


def _global_codes(column, seen: dict[str, int]) -> np.ndarray:
    """The codes of a column of blocks sharing one dictionary, as codes for the whole file (0
    for a missing value); new labels take the next codes in the order the blocks list them, as
    Arrow's unification of a whole-file read orders them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not column.num_chunks:
        return np.zeros(0, dtype=np.uint16)
    dictionary = column.chunk(0).dictionary.to_pylist()
    remap = np.fromiter(
        (seen.setdefault(v, len(seen) + 1) for v in dictionary),
        dtype=np.int64,
        count=len(dictionary),
    )
    remap = np.append(remap, 0).astype(np.uint16 if len(seen) < 65_535 else np.int32)
    indices = pa.chunked_array([chunk.indices for chunk in column.chunks], type=pa.int32())
    return remap[pc.fill_null(indices, len(dictionary)).to_numpy()]


class _Combinations:
    """The label codes of the rows read so far, grouped a stretch of rows at a time into their
    distinct combinations with a row count: no code of every row is kept to the end, and no
    hash table for every row is made. The stretches' combinations are grouped again at the end,
    in first-seen order, as grouping every row at once would give them."""

    def __init__(self, values: dict[str, dict[str, int]]) -> None:
        self.values = values  # label field -> {label: code (1, 2 ...)}, filled as blocks come
        self.held: dict[str, list[np.ndarray]] = {f: [] for f in values}
        self.rows_held = 0
        self.distinct: dict[str, list[np.ndarray]] = {f: [] for f in values}
        self.rows: list[np.ndarray] = []  # per stretch: the rows of each distinct combination

    def add(self, codes: dict[str, np.ndarray]) -> None:
        for f, code in codes.items():
            self.held[f].append(code)
        self.rows_held += len(next(iter(codes.values())))
        if self.rows_held >= _ROWS_GROUPED_AT_A_TIME:
            self._group()

    def _group(self) -> None:
        if not self.rows_held:
            return
        sizes = self._sizes()
        key = _mixed_radix([np.concatenate(held) for held in self.held.values()], sizes)
        for held in self.held.values():
            held.clear()
        self.rows_held = 0
        which, found = pd.factorize(key)
        del key
        self.rows.append(np.bincount(which))
        for f, code in zip(self.distinct, _digits(found, sizes), strict=True):
            self.distinct[f].append(code)

    def _sizes(self) -> list[int]:
        return [len(self.values[f]) + 1 for f in self.held]

    def result(self) -> tuple[pd.DataFrame, np.ndarray]:
        """The distinct combinations of the whole file, as categoricals, and the rows of each."""
        import pyarrow as pa

        self._group()
        sizes = self._sizes()
        key = _mixed_radix([np.concatenate(d) for d in self.distinct.values()], sizes)
        which, found = pd.factorize(key)
        # summed as float64: exact for any count below 2**53
        rows = np.bincount(which, np.concatenate(self.rows), minlength=len(found))
        out: dict[str, object] = {}
        for (f, labels), code in zip(self.values.items(), _digits(found, sizes), strict=True):
            indices = pa.array(code.astype(np.int32) - 1, mask=code == 0)
            dictionary = pa.array(list(labels), type=pa.string())
            # labels trimmed as the ordinary read trims them (a lone space is no value): two
            # combinations may then read the same, which changes no count
            out[f] = strip_categories(
                pa.DictionaryArray.from_arrays(indices, dictionary).to_pandas()
            )
        return pd.DataFrame(out), rows.astype(np.int64)


def _mixed_radix(codes: list[np.ndarray], sizes: list[int]) -> np.ndarray:
    """One number per row from its codes (code i below sizes[i])."""
    if float(np.prod(sizes, dtype=np.float64)) >= 2.0**62:
        raise _Unsure("too many distinct labels to combine in 64 bits")
    key = codes[0].astype(np.int64)
    for code, size in zip(codes[1:], sizes[1:], strict=True):
        key *= size
        key += code
    return key


def _digits(key, sizes: list[int]) -> list[np.ndarray]:
    """The codes _mixed_radix made `key` from, in the narrowest type that holds them."""
    key = np.asarray(key, dtype=np.int64)
    digits = []
    for size in reversed(sizes):
        key, code = np.divmod(key, size)
        digits.append(code.astype(np.uint16 if size <= 65_535 else np.int32))
    return digits[::-1]


def _distinct_frame(field_name: str, distinct: list[str | None]) -> pd.DataFrame:
    import pyarrow as pa

    present = [v for v in distinct if v is not None]
    array = pa.array(present, type=pa.string()).dictionary_encode()
    return pd.DataFrame({field_name: strip_categories(array.to_pandas())})
