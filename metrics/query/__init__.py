"""Counts computed where the rows live: a table in a database reduced to the canonical counts
inside its engine (DuckDB embedded; others through the same Ibis expressions), with only
distinct labels and counts fetched back. Ibis is imported lazily, inside functions, so
`import metrics` stays light."""
