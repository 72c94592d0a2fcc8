"""Finds the header row and decides which column holds which field, from the aliases in fields.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from metrics import reference as ref
from metrics.inputs.source_files import Sheet
from metrics.problems import InputError, Problem

# Fields the WRES calculation needs from the staff file; the rest are read only on request.
STAFF_WRES_FIELDS = (
    "employee_number", "assignment_number", "ethnicity", "pay_band", "staff_group", "directorate",
    "assignment_category", "clinical", "board_voting", "board_executive", "fte", "year",
)  # fmt: skip

PURPOSES = ("wres", "wdes", "paygap", "medical", "all")
"""What a load is for: it decides which staff columns are read and which must be there."""

CHARACTERISTIC_FIELDS = {"ethnicity": "ethnicity", "disability": "disability", "sex": "sex"}
"""The staff field each characteristic (a --by choice) is read from."""


@dataclass(frozen=True)
class Purpose:
    """The staff fields one purpose reads and the columns it cannot do without."""

    name: str
    reads: tuple[str, ...]
    requires: tuple[tuple[str, ...], ...]  # each: at least one of these fields
    companions: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # kind -> ...

    def requires_for(self, kind: str) -> tuple[tuple[str, ...], ...]:
        """The columns a file of this kind needs for this purpose (beyond fields.toml's own)."""
        return self.requires if kind == "staff" else self.companions.get(kind, ())


@cache
def _fields_toml() -> dict[str, dict]:
    text = resources.files("metrics.reference").joinpath("fields.toml").read_text("utf-8")
    return tomllib.loads(text)


def _purposes() -> dict[str, dict]:
    return _fields_toml()["staff"]["purposes"]


def evidence_fields(kind: str) -> tuple[str, ...]:
    """Columns whose values tell this kind from another with the same headers (fields.toml's
    `evidence`): a capability file's grounds, say, against a disciplinary file's reason."""
    return tuple(_fields_toml()[kind].get("evidence", ()))


def purpose(name: str = "wres", by: str | None = None) -> Purpose:
    """What a load for this purpose reads from the staff file and needs in it; `by` is the
    characteristic a pay gap is taken by (its column is then needed too)."""
    if name not in PURPOSES:
        raise InputError(
            Problem(
                severity="error",
                message=f"{name!r} is not something the tool computes",
                hint="Choose one of " + ", ".join(PURPOSES) + ".",
            )
        )
    spec = _purposes()[name]
    base = tuple(f for f in STAFF_WRES_FIELDS if f != "ethnicity")
    reads = (*base, *spec.get("reads", ()))
    requires = tuple(tuple(group) for group in spec.get("requires", ()))
    if by is not None:
        if by not in CHARACTERISTIC_FIELDS:
            raise InputError(
                Problem(
                    severity="error",
                    message=f"{by!r} is not a characteristic the tool reads",
                    hint="Choose one of " + ", ".join(CHARACTERISTIC_FIELDS) + ".",
                )
            )
        field_name = CHARACTERISTIC_FIELDS[by]
        reads = (*reads, field_name)
        requires = ((field_name,), *requires)
    companions = {
        kind: tuple(tuple(group) for group in table["purposes"][name].get("requires", ()))
        for kind, table in _fields_toml().items()
        if kind != "staff" and name in table.get("purposes", {})
    }
    return Purpose(
        name=name, reads=tuple(dict.fromkeys(reads)), requires=requires, companions=companions
    )


MEDICAL_FIELDS = ("role", "primary_qualification")
"""The staff columns only the medical workforce view reads (a doctor's role, where they
qualified): a purpose that reads them ("medical", "all") gives the view's counts rows too."""


def reads_medical(name: str = "wres") -> bool:
    """Whether a load for this purpose gives the medical view's MED-GRADE and MED-ROLE rows."""
    return any(f in purpose(name).reads for f in MEDICAL_FIELDS)


def staff_fields_for(name: str = "wres", by: str | None = None) -> tuple[str, ...]:
    """The staff fields read for this purpose (`wres` reads exactly STAFF_WRES_FIELDS)."""
    return purpose(name, by).reads


@cache
def field_aliases(kind: str) -> dict[str, tuple[str, int]]:
    """compact alias -> (field, preference); lower preference wins."""
    out: dict[str, tuple[str, int]] = {}
    for spec in ref.kinds()[kind].fields.values():
        for rank, alias in enumerate((spec.name, *spec.aliases)):
            out.setdefault(ref.compact(alias), (spec.name, rank))
    return out


def header_fields(row: list[str | None], kind: str) -> set[str]:
    aliases = field_aliases(kind)
    return {aliases[ref.compact(c)][0] for c in row if c and ref.compact(c) in aliases}


def _score(row: list[str | None], kind: str) -> tuple[int, int]:
    fields = header_fields(row, kind)
    spec = ref.kinds()[kind]
    return (sum(1 for f in spec.required if f in fields), len(fields))


def find_header(sheet: Sheet, kind: str) -> int:
    """Index of the row that looks most like this kind's header; title rows above it are skipped."""
    best, best_score = None, (0, 0)
    for i, row in enumerate(sheet.preview):
        score = _score(row, kind)
        if score > best_score:
            best, best_score = i, score
    if best is not None and (best_score[0] > 0 or best_score[1] >= 2):
        return best
    for i, row in enumerate(
        sheet.preview
    ):  # no match: the first non-empty row, for the error message
        if any(row):
            return i
    raise InputError(
        Problem(
            severity="error",
            message="the sheet is empty",
            hint="Check that you chose the right file and sheet.",
            file=sheet.path.name,
            sheet=sheet.name,
        )
    )


@dataclass(frozen=True)
class ColumnMap:
    """Which column position holds each field, with the header text as written."""

    kind: str
    header_index: int
    positions: dict[str, int]
    headers: dict[str, str]
    found: tuple[str, ...]
    notes: tuple[Problem, ...] = field(default=())

    @property
    def header_row(self) -> int:
        return self.header_index + 1


def parse_mapping(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """'Ethnic Grp=ethnicity' pairs from --map into {column: field}."""
    out: dict[str, str] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise InputError(
                Problem(
                    severity="error",
                    message=f"--map {item!r} is not of the form COLUMN=FIELD",
                    hint='Write it as --map "Ethnic Grp=ethnicity".',
                )
            )
        out[column.strip()] = target.strip()
    return out


def accepted_names(kind: str, name: str) -> str:
    spec = ref.kinds()[kind].fields[name]
    names = dict.fromkeys((spec.name.replace("_", " "), *spec.aliases))  # ordered, no repeats
    return ", ".join(f'"{a}"' for a in names)


def map_columns(
    sheet: Sheet,
    kind: str,
    mapping: dict[str, str] | None = None,
    requires: tuple[tuple[str, ...], ...] = (),
) -> ColumnMap:
    """Decide the column for each field; raise InputError naming what is missing and how to fix it.

    requires: more columns this load needs (a purpose's), each group "at least one of these"."""
    spec = ref.kinds()[kind]
    header_index = find_header(sheet, kind)
    header = sheet.preview[header_index]
    found = tuple(c for c in header if c)
    where = dict(file=sheet.path.name, sheet=sheet.name)
    problems: list[Problem] = []
    chosen: dict[str, tuple[int, int]] = {}  # field -> (preference, position)
    notes: list[Problem] = []
    aliases = field_aliases(kind)
    user = {ref.compact(c): f for c, f in (mapping or {}).items()}
    by_compact = {ref.compact(c): c for c in found}
    for column, target in (mapping or {}).items():
        if ref.compact(column) not in by_compact:
            problems.append(
                Problem(
                    severity="error",
                    message=f'a column match names a column "{column}" that is not in the file',
                    hint="Columns found: " + ", ".join(f'"{c}"' for c in found),
                    **where,
                )
            )
        if target not in spec.fields:
            problems.append(
                Problem(
                    severity="error",
                    message=f'a column match names a field "{target}" that a {spec.label} file '
                    "does not have",
                    hint="Fields: " + ", ".join(spec.fields),
                    **where,
                )
            )
    for pos, cell in enumerate(header):
        if not cell:
            continue
        c = ref.compact(cell)
        if c in user:
            target, rank = user[c], -1
        elif c in aliases:
            target, rank = aliases[c]
        else:
            continue
        if target not in spec.fields:
            continue
        if target in chosen:
            keep = min(chosen[target], (rank, pos))
            other = max(chosen[target], (rank, pos))
            chosen[target] = keep
            notes.append(
                Problem(
                    severity="warning",
                    message=(
                        f"two columns could be the {target.replace('_', ' ')}: used "
                        f'"{header[keep[1]]}", not "{header[other[1]]}"'
                    ),
                    hint="To use the other, say which column holds it.",
                    column=header[other[1]],
                    field=target,
                    **where,
                )
            )
        else:
            chosen[target] = (rank, pos)
    positions = {f: pos for f, (_, pos) in chosen.items()}
    missing = [" or ".join(group) for group in requires if not any(f in positions for f in group)]
    missing += [f for f in spec.required if f not in positions]
    missing += [
        " or ".join(group)
        for group in spec.one_of
        if not any(f in positions for f in group)
        and not any(set(need) <= set(group) for need in requires)  # said already, more exactly
    ]
    for name in missing:
        names = name.split(" or ")
        accepted = "; ".join(f"for {n}: {accepted_names(kind, n)}" for n in names)
        problems.append(
            Problem(
                severity="error",
                message=(
                    f"no column for {name.replace('_', ' ')} in this {spec.label} file "
                    f"(header on row {header_index + 1}). Columns found: "
                    + ", ".join(f'"{c}"' for c in found)
                ),
                hint=f"Rename the column to an accepted name ({accepted}) or say which column it is.",
                field=names[0],
                **where,
            )
        )
    if problems:
        raise InputError(problems)
    for name in (f.name for f in spec.fields.values() if f.recommended):
        if name not in positions:
            notes.append(
                Problem(
                    severity="warning",
                    message=f"no {name.replace('_', ' ')} column; figures that need it are left out",
                    hint=f'If the file has one, name it "{ref.kinds()[kind].fields[name].aliases[0]}" '
                    "or say which column it is.",
                    field=name,
                    **where,
                )
            )
    return ColumnMap(
        kind=kind,
        header_index=header_index,
        positions=positions,
        headers={f: header[p] or "" for f, p in positions.items()},
        found=found,
        notes=tuple(notes),
    )


def fields_to_read(
    colmap: ColumnMap, fields: tuple[str, ...] | None = None
) -> tuple[list[int], list[int]]:
    """Column positions to read (and which of them are identifiers) for the mapped fields.

    The default is what the WRES needs: for staff, STAFF_WRES_FIELDS; for other kinds, all."""
    if fields is None and colmap.kind == "staff":
        fields = STAFF_WRES_FIELDS
    chosen = {f: p for f, p in colmap.positions.items() if fields is None or f in fields}
    positions = sorted(chosen.values())
    identifiers = sorted(p for f, p in chosen.items() if f in ref.identifier_fields())
    return positions, identifiers


def header_columns(sheet: Sheet, kind: str) -> list[str]:
    """The column names on the row taken as this kind's header (to offer in a mapping step)."""
    return [c for c in sheet.preview[find_header(sheet, kind)] if c]


def doubtful_matches(
    sheet: Sheet, kind: str, mapping: dict[str, str]
) -> list[tuple[str, str, str]]:
    """Column matches that stop this sheet being read, as (column, field, why in words): a match
    to a field this kind of file does not have, or one that takes the column another field
    would have been read from."""
    spec = ref.kinds()[kind]
    aliases = field_aliases(kind)
    header = {ref.compact(c) for c in sheet.preview[find_header(sheet, kind)] if c}
    out = []
    for column, target in mapping.items():
        if ref.compact(column) not in header:
            continue
        own = aliases.get(ref.compact(column), (None, 0))[0]
        if target not in spec.fields:
            out.append((column, target, f"a {spec.label} file has no {target.replace('_', ' ')}"))
        elif own is not None and own != target:
            out.append(
                (column, target, f"it takes the column the {own.replace('_', ' ')} is read from")
            )
    return out
