"""The dashboard's database: workspaces, remembered mappings, snapshots, themes and actions.

A SQLite file by default, any SQLAlchemy URL (PostgreSQL) for shared deployments. Snapshots
hold the canonical counts and indicator results only: row-level records never reach the disk.
Themes and actions carry a `version` so two browser tabs cannot silently overwrite each other.
Deleting a workspace, snapshot, theme or action marks it deleted (`deleted_at`) rather than
removing it: it disappears from every listing and export but is never silently lost. The data a
workspace last loaded is kept as counts too, so a reload or a restart can restore the figures.
SQLite runs in write-ahead-log mode with a busy timeout and IMMEDIATE transactions, so several
server processes can share the file. A workspace export carries published (disclosure-controlled)
counts unless the internal export is asked for, and then says so in its name and contents.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from metrics.counts.table import COLUMNS, collapse, normalise
from metrics.counts.units import UnitChoice
from metrics.disclosure.control import DISTRIBUTION_ROWS, publish_with_splits
from metrics.standards.evaluation import PAY_TARGETS, row_kind, target_indicators, target_rows

EXPORT_FORMAT = 2
EXPORT_COUNTS = {  # the export's "counts" field: what its snapshots hold, in words
    False: "published: whole-organisation counts, counts of 1 to 7 hidden (blank) with any count "
    "that would reveal them, the rest rounded to the nearest 5; results left out",
    True: "INTERNAL, NOT FOR PUBLICATION: exact counts, small numbers included",
}
_PUBLISHED_RESULTS = ("organisation", "unit", "year")  # a snapshot's results kept when published
IMPORT_FORMATS = (1, 2)  # format 1 files (before units, bands and baselines) still import
STATUSES = ("not started", "in progress", "done", "dropped")
# Extra column names that smell of row-level personal data get a specific refusal.
_PERSONAL = re.compile(
    r"employee|person|assignment|payroll|national_insurance|birth|(^|_)(id|no|num|number|nhs|ni|"
    r"name|surname|forename|dob|email|phone|postcode|address|salary)($|_)"
)
R = TypeVar("R")


class StoreError(Exception):
    """A problem a person can act on; pages show the message as it is."""


class StaleEditError(StoreError):
    """Someone else saved a newer version of the row since it was read."""


class NameTakenError(StoreError):
    """A live workspace already has this name (perhaps created a moment ago by someone else)."""


@dataclass(frozen=True)
class Workspace:
    id: int
    name: str
    organisation: str | None
    unit: str | None
    created_at: datetime


@dataclass(frozen=True)
class Snapshot:
    id: int
    workspace_id: int
    label: str
    created_at: datetime
    rows: int  # rows in the counts table, so a list can say how big each snapshot is


@dataclass(frozen=True)
class Theme:
    id: int
    workspace_id: int
    text: str
    tags: tuple[str, ...]
    source: str
    on: date
    version: int


@dataclass(frozen=True)
class Action:
    id: int
    workspace_id: int
    title: str
    indicator: str | None
    theme_id: int | None
    owner: str
    due: date | None
    target_value: float | None
    target_year: int | None
    status: str
    version: int
    unit: str | None = None  # a metrics.counts.units.UnitChoice key; None is the whole organisation
    band: str | None = None  # a band ("Band 8a") for WRES1, a cluster ("Cluster 3") for WDES1
    baseline_value: float | None = None  # the figure when the target was set


@dataclass(frozen=True)
class RememberedMatch:
    """One remembered column match, with when it was saved and by whom (None: not recorded,
    as for matches saved before the store kept this, or without sign-in)."""

    column: str
    target: str  # the field ("ethnicity"), or for labels:... kinds the group
    saved_at: datetime | None
    saved_by: str | None


@dataclass(frozen=True, eq=False)
class LoadedData:
    """The counts a workspace last loaded, so the figures survive a reload or a restart."""

    counts: pd.DataFrame
    label: str
    notes: tuple[str, ...]
    saved_at: datetime


class Base(DeclarativeBase):
    pass


class _SchemaVersion(Base):
    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    description: Mapped[str]
    applied_at: Mapped[datetime]


def _parent(table: str) -> Mapped[int]:
    return mapped_column(sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


class _Workspace(Base):
    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    name_key: Mapped[str] = mapped_column(unique=True)  # casefolded: unique ignoring case
    organisation: Mapped[str | None]
    unit: Mapped[str | None]
    created_at: Mapped[datetime]  # naive UTC throughout: SQLite keeps no time zone
    deleted_at: Mapped[datetime | None]
    # steps of the journey reached ("reviewed", "pack"), for the landing page
    progress: Mapped[list[str] | None] = mapped_column(sa.JSON)


class _Mapping(Base):
    __tablename__ = "mappings"
    __table_args__ = (sa.UniqueConstraint("workspace_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = _parent("workspaces")
    kind: Mapped[str]
    mapping: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    # column -> {"at": ISO time (UTC), "by": who or None}: when each match was remembered
    saved: Mapped[dict[str, dict[str, str | None]] | None] = mapped_column(sa.JSON)


class _Snapshot(Base):
    __tablename__ = "snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = _parent("workspaces")
    label: Mapped[str]
    created_at: Mapped[datetime]
    rows: Mapped[int]
    counts: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)  # canonical columns only
    results: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    deleted_at: Mapped[datetime | None]


class _Loaded(Base):
    """One row per workspace, replaced on each load: counts only, like a snapshot."""

    __tablename__ = "loaded_data"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True
    )
    label: Mapped[str]
    notes: Mapped[list[str]] = mapped_column(sa.JSON)
    counts: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    saved_at: Mapped[datetime]


class _Theme(Base):
    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = _parent("workspaces")
    text: Mapped[str] = mapped_column(sa.Text)
    tags: Mapped[list[str]] = mapped_column(sa.JSON)
    source: Mapped[str]
    on: Mapped[date] = mapped_column("on_date")
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None]


class _Action(Base):
    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = _parent("workspaces")
    title: Mapped[str]
    indicator: Mapped[str | None]
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id"), index=True)
    owner: Mapped[str]
    due: Mapped[date | None]
    target_value: Mapped[float | None]
    target_year: Mapped[int | None]
    status: Mapped[str]
    version: Mapped[int] = mapped_column(default=1)
    unit: Mapped[str | None]
    band: Mapped[str | None]
    baseline_value: Mapped[float | None]
    deleted_at: Mapped[datetime | None]


# ---- who may use a workspace, and who changed what (migration 4) ----------------------------

ROLES = ("owner", "editor", "viewer")  # what each may do is decided in dashboard/access.py


@dataclass(frozen=True)
class Member:
    workspace_id: int
    email: str  # casefolded: an identity provider may vary the case
    role: str
    granted_at: datetime
    granted_by: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    workspace_id: int | None
    at: datetime
    who: str  # the signed-in e-mail address, or "anyone (sign-in off)"
    what: str  # "action added", "role granted", ...
    detail: str


class _Member(Base):
    __tablename__ = "members"
    __table_args__ = (sa.UniqueConstraint("workspace_id", "email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = _parent("workspaces")
    email: Mapped[str] = mapped_column(index=True)
    role: Mapped[str]
    granted_at: Mapped[datetime]
    granted_by: Mapped[str]


class _Audit(Base):
    """Appended to, never changed: the trail outlives what it describes (no cascade)."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int | None] = mapped_column(index=True)
    at: Mapped[datetime]
    who: Mapped[str]
    what: Mapped[str]
    detail: Mapped[str] = mapped_column(sa.Text)


def _members_and_audit(conn: sa.Connection) -> None:
    for model in (_Member, _Audit):
        model.__table__.create(conn, checkfirst=True)


def _email(value: object) -> str:
    email = _text(value, "e-mail address").casefold()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise StoreError(f"'{value}' is not an e-mail address: use one such as name@nhs.net.")
    return email


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sa.Connection], None]  # idempotent: it may meet a schema that has it already


def add_column(conn: sa.Connection, table: str, column: str, sql_type: str) -> None:
    """For later migrations: a fresh database already has the column from version 1's tables."""
    if column not in {c["name"] for c in sa.inspect(conn).get_columns(table)}:
        quote = conn.dialect.identifier_preparer.quote
        conn.execute(sa.text(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column)} {sql_type}"))


def _type(conn: sa.Connection, sql_type: sa.types.TypeEngine) -> str:
    """The column type as this database spells it (DATETIME in SQLite, TIMESTAMP in PostgreSQL)."""
    return sql_type.compile(dialect=conn.dialect)


def _deletions_units_and_loaded_data(conn: sa.Connection) -> None:
    for table in ("workspaces", "snapshots", "themes", "actions"):
        add_column(conn, table, "deleted_at", _type(conn, sa.DateTime()))
    for column in ("unit", "band"):
        add_column(conn, "actions", column, _type(conn, sa.String()))
    add_column(conn, "actions", "baseline_value", _type(conn, sa.Float()))
    _Loaded.__table__.create(conn, checkfirst=True)


# Applied in version order, each once, recorded in schema_version. Version 1 creates the tables
# as the models above define them; a later step that adds a column uses add_column.
MIGRATIONS: list[Migration] = [
    Migration(1, "initial tables", lambda conn: Base.metadata.create_all(conn)),
    Migration(
        2,
        "deleted rows kept and marked; action units, bands and baselines; the data last loaded",
        _deletions_units_and_loaded_data,
    ),
    Migration(
        3,
        "the steps of the journey a workspace has reached",
        lambda conn: add_column(conn, "workspaces", "progress", _type(conn, sa.JSON())),
    ),
    Migration(4, "who may use each workspace, and the audit trail of changes", _members_and_audit),
]
# Version 5 stands on its own (it needs no other step before it), so it applies in order after
# whichever steps a database has, and a database that had 5 before a lower step still upgrades.
MIGRATIONS.append(
    Migration(
        5,
        "when each remembered column match was saved, and by whom",
        lambda conn: add_column(conn, "mappings", "saved", _type(conn, sa.JSON())),
    )
)


BUSY_TIMEOUT_SECONDS = 30.0
_RETRIES = 5  # attempts for a write that can lose a unique-row race to another process


def busy_timeout() -> float:
    """INCLUSIVEHR_DB_BUSY_TIMEOUT: how many seconds a SQLite write waits for another process's
    write to finish before giving up (SQLite lets one process write at a time)."""
    text = os.environ.get("INCLUSIVEHR_DB_BUSY_TIMEOUT", "").strip()
    if not text:
        return BUSY_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise StoreError(
            f"The INCLUSIVEHR_DB_BUSY_TIMEOUT setting is '{text}': it must be a number of seconds "
            f"above 0 (the default is {BUSY_TIMEOUT_SECONDS:g})."
        )
    return seconds


def _sqlite_setup(engine: sa.Engine, timeout: float) -> None:
    """Write-ahead logging, so readers never wait for a writer and a writer killed mid-write
    leaves the last committed state; a busy timeout, so a writer waits its turn instead of
    failing; foreign keys enforced. Every transaction begins IMMEDIATE (takes the write lock at
    once): a transaction that reads and then writes cannot then be refused half-way because
    another process wrote in between, which SQLite's busy timeout does not cover."""

    def on_connect(dbapi: Any, _: Any) -> None:
        dbapi.isolation_level = None  # the driver must not begin transactions itself: we do
        for pragma in (
            "PRAGMA foreign_keys=ON",
            f"PRAGMA busy_timeout={int(timeout * 1000)}",
            "PRAGMA journal_mode=WAL",
        ):
            dbapi.execute(pragma)

    sa.event.listen(engine, "connect", on_connect)
    sa.event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))


def default_url() -> str:
    """INCLUSIVEHR_DB_URL, else a SQLite file in INCLUSIVEHR_DATA_DIR or ~/.inclusivehr."""
    if url := os.environ.get("INCLUSIVEHR_DB_URL"):
        return url
    folder = Path(os.environ.get("INCLUSIVEHR_DATA_DIR") or Path.home() / ".inclusivehr")
    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'inclusivehr.db'}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _record(cls: type[R], row: Base) -> R:
    """Frozen plain copies leave the module, never live ORM objects."""
    values = {}
    for f in fields(cls):
        value = getattr(row, f.name)
        if isinstance(value, datetime):
            value = value.replace(tzinfo=UTC)
        values[f.name] = tuple(value) if isinstance(value, list) else value
    return cls(**values)


def _insert(s: Session, row: R) -> R:
    """Add and flush, so the new row has its id (and defaults) at once."""
    s.add(row)
    s.flush()
    return row


def _plain(record: Any, *drop: str) -> dict[str, Any]:
    return {k: v for k, v in asdict(record).items() if k not in drop}


def _get(s: Session, model: type[R], row_id: int, what: str) -> R:
    """A row that exists and is not marked deleted."""
    row = s.get(model, row_id) if isinstance(row_id, int) else None
    if row is None or getattr(row, "deleted_at", None) is not None:
        raise StoreError(f"There is no {what} with id {row_id!r}; it may have been deleted.")
    return row


def _text(value: object, what: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise StoreError(f"The {what} must be text.")
    if required and not value.strip():
        raise StoreError(f"The {what} is empty: please fill it in.")
    return value.strip()


def _whole(value: object) -> int | None:
    """An int from ints, numpy ints or whole floats (a data editor turns 2027 into 2027.0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return int(value) if float(value).is_integer() else None


def _live(model: Any) -> Any:
    """The condition for rows not marked deleted."""
    return model.deleted_at.is_(None)


def _checked_counts(counts: object) -> pd.DataFrame:
    """The privacy guard: only the canonical counts table goes in, with whole-number counts."""
    if not isinstance(counts, pd.DataFrame):
        raise StoreError("A snapshot takes the counts table (a DataFrame), nothing else.")
    names = [str(c) for c in counts.columns]
    extra = [c for c in names if c not in COLUMNS]
    if personal := [c for c in extra if _PERSONAL.search(re.sub(r"\W+", "_", c.lower()))]:
        raise StoreError(
            f"Not saved: {', '.join(personal)} looks like personal data about individual staff. "
            "A snapshot keeps counts only: save the counts table, not staff records."
        )
    missing = [c for c in COLUMNS if c not in names]
    if extra or missing or len(set(names)) != len(names):
        raise StoreError(
            "Not saved: a snapshot keeps exactly the canonical counts columns "
            f"(unexpected: {', '.join(extra) or 'none'}; missing: {', '.join(missing) or 'none'})."
        )
    try:
        clean = normalise(counts)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            "Not saved: year, numerator and denominator must be whole numbers."
        ) from exc
    for col in ("year", "numerator", "denominator"):
        if (clean[col].isna().to_numpy() & counts[col].notna().to_numpy()).any():
            raise StoreError(f"Not saved: some {col} values are not numbers.")
    return clean


def _when(text: object) -> datetime | None:
    """A stored ISO time (naive UTC) as an aware datetime; None when missing or unreadable."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC) if isinstance(text, str) else None
    except ValueError:
        return None


def published_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts as they may leave the organisation: whole-organisation tables (directorate and
    staff group summed away, since linked fine tables can be differenced against each other),
    through the disclosure control every published output uses. Hidden counts are blank."""
    whole = collapse(normalise(counts))
    # A count the data does not have (a gap) stays blank, and so does its row's other count.
    gap = whole["numerator"].isna() | (
        whole["denominator"].isna() & ~whole["indicator"].isin(DISTRIBUTION_ROWS)
    )
    try:
        out = publish_with_splits(whole[~gap.to_numpy()]).counts  # split rows hidden together
    except ValueError as exc:
        raise StoreError(
            f"These counts cannot be put through disclosure control ({exc}), so they cannot be "
            "exported for publication."
        ) from exc
    blank = whole[gap.to_numpy()].assign(numerator=pd.NA, denominator=pd.NA)
    return normalise(pd.concat([normalise(out), normalise(blank)], ignore_index=True))


def internal_export(data: object) -> bool:
    """Whether a workspace export holds exact counts: one marked internal, or one made before
    exports were disclosure-controlled (it carries no marking)."""
    return not isinstance(data, dict) or data.get("internal") is not False


def download_name(name: str, *, internal: bool, extension: str) -> str:
    """A download's file name says what it holds, so a file passed on is not mistaken:
    "Northtown-published.inclusivehr.json", "Northtown-INTERNAL-not-for-publication.csv"."""
    stem = re.sub(r"[^\w&() .-]+", "_", name).strip(" ._") or "workspace"
    return f"{stem}-{'INTERNAL-not-for-publication' if internal else 'published'}.{extension}"


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    return normalise(pd.DataFrame.from_records(records, columns=list(COLUMNS)))


def _theme_values(t: Theme) -> dict[str, Any]:
    tags = [] if t.tags is None else t.tags
    if not isinstance(tags, list | tuple) or not all(isinstance(x, str) for x in tags):
        raise StoreError("Tags must be a list of words or short phrases.")
    if not isinstance(t.on, date):
        raise StoreError("The theme needs the date it was heard.")
    return {
        "text": _text(t.text, "theme text"),
        "tags": list(dict.fromkeys(x.strip() for x in tags if x.strip())),
        "source": _text(t.source, "source", required=False),
        "on": t.on.date() if isinstance(t.on, datetime) else t.on,
    }


def _action_values(s: Session, a: Action) -> dict[str, Any]:
    """Every action rule in one place, so adding, editing and importing agree."""
    indicator = a.indicator
    if indicator is not None:  # "" from an empty select box means no indicator
        indicator = _text(indicator, "indicator", required=False).upper() or None
    if indicator is not None and indicator not in target_indicators():
        raise StoreError(
            f"Unknown indicator '{indicator}': use one of WRES1 to WRES9, WDES1 to WDES10 or a "
            "pay gap (" + ", ".join(PAY_TARGETS) + ")."
        )
    theme_id = None if a.theme_id is None else _whole(a.theme_id)
    if a.theme_id is not None:
        theme = None if theme_id is None else s.get(_Theme, theme_id)
        if theme is None or theme.workspace_id != a.workspace_id or theme.deleted_at is not None:
            raise StoreError(f"There is no theme {a.theme_id!r} in this workspace to link to.")
    if indicator is None and theme_id is None:
        raise StoreError("Link the action to an indicator (WRES1 to WRES9), a theme, or both.")
    if a.due is not None and not isinstance(a.due, date):
        raise StoreError("The due date must be a date, or left empty.")
    value, year = a.target_value, a.target_year
    _number(value, "target value")
    _number(a.baseline_value, "baseline")
    if year is not None and not 2000 <= (_whole(year) or 0) <= 2100:
        raise StoreError(f"The target year {year!r} is not plausible: use a year such as 2027.")
    if (value is None) != (year is None):
        raise StoreError(
            "A SMART measure needs a target value and the year to reach it, or neither."
        )
    if value is not None and indicator is None:
        raise StoreError("A target value is a target for an indicator: choose the indicator too.")
    if a.baseline_value is not None and indicator is None:
        raise StoreError("A baseline is a figure of an indicator: choose the indicator too.")
    band = _band(a.band, indicator)
    if indicator in PAY_TARGETS and _unit(a.unit) is not None:
        raise StoreError(
            "A pay-gap target is about the whole organisation: its gap is worked out from every "
            "member of staff paid. Choose the whole organisation."
        )
    status = _text(a.status, "status").lower()
    if status not in STATUSES:
        raise StoreError(f"Unknown status '{status}': use one of {', '.join(STATUSES)}.")
    return {
        "title": _text(a.title, "action title"),
        "indicator": indicator,
        "theme_id": theme_id,
        "owner": _text(a.owner, "owner", required=False),
        "due": a.due.date() if isinstance(a.due, datetime) else a.due,
        "target_value": None if value is None else float(value),
        "target_year": None if year is None else _whole(year),
        "status": status,
        "unit": _unit(a.unit),
        "band": band,
        "baseline_value": None if a.baseline_value is None else float(a.baseline_value),
    }


def _number(value: object, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise StoreError(f"The {what} must be a number, such as 1.0 for a relative likelihood.")
    if not math.isfinite(value):
        raise StoreError(f"The {what} must be a finite number.")


def _unit(value: object) -> str | None:
    """A UnitChoice key, stored in its canonical spelling; the whole organisation is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        choice = UnitChoice.parse(value) if isinstance(value, str) else None
    except ValueError:
        choice = None
    if choice is None:
        raise StoreError(
            f"'{value}' is not a part of the organisation: use 'whole', or a kind and a name "
            "such as 'directorate:HR & OD'."
        )
    return None if choice.is_whole else choice.key


def _band(value: object, indicator: str | None) -> str | None:
    """A canonical row of the indicator's table, matched ignoring case and spaces: a band
    ("Band 8a") for WRES1, a cluster ("Cluster 3") for WDES1."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    rows = target_rows(indicator)
    if not rows:
        raise StoreError(
            "A band or cluster is for a target on indicator 1 (WRES1's bands, the BME share in "
            "that band; WDES1's clusters, the Disabled share in that cluster): choose WRES1 or "
            "WDES1, or no band."
        )
    known = {b.casefold(): b for b in rows}
    found = known.get(" ".join(value.split()).casefold()) if isinstance(value, str) else None
    if found is None:
        if row_kind(indicator) == "cluster":
            raise StoreError(f"'{value}' is not a WDES cluster: use one of {', '.join(rows)}.")
        raise StoreError(
            f"'{value}' is not a pay band: use a band such as 'Band 8a', 'VSM' or 'Consultant'."
        )
    return found


class _ExportSnapshot(BaseModel):
    label: str
    created_at: datetime | None = None
    counts: list[dict[str, Any]]
    results: dict[str, Any]


class _ExportTheme(BaseModel):
    id: int
    text: str
    tags: list[str]
    source: str
    on: date


class _ExportAction(BaseModel):
    title: str
    indicator: str | None = None
    theme_id: int | None = None
    owner: str
    due: date | None = None
    target_value: float | None = None
    target_year: int | None = None
    status: str
    unit: str | None = None
    band: str | None = None
    baseline_value: float | None = None


class _ExportWorkspace(BaseModel):
    name: str
    organisation: str | None = None
    unit: str | None = None


class _Export(BaseModel):
    format: int
    workspace: _ExportWorkspace
    mappings: dict[str, dict[str, str]] = {}
    snapshots: list[_ExportSnapshot] = []
    themes: list[_ExportTheme] = []
    actions: list[_ExportAction] = []


class Store:
    """One database, created or upgraded when opened."""

    def __init__(self, url: str | None = None) -> None:
        try:
            parsed = sa.make_url(url or default_url())
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(
                "The database setting (INCLUSIVEHR_DB_URL) is not a valid URL."
            ) from exc
        self.where = parsed.render_as_string(hide_password=True)  # safe to show in messages
        try:
            if parsed.get_backend_name() == "sqlite" and parsed.database not in (
                None,
                "",
                ":memory:",
            ):
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            if parsed.get_backend_name() == "sqlite":
                timeout = busy_timeout()
                self._engine = sa.create_engine(parsed, connect_args={"timeout": timeout})
                _sqlite_setup(self._engine, timeout)
            else:
                self._engine = sa.create_engine(parsed)
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)
            self._upgrade()
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(
                f"Cannot open the dashboard database at {self.where} ({exc}). "
                "Check the INCLUSIVEHR_DB_URL or INCLUSIVEHR_DATA_DIR setting."
            ) from exc

    def _upgrade(self) -> None:
        """Apply every migration not yet recorded, in version order, in one transaction."""
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # two servers starting at once upgrade in turn
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(4715)"))
            _SchemaVersion.__table__.create(conn, checkfirst=True)
            done = set(conn.scalars(sa.select(_SchemaVersion.version)))
            if newer := done - {m.version for m in MIGRATIONS}:
                raise StoreError(
                    f"The database at {self.where} was written by a newer dashboard (schema "
                    f"{max(newer)}). Upgrade the dashboard to open it."
                )
            for step in sorted(MIGRATIONS, key=lambda m: m.version):
                if step.version not in done:
                    step.apply(conn)
                    row = {"version": step.version, "description": step.description}
                    conn.execute(sa.insert(_SchemaVersion).values(**row, applied_at=_now()))

    def schema_version(self) -> int:
        with self._tx() as s:
            return s.scalar(sa.select(sa.func.max(_SchemaVersion.version))) or 0

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One transaction; a database failure becomes a StoreError saying nothing was saved."""
        try:
            with self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(
                f"The database at {self.where} did not accept the change "
                f"({getattr(exc, 'orig', None) or exc}). Nothing was saved; please try again."
            ) from exc

    def _retrying(self, body: Callable[[Session], R]) -> R:
        """Run body in a transaction, again when it lost a race to insert a unique row (a
        workspace name, a workspace's mapping of a kind, its loaded data) to another process:
        the next attempt reads the row the other process made. SQLite's IMMEDIATE transactions
        take turns, so this is for PostgreSQL, where two transactions can run side by side."""
        for attempt in range(_RETRIES):
            try:
                with self._tx() as s:
                    return body(s)
            except StoreError as exc:
                lost = isinstance(exc, NameTakenError) or isinstance(
                    exc.__cause__, sa.exc.IntegrityError
                )
                if not lost or attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    # ---- workspaces ------------------------------------------------------------------------

    def _new_workspace(
        self, s: Session, name: str, org: str | None, unit: str | None, hint: str
    ) -> _Workspace:
        name = _text(name, "workspace name")
        if not all(v is None or isinstance(v, str) for v in (org, unit)):
            raise StoreError("The workspace organisation and unit must be text.")
        taken = NameTakenError(f"A workspace called '{name}' already exists. {hint}")
        if s.scalar(sa.select(_Workspace.id).where(_Workspace.name_key == name.casefold())):
            raise taken
        row = _Workspace(
            name=name, name_key=name.casefold(), organisation=org, unit=unit, created_at=_now()
        )
        try:
            with s.begin_nested():  # another process may have taken the name since the check
                return _insert(s, row)
        except sa.exc.IntegrityError:
            raise taken from None

    def _find(self, s: Session, name_or_id: str | int) -> _Workspace:
        if not isinstance(name_or_id, str):
            return _get(s, _Workspace, name_or_id, "workspace")
        key = name_or_id.strip().casefold()
        query = sa.select(_Workspace).where(_Workspace.name_key == key, _live(_Workspace))
        if (row := s.scalar(query)) is None:
            raise StoreError(f"There is no workspace called '{name_or_id}'.")
        return row

    def create_workspace(
        self, name: str, organisation: str | None = None, unit: str | None = None
    ) -> Workspace:
        with self._tx() as s:
            row = self._new_workspace(s, name, organisation, unit, "Choose another name.")
            return _record(Workspace, row)

    def open_workspace(self, name: str, organisation: str | None = None) -> Workspace:
        """The live workspace called name, created (for organisation) when there is none. Two
        people opening the same new workspace at once both get the one workspace, no error."""

        def body(s: Session) -> Workspace:
            key = _text(name, "workspace name").casefold()
            query = sa.select(_Workspace).where(_Workspace.name_key == key, _live(_Workspace))
            row = s.scalar(query) or self._new_workspace(s, name, organisation, None, "")
            return _record(Workspace, row)

        return self._retrying(body)

    def workspaces(self) -> list[Workspace]:
        with self._tx() as s:
            query = sa.select(_Workspace).where(_live(_Workspace))
            rows = s.scalars(query.order_by(_Workspace.name_key))
            return [_record(Workspace, r) for r in rows]

    def workspace(self, name_or_id: str | int) -> Workspace:
        with self._tx() as s:
            return _record(Workspace, self._find(s, name_or_id))

    def rename_workspace(self, name_or_id: str | int, new_name: str) -> Workspace:
        with self._tx() as s:
            row, new_name = self._find(s, name_or_id), _text(new_name, "workspace name")
            other = s.scalar(
                sa.select(_Workspace).where(_Workspace.name_key == new_name.casefold())
            )
            if other is not None and other.id != row.id:
                raise StoreError(
                    f"A workspace called '{other.name}' already exists. Choose another name."
                )
            row.name, row.name_key = new_name, new_name.casefold()
            return _record(Workspace, row)

    def mark_progress(self, workspace_id: int, milestone: str) -> None:
        """Record that the workspace reached a step of the journey (kept across sessions)."""
        with self._tx() as s:
            row = _get(s, _Workspace, workspace_id, "workspace")
            reached = set(row.progress or ())
            if milestone not in reached:
                row.progress = sorted(reached | {_text(milestone, "step")})

    def progress(self, workspace_id: int) -> frozenset[str]:
        with self._tx() as s:
            return frozenset(_get(s, _Workspace, workspace_id, "workspace").progress or ())

    def delete_workspace(self, name_or_id: str | int) -> None:
        """Marked deleted with everything in it; its name is free for a new workspace."""
        with self._tx() as s:
            row, now = self._find(s, name_or_id), _now()
            for model in (_Action, _Theme, _Snapshot):
                s.execute(
                    sa.update(model)
                    .where(model.workspace_id == row.id, _live(model))
                    .values(deleted_at=now)
                    .execution_options(synchronize_session=False)
                )
            # name_key is unique: the deleted row's key moves aside so the name can be reused
            row.deleted_at, row.name_key = now, f"deleted {row.id}: {row.name_key}"

    # ---- members, roles and the audit trail -------------------------------------------------

    def grant(self, workspace_id: int, email: str, role: str, by: str) -> Member:
        """Give (or change) a person's role on a workspace."""
        email, role = _email(email), _text(role, "role").lower()
        if role not in ROLES:
            raise StoreError(f"Unknown role '{role}': use one of {', '.join(ROLES)}.")
        with self._tx() as s:
            ws_id = _get(s, _Workspace, workspace_id, "workspace").id
            where = (_Member.workspace_id == ws_id, _Member.email == email)
            if (row := s.scalar(sa.select(_Member).where(*where))) is None:
                row = _insert(s, _Member(workspace_id=ws_id, email=email, role=role,
                                         granted_at=_now(), granted_by=by))  # fmt: skip
            row.role, row.granted_at, row.granted_by = role, _now(), by
            return _record(Member, row)

    def revoke(self, workspace_id: int, email: str) -> None:
        with self._tx() as s:
            where = (_Member.workspace_id == workspace_id, _Member.email == _email(email))
            s.execute(sa.delete(_Member).where(*where))

    def members(self, workspace_id: int) -> list[Member]:
        with self._tx() as s:
            query = sa.select(_Member).where(_Member.workspace_id == workspace_id)
            return [_record(Member, r) for r in s.scalars(query.order_by(_Member.email))]

    def roles_of(self, email: str) -> dict[int, str]:
        """Every live workspace a person holds a role on: workspace id -> role."""
        with self._tx() as s:
            query = (
                sa.select(_Member.workspace_id, _Member.role)
                .join(_Workspace, _Workspace.id == _Member.workspace_id)
                .where(_Member.email == email.strip().casefold(), _live(_Workspace))
            )
            return {ws_id: role for ws_id, role in s.execute(query)}

    def record(self, workspace_id: int | None, who: str, what: str, detail: str = "") -> None:
        """One line of the audit trail: who changed what, and when (UTC)."""
        with self._tx() as s:
            s.add(_Audit(workspace_id=workspace_id, at=_now(), who=_text(who, "who"),
                         what=_text(what, "change"), detail=str(detail)))  # fmt: skip

    def audit_trail(self, workspace_id: int) -> list[AuditEntry]:
        """Newest first."""
        with self._tx() as s:
            query = sa.select(_Audit).where(_Audit.workspace_id == workspace_id)
            rows = s.scalars(query.order_by(_Audit.at.desc(), _Audit.id.desc()))
            return [_record(AuditEntry, r) for r in rows]

    # ---- column mappings, per workspace and kind of input ----------------------------------

    def _put_mapping(
        self, s: Session, workspace_id: int, kind: str, mapping: dict, by: str | None
    ) -> None:
        """Matches new or changed are stamped now (and with by); unchanged ones keep theirs."""
        kind = _text(kind, "kind of input").lower()
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise StoreError("A column mapping pairs column names (text) with column names (text).")
        if by is not None:
            by = _text(by, "name of who saved the match", required=False) or None
        where = (_Mapping.workspace_id == workspace_id, _Mapping.kind == kind)
        if (row := s.scalar(sa.select(_Mapping).where(*where))) is None:
            row = _Mapping(workspace_id=workspace_id, kind=kind, mapping={}, saved={})
            s.add(row)
        before, stamps = row.mapping or {}, row.saved or {}
        stamp = {"at": _now().isoformat(), "by": by}
        row.saved = {
            column: stamps.get(column, {}) if before.get(column) == target else stamp
            for column, target in mapping.items()
        }
        row.mapping = dict(mapping)

    def save_mapping(
        self, workspace_id: int, kind: str, mapping: dict[str, str], by: str | None = None
    ) -> None:
        """Remember the matches for a kind of input (replacing what was kept); by names who
        saved them, when known."""

        def body(s: Session) -> None:
            ws_id = _get(s, _Workspace, workspace_id, "workspace").id
            self._put_mapping(s, ws_id, kind, mapping, by)

        self._retrying(body)

    def mapping(self, workspace_id: int, kind: str) -> dict[str, str]:
        """The remembered mapping; empty when this kind of input was never mapped."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            where = (_Mapping.workspace_id == workspace_id, _Mapping.kind == kind.strip().lower())
            return dict(s.scalar(sa.select(_Mapping.mapping).where(*where)) or {})

    def remembered_matches(self, workspace_id: int, kind: str) -> dict[str, RememberedMatch]:
        """The remembered mapping with when and by whom each match was saved, by column."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            where = (_Mapping.workspace_id == workspace_id, _Mapping.kind == kind.strip().lower())
            row = s.scalar(sa.select(_Mapping).where(*where))
            if row is None:
                return {}
            out = {}
            for column, target in row.mapping.items():
                stamp = (row.saved or {}).get(column) or {}
                at = _when(stamp.get("at"))
                out[column] = RememberedMatch(column, target, at, stamp.get("by"))
            return out

    def mappings(self, workspace_id: int) -> dict[str, dict[str, str]]:
        """Every remembered match, by kind of input ("staff", "labels:ethnicity", ...)."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            query = sa.select(_Mapping).where(_Mapping.workspace_id == workspace_id)
            rows = s.scalars(query.order_by(_Mapping.kind))
            return {r.kind: dict(r.mapping) for r in rows if r.mapping}

    def clear_mapping(self, workspace_id: int, kind: str, column: str | None = None) -> None:
        """Forget one remembered match, or (without a column) every match of that kind."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            kind = _text(kind, "kind of input").lower()
            where = (_Mapping.workspace_id == workspace_id, _Mapping.kind == kind)
            if (row := s.scalar(sa.select(_Mapping).where(*where))) is None:
                return
            kept = {} if column is None else {k: v for k, v in row.mapping.items() if k != column}
            if kept:
                row.mapping = kept
                row.saved = {c: v for c, v in (row.saved or {}).items() if c in kept}
            else:
                s.delete(row)

    # ---- snapshots: counts and results only -------------------------------------------------

    def _put_snapshot(
        self,
        s: Session,
        workspace_id: int,
        label: str,
        counts: object,
        results: object,
        created_at: datetime | None = None,
    ) -> _Snapshot:
        label, clean = _text(label, "snapshot label"), _checked_counts(counts)
        try:
            results = json.loads(json.dumps(results, allow_nan=False))  # strict JSON, a copy
        except (TypeError, ValueError) as exc:
            raise StoreError(
                f"The results cannot be saved as JSON ({exc}); use None for gaps."
            ) from exc
        if not isinstance(results, dict):
            raise StoreError(
                "The results must be a dictionary (for a model: model_dump(mode='json'))."
            )
        records = json.loads(clean.to_json(orient="records"))
        row = _Snapshot(workspace_id=workspace_id, label=label, rows=len(clean), counts=records)
        row.results, row.created_at = results, created_at or _now()
        return _insert(s, row)

    def save_snapshot(
        self, workspace_id: int, label: str, counts: pd.DataFrame, results: dict
    ) -> Snapshot:
        with self._tx() as s:
            ws_id = _get(s, _Workspace, workspace_id, "workspace").id
            return _record(Snapshot, self._put_snapshot(s, ws_id, label, counts, results))

    def snapshots(self, workspace_id: int) -> list[Snapshot]:
        """Newest first; the data itself stays in the database until a snapshot is loaded."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            cols = [getattr(_Snapshot, f.name) for f in fields(Snapshot)]
            query = sa.select(*cols).where(_Snapshot.workspace_id == workspace_id, _live(_Snapshot))
            order = (_Snapshot.created_at.desc(), _Snapshot.id.desc())
            return [_record(Snapshot, r) for r in s.execute(query.order_by(*order))]

    def load_snapshot(self, snapshot_id: int) -> tuple[pd.DataFrame, dict]:
        with self._tx() as s:
            row = _get(s, _Snapshot, snapshot_id, "snapshot")
            return _frame(row.counts), row.results

    def export_snapshot(self, snapshot_id: int, *, internal: bool = False) -> pd.DataFrame:
        """A snapshot's counts for download: published (see published_counts) unless the
        internal, exact counts are asked for."""
        counts, _ = self.load_snapshot(snapshot_id)
        return counts if internal else published_counts(counts)

    def delete_snapshot(self, snapshot_id: int) -> None:
        with self._tx() as s:
            _get(s, _Snapshot, snapshot_id, "snapshot").deleted_at = _now()

    # ---- the data the workspace last loaded, as counts ----------------------------------------

    def save_loaded(
        self, workspace_id: int, counts: pd.DataFrame, label: str, notes: Sequence[str]
    ) -> None:
        """Replaces what was kept before; the privacy guard refuses anything but counts."""
        label, clean = _text(label, "label of the data"), _checked_counts(counts)
        if isinstance(notes, str) or not all(isinstance(n, str) for n in notes):
            raise StoreError("The notes on the data must be a list of sentences.")
        records = json.loads(clean.to_json(orient="records"))

        def body(s: Session) -> None:
            ws_id = _get(s, _Workspace, workspace_id, "workspace").id
            row = s.scalar(sa.select(_Loaded).where(_Loaded.workspace_id == ws_id))
            if row is None:
                row = _insert(s, _Loaded(workspace_id=ws_id, label=label, notes=[], counts=[],
                                         saved_at=_now()))  # fmt: skip
            row.label, row.notes, row.counts, row.saved_at = label, list(notes), records, _now()

        self._retrying(body)

    def loaded(self, workspace_id: int) -> LoadedData | None:
        """What the workspace last loaded; None when nothing was loaded yet."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            row = s.scalar(sa.select(_Loaded).where(_Loaded.workspace_id == workspace_id))
            if row is None:
                return None
            saved = row.saved_at.replace(tzinfo=UTC)
            return LoadedData(_frame(row.counts), row.label, tuple(row.notes), saved)

    # ---- lived-experience themes ------------------------------------------------------------

    def add_theme(
        self, workspace_id: int, text: str, tags: list[str], source: str, on: date
    ) -> Theme:
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            values = _theme_values(Theme(0, workspace_id, text, tags, source, on, 1))
            return _record(Theme, _insert(s, _Theme(workspace_id=workspace_id, **values)))

    def themes(self, workspace_id: int) -> list[Theme]:
        """Most recently heard first."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            query = sa.select(_Theme).where(_Theme.workspace_id == workspace_id, _live(_Theme))
            rows = s.scalars(query.order_by(_Theme.on.desc(), _Theme.id.desc()))
            return [_record(Theme, r) for r in rows]

    def update_theme(self, theme_id: int, expected_version: int, **changes: Any) -> Theme:
        check = lambda s, t: _theme_values(t)  # noqa: E731
        return self._update(_Theme, Theme, check, theme_id, expected_version, changes)

    def delete_theme(self, theme_id: int) -> None:
        """Refused while actions link to the theme, so no action silently loses its link."""
        with self._tx() as s:
            row = _get(s, _Theme, theme_id, "theme")
            linked = sa.select(sa.func.count(_Action.id)).where(
                _Action.theme_id == row.id, _live(_Action)
            )
            if n := s.scalar(linked):
                raise StoreError(
                    f"{n} action(s) in the plan link to this theme: link them elsewhere or "
                    "delete them first."
                )
            row.deleted_at = _now()

    # ---- the action plan --------------------------------------------------------------------

    def add_action(
        self,
        workspace_id: int,
        title: str,
        *,
        indicator: str | None,
        theme_id: int | None,
        owner: str,
        due: date | None,
        target_value: float | None,
        target_year: int | None,
        status: str = "not started",
        unit: str | None = None,
        band: str | None = None,
        baseline_value: float | None = None,
    ) -> Action:
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            given = (title, indicator, theme_id, owner, due, target_value, target_year, status)
            values = _action_values(
                s, Action(0, workspace_id, *given, 1, unit, band, baseline_value)
            )
            return _record(Action, _insert(s, _Action(workspace_id=workspace_id, **values)))

    def actions(self, workspace_id: int) -> list[Action]:
        """In the order they were added."""
        with self._tx() as s:
            _get(s, _Workspace, workspace_id, "workspace")
            query = sa.select(_Action).where(_Action.workspace_id == workspace_id, _live(_Action))
            return [_record(Action, r) for r in s.scalars(query.order_by(_Action.id))]

    def update_action(self, action_id: int, expected_version: int, **changes: Any) -> Action:
        return self._update(_Action, Action, _action_values, action_id, expected_version, changes)

    def delete_action(self, action_id: int) -> None:
        with self._tx() as s:
            _get(s, _Action, action_id, "action").deleted_at = _now()

    def _update(
        self,
        model: Any,
        cls: type[R],
        check: Callable[[Session, Any], dict[str, Any]],
        row_id: int,
        expected_version: int,
        changes: dict[str, Any],
    ) -> R:
        """Validate the edited record, then UPDATE ... WHERE version = expected: 0 rows = stale."""
        what = model.__tablename__[:-1]
        stale = StaleEditError(
            f"Someone else changed this {what} (perhaps in another tab) after you opened it. "
            "Reload to see their version, then make your change again."
        )
        with self._tx() as s:
            row = s.get(model, row_id) if isinstance(row_id, int) else None
            if row is None or row.deleted_at is not None:
                raise StaleEditError(
                    f"This {what} no longer exists: someone may have deleted it. Reload."
                )
            current = _record(cls, row)
            editable = {f.name for f in fields(cls)} - {"id", "workspace_id", "version"}
            if unknown := set(changes) - editable:
                raise StoreError(
                    f"Cannot change {', '.join(sorted(unknown))}; "
                    f"only {', '.join(sorted(editable))} can be edited."
                )
            if current.version != expected_version:
                raise stale
            values = check(s, replace(current, **changes))
            result = s.execute(
                sa.update(model)
                .where(model.id == row_id, model.version == expected_version)
                .values(**values, version=model.version + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # another tab won the race between our read and write
                raise stale
            s.refresh(row)
            return _record(cls, row)

    # ---- export and import --------------------------------------------------------------------

    def export_workspace(self, workspace_id: int, *, internal: bool = False) -> dict:
        """The whole workspace as JSON-able data; theme ids serve only to link actions.

        By default the snapshots carry published counts (whole organisation, disclosure
        controlled) and none of their results, which rest on the exact counts: a file that is
        passed on cannot point at a few people. internal=True keeps the exact counts and
        results, and the file says at its top that it is internal."""
        with self._tx() as s:
            ws = _get(s, _Workspace, workspace_id, "workspace")

            def owned(model: Any) -> sa.Select:
                query = sa.select(model).where(model.workspace_id == ws.id)
                return query.where(_live(model)) if hasattr(model, "deleted_at") else query

            data = {
                "format": EXPORT_FORMAT,
                "internal": bool(internal),
                "counts": EXPORT_COUNTS[bool(internal)],
                "workspace": _plain(_record(Workspace, ws), "id", "created_at"),
                "mappings": {m.kind: m.mapping for m in s.scalars(owned(_Mapping))},
                "snapshots": [
                    {
                        **_plain(_record(Snapshot, r), "id", "workspace_id", "rows"),
                        "counts": r.counts,
                        "results": r.results,
                    }
                    for r in s.scalars(
                        owned(_Snapshot).order_by(_Snapshot.created_at, _Snapshot.id)
                    )
                ],
                "themes": [
                    _plain(_record(Theme, r), "workspace_id", "version")
                    for r in s.scalars(owned(_Theme).order_by(_Theme.id))
                ],
                "actions": [
                    _plain(_record(Action, r), "id", "workspace_id", "version")
                    for r in s.scalars(owned(_Action).order_by(_Action.id))
                ],
            }
        if not internal:
            for snap in data["snapshots"]:
                counts = published_counts(_frame(snap["counts"]))
                snap["counts"] = json.loads(counts.to_json(orient="records"))
                snap["results"] = {k: snap["results"].get(k) for k in _PUBLISHED_RESULTS}
        return json.loads(json.dumps(data, default=lambda v: v.isoformat()))

    def import_workspace(
        self, data: dict, name: str | None = None, *, by: str | None = None
    ) -> Workspace:
        """All or nothing: a bad part anywhere leaves the database untouched. New ids throughout.
        A published export imports too: its snapshots hold the rounded counts it carries (see
        internal_export). Its column matches count as remembered now, by by."""
        if not isinstance(data, dict):
            raise StoreError("This is not a workspace export: expected a JSON object.")
        try:
            parsed = _Export.model_validate(data)
        except ValidationError as exc:
            where = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3]
            )
            raise StoreError(f"This is not a valid workspace export ({where}).") from None
        if parsed.format not in IMPORT_FORMATS:
            raise StoreError(
                f"This export has format {parsed.format}; this dashboard reads formats "
                f"{' and '.join(map(str, IMPORT_FORMATS))}. Export it again from an up-to-date "
                "dashboard, or upgrade this one."
            )
        hint = "Give the imported workspace a new name." if name is None else "Choose another name."
        w = parsed.workspace
        with self._tx() as s:
            ws = self._new_workspace(
                s, w.name if name is None else name, w.organisation, w.unit, hint
            )
            part = "the mappings"
            try:
                for kind, mapping in parsed.mappings.items():
                    self._put_mapping(s, ws.id, kind, mapping, by)
                for i, snap in enumerate(parsed.snapshots, 1):
                    part, at = f"snapshot {i}", snap.created_at
                    if at is not None and at.tzinfo is not None:
                        at = at.astimezone(UTC).replace(tzinfo=None)
                    counts = (
                        pd.DataFrame(snap.counts) if snap.counts else pd.DataFrame(columns=COLUMNS)
                    )
                    self._put_snapshot(s, ws.id, snap.label, counts, snap.results, at)
                theme_ids: dict[int, int] = {}
                for i, t in enumerate(parsed.themes, 1):
                    part = f"theme {i}"
                    if t.id in theme_ids:
                        raise StoreError(f"the theme id {t.id} appears twice.")
                    values = _theme_values(
                        Theme(0, ws.id, t.text, tuple(t.tags), t.source, t.on, 1)
                    )
                    theme_ids[t.id] = _insert(s, _Theme(workspace_id=ws.id, **values)).id
                for i, a in enumerate(parsed.actions, 1):
                    part = f"action {i}"
                    if a.theme_id is not None and a.theme_id not in theme_ids:
                        raise StoreError(
                            f"it links to theme {a.theme_id}, which is not in the file."
                        )
                    theme_id = None if a.theme_id is None else theme_ids[a.theme_id]
                    fields_ = a.model_dump() | {"theme_id": theme_id}
                    values = _action_values(
                        s, Action(id=0, workspace_id=ws.id, version=1, **fields_)
                    )
                    _insert(s, _Action(workspace_id=ws.id, **values))
            except StoreError as exc:
                raise StoreError(f"Not imported: in {part} of the file, {exc}") from exc
            s.flush()
            return _record(Workspace, ws)
