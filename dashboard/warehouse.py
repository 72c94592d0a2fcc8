"""The organisation's data warehouse, as an administrator sets it for the app.

The connection is set outside the app, never typed into it: the environment variable
INCLUSIVEHR_WAREHOUSE_URL, else `url` under `[warehouse]` in `.streamlit/secrets.toml` (the
environment wins). The URL may hold a password, so it is never shown, logged, stored or put in a
message: pages name the engine and the database only (`Warehouse.shown`), and every message from
the engine is cleaned of the URL and its password before it reaches a page.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

import streamlit as st

from metrics.problems import InputError, Problem

if TYPE_CHECKING:  # the query layer (and Ibis) loads only when a warehouse is used
    from metrics.query.counts import QueryCounts
    from metrics.query.sources import Engine

ENV = "INCLUSIVEHR_WAREHOUSE_URL"
SECRETS_SECTION = "warehouse"
HIDDEN = "set for the app"  # what a message says where the URL was ("the source set for ...")
_ENGINES = {"duckdb": "DuckDB", "postgresql": "PostgreSQL", "postgres": "PostgreSQL",
            "spark": "Spark"}  # fmt: skip
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Warehouse:
    """The connection an administrator set; `shown` is all a page may say about it."""

    url: str = field(repr=False)  # may hold a password: never shown, logged or stored

    @property
    def engine(self) -> str:
        scheme = self.url.partition("://")[0].split("+")[0].lower()
        return _ENGINES.get(scheme, "an unknown engine")

    @property
    def database(self) -> str:
        """The database's name: a DuckDB file's name, a PostgreSQL database, a Spark master."""
        scheme, sep, rest = self.url.partition("://")
        if not sep:
            return ""
        if scheme.lower().startswith("spark"):
            return rest.rpartition("@")[2].split("/")[0]
        if scheme.lower().startswith("duckdb"):
            path = rest.split("?")[0].rstrip("/")
            return path.rsplit("/", 1)[-1] if path else "in memory"
        try:
            return unquote(urlsplit("x://" + rest).path.lstrip("/"))
        except ValueError:
            return ""

    @property
    def shown(self) -> str:
        """The engine and the database's name, no more: "the DuckDB database workforce.db"."""
        name = self.database
        return f"the {self.engine} database {name}" if name else f"a {self.engine} database"

    def clean(self, text: str) -> str:
        """A message with the URL, and any password in it, taken out."""
        for secret in sorted(self._secrets(), key=len, reverse=True):
            if secret.startswith(self._scheme):
                text = text.replace(repr(secret), HIDDEN).replace(secret, HIDDEN)
            else:
                text = text.replace(secret, "***")
        return text

    @property
    def _scheme(self) -> str:
        return self.url.partition("://")[0] + "://"

    def _secrets(self) -> set[str]:
        from metrics.query.sources import without_password

        found = {self.url, without_password(self.url)}
        rest = self.url.partition("://")[2]
        who = rest[: rest.rfind("@")] if "@" in rest else ""
        password = who.split(":", 1)[1] if ":" in who else ""
        if password:
            found |= {password, unquote(password), quote(unquote(password), safe="")}
        return {s for s in found if s}


def configured() -> Warehouse | None:
    """The warehouse the administrator set, or None (the data page then offers none)."""
    url = os.environ.get(ENV, "").strip()
    if not url:
        try:
            section = st.secrets.get(SECRETS_SECTION) or {}
            url = str(section.get("url") or "").strip()
        except (FileNotFoundError, OSError, ValueError, AttributeError):
            url = ""  # no secrets file (or not a table there): no warehouse
    return Warehouse(url) if url else None


class WarehouseError(Exception):
    """Why the warehouse could not be used: a sentence and a fix, both free of the URL; for a
    column the tool could not find, the field and the table (so the page can ask which column)."""

    def __init__(self, message: str, hint: str, field: str | None = None,
                 table: str | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.message, self.hint, self.field, self.table = message, hint, field, table


def _refusal(warehouse: Warehouse, exc: Exception, doing: str) -> WarehouseError:
    """An error from opening or querying the warehouse as a plain refusal. An InputError says
    what is wrong in the tool's own words; anything else is logged by type only (its text may
    quote the URL or a row) and said in general words."""
    if isinstance(exc, InputError):
        first: Problem = exc.problems[0]
        message = f"{first.file}: {first.message}" if first.file else first.message
        if len(exc.problems) > 1:
            message += f" (the first of {len(exc.problems):,} problems)"
        hint = first.hint or ""
        if "--table" in hint:  # the command line's words; here the tables are chosen above
            hint = "Choose one of the tables offered for it, or none."
        if doing == "opening it":  # the setting itself: not something the reader can change
            hint += " The warehouse is set by whoever runs this service: tell them."
        table = first.file[len("table ") :] if (first.file or "").startswith("table ") else None
        return WarehouseError(warehouse.clean(message), warehouse.clean(hint), first.field,
                              table)  # fmt: skip
    _log.error("warehouse: %s failed: %s", doing, type(exc).__name__)
    return WarehouseError(
        f"{warehouse.shown} could not be reached or did not answer while {doing}",
        "Try again in a minute. If it keeps failing, tell whoever runs this service: the "
        "warehouse setting (INCLUSIVEHR_WAREHOUSE_URL or [warehouse] in the app's secrets) or "
        "the warehouse itself may need a look.",
    )


def _open(warehouse: Warehouse, doing: str) -> Engine:
    from metrics.query.sources import connect

    try:
        return connect(warehouse.url)
    except Exception as exc:  # noqa: BLE001 - every failure is a refusal, never a traceback
        raise _refusal(warehouse, exc, doing) from None


def _close(engine: Engine) -> None:
    try:
        engine.con.disconnect()
    except Exception:  # noqa: BLE001 - closing is best effort; the work is done
        pass


def table_names(warehouse: Warehouse) -> list[str]:
    """The tables the warehouse offers (the query layer's own temporary tables left out)."""
    engine = _open(warehouse, "opening it")
    try:
        return sorted(engine.names())
    except Exception as exc:  # noqa: BLE001 - as above
        raise _refusal(warehouse, exc, "listing its tables") from None
    finally:
        _close(engine)


def table_columns(warehouse: Warehouse, names: list[str]) -> dict[str, list[str]]:
    """The column names of these tables (names only: nothing from a row)."""
    from metrics.query.table_columns import ROW

    engine = _open(warehouse, "opening it")
    try:
        return {n: [c for c in engine.table(n, "given").columns if c != ROW] for n in names}
    except Exception as exc:  # noqa: BLE001 - as above
        raise _refusal(warehouse, exc, "reading the tables' columns") from None
    finally:
        _close(engine)


def compute_counts(
    warehouse: Warehouse,
    tables: dict[str, str],
    *,
    year: int | None,
    organisation: str | None,
    labels: dict[str, str] | None = None,
    mappings: dict[str, dict[str, str]] | None = None,
) -> QueryCounts:
    """The counts of the tables chosen for each kind, computed inside the warehouse; only
    counts come back. A "survey" table holds survey results, counts already: read as a survey
    file is (metrics.query.survey). mappings: each kind's column matches.
    Raises WarehouseError (free of the URL) when they cannot be."""
    from metrics.query.counts import counts_from
    from metrics.query.survey import survey_source, with_survey

    mappings = mappings or {}
    rows = {kind: name for kind, name in tables.items() if kind != "survey"}
    engine = _open(warehouse, "opening it")
    try:
        result = counts_from(engine, rows, mappings=mappings, year=year,
                             organisation=organisation, purpose="all",
                             labels=labels or None)  # fmt: skip
        if "survey" in tables:
            source = survey_source(engine, tables["survey"], mappings.get("survey"))
            result.counts, found = with_survey(result.counts, source, mappings.get("survey"),
                                               year, organisation, result.notes)  # fmt: skip
            result.problems = [*result.problems, *found]
        return result
    except Exception as exc:  # noqa: BLE001 - as above
        raise _refusal(warehouse, exc, "counting the tables") from None
    finally:
        _close(engine)
