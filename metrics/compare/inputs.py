"""Many counts returns read together as one network: who each file is about, checked.

A file with an Organisation column speaks for itself; a single-trust return without one is named
by its file (``Alderwick Hospitals NHS Trust.csv``: the stem, as written). Names are compared as
``metrics.reference.key`` does (case, spacing and punctuation folded), so two spellings of
one trust are caught instead of becoming two trusts, or one trust counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from metrics import reference as ref
from metrics.compare import censored as censored_mod
from metrics.compare.distinct import FIRST, distinct_read, distinct_rows
from metrics.compare.values import INDICATORS, by_standard, needed, standard_of
from metrics.counts import table as counts_mod
from metrics.inputs.column_values import indicator_id, parse_year, per_category
from metrics.inputs.pipeline import Sources, load
from metrics.inputs.readers import Upload
from metrics.problems import InputError, Problem, errors


@dataclass(frozen=True, eq=False)
class Return:
    """One file's counts. ``rows`` gives each counts row's line in the file (for messages);
    empty where the lines are not known (then row i is line i + 2, under a header)."""

    name: str
    counts: pd.DataFrame
    rows: Sequence[int] | np.ndarray
    keys: pd.DataFrame | None = None
    """The file's distinct keys (``STANDARD_KEYS`` and each one's first ``LINE``) when the
    counts hold only some of its rows (``Chooser``); None: found from ``counts``."""
    censored: pd.DataFrame | None = None
    """The file's censored cells ("<5", "*", "not held": ``metrics.compare.censored``), each
    on its row of ``counts`` (``censored.CELL_COLUMNS``); None or empty: none."""


@dataclass(frozen=True, eq=False)
class NetworkCounts:
    """The combined canonical counts, warnings that did not stop it, and notes (how names were
    found). ``files`` maps each organisation to the files it came from."""

    counts: pd.DataFrame
    warnings: tuple[Problem, ...]
    notes: tuple[str, ...]
    files: dict[str, tuple[str, ...]]
    keys: pd.DataFrame | None = None
    """The distinct organisation, year, standard, region and trust type of the counts' rows,
    in order of first appearance (``metrics.compare.values.network_values`` takes them instead
    of finding them again); None when not known."""
    censored: pd.DataFrame | None = None
    """Every censored cell of the returns, each with its file, line, organisation, year,
    indicator, band and group and its row of ``counts`` (``censored.TABLE_COLUMNS`` and
    ``position``); None or empty: none. ``censored.with_ranges`` puts them on the values."""


def _first_rows(ret: Return, mask: pd.Series) -> list[int]:
    positions = mask.to_numpy().nonzero()[0]
    if len(ret.rows):
        return [int(ret.rows[i]) for i in positions]
    return [int(i) + 2 for i in positions]


def _listed(rows: list[int]) -> str:
    if len(rows) < 2:
        return ""
    return f" (rows {', '.join(map(str, rows[:5]))}{' ...' if len(rows) > 5 else ''})"


KEYS = ["organisation", "year", "indicator", "region", "trust_type", "characteristic"]
"""What the checks and the comparison read of each row: found once per file as its distinct
combinations (a few thousand, where a network file has some 500,000 rows)."""


STANDARD_KEYS = ["standard" if c == "indicator" else c for c in KEYS]


LINE = "line"
"""The line in the file of a key's first row."""


def _keys(ret: Return) -> pd.DataFrame:
    if ret.keys is not None:
        return ret.keys
    frame = ret.counts
    missing = {c: None for c in KEYS if c not in frame}
    frame = frame.assign(**missing) if missing else frame
    keys = by_standard(distinct_rows(frame, KEYS, blanks=True, first=True))
    first = keys.pop(FIRST).to_numpy()
    lines = np.asarray(ret.rows)[first] if len(ret.rows) else first + 2
    return keys.assign(**{LINE: lines.astype(np.int64)})


class Chooser:
    """Which rows of a counts return one comparison reads (``Sources.rows``): those of the
    indicators it rests on, and any row the loader must see to refuse the file as before (an
    unreadable indicator or year, no organisation or year, a split row). Every row's
    organisation, year, standard, region and trust type are kept as ``keys`` on the way, for
    the checks across files and the list of trusts and years; a file holding none of the
    indicators is read whole, so a refusal names what it does hold."""

    fields = ("indicator", "organisation", "year", "region", "trust_type", "characteristic",
              "characteristic_group")  # fmt: skip
    """What choosing reads (``loaders.RowChoice.fields``): only these columns of every row are
    turned into a frame, the others for the rows chosen alone."""

    def __init__(self, indicators: Sequence[str]):
        self.bases = {INDICATORS[i].base for given in indicators for i in needed(given)}
        self.keys: pd.DataFrame | None = None

    def __call__(self, raw: pd.DataFrame) -> np.ndarray:
        self.keys = None
        if not self.bases or "indicator" not in raw:
            return np.ones(len(raw), dtype=bool)
        ids, codes = per_category(raw["indicator"], indicator_id)
        wanted = np.asarray([i in self.bases for i in ids], dtype=bool)[codes]
        if not wanted.any():
            return np.ones(len(raw), dtype=bool)
        unread = np.asarray([i is None for i in ids], dtype=bool)[codes]
        columns = {"indicator": (ids, codes)}
        for name, read in (("organisation", _label), ("year", parse_year),
                           ("region", _label), ("trust_type", _label)):  # fmt: skip
            if name in raw:
                columns[name] = per_category(raw[name], read)
                if name in ("organisation", "year"):
                    values, codes_of = columns[name]
                    blank = np.asarray([v is None for v in values], dtype=bool)[codes_of]
                    unread |= blank  # no organisation or no year (or not a year): as before
        split = np.zeros(len(raw), dtype=bool)
        for name in ("characteristic", "characteristic_group"):
            if name in raw:
                split |= raw[name].notna().to_numpy()
        self.keys = self._keys(raw, columns, split)
        return wanted | unread | split

    @staticmethod
    def _keys(
        raw: pd.DataFrame, read: dict[str, tuple[list, np.ndarray]], split: np.ndarray
    ) -> pd.DataFrame:
        """Distinct keys on the codes of the values read (no text compared per row), each
        indicator as its standard (``values.by_standard``)."""
        ids, codes = read["indicator"]
        columns = {}
        for name in STANDARD_KEYS:
            if name == "standard":
                columns[name] = ([None if i is None else standard_of(str(i)) for i in ids], codes)
            elif name == "characteristic":
                columns[name] = ([None, "split"], split.astype(np.int64))
            elif name in read:
                columns[name] = read[name]
            else:
                columns[name] = ([None], np.zeros(len(raw), dtype=np.int64))
        found, first = distinct_read(columns)
        keys = pd.DataFrame({name: pd.Series(found[name], dtype=object) for name in STANDARD_KEYS})
        return keys.assign(**{LINE: raw.index.to_numpy()[first].astype(np.int64)})


def _label(value: object) -> object:
    return value


def _named(
    ret: Return, keys: pd.DataFrame, notes: list[str], problems: list[Problem]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The return named (by its file when no row names a trust), and its distinct keys to
    match; a blank organisation or year is looked for per row only when the keys have one."""
    frame = ret.counts
    names = keys["organisation"]
    empty = [v for v in names.dropna().unique() if not str(v).strip()]
    blank_key = names.isna() | (names.isin(empty) if empty else False)
    if blank_key.all():
        stem = Path(ret.name).stem.strip()
        frame = frame.assign(organisation=stem)
        keys = keys.assign(organisation=stem).drop_duplicates(STANDARD_KEYS, ignore_index=True)
        notes.append(
            f'{ret.name}: no organisation column; the trust is taken to be "{stem}" '
            "from the file name"
        )
    elif blank_key.any():
        org = frame["organisation"].astype(object)
        empty = {v for v in org.dropna().unique() if not str(v).strip()}
        blank = org.isna() | (org.isin(empty) if empty else False)
        rows = _first_rows(ret, blank)
        problems.append(
            Problem(
                severity="error",
                file=ret.name,
                row=rows[0],
                column="Organisation",
                message=f"{len(rows):,} row(s) name no organisation while other rows do"
                + _listed(rows),
                hint="Fill in the organisation on every row, or, for a single trust's return, "
                "remove the column and name the file after the trust",
            )
        )
    if keys["year"].isna().any():
        year = frame["year"]
        rows = _first_rows(ret, year.isna())
        whole = bool(year.isna().all())
        problems.append(
            Problem(
                severity="error",
                file=ret.name,
                row=None if whole else rows[0],
                column=None if whole else "Year",
                message="the return has no year"
                if whole
                else f"{len(rows):,} row(s) have no year" + _listed(rows),
                hint="Add a Year column giving the WRES year on every row, so that trusts are "
                "compared within the same year",
            )
        )
    return frame, keys


Named = list[tuple[Return, pd.DataFrame, pd.DataFrame]]
"""Each return, its frame as named, and that frame's distinct keys (``KEYS``, first rows)."""


def _spellings(named: Named) -> list[Problem]:
    """One trust written more than one way (case, spaces, punctuation), in one file or across."""
    seen: dict[str, dict[str, tuple[str, int]]] = {}
    for ret, _frame, keys in named:
        orgs = keys["organisation"]
        first = orgs.notna() & ~orgs.duplicated()  # each spelling's first row, in file order
        for name, line in zip(orgs[first], keys.loc[first, LINE], strict=True):
            seen.setdefault(ref.key(name), {}).setdefault(str(name), (ret.name, int(line)))
    out = []
    for variants in seen.values():
        if len(variants) < 2:
            continue
        listed = "; ".join(f'"{n}" ({f}, row {r})' for n, (f, r) in variants.items())
        out.append(
            Problem(
                severity="error",
                message=f"one organisation is written {len(variants)} ways: {listed}",
                hint="Spell it the same way in every file (case and spaces included), so it is "
                "compared as one trust; if they are different trusts, give them distinct names",
            )
        )
    return out


def _duplicates(named: Named) -> list[Problem]:
    """The same organisation, year and standard in two files: adding them up would count a trust
    twice. A trust's WRES return and its WDES return are two files for one year, as sent."""
    claims: dict[tuple[str, int, str], dict[str, str]] = {}
    folded: dict[str, str] = {}  # each spelling folded once
    for ret, _frame, keys in named:
        keys = keys[(keys["organisation"].notna() & keys["year"].notna()).to_numpy()]
        keys = keys.assign(standard=keys["standard"].astype(object).fillna("WRES"))
        keys = keys[["organisation", "year", "standard"]].drop_duplicates()
        for org, year, standard in keys.itertuples(index=False):
            key = folded.get(org) or folded.setdefault(org, ref.key(org))
            claims.setdefault((key, int(year), standard), {})[ret.name] = str(org)
    out = []
    for (_key, year, standard), files in claims.items():
        if len(files) < 2:
            continue
        org = next(iter(files.values()))
        whose = "" if standard == "WRES" else f" ({standard})"
        out.append(
            Problem(
                severity="error",
                message=f'"{org}" {year}{whose} is in {len(files)} files: ' + ", ".join(files),
                hint="Give each trust's return for a year once: remove the duplicate file, or "
                "correct the organisation or year in one of them",
            )
        )
    return out


def _attribute_clashes(keys: pd.DataFrame) -> list[Problem]:
    out = []
    # the few distinct combinations of the counts' rows, then each pair
    every = keys[["organisation", "region", "trust_type"]].drop_duplicates()
    every = every[every["organisation"].notna().to_numpy()]
    for column in ("region", "trust_type"):
        pairs = every[["organisation", column]].dropna().drop_duplicates()
        folded = {v: ref.key(v) for v in pairs[column].unique()}  # each spelling folded once
        pairs = pairs.assign(k=pairs[column].map(folded)).drop_duplicates(["organisation", "k"])
        several = pairs["organisation"].duplicated(keep=False)
        for org, group in pairs[several.to_numpy()].groupby("organisation"):
            if len(group) > 1:
                what = column.replace("_", " ")
                out.append(
                    Problem(
                        severity="warning",
                        message=f'"{org}" is given more than one {what}: '
                        + ", ".join(f'"{v}"' for v in group[column]),
                        hint=f"Each year uses its own first {what}; correct the returns so peers "
                        "are grouped consistently",
                    )
                )
    return out


def _canonical(frame: pd.DataFrame) -> bool:
    """Whether a counts frame is as ``counts.table.normalise`` leaves it: the canonical columns
    in order, each with its type (a loaded return is; a frame made by hand is not)."""
    model = _canonical_types()
    return list(frame.columns) == list(model.index) and all(
        frame[c].dtype == kind for c, kind in model.items()
    )


@cache
def _canonical_types() -> pd.Series:
    return counts_mod.empty().dtypes  # worked out when first needed, not on import


def combine(returns: Sequence[Return]) -> NetworkCounts:
    """Name, check and join returns; raises InputError listing every error found."""
    if not returns:
        raise InputError(
            Problem(
                severity="error",
                message="no counts files given",
                hint="Give one or more files with --counts FILE [FILE ...]",
            )
        )
    notes: list[str] = []
    problems: list[Problem] = []
    named = [(ret, *_named(ret, _keys(ret), notes, problems)) for ret in returns]
    problems += _spellings(named)
    if len(named) > 1:  # one file cannot hold a trust's year twice: its claims are one file's
        problems += _duplicates(named)
    if errors(problems):
        raise InputError(errors(problems))
    frames = [f for _, f, _ in named]
    joined = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    # a loaded return is canonical already; normalising it again would only copy it
    canonical = _canonical(joined)
    counts = joined.reset_index(drop=True) if canonical else counts_mod.normalise(joined)
    cells = _censored(named, counts)
    if cells is not None:
        given = int(cells["low"].notna().sum())
        notes.append(
            f"{len(cells):,} count(s) were suppressed or not given in the returns: "
            + (f"{given:,} read as ranges (such as <5: 0 to 4)" if given else "")
            + ("; " if given and given < len(cells) else "")
            + (f"{len(cells) - given:,} not given (not zero)" if given < len(cells) else "")
            + "; a figure resting on one is shown as a range, off the funnel"
        )
    split = len(counts) - len(counts_mod.ordinary(counts))
    if (
        split
    ):  # a comparison is of whole trusts: rows split by a second characteristic would count twice
        notes.append(
            f"{split:,} row(s) split by a second characteristic (such as sex) are left out: "
            "trusts are compared on their whole-organisation figures"
        )
        cells = _kept(cells, counts["characteristic"].isna().to_numpy())
        counts = counts_mod.ordinary(counts).reset_index(drop=True)
    if canonical:  # each file's keys are the counts' keys: the rows are as read
        keys = pd.concat([k for _, _, k in named], ignore_index=True)
        keys = keys.drop(columns=LINE).drop_duplicates(STANDARD_KEYS, ignore_index=True)
        keys = keys[keys["characteristic"].isna().to_numpy()].reset_index(drop=True)
    else:  # normalising may have read a value anew (a year written as text)
        keys = _keys(Return("", counts, ())).drop(columns=LINE)
    keys = keys.drop(columns="characteristic")
    files: dict[str, list[str]] = {}
    for ret, _frame, own in named:
        for org in own["organisation"].dropna().unique():
            files.setdefault(str(org), []).append(ret.name)
    return NetworkCounts(
        counts=counts,
        warnings=tuple(_attribute_clashes(keys)),
        notes=tuple(notes),
        files={k: tuple(v) for k, v in files.items()},
        keys=keys,
        censored=cells,
    )


def _censored(named: Named, counts: pd.DataFrame) -> pd.DataFrame | None:
    """Each return's censored cells on the joined counts' rows (``counts``: every row, split
    ones included, in the order joined), with what each row is about; None when none."""
    parts = []
    offset = 0
    for ret, frame, _keys in named:
        if ret.censored is not None and len(ret.censored):
            cells = ret.censored.assign(position=ret.censored["position"] + offset)
            parts.append(censored_mod.placed(cells, counts, ret.name))
        offset += len(frame)
    return pd.concat(parts, ignore_index=True) if parts else None


def _kept(cells: pd.DataFrame | None, kept: np.ndarray) -> pd.DataFrame | None:
    """The cells on the rows kept (``kept``: a mask of the rows), placed on them anew."""
    if cells is None:
        return None
    new = np.cumsum(kept) - 1
    position = cells["position"].to_numpy(dtype=np.int64)
    cells = cells[kept[position]]
    return cells.assign(position=new[cells["position"].to_numpy(dtype=np.int64)]).reset_index(
        drop=True
    )


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def _extract(path: Path | Upload, mapping: dict[str, str]):
    """A trust's own extract workbook (a sheet per kind, no counts sheet) reduced to counts,
    named by its file: how a trust that has not made a return yet can still be compared."""
    if Path(path.name).suffix.lower() not in WORKBOOK_SUFFIXES:
        return None
    try:
        result = load(Sources(workbook=path, mapping=mapping, organisation=Path(path.name).stem))
    except InputError:
        return None
    return None if result.errors or result.counts is None else result


def load_network(
    files: Sequence[Path | Upload],
    mapping: dict[str, str] | None = None,
    *,
    indicators: Sequence[str] | None = None,
    star: tuple[int, int] = censored_mod.STAR,
) -> NetworkCounts:
    """Read each counts file with the ordinary loader, then ``combine`` them. A workbook with
    no counts sheet is read as the trust's own extracts (sheets per kind), named by its file.
    With ``indicators``, only the rows those rest on are read and checked (``Chooser``): what
    comparing one indicator needs, every trust and year still listed.

    Every file is read before anything is refused, so one message can say what is wrong with
    all of them; InputError carries every problem (the first is the one to show).

    Suppressed cells of a freedom-of-information reply ("<5", "*", "fewer than 10", "not
    held") are read as censored counts (``metrics.compare.censored``; ``star``: what "*"
    stands for) and listed in ``NetworkCounts.censored``."""
    returns: list[Return] = []
    problems: list[Problem] = []
    mapping = dict(mapping or {})
    for given in files:
        path = given if isinstance(given, Upload) else Path(given)
        name = path.name
        chooser = censored_mod.CensoredCells(Chooser(indicators) if indicators else None, star)
        try:
            result = load(Sources(counts=path, mapping=mapping, rows=chooser))
        except InputError as exc:
            extract = _extract(path, mapping)
            if extract is None:
                problems += exc.problems
                continue
            problems += [p for p in extract.problems if p.severity == "warning"]
            returns.append(Return(name, extract.counts, ()))
            continue
        if result.errors or result.counts is None:
            problems += result.errors
            continue
        problems += [p for p in result.problems if p.severity == "warning"]
        loaded = result.inputs["counts"]
        lines = loaded.frame.index.to_numpy()
        cells = censored_mod.cells_of(chooser.found, lines)
        returns.append(Return(name, result.counts, lines, chooser.keys, cells))
    if errors(problems):
        raise InputError(errors(problems))
    network = combine(returns)
    return NetworkCounts(
        counts=network.counts,
        warnings=tuple(problems) + network.warnings,
        notes=network.notes,
        files=network.files,
        keys=network.keys,
        censored=network.censored,
    )
