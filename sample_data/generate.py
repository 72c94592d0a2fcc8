"""Generate the fictional sample data shipped with the dashboard.

Everything is invented: the trust ("Northbrook Valley NHS Foundation Trust"), its directorates,
its staff (no names, only random employee numbers) and the 36 trusts of the comparison network.
The generator is deterministic: a fixed seed drives ``numpy.random.default_rng`` (one named
stream per component) and the Excel files carry fixed timestamps, so two runs give byte-identical
files and the committed copies can be checked against a fresh run.

Outputs (under ``--out``, by default this package's folder):

``trust/``
    ``staff.csv``, ``recruitment.csv``, ``disciplinary.csv``, ``training.csv``, ``board.csv`` and
    ``survey.csv`` (WRES and WDES rows), ``capability.csv`` for WRES years 2024 and 2025 (clean,
    one header row, years stacked), the first six in ``workbook.xlsx``, the canonical
    counts returns computed from them by the ``metrics`` pipeline (``wres_counts.csv`` and, once
    the pipeline reduces WDES inputs, ``wdes_counts.csv``), and the 2025 staff in post as a deliberately messy ESR
    extract (``esr_extract_messy.xlsx`` and a cp1252 ``esr_extract_messy.csv``).
    See :mod:`sample_data.trust` and :mod:`sample_data.messy`.
``network/wres_counts.csv``, ``network/wdes_counts.csv``
    Canonical WRES and WDES indicator counts for the network, 2022-2025. See
    :mod:`sample_data.network` and :mod:`sample_data.network_wdes`.
``network/foi_returns.csv``
    FOI replies (WRES2, WRES3) from four more fictional trusts, small counts withheld as "<5",
    "*", "fewer than 10" or "not held". See :mod:`sample_data.network_foi`.
``network/gender_pay_gap.csv``
    The network's published gender pay gap figures in the GOV.UK service's layout. See
    :mod:`sample_data.network_gpg`.

Run ``python -m sample_data.generate [--out DIR]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from metrics import reference as reference_data
from metrics.counts import table as counts_table
from metrics.inputs.pipeline import Sources, load
from sample_data import messy, network, network_foi, network_gpg, network_wdes, trust
from sample_data.reference import DEFAULT_SEED, TRUST_NAME
from sample_data.writers import table_rows, write_csv, write_windows_csv, write_xlsx

TABLES = {  # file stem -> workbook sheet name
    "staff": "Staff",
    "recruitment": "Recruitment",
    "disciplinary": "Disciplinary",
    "training": "Training",
    "board": "Board",
    "survey": "Survey",
}
WRES_RETURN_COLUMNS = (
    "organisation",
    "year",
    "indicator",
    "band",
    "clinical",
    "membership",
    "directorate",
    "staff_group",
    "region",
    "trust_type",
    "group",
    "numerator",
    "denominator",
)
# Written as CSV only: the workbook keeps the six sheets the app and its tests load together.
CSV_ONLY = ("capability",)


def _trust_files(tables: dict, trust_dir: Path) -> list[Path]:
    written = [write_csv(tables[stem], trust_dir / f"{stem}.csv") for stem in (*TABLES, *CSV_ONLY)]
    sheets = {sheet: table_rows(tables[stem]) for stem, sheet in TABLES.items()}
    written.append(write_xlsx(trust_dir / "workbook.xlsx", sheets))
    return written


def _messy_files(staff, trust_dir: Path, seed: int) -> list[Path]:
    header, rows = messy.esr_extract(staff.loc[staff["Year"].eq(2025)], seed)
    return [
        write_xlsx(
            trust_dir / "esr_extract_messy.xlsx",
            {"Staff in Post": (header, rows)},
            preamble=messy.TITLE_ROWS,
        ),
        write_windows_csv(
            trust_dir / "esr_extract_messy.csv", header, rows, preamble=messy.TITLE_ROWS
        ),
    ]


def _counts_return(trust_dir: Path) -> list[Path]:
    """The same trust as canonical counts returns, through the real loading pipeline: the WRES
    rows in ``wres_counts.csv`` (as they always were) and any WDES rows in ``wdes_counts.csv``."""
    stems = (*TABLES, *CSV_ONLY)
    files = {stem: trust_dir / f"{stem}.csv" for stem in stems if stem in reference_data.kinds()}
    result = load(Sources(files=files, organisation=TRUST_NAME, purpose="all"))
    if result.errors:  # the generator's own files must always load cleanly
        raise RuntimeError("sample data failed validation: " + result.errors[0].sentence())
    counts = result.counts
    wres = counts.loc[counts["indicator"].str.startswith("WRES")]
    # Columns the counts layout gained after the WRES return was first written (an engagement
    # score, a second characteristic) are left out while empty, so the return stays as it was.
    empty = [c for c in wres.columns if c not in WRES_RETURN_COLUMNS and wres[c].isna().all()]
    wres = wres.drop(columns=empty)
    written = [counts_table.write(wres, trust_dir / "wres_counts.csv")]
    wdes = counts.loc[counts["indicator"].str.startswith("WDES")]
    if len(wdes):
        written.append(counts_table.write(wdes, trust_dir / "wdes_counts.csv"))
    return written


def _network_files(network_dir: Path, seed: int) -> list[Path]:
    wres = network.network_counts(seed)
    wdes = network_wdes.network_wdes_counts(wres, seed)
    gpg = network_gpg.gender_pay_gap(wres, seed)
    return [
        write_csv(wres, network_dir / "wres_counts.csv"),
        write_csv(wdes, network_dir / "wdes_counts.csv"),
        # GOV.UK publishes the percentages to one decimal place: written as they are.
        write_csv(gpg, network_dir / "gender_pay_gap.csv", float_format=None),
        # freedom-of-information replies with withheld cells ("<5", "*"), written as they came
        write_csv(network_foi.foi_returns(seed), network_dir / "foi_returns.csv"),
    ]


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every sample file under ``out_dir`` and return their paths."""
    out_dir = Path(out_dir)
    tables = trust.build(seed)
    trust_dir = out_dir / "trust"
    written = _trust_files(tables, trust_dir)
    written += _counts_return(trust_dir)
    written += _messy_files(tables["staff"], trust_dir, seed)
    written += _network_files(out_dir / "network", seed)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate",
        description="Generate the fictional trust and network sample data (deterministic).",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="output folder (default: the sample_data package folder)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"random seed (default {DEFAULT_SEED}; the committed files use it)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    written = generate(args.out, args.seed)
    for path in written:
        print(f"{path}  {path.stat().st_size:,} bytes")
    print(f"{len(written)} files in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
