"""Which kind of data a file or sheet holds, decided from its content, with the reason in words.

The header row is the main evidence (the columns a kind needs), then the sheet name, then the
values: an aggregated counts return (indicator, group and numerator columns) is recognised
before anything else, so it can never be read as a staff list. A file that fits nothing is "not
recognised", with why.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics import reference as ref
from metrics.counts import classify
from metrics.inputs.columns import evidence_fields, field_aliases, purpose
from metrics.inputs.readers import Sheet, Source, open_sheets, source
from metrics.problems import InputError

NOT_RECOGNISED = "not recognised"


def _one_of(kind: str) -> tuple[tuple[str, ...], ...]:
    """A kind's "at least one of" column groups. A staff list needs a characteristic column as
    well as its pay band: any one standard's (what the dashboard loads)."""
    spec = ref.kinds()[kind]
    return (*purpose("all").requires, *spec.one_of) if kind == "staff" else spec.one_of


def _kinds() -> tuple[str, ...]:
    """Every kind fields.toml defines, in its order."""
    return tuple(ref.kinds())


@dataclass(frozen=True)
class Detection:
    """One sheet's kind (None: not recognised) and the reason, for a person to check."""

    file: str
    sheet: str | None
    kind: str | None
    reason: str
    complete: bool = True  # False: the kind is a guess and a column it needs was not found

    @property
    def label(self) -> str:
        return f"{self.file} (sheet {self.sheet})" if self.sheet else self.file


@dataclass(frozen=True)
class _Fit:
    kind: str
    row: int
    columns: dict[str, str]  # field -> header text, in header order

    @property
    def complete(self) -> bool:
        spec = ref.kinds()[self.kind]
        required = all(f in self.columns for f in spec.required)
        one_of = all(any(f in self.columns for f in group) for group in _one_of(self.kind))
        # a kind that needs no particular column (disciplinary, training) needs one a staff list
        # would not have (a case reference, a course, a date), or every staff list would fit it
        own = spec.required or any(f not in ref.kinds()["staff"].fields for f in self.columns)
        return required and one_of and bool(own) and len(self.columns) >= 2

    @property
    def score(self) -> tuple[int, int]:
        spec = ref.kinds()[self.kind]
        return (sum(1 for f in spec.required if f in self.columns), len(self.columns))


def _fit(rows: list[list[str | None]], kind: str) -> _Fit:
    aliases = field_aliases(kind)
    best = _Fit(kind, 0, {})
    for i, row in enumerate(rows):
        columns: dict[str, str] = {}
        for cell in row:
            if cell and ref.compact(cell) in aliases:
                columns.setdefault(aliases[ref.compact(cell)][0], cell.strip())
        fit = _Fit(kind, i, columns)
        if fit.score > best.score:
            best = fit
    return best


def _names(headers: list[str]) -> str:
    quoted = [f'"{h}"' for h in headers]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


_GENERIC = {"year", "date", "directorate", "staff_group", "organisation", "sex", "disability"}


def _evidence(fit: _Fit) -> list[str]:
    """The headers that say most about the kind: its required columns first, three at most."""
    spec = ref.kinds()[fit.kind]
    groups = _one_of(fit.kind)
    extra = len(groups) - len(spec.one_of)  # a staff list's characteristic, said first
    firsts: list[str] = []
    for group in groups[:extra]:
        firsts += [fit.columns[f] for f in group if f in fit.columns][:1]
    firsts += [fit.columns[f] for f in spec.required if f in fit.columns]
    for group in groups[extra:]:
        firsts += [fit.columns[f] for f in group if f in fit.columns][:1]
    rest = [h for f, h in fit.columns.items() if f not in _GENERIC] + list(fit.columns.values())
    return list(dict.fromkeys(firsts + rest))[:3]


def counts_columns(rows: list[list[str | None]]) -> list[str] | None:
    """The headers that make a table an aggregated counts return, or None when it is not one."""
    fit = _fit(rows, "counts")
    return _evidence(fit) if fit.complete else None


def _named_kind(sheet_name: str | None) -> str | None:
    if not sheet_name:
        return None
    name = ref.key(sheet_name)
    for kind, spec in ref.kinds().items():
        if name in {ref.key(a) for a in spec.sheet_aliases}:
            return kind
    return None


def _values(rows: list[list[str | None]], fit: _Fit, name: str) -> list[str]:
    """The non-blank values below the header in the column read as this field."""
    header = rows[fit.row]
    position = next(i for i, c in enumerate(header) if c and c.strip() == fit.columns[name])
    return [r[position] for r in rows[fit.row + 1 :] if position < len(r) and r[position]]


def _value_reader(name: str):
    """How an evidence field's values are read (None: not a value of this kind)."""
    from metrics.standards.capability_grounds import grounds

    return {"grounds": grounds}[name]


def _evidence_found(rows: list[list[str | None]], fit: _Fit) -> bool:
    """Whether the values of the kind's evidence columns (if it has any) are mostly its own (a
    stray odd value does not make a capability file a disciplinary one)."""
    for name in evidence_fields(fit.kind):
        values = _values(rows, fit, name) if name in fit.columns else []
        read = _value_reader(name)
        if sum(read(v) is not None for v in values) * 2 <= len(values):
            return False
    return True


def _indicators_read(rows: list[list[str | None]], fit: _Fit) -> str:
    """What the indicator column's values below the header are, in words ("" when any is not an
    indicator the tool knows)."""
    from metrics.inputs.column_values import indicator_id

    read = [indicator_id(v) for v in _values(rows, fit, "indicator")]
    if not read or None in read:
        return ""
    standards = {i[:4] for i in read if i}
    if standards == {"WRES"}:
        return ", and its indicators are WRES1 to WRES9"
    if standards == {"WDES"}:
        return ", and its indicators are WDES metrics"
    return ", and its indicators are WRES and WDES ones"


def _looks_like_values(row: list[str | None]) -> bool:
    """A first row of ethnic categories and pay bands: data where a header should be."""
    cells = [c for c in row if c]
    read = sum(
        1
        for c in cells
        if (classify.ethnicity(c).recognised and classify.ethnicity(c).code)
        or classify.band(c) is not None
    )
    return read >= 2


def detect(sheet: Sheet) -> Detection:
    """The kind of one sheet (or CSV file), from its header, sheet name and values."""
    where = dict(file=sheet.path.name, sheet=sheet.name)
    rows = sheet.preview
    filled = [r for r in rows if any(r)]
    if not filled:
        return Detection(**where, kind=None, reason="it is empty")
    fits = {kind: _fit(rows, kind) for kind in _kinds()}
    named = _named_kind(sheet.name)
    sheet_words = f'sheet named "{sheet.name}"; ' if named else ""
    counts = fits["counts"]
    if counts.complete:
        values = _indicators_read(rows, counts)
        return Detection(
            **where,
            kind="counts",
            reason=f"has {_names(_evidence(counts))} columns: figures already counted "
            f"(an aggregated return){values}",
        )
    complete = [
        fit
        for fit in fits.values()
        if fit.complete
        and fit.kind != "counts"
        and (fit.kind == named or _evidence_found(rows, fit))
    ]
    if complete:
        fit = next((f for f in complete if f.kind == named), None) or max(
            complete, key=lambda f: f.score[0] * 10 + f.score[1]
        )
        words = sheet_words if fit.kind == named else ""
        return Detection(
            **where, kind=fit.kind, reason=f"{words}has {_names(_evidence(fit))} columns"
        )
    partial = max(fits.values(), key=lambda f: (f.kind == named, len(f.columns)))
    if len(partial.columns) >= 2 or (named and partial.kind == named):
        spec = ref.kinds()[partial.kind]
        missing = [f for f in spec.required if f not in partial.columns]
        missing += [
            group[0]
            for group in _one_of(partial.kind)
            if not any(f in partial.columns for f in group)
        ]
        has = f"has {_names(_evidence(partial))} columns" if partial.columns else "no known columns"
        need = " or ".join(m.replace("_", " ") for m in missing) or "enough known columns"
        return Detection(
            **where,
            kind=partial.kind,
            complete=False,
            reason=f"{sheet_words}{has} like a {spec.label} file, but no column for the {need}",
        )
    first = filled[0]
    if _looks_like_values(first):
        shown = ", ".join(f'"{c}"' for c in first if c)
        return Detection(
            **where,
            kind=None,
            reason=f"it has no header row: the first row holds values ({shown[:80]}), "
            "not column names",
        )
    headers = [c for c in max(filled[:10], key=lambda r: sum(1 for c in r if c)) if c]
    shown = ", ".join(f'"{c}"' for c in headers[:6]) + (" ..." if len(headers) > 6 else "")
    return Detection(
        **where,
        kind=None,
        reason=f"none of its columns is one this tool reads (columns found: {shown})",
    )


def detect_file(path: Source | str) -> list[Detection]:
    """Each table in a file with its kind; a file that cannot be read is one 'not recognised'."""
    path = source(path)
    try:
        sheets = open_sheets(path)
    except InputError as exc:
        return [Detection(file=path.name, sheet=None, kind=None, reason=exc.problems[0].message)]
    out = []
    for sheet in sheets:
        try:
            out.append(detect(sheet))
        except InputError as exc:
            out.append(
                Detection(
                    file=path.name, sheet=sheet.name, kind=None, reason=exc.problems[0].message
                )
            )
    return out


def kind_of(sheet: Sheet) -> str | None:
    """The kind of a sheet when its columns say so, or its name does (a missing column is then
    reported by the column step, with the columns found)."""
    found = detect(sheet)
    return found.kind if found.complete or found.kind == _named_kind(sheet.name) else None
