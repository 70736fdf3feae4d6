"""Every table a page shows goes through ui.tables (issue 17 item 3, issue 20 defect 4): text
cells neutralised as the app's own CSV download does them (so Streamlit's "Download as CSV"
cannot write a formula), headers in words, money as whole dollars."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pricing.report import csv_safe
from pricing.scenario import from_dict
from tests.pages.test_client import open_tab
from ui import estimate_parts as parts
from ui import share, tables

pytestmark = pytest.mark.xdist_group("apptest")
ROOT = Path(__file__).resolve().parents[2]

HOSTILE = ['=HYPERLINK("https://evil.example/x","click")', " =1+1", "\uff1d1+1", "@SUM(A1)"]


def test_text_cells_and_headers_are_neutralised_like_the_apps_csv() -> None:
    frame = pd.DataFrame({"phase": [*HOSTILE, "Induction"], "=cmd": [1.0, 2.0, 3.0, 4.0, 5.0]})
    shown = tables.shown_frame(frame)
    assert list(shown.iloc[:, 0]) == [csv_safe(v) for v in [*HOSTILE, "Induction"]]
    assert all(v.startswith("'") for v in shown.iloc[:4, 0])
    assert shown.iloc[4, 0] == "Induction"
    assert list(shown.columns) == ["Phase", "'=cmd"]


def test_a_negative_figure_written_as_text_keeps_its_sign_safely() -> None:
    shown = tables.shown_frame(
        pd.DataFrame({"change": ["-$353 million", "-4.5%", "-$1,200", "$5"]})
    )
    assert list(shown["Change"]) == ["\u2212$353 million", "\u22124.5%", "\u2212$1,200", "$5"]
    # anything else after the minus is neutralised, not rewritten
    assert tables.safe_text("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"


def test_headers_in_words_and_money_columns_found_by_name() -> None:
    frame = pd.DataFrame({"oop_max_reached": [True], "cap_saving": [1.5], "week": [0.5]})
    assert list(tables.shown_frame(frame).columns) == [
        "Out-of-pocket maximum reached",
        "Saved by the out-of-pocket maximum",
        "Week of the course",
    ]
    assert tables.kind("cap_saving", frame["cap_saving"]) == "money"
    assert tables.kind("oop_max_reached", frame["oop_max_reached"]) is None


def test_a_hostile_phase_name_reaches_the_ledger_table_neutralised() -> None:
    """Issue 20, defect 4: the ledger table's own "Download as CSV" wrote =HYPERLINK(...) raw."""
    scenario = from_dict(
        {
            "version": 1,
            "modality": "iv_ketamine",
            "name": HOSTILE[0],
            "treatment": {
                "phases": [{"name": name, "sessions": 2, "weeks": 1} for name in HOSTILE]
            },
        }
    )
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params[share.QUERY_KEY] = share.encode_for_link(scenario)
    at.run()
    assert not at.exception
    open_tab(at, parts.MONTHS)
    for toggle in [t for t in at.toggle if t.key == "ledger_table_on"]:  # on demand
        toggle.set_value(True).run()
    assert not at.exception
    ledgers = [d.value for d in at.dataframe if {"phase", "Phase"} & set(d.value.columns)]
    assert ledgers, "the ledger is shown"
    column = "Phase" if "Phase" in ledgers[0].columns else "phase"
    phases = set(ledgers[0][column]) - {""}  # the intake visit belongs to no phase
    assert phases == {csv_safe(name) for name in HOSTILE}
    assert all(p.startswith("'") for p in phases)
    assert column == "Phase", "headers in words"
    # and no table on the page holds a cell a spreadsheet would run
    for frame in (d.value for d in at.dataframe):
        for column in frame.columns:
            assert csv_safe(str(column)) == str(column)
            for cell in frame[column]:
                if isinstance(cell, str):
                    assert csv_safe(cell) == cell, (column, cell)


def test_two_columns_said_the_same_way_stay_apart() -> None:
    frame = pd.DataFrame({"treatment": ["IV"], "Treatment": ["x"], "modality": ["iv_ketamine"]})
    assert list(tables.shown_frame(frame).columns) == [
        "Treatment",
        "Treatment (Treatment)",
        "Treatment code",
    ]


def test_the_likely_range_is_said_in_plain_words() -> None:
    from ui import labels

    for name in ("p10", "p50", "p90", "total p10", "total p90"):
        assert "likely range" in labels.column(name).lower()
        assert "simulated" not in labels.column(name)
