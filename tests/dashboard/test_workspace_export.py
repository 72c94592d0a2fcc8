"""Nothing fine-grained leaves a workspace by accident: exports and snapshot downloads carry
published (disclosure-controlled) counts unless the internal export is asked for, which is
marked as such in its name and inside; a published export imports. Expected published values
worked out by hand from the disclosure rules (hide 1-7 and what would reveal them, round to 5)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from app_pages import SAMPLE, database, needs_sample, page  # noqa: F401

from dashboard.sample import SAMPLE_TRUST_WORKBOOK
from dashboard.store import Store, StoreError, download_name, internal_export, published_counts
from metrics.counts.table import normalise
from metrics.inputs.pipeline import Sources, load
from metrics.inputs.readers import Upload

RESULTS = {"organisation": "Northtown NHS Trust", "unit": "whole organisation", "year": 2024,
           "indicators": {"WRES1": {"groups": {"BME": {"numerator": 1, "denominator": 1}}}}}  # fmt: skip


def one_bme_person() -> pd.DataFrame:
    """Band 5 (clinical) in two directorates: A has 100 White, 1 BME, 5 Unknown; B has 22 White
    and 4 Unknown. Whole organisation: White 122, BME 1, Unknown 9, band total 132."""
    rows = [("A", "White", 100), ("A", "BME", 1), ("A", "Unknown", 5),
            ("B", "White", 22), ("B", "Unknown", 4)]  # fmt: skip
    return normalise(pd.DataFrame({
        "organisation": "Northtown NHS Trust", "year": 2024, "indicator": "WRES1",
        "band": "Band 5", "clinical": True, "directorate": [r[0] for r in rows],
        "group": [r[1] for r in rows], "numerator": [r[2] for r in rows],
        "denominator": [106, 106, 106, 26, 26],
    }))  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Store:
    with Store(f"sqlite:///{tmp_path / 'inclusivehr.db'}") as opened:
        yield opened


def _published(frame: pd.DataFrame) -> list[tuple]:
    return [(r.group, None if pd.isna(r.numerator) else int(r.numerator),
             None if pd.isna(r.denominator) else int(r.denominator))
            for r in frame.itertuples()]  # fmt: skip


def test_published_counts_hide_the_one_bme_person_and_what_would_reveal_them() -> None:
    # By hand: BME 1 is hidden (1-7). Its row would then give it away (132 - 122 - 9), so the
    # smallest other count in the row, Unknown 9, is hidden too; the column totals (BME 1,
    # Unknown 9) go with them. Shown: White 122 -> 120, band total 132 -> 130.
    out = published_counts(one_bme_person())
    assert _published(out) == [("White", 120, 130), ("BME", None, 130), ("Unknown", None, 130)]
    assert out["directorate"].isna().all()  # fine breakdowns are summed away


def test_the_default_export_is_published_and_says_so(db: Store) -> None:
    ws = db.create_workspace("Northtown", organisation="Northtown NHS Trust")
    db.save_snapshot(ws.id, "2024", one_bme_person(), RESULTS)
    exported = db.export_workspace(ws.id)
    assert exported["internal"] is False
    assert exported["counts"].startswith("published: whole-organisation counts")
    [snap] = exported["snapshots"]
    assert [(c["group"], c["numerator"], c["denominator"]) for c in snap["counts"]] == [
        ("White", 120, 130), ("BME", None, 130), ("Unknown", None, 130)]  # fmt: skip
    # the results rest on the exact counts (BME 1 of 1): only what they are about is kept
    assert snap["results"] == {"organisation": "Northtown NHS Trust",
                               "unit": "whole organisation", "year": 2024}  # fmt: skip
    assert not internal_export(exported)


def test_the_internal_export_is_exact_and_marked_internal(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    db.save_snapshot(ws.id, "2024", one_bme_person(), RESULTS)
    exported = db.export_workspace(ws.id, internal=True)
    assert exported["internal"] is True
    assert exported["counts"].startswith("INTERNAL, NOT FOR PUBLICATION")
    [snap] = exported["snapshots"]
    assert [c["numerator"] for c in snap["counts"]] == [100, 1, 5, 22, 4]
    assert snap["results"] == RESULTS
    assert internal_export(exported)
    assert internal_export({"format": 2, "workspace": {"name": "x"}})  # older files: exact


def test_a_published_export_imports_with_its_blanks(db: Store, tmp_path: Path) -> None:
    ws = db.create_workspace("Northtown")
    db.save_mapping(ws.id, "staff", {"Ethnic Origin": "ethnicity"})
    db.save_snapshot(ws.id, "2024", one_bme_person(), RESULTS)
    text = json.dumps(db.export_workspace(ws.id))
    with Store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        copy = other.import_workspace(json.loads(text), by="Sam Patel")
        [snap] = other.snapshots(copy.id)
        counts, results = other.load_snapshot(snap.id)
        assert _published(counts) == [("White", 120, 130), ("BME", None, 130),
                                      ("Unknown", None, 130)]  # fmt: skip
        assert results == {"organisation": "Northtown NHS Trust",
                           "unit": "whole organisation", "year": 2024}  # fmt: skip
        [match] = other.remembered_matches(copy.id, "staff").values()
        assert (match.column, match.target, match.saved_by) == ("Ethnic Origin", "ethnicity",
                                                                "Sam Patel")  # fmt: skip


def test_a_gap_in_the_counts_stays_blank_and_hides_its_other_count() -> None:
    # WRES2 for BME with no appointed count: its shortlisted 3 must not be published either
    gap = normalise(pd.DataFrame({"organisation": "N", "year": 2024, "indicator": "WRES2",
                                  "group": ["BME"], "numerator": [None], "denominator": [3]}))  # fmt: skip
    assert _published(published_counts(gap)) == [("BME", None, None)]


def test_counts_that_cannot_be_disclosure_controlled_refuse_the_published_export() -> None:
    bad = normalise(pd.DataFrame({"organisation": "N", "year": 2024, "indicator": "WRES2",
                                  "group": ["BME"], "numerator": [9], "denominator": [3]}))  # fmt: skip
    with pytest.raises(StoreError, match="cannot be put through disclosure control.*numerator is "
                       "larger than denominator.*cannot be exported for publication"):  # fmt: skip
        published_counts(bad)


def test_a_snapshot_download_is_published_unless_internal(db: Store) -> None:
    ws = db.create_workspace("Northtown")
    snap = db.save_snapshot(ws.id, "2024", one_bme_person(), RESULTS)
    assert _published(db.export_snapshot(snap.id)) == [
        ("White", 120, 130), ("BME", None, 130), ("Unknown", None, 130)]  # fmt: skip
    assert list(db.export_snapshot(snap.id, internal=True)["numerator"]) == [100, 1, 5, 22, 4]


def test_download_names_say_what_the_file_holds() -> None:
    assert download_name("Northtown", internal=True, extension="inclusivehr.json") == (
        "Northtown-INTERNAL-not-for-publication.inclusivehr.json")  # fmt: skip
    assert download_name("Northtown", internal=False, extension="csv") == "Northtown-published.csv"
    assert download_name("../etc/pass wd", internal=False, extension="csv") == (
        "etc_pass wd-published.csv")  # fmt: skip
    assert download_name("///", internal=False, extension="csv") == "workspace-published.csv"


@needs_sample
def test_the_sample_trusts_export_holds_no_count_of_1_to_7(db: Store) -> None:
    """The reported leak: a downloaded export held 328 count rows, 241 of them 1-7."""
    upload = Upload(SAMPLE_TRUST_WORKBOOK.name, SAMPLE_TRUST_WORKBOOK.read_bytes())
    counts = load(Sources(workbook=upload)).counts
    exact = pd.concat([counts["numerator"], counts["denominator"]]).dropna()
    assert exact.between(1, 7).sum() > 100  # the data really has small cells to protect
    ws = db.create_workspace(SAMPLE)
    db.save_snapshot(ws.id, "2024", counts, {})
    [snap] = db.export_workspace(ws.id)["snapshots"]
    shown = [c[k] for c in snap["counts"] for k in ("numerator", "denominator")
             if c[k] is not None]  # fmt: skip
    assert shown and not [v for v in shown if 1 <= v <= 7]
    assert all(v % 5 == 0 for v in shown)


# ---- the page ---------------------------------------------------------------------------------

SPY = """
import streamlit as st
_real = st.download_button
def _spy(label, data, file_name=None, **kw):
    st.session_state.setdefault("downloads", {})[label] = (data, file_name)
    return _real(label, data, file_name=file_name, **kw)
st.download_button = _spy
"""


def _downloads(at) -> dict[str, tuple[str, str]]:
    return at.session_state["downloads"] if "downloads" in at.session_state else {}


@needs_sample
@pytest.mark.usefixtures("database")
def test_the_page_offers_published_by_default_and_marks_the_internal_choice() -> None:
    db = Store()
    ws = db.create_workspace(SAMPLE, organisation=SAMPLE)
    db.save_snapshot(ws.id, "2024", one_bme_person(), RESULTS)
    at = page("workspace_page", SPY)
    assert not at.exception
    assert at.radio(key="export_internal").value is False
    label = "Download workspace (published figures, .json)"
    data, name = _downloads(at)[label]
    assert name == f"{SAMPLE}-published.inclusivehr.json"
    assert json.loads(data)["internal"] is False
    data, name = _downloads(at)["Download the counts (published figures, CSV)"]
    assert name == "2024-published.csv"
    assert list(pd.read_csv(io.StringIO(data))["numerator"].fillna(-1)) == [120, -1, -1]
    assert not [w for w in at.warning if "exact counts" in w.value]

    at.radio(key="export_internal").set_value(True).run()
    assert not at.exception
    assert any("exact counts, small numbers included" in w.value for w in at.warning)
    data, name = _downloads(at)["Download workspace (INTERNAL exact counts, .json)"]
    assert name == f"{SAMPLE}-INTERNAL-not-for-publication.inclusivehr.json"
    assert json.loads(data)["internal"] is True
    at.radio(key="ws_snapshot_internal").set_value(True).run()
    data, name = _downloads(at)["Download the counts (INTERNAL exact counts, CSV)"]
    assert name == "2024-INTERNAL-not-for-publication.csv"
    assert list(pd.read_csv(io.StringIO(data))["numerator"]) == [100, 1, 5, 22, 4]


@needs_sample
@pytest.mark.usefixtures("database")
@pytest.mark.parametrize("internal", [False, True])
def test_importing_an_export_says_what_its_counts_are(internal: bool) -> None:
    db = Store()
    ws = db.create_workspace("Northtown")
    db.save_snapshot(ws.id, "2024", one_bme_person(), RESULTS)
    text = json.dumps(db.export_workspace(ws.id, internal=internal))
    at = page("workspace_page")
    at.file_uploader(key="import_ws").set_value([("n.json", text.encode(), "application/json")])
    at.text_input(key="import_name").input("Northtown (copy)").run()
    at.button(key="import_go").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Imported workspace Northtown \\(copy\\)."]
    [said] = [i.value for i in at.info]
    if internal:
        assert said.startswith("The file held exact counts (an internal export)")
    else:
        assert said.startswith("Its snapshots hold published figures: counts rounded to the "
                               "nearest 5 and small counts left blank")  # fmt: skip
    [snap] = db.snapshots(db.workspace("Northtown (copy)").id)
    counts, _ = db.load_snapshot(snap.id)
    assert bool(counts["numerator"].isna().any()) == (not internal)
