"""Turns parsed cells into pandas frames: trimmed text, labels as categoricals.

Kept apart from readers.py so that finding and sniffing files needs no pandas: a workbook or
CSV named on the command line can start parsing while pandas is still loading.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from metrics.inputs.source_files import CsvRequest, binary, refusal


def arrow_frame(table, request: CsvRequest) -> pd.DataFrame:
    """The Arrow table as a frame indexed by spreadsheet row number; identifiers stay plain
    text, labels stay dictionary-encoded (categoricals) with their spaces trimmed."""
    import pyarrow as pa
    import pyarrow.compute as pc

    header_index = request.header_index
    index = pd.RangeIndex(header_index + 2, header_index + 2 + table.num_rows)
    out = {}
    for c, name in zip(request.wanted, table.column_names, strict=True):
        column = table.column(name)
        if c in request.identifiers:
            padded = pc.or_(pc.starts_with(column, " "), pc.ends_with(column, " "))
            if pc.any(padded).as_py():  # two byte compares per value: far cheaper than a regex
                column = pc.utf8_trim_whitespace(column)
                column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
            out[c] = column.to_pandas()
        else:
            out[c] = strip_categories(column.to_pandas())  # trims the labels, not every row
        out[c].index = index
    return pd.DataFrame(out, index=index)


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
