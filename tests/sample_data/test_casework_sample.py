"""The fictional network casework log and members file: reproducible, realistic sizes, and
read by the tool as written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sample_data import casework
from sample_data.network import TRUSTS, YEARS

SAMPLE = Path(casework.__file__).resolve().parent / "network"


def test_committed_files_match_a_fresh_run(tmp_path):
    for path in casework.write(tmp_path):
        assert path.read_bytes() == (SAMPLE / path.name).read_bytes(), path.name


def test_every_network_trust_has_tens_of_cases_a_year_on_average():
    log = pd.read_csv(SAMPLE / "casework.csv")
    assert set(log["Employer"]) == {name for name, *_ in TRUSTS}
    opened = pd.to_datetime(log["Date Opened"])
    wres_year = opened.dt.year + (opened.dt.month >= 4)
    assert set(wres_year) == set(YEARS)
    per_year = log.groupby([log["Employer"], wres_year]).size()
    assert 10 <= per_year.mean() <= 60
    assert log["Case Reference"].duplicated().sum() == 1  # one case logged again at appeal


def test_members_file_has_every_trust_and_group():
    members = pd.read_csv(SAMPLE / "casework_members.csv")
    assert len(members) == 3 * len(TRUSTS)
    assert set(members["Group"]) == {"BME", "White", "Unknown"}
    assert (members["Members"] >= 0).all()
