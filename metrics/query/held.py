"""Holding an intermediate result in a DuckDB temporary table for a few milliseconds, not tens.

Ibis's `create_table` copies the whole compiled query tree to wrap it in an INSERT and then
asks the database for the new table's columns (a DESCRIBE), which for the nested label joins
of the query layer costs more than running the query on a trust's grouped labels. Here the
query is compiled once to text, the table is made with the columns Ibis already knows
(the same column definitions `create_table` writes) and filled from that text, and the table
expression is built from the same schema: the result is the table `create_table` gives,
read by the same SQL."""

from __future__ import annotations


def hold_in_duckdb(con, name: str, expr):
    """A temporary table `name` in DuckDB (an Ibis DuckDB backend) holding `expr`'s rows, as an
    Ibis table over it. Nothing is fetched: the rows go from the query into the table inside
    the engine."""
    import ibis.expr.operations as ops
    import sqlglot as sg
    import sqlglot.expressions as sge

    schema = expr.schema()
    usual = hasattr(con, "_run_pre_execute_hooks") and hasattr(schema, "to_sqlglot_column_defs")
    if schema.null_fields or not usual:  # a column of no type (refused there), or an Ibis
        return con.create_table(name, expr, temp=True)  # without these (checked on 12)
    con._run_pre_execute_hooks(expr)  # in-memory label tables registered, as for execute
    query = con.compile(expr)
    table = sg.table(name, catalog="temp", db="main", quoted=True)
    create = sge.Create(
        kind="TABLE",
        this=sge.Schema(this=table, expressions=schema.to_sqlglot_column_defs(con.dialect)),
        properties=sge.Properties(expressions=[sge.TemporaryProperty()]),
    )
    columns = ", ".join(sge.to_identifier(c, quoted=True).sql(con.dialect) for c in schema)
    con.raw_sql(create.sql(con.dialect))
    con.raw_sql(f"INSERT INTO {table.sql(con.dialect)} ({columns}) {query}")
    return ops.DatabaseTable(
        name,
        schema=schema,
        source=con,
        namespace=ops.Namespace(catalog="temp", database="main"),
    ).to_expr()
