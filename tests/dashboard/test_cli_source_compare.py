"""`compare --source URL --table KIND=TABLE`: a national table holding every trust's rows,
counted in the engine per organisation and year, gives the same comparison as the counts each
trust's own files give, joined into one network counts file; mistakes are messages, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from dashboard.cli import main
from dashboard.sample import SAMPLE_DIR
from metrics.inputs.pipeline import Sources, load

TRUST = SAMPLE_DIR / "trust"
KINDS = ("staff", "recruitment", "disciplinary", "training", "board")
TRUSTS = ("Northbrook Valley", "Southmoor", "Eastvale Community")
REGIONS = {"Northbrook Valley": "North", "Southmoor": "South", "Eastvale Community": "North"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def text(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def trust_tables(i: int) -> dict[str, pd.DataFrame]:
    """Trust i's tables: the sample trust's people thinned and (for the third) ethnicity moved
    between people, so that every trust's figures differ. Employee numbers repeat across
    trusts: a number names a person within one trust only."""
    out = {}
    for kind in (*KINDS, "survey"):
        rows = text(TRUST / f"{kind}.csv")
        if "Employee Number" in rows:  # thinned by person: events keep their staff rows
            kept = rows["Employee Number"].map(lambda n: int(n) % (i + 1) == 0)
            rows = rows[kept.to_numpy()].reset_index(drop=True)
        elif kind == "recruitment":
            rows = rows.iloc[:: i + 1].reset_index(drop=True)
        if kind == "survey":  # each trust's own answers: fewer saying yes in the later trusts
            rows = rows.assign(Yes=[str(int(y) * (4 - i) // 4) if y else y for y in rows["Yes"]])
        if i == 2 and "Ethnicity" in rows:
            shifted = list(rows["Ethnicity"].iloc[7:]) + list(rows["Ethnicity"].iloc[:7])
            rows = rows.assign(Ethnicity=shifted)
        out[kind] = rows
    return out


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A DuckDB file with one national table per kind (an Organisation column, padded as an
    extract may give it), the national survey file, and the counts file the file path gives:
    each trust's files loaded on their own, the counts joined."""
    folder = tmp_path_factory.mktemp("national")
    per_trust = {name: trust_tables(i) for i, name in enumerate(TRUSTS)}
    database = folder / "national.db"
    with duckdb.connect(str(database)) as con:
        for kind in KINDS:
            frame = pd.concat(
                [
                    t[kind].assign(Organisation=f" {name}", **region(kind, name))
                    for name, t in per_trust.items()
                ],
                ignore_index=True,
            )
            con.register("frame", frame)
            con.execute(f"CREATE TABLE all_{kind} AS SELECT * FROM frame")
            con.unregister("frame")
    survey = folder / "survey.csv"
    pd.concat(
        [t["survey"].assign(Organisation=name) for name, t in per_trust.items()],
        ignore_index=True,
    ).to_csv(survey, index=False)
    out = {"database": database, "survey": survey}
    for purpose in ("wres", "wdes"):
        parts = []
        for i, (name, own) in enumerate(per_trust.items()):
            files = {}
            for kind, frame in own.items():
                files[kind] = folder / f"{i}_{kind}.csv"
                frame.to_csv(files[kind], index=False)
            result = load(Sources(files=files, organisation=name, purpose=purpose))
            assert not result.errors, [p.sentence() for p in result.errors[:3]]
            parts.append(result.counts.assign(region=REGIONS[name]))
        out[purpose] = folder / f"network_{purpose}_counts.csv"
        pd.concat(parts, ignore_index=True).to_csv(out[purpose], index=False)
    return out


def region(kind: str, name: str) -> dict[str, str]:
    """The staff table's Region column (as a national extract may carry), the others none."""
    return {"NHS Region": REGIONS[name]} if kind == "staff" else {}


def source(network: dict[str, Path], *kinds: str) -> list[str]:
    tables = [arg for kind in kinds for arg in ("--table", f"{kind}=all_{kind}")]
    return ["--source", f"duckdb:///{network['database']}", *tables]


@pytest.mark.parametrize(
    "indicator", [None, "WRES1", "WRES3", "WRES4", "WRES5", "WRES9", "WDES1", "WDES2", "WDES10"]
)
def test_the_same_json_as_the_network_counts_file(network, indicator) -> None:
    chosen = ["--indicator", indicator] if indicator else []
    from_db = run("compare", *source(network, *KINDS), "--survey", network["survey"], *chosen,
                  "--json", "--internal")  # fmt: skip
    assert from_db.exit_code == 0, from_db.output
    counts = network["wdes" if indicator and indicator.startswith("WDES") else "wres"]
    from_file = run("compare", "--counts", counts, *chosen, "--json", "--internal")
    assert from_file.exit_code == 0, from_file.output
    db, file = json.loads(from_db.stdout), json.loads(from_file.stdout)
    # the engine's notes on the rows (bank staff left out ...) come first, then the network's
    db_notes, file_notes = db.pop("notes"), file.pop("notes")
    assert db_notes[len(db_notes) - len(file_notes) :] == file_notes
    assert any("bank staff excluded" in note for note in db_notes)
    assert db == file
    rows = db["organisations"]
    assert {row["organisation"] for row in rows} == set(TRUSTS)
    assert len({row["value"] for row in rows}) == 3  # three trusts, not one copied three times


@pytest.mark.parametrize(("option", "value"), [("--region", "north"), ("--year", "2024")])
def test_peers_from_the_staff_tables_region_as_from_the_counts_files(network, option,
                                                                       value) -> None:  # fmt: skip
    from_db = run("compare", *source(network, "staff", "recruitment"), option, value,
                  "--indicator", "WRES2", "--json")  # fmt: skip
    from_file = run("compare", "--counts", network["wres"], option, value, "--indicator",
                    "WRES2", "--json")  # fmt: skip
    assert from_db.exit_code == from_file.exit_code == 0, from_db.output + from_file.output
    db, file = json.loads(from_db.stdout), json.loads(from_file.stdout)
    db.pop("notes"), file.pop("notes")
    assert db == file
    if option == "--region":
        assert {row["organisation"] for row in db["organisations"]} == {
            name for name, place in REGIONS.items() if place == "North"
        }


def test_a_trust_in_two_regions_is_a_message(tmp_path) -> None:
    database = tmp_path / "two.db"
    staff = text(TRUST / "staff.csv").head(40)
    frame = staff.assign(Trust="A", Region=["North"] * 35 + ["South"] * 5)
    with duckdb.connect(str(database)) as con:
        con.register("frame", frame)
        con.execute("CREATE TABLE staff AS SELECT * FROM frame")
    result = run("compare", "--source", f"duckdb:///{database}", "--table", "staff=staff",
                 "--indicator", "WRES1")  # fmt: skip
    assert result.exit_code == 2
    assert '"A" has more than one region' in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--source", "mysql://bob:s3cret@db.example/hr", "--table", "staff=s"],
         "not a database URL"),
        (["--source", "duckdb:///no/such.db", "--table", "staff=s"], "no DuckDB database at"),
        (["--source", "duckdb://"], "--source needs --table staff=TABLE"),
        (["--table", "staff=s"], "--table goes with --source"),
        (["--source", "duckdb://", "--table", "staff=s", "--counts", TRUST / "wres_counts.csv"],
         "drop --counts"),
        (["--survey", TRUST / "survey.csv", "--counts", TRUST / "wres_counts.csv"],
         "--survey goes with --source"),
    ],
)  # fmt: skip
def test_mistakes_are_messages_with_exit_code_2(args, said) -> None:
    result = run("compare", *args)
    assert result.exit_code == 2
    assert said in result.output
    assert "Traceback" not in result.output and "s3cret" not in result.output


def test_a_missing_table_names_the_tables_there_are(network) -> None:
    url = f"duckdb:///{network['database']}"
    result = run("compare", "--source", url, "--table", "staff=everyone", "--json")
    assert result.exit_code == 2
    assert 'no table "everyone"' in result.output and '"all_staff"' in result.output
    assert "Traceback" not in result.output and result.stdout == ""


def test_only_counts_leave_the_database(network, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every result the engine hands back while comparing is small and names nobody: no row
    per person, no employee number."""
    from ibis.backends.duckdb import Backend

    fetched: list[pd.DataFrame] = []
    for name in ("execute", "to_pyarrow", "to_pyarrow_batches"):
        original = getattr(Backend, name)

        def capture(self, *args, _original=original, **kwargs):
            result = _original(self, *args, **kwargs)
            if hasattr(result, "num_rows"):
                fetched.append(result.to_pandas())
            elif isinstance(result, pd.DataFrame | pd.Series):
                fetched.append(pd.DataFrame(result))
            else:
                fetched.append(pd.DataFrame({"value": [result]}))
            return result

        monkeypatch.setattr(Backend, name, capture)
    result = run("compare", *source(network, *KINDS), "--json")
    assert result.exit_code == 0, result.output
    numbers = set(text(TRUST / "staff.csv")["Employee Number"])
    with duckdb.connect(str(network["database"]), read_only=True) as con:
        people = con.execute(
            'SELECT count(*) FROM (SELECT DISTINCT Organisation, "Year", "Employee Number" '
            "FROM all_staff)"
        ).fetchone()[0]
    assert len(fetched) >= 10
    for frame in fetched:
        assert len(frame) < people / 4, list(frame.columns)
        cells = {str(v).strip() for col in frame.columns for v in frame[col].dropna()}
        assert not cells & numbers, list(frame.columns)
