"""Turns parsed cells into pandas frames: trimmed text, labels as categoricals.

Kept apart from readers.py so that finding and sniffing files needs no pandas: a workbook or
CSV named on the command line can start parsing while pandas is still loading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from metrics.inputs.source_files import CsvRequest, binary, refusal


def arrow_frame(table, request: CsvRequest, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The Arrow table as a frame indexed by spreadsheet row number; identifiers stay plain
    text, labels stay dictionary-encoded (categoricals) with their spaces trimmed. ``rows``:
    the table's rows' positions in the file's rows below the header, when it holds only some."""
    header_index = request.header_index
    if rows is None:
        index = pd.RangeIndex(header_index + 2, header_index + 2 + table.num_rows)
    else:
        index = pd.Index(rows.astype(np.int64) + (header_index + 2))
    out = {}
    for c, name in zip(request.wanted, table.column_names, strict=True):
        out[c] = _arrow_series(table.column(name), c in request.identifiers)
        out[c].index = index
    return pd.DataFrame(out, index=index)


def _arrow_series(column, identifier: bool) -> pd.Series:
    import pyarrow as pa
    import pyarrow.compute as pc

    if identifier:
        padded = pc.or_(pc.starts_with(column, " "), pc.ends_with(column, " "))
        if pc.any(padded).as_py():  # two byte compares per value: far cheaper than a regex
            column = pc.utf8_trim_whitespace(column)
            column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
        return column.to_pandas()
    return strip_categories(column.to_pandas())  # trims the labels, not every row


Pick = Callable[[pd.DataFrame], np.ndarray]
"""Which rows to keep, from a frame of a few columns of every row that is not blank (indexed
by spreadsheet row number): a mask of that frame's rows."""


def arrow_chosen(table, request: CsvRequest, columns: Sequence[int], pick: Pick) -> pd.DataFrame:
    """``arrow_frame`` of the rows ``pick`` keeps, choosing on the Arrow table: only the columns
    ``pick`` reads are turned into labels and pandas for every row, the rest for the rows kept
    only. Labels may come as plain text (``readers.arrow_table(labels=False)``): a column's
    labels are then numbered in order of first appearance in the rows it is read for."""
    import pyarrow as pa

    table = table.unify_dictionaries()  # the labels in the order a whole-table frame has them
    names = dict(zip(request.wanted, table.column_names, strict=True))
    for c in columns:
        if c not in request.identifiers:
            table = table.set_column(
                request.wanted.index(c), names[c], _as_labels(table.column(names[c]))
            )
    filled = _arrow_filled(table, request, columns)
    index = pd.RangeIndex(request.header_index + 2, request.header_index + 2 + table.num_rows)
    keys = {}
    for c in columns:
        keys[c] = _arrow_series(table.column(names[c]), c in request.identifiers)
        keys[c].index = index
    keys = pd.DataFrame(keys, index=index)
    keep = np.zeros(table.num_rows, dtype=bool)
    if filled is None:
        keep[:] = pick(keys)
    else:
        keep[filled] = pick(keys[filled])
    rows = np.flatnonzero(keep)
    if len(rows) < table.num_rows:
        table = table.filter(pa.array(keep))
    for i, c in enumerate(request.wanted):
        if c not in request.identifiers and c not in columns:
            table = table.set_column(i, names[c], _as_labels(table.column(names[c])))
    return arrow_frame(table, request, None if len(rows) == len(keep) else rows)


def _as_labels(column):
    """A text column dictionary-encoded (in order of first appearance); labels as they are."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        return column
    return pc.dictionary_encode(column).cast(pa.dictionary(pa.int32(), pa.string()))


def _arrow_filled(table, request: CsvRequest, first: Sequence[int] = ()) -> np.ndarray | None:
    """Which rows have a cell that is not blank once trimmed (None: every row does, known
    without looking at each row when some column has no blank value at all). The ``first``
    columns are looked at first: one of them with no blank cell settles it."""
    import pyarrow.compute as pc

    blank = None
    names = dict(zip(request.wanted, table.column_names, strict=True))
    for c in sorted(request.wanted, key=lambda c: c not in first):
        column = table.column(names[c])
        if c in request.identifiers:
            empty = pc.equal(pc.utf8_trim_whitespace(column), "")
            cells = pc.or_kleene(column.is_null(), empty).to_numpy(zero_copy_only=False)
        else:
            parts = []
            for chunk in _as_labels(column).chunks:
                entries = np.array([not v.strip() for v in chunk.dictionary.to_pylist()], bool)
                if chunk.null_count == 0 and not entries.any():
                    parts.append(np.zeros(len(chunk), dtype=bool))
                    continue
                codes = pc.fill_null(chunk.indices, 0).to_numpy(zero_copy_only=False)
                empty = entries[codes] if len(entries) else np.ones(len(chunk), dtype=bool)
                parts.append(chunk.is_null().to_numpy(zero_copy_only=False) | empty)
            cells = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
        if not cells.any():
            return None
        blank = cells if blank is None else blank & cells
    if blank is None or not blank.any():
        return None
    return ~blank


def chosen(frame: pd.DataFrame, columns: Sequence[int], pick: Pick) -> pd.DataFrame:
    """The rows of a frame (as the readers give it) that ``pick`` keeps; rows with every cell
    blank are never shown to ``pick`` and never kept."""
    filled = ~frame.isna().all(axis=1).to_numpy()
    keep = np.zeros(len(frame), dtype=bool)
    keep[filled] = pick(frame.loc[filled, list(columns)])
    return frame[keep]


def coded_frame(
    sheet, header_index: int, columns: Sequence[int], identifiers: Sequence[int]
) -> pd.DataFrame:
    """Rows below the header of a parsed sheet (parse_worker.CodedSheet) as a frame indexed by
    spreadsheet row number; labels become categoricals of the values below the header."""
    start = header_index + 1
    height = max(sheet.height - start, 0)
    index = pd.RangeIndex(header_index + 2, header_index + 2 + height)
    out = {}
    for j in sorted(set(columns)):
        if j < sheet.width:
            codes = np.frombuffer(sheet.codes[j], dtype=np.int32)[start:]
            labels = np.array(sheet.labels[j], dtype=object)
        else:
            codes, labels = np.full(height, -1, dtype=np.int32), np.array([], dtype=object)
        if j in identifiers:
            texts = np.append(labels, None)  # code -1 (empty cell) takes this last slot
            out[j] = pd.array(texts[codes], dtype="str")
            continue
        remap, used = pd.factorize(codes)  # in order of appearance, as the rows have them
        empty = np.flatnonzero(used == -1)
        if len(empty):
            k = empty[0]
            remap = np.where(remap == k, -1, remap - (remap > k))
            used = np.delete(used, k)
        out[j] = pd.Categorical.from_codes(remap, categories=pd.Index(labels[used], dtype=object))
    return pd.DataFrame(out, index=index)


def pandas_csv_frame(request: CsvRequest) -> pd.DataFrame:
    """The pandas parser, for files Arrow refuses (rows of uneven length): short rows are padded,
    over-long ones left out, keeping every other row's number (the caller reports how many).
    Every column becomes labels."""
    path, encoding, delimiter = request.path, request.encoding, request.delimiter
    header_index, wanted = request.header_index, list(request.columns)
    kwargs = dict(
        sep=delimiter,
        header=None,
        # the header's width (a short first row does not set it), plus one column to catch
        # over-long rows: with usecols pandas keeps them cut short instead of skipping them
        names=range(request.width + 1),
        skiprows=header_index + 1,
        usecols=[*wanted, request.width],
        dtype=str,  # not "category": pandas 3 infers numeric categories (00123 -> 123)
        skip_blank_lines=False,
        keep_default_na=False,
        na_values=[""],
        encoding=encoding,
        on_bad_lines="skip",
    )

    def read(**changes):
        try:
            return pd.read_csv(binary(path), **{**kwargs, **changes})
        except (pd.errors.ParserError, ValueError) as exc:
            if "Too many columns specified" not in str(exc):
                raise
            # no row is longer than the header, so there is nothing to catch: the header's width
            return pd.read_csv(
                binary(path),
                **{**kwargs, **changes, "names": range(request.width), "usecols": wanted},
            )

    try:
        frame = read()
    except UnicodeDecodeError:
        unreadable = refusal(
            path,
            "has an unreadable text encoding (neither UTF-8 nor Windows-1252)",
            "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and try again.",
        )
        if encoding != "utf-8-sig":
            raise unreadable from None
        try:
            frame = read(encoding="cp1252")
        except UnicodeDecodeError:
            raise unreadable from None
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame({c: pd.Series([], dtype="category") for c in wanted})
    except (pd.errors.ParserError, ValueError) as exc:
        raise refusal(
            path,
            f"could not be read as CSV ({str(exc).splitlines()[0]})",
            "Check that every row has the same number of columns and quotes are closed.",
        ) from None
    frame.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(frame))
    if request.width in frame.columns:  # over-long rows are left out (their fields have slipped)
        frame = frame[frame.pop(request.width).isna()]
    for col in frame.columns:
        frame[col] = strip_categories(frame[col].astype("category"))
    return frame


def strip_categories(series: pd.Series) -> pd.Series:
    """Trim stray spaces in labels; works on the categories, so it costs nothing per row."""
    cats = pd.Index(series.cat.categories.astype(str))
    stripped = cats.str.strip()
    if stripped.equals(cats) and not (cats == "").any():
        return series
    if stripped.is_unique and not (stripped == "").any():
        return series.cat.rename_categories(stripped)
    codes = series.cat.codes.to_numpy()
    uniques = pd.Index(stripped[stripped != ""].unique())
    remap = uniques.get_indexer(stripped)  # "" -> -1 (missing)
    new_codes = np.where(codes >= 0, remap[codes], -1)
    return pd.Series(pd.Categorical.from_codes(new_codes, categories=uniques), index=series.index)
