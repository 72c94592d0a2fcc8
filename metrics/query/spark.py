"""Spark as the engine where the rows live: the distributed case.

`spark://local` / `spark://local[N]` runs Spark inside this process (local mode: tests, one
machine); `spark://host:port` is a standalone cluster's master; a SparkSession made by the
caller (e.g. on Databricks, YARN or Kubernetes) goes through `from_session`. Counts are
computed by Ibis's pyspark backend, so the query layer is the same as for DuckDB.

A table is named as on any database (a catalog table or temporary view), or as a file Spark
reads where it runs: `csv:/path/staff.csv` (a header on the first row; every column read as
text) or `parquet:/path/staff.parquet` (either may be a folder of parts or an hdfs://, s3a://
... address the cluster can read).

Spark tables have no row number, so on reading one a `__row` column is added with
`monotonically_increasing_id()`: increasing in the order Spark reads the rows (partition by
partition, in file order), which is the order of the file or of the frame the table was made
from. It is the file path's "first row wins" tie-break, as DuckDB's rowid is.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metrics.problems import InputError, Problem

TEMP = "inclusivehr_spark_"
"""The prefix of the temporary views this engine makes (never offered as a table)."""

SETTINGS = {
    "spark.sql.shuffle.partitions": "2",  # the counts are small: few tasks per shuffle
    "spark.ui.enabled": "false",  # no web server opened by a command-line run
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
}
"""Settings for a session the tool starts itself (never applied to a session passed in)."""

QUIET_LOGS = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = Spark: %p %c{1}: %m%n%ex
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""
"""Spark's own logging for a session the tool starts: errors only (Spark's default prints a
dozen WARN lines on every start), on stderr so that --json output stays clean."""

FILE_PREFIXES = ("csv:", "parquet:")
INSTALL_HINT = "Install Spark support with: pip install 'inclusivehr[spark]' (needs Java 17+)."

_LOCAL = re.compile(r"local(\[(\d+|\*)\])?")
_CLUSTER = re.compile(r"[A-Za-z0-9.\-]+:\d+(,[A-Za-z0-9.\-]+:\d+)*")
_numbers = itertools.count()


def _refusal(message: str, hint: str) -> InputError:
    return InputError(Problem(severity="error", message=message, hint=hint))


def master_of(url: str) -> str:
    """The Spark master a `spark://` URL names: `local`, `local[N]`, `local[*]` (local mode) or
    `spark://host:port` (a standalone cluster). InputError for anything else."""
    rest = url.partition("://")[2].strip().rstrip("/")
    if _LOCAL.fullmatch(rest):
        return rest
    if _CLUSTER.fullmatch(rest):
        return f"spark://{rest}"
    raise _refusal(
        f"the source {url!r} does not name a Spark master",
        "Give spark://local (or spark://local[2] for two cores) to run Spark here, or "
        "spark://host:7077 for a cluster's master.",
    )


def connect_spark(url: str) -> SparkEngine:
    """Start (or join) a Spark session for a `spark://` URL with small-machine settings."""
    master = master_of(url)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise _refusal(
            f"the source {url!r} needs pyspark, which is not installed", INSTALL_HINT
        ) from None
    builder = SparkSession.builder.master(master).appName("inclusivehr")
    for key, value in {**SETTINGS, **_quiet_logs()}.items():
        builder = builder.config(key, value)
    if master.startswith("local"):  # this process only: listen on loopback, not the network
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # no Java, a cluster that does not answer, ...
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise _refusal(
            f"could not start Spark for {url!r} ({first})",
            "Check that Java 17 or later is installed (java -version) and, for a cluster, "
            "that its master answers at that address.",
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    return from_session(session, url=url)


def _quiet_logs() -> dict[str, str]:
    """The Java option that points Spark's driver at QUIET_LOGS (written to a temporary file:
    log4j reads its settings from a file)."""
    path = Path(tempfile.gettempdir()) / "inclusivehr-spark-log4j2.properties"
    if not path.is_file() or path.read_text(encoding="utf-8") != QUIET_LOGS:
        path.write_text(QUIET_LOGS, encoding="utf-8")
    return {"spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={path.as_uri()}"}


def from_session(session: Any, url: str = "spark session") -> SparkEngine:
    """An Engine over a SparkSession made by the caller (library use: a notebook, a platform's
    own session). The session's settings are left as they are."""
    return SparkEngine(con=_backend_class()().connect(session), url=url, session=session)


@functools.cache
def _backend_class():
    """Ibis's pyspark backend, with label tables sent to Spark value by value.

    Ibis 12 hands Spark a pandas frame in which an integer column with a missing value is
    float64 (2024.0); Spark, told the column is a long, turns every such float into NULL, so
    a year label table with one blank label loses every year. Here each column goes as plain
    Python values (int, str, bool, None), which Spark converts exactly."""
    import ibis
    import pandas as pd
    from ibis.backends.pyspark import Backend
    from ibis.backends.pyspark.datatypes import PySparkSchema

    ibis.pyspark  # noqa: B018  # loading the backend through ibis sets its options up

    class LabelSafeBackend(Backend):
        def _register_in_memory_table(self, op) -> None:
            frame = op.data.to_frame()
            columns = {}
            for name, dtype in op.schema.items():
                values = frame[name].astype(object)
                plain = [None if v is None or v is pd.NA or v != v else v for v in values]
                if dtype.is_integer():
                    plain = [None if v is None else int(v) for v in plain]
                columns[name] = plain
            rows = list(zip(*columns.values(), strict=True)) if columns else []
            schema = PySparkSchema.from_ibis(op.schema)
            self._session.createDataFrame(rows, schema=schema).createOrReplaceTempView(op.name)

    return LabelSafeBackend


@dataclass
class SparkEngine:
    """The query layer's Engine on Spark (the same four methods as `sources.Engine`, which
    cannot be its base class: `sources.connect` opens this module, so it may not import
    `sources` back). Intermediate results are cached temporary views (the rows stay in Spark's
    executors) and tables get a `__row` order column on reading."""

    con: Any
    url: str
    session: Any
    row_order: bool = True
    _tables: dict[str, Any] = field(default_factory=dict, repr=False)
    _views: list[str] = field(default_factory=list, repr=False)  # made here, dropped by close

    def fetch(self, expr):
        """Run an expression and bring its (small) result back as a frame: the one door."""
        return self.con.execute(expr)

    def names(self) -> list[str]:
        return [n for n in self.con.list_tables() if not n.startswith(("ibis_", TEMP))]

    def keep(self, expr):
        name = f"{TEMP}{next(_numbers)}"
        view = self.con.create_view(name, expr, overwrite=True)
        self._views.append(name)
        self.session.catalog.cacheTable(name)
        return view

    def table(self, name: str, kind: str):
        if name in self._tables:
            return self._tables[name]
        frame = self._read(name, kind)
        from pyspark.sql import functions as F

        view = f"{TEMP}source_{next(_numbers)}"
        frame.withColumn("__row", F.monotonically_increasing_id()).createOrReplaceTempView(view)
        self._views.append(view)
        table = self.con.table(view)
        self._tables[name] = table
        return table

    def _read(self, name: str, kind: str):
        """The Spark DataFrame a table name stands for. InputError when there is none."""
        prefix = next((p for p in FILE_PREFIXES if name.lower().startswith(p)), None)
        if prefix is None:
            if not self.session.catalog.tableExists(name):
                shown = ", ".join(f'"{n}"' for n in self.names()[:20])
                raise _refusal(
                    f'no table "{name}" for the {kind} rows in {self.url}'
                    + (f". Tables found: {shown}" if shown else " (Spark has no tables)"),
                    f"Give --table {kind}=NAME with one of the tables found, or a file as "
                    f"--table {kind}=csv:/path/file.csv or parquet:/path/file.parquet.",
                )
            return self.session.table(name)
        path = name[len(prefix) :]
        reader = self.session.read
        try:
            if prefix == "csv:":
                frame = reader.csv(path, header=True, inferSchema=False, enforceSchema=False)
            else:
                frame = reader.parquet(path)
        except Exception as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise _refusal(
                f"Spark could not read the {kind} rows from {path!r} ({first})",
                "Check the path: Spark reads it where it runs (on a cluster, a path every "
                "worker can read, such as hdfs:// or s3a://).",
            ) from None
        bom = [c for c in frame.columns if c.startswith("\ufeff")]
        for column in bom:  # a UTF-8 byte order mark read as part of the first header
            frame = frame.withColumnRenamed(column, column.lstrip("\ufeff"))
        return frame

    def close(self) -> None:
        """Drop the temporary views this engine made, and their cached rows (the session
        itself is left running: it may be the caller's)."""
        while self._views:
            self.session.catalog.dropTempView(self._views.pop())
        self._tables.clear()
