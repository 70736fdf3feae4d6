"""AppTest for the Estimate page's paying section (issue 16: rules 15-17).

The figures on the page are the CLI's for the same scenario file: the by-year line, the way of
paying the person chose (the table's '(yours)' row) and the deduction per year. Bad input
(a payment of 0, itemising without an income) names the field while the person's other inputs
stay and the last estimate that worked stays on screen.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.scenario import load_file
from tests.pages.test_client import open_tab, unfold
from ui import estimate_parts as parts
from ui import share

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
EXAMPLE = ROOT / "scenarios" / "paying_over_two_years.yaml"
pytestmark = pytest.mark.xdist_group("apptest")


def app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=60).run()


def widget(at: AppTest, kind: str, key: str):  # type: ignore[no-untyped-def]
    return next(w for w in getattr(at, kind) if w.key == key)


def cli_json(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "pricing", "estimate", str(path), "--json"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def dollars(text: str) -> list[int]:
    return [int(x.replace(",", "")) for x in re.findall(r"\$([\d,]+)", text)]


def frame(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    """The table that has `column` (AppTest's dataframes carry no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def markdown_with(at: AppTest, start: str) -> str:
    return next(m.value for m in at.markdown if start in m.value)


def opened(path: Path) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params[share.QUERY_KEY] = share.encode_for_link(load_file(path), include_income=True)
    return at.run()


def test_the_example_file_through_a_share_link_shows_the_cli_s_figures() -> None:
    at = open_tab(opened(EXAMPLE), parts.WAYS)
    assert not at.exception, [e.message for e in at.exception]
    printed = cli_json(EXAMPLE)
    # Rule 17: the line under the headline, year by year (midpoint prices).
    line = markdown_with(at, "By calendar year of the bill")
    years = printed["by_year"]
    assert dollars(line) == [round(years[y]["mid"]) for y in sorted(years)]
    assert all(y in line for y in years)
    # Rule 15: the person's own way is marked in the table and matches the CLI's `payment`.
    ways = frame(at, "Way to pay")
    mine = ways[ways["Way to pay"].str.contains("(yours", regex=False)].iloc[0]
    pay = printed["payment"]
    assert mine["Way to pay"].startswith("Deferred-interest")
    assert int(mine["Months"]) == pay["months_to_pay_off"]
    assert round(mine["Total paid"], 2) == pay["total_paid"]
    assert round(mine["Interest"], 2) == pay["interest_paid"]
    # One row per way; paying from savings is (jointly) cheapest and marked.
    assert len(ways) == 4
    assert ways["Way to pay"].iloc[0] == "From savings, as billed (cheapest)"
    # The promotion ends unpaid at $450 a month: the warning says so, in plain words.
    assert any("not cleared before the 12-month promotion ends" in w.value for w in at.warning)
    # Rule 16: the deduction per year, beside the bill (the headline total is untouched).
    tax = frame(at, "Deduction")
    for _, row in tax.iterrows():
        assert round(row["Deduction"], 2) == printed["tax"][row["Year"]]["deduction"]
        assert round(row["Deduction saves"], 2) == printed["tax"][row["Year"]]["saving"]
    # The cliff chart is drawn, with its summary.
    assert any(c.key == "cliff_chart" for c in at.get("plotly_chart"))
    assert any("promotion ends in" in c.value for c in at.caption)


def test_choosing_a_way_of_paying_brings_its_terms_and_reaches_the_estimate() -> None:
    at = unfold(app())  # the way of paying is under "Paying over time, and your taxes"
    widget(at, "selectbox", "in_pay_method").set_value("deferred_interest").run()
    assert not at.exception
    # Typical terms from the defaults fill the new inputs.
    assert widget(at, "number_input", "in_promo_months").value == 12
    widget(at, "number_input", "in_monthly_payment").set_value(2000.0).run()
    ways = frame(open_tab(at, parts.WAYS), "Way to pay")
    mine = ways[ways["Way to pay"].str.contains("(yours", regex=False)].iloc[0]
    # $2,000 a month clears the default course's bills (Jan-May) long before 12 months: the
    # deferred-interest card costs the bills alone.
    assert mine["Interest"] == 0
    assert not any("promotion ends" in w.value for w in at.warning)
    # Another way: its own typical rate replaces the deferred card's.
    widget(at, "selectbox", "in_pay_method").set_value("card").run()
    assert not at.exception
    assert widget(at, "number_input", "in_apr_pct").value == pytest.approx(22.25)


@pytest.mark.parametrize(
    ("steps", "field"),
    [
        ([("selectbox", "in_pay_method", "card"), ("number_input", "in_monthly_payment", 0.0)],
         "payment.monthly_payment"),
        ([("checkbox", "in_ask_tax", True), ("checkbox", "in_itemizes", True)], "tax.agi"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_keeps_the_person_s_inputs(
    steps: list[tuple[str, str, object]], field: str
) -> None:
    at = unfold(app())  # the inputs below are in the form's folded parts
    widget(at, "number_input", "in_price_low").set_value(425.0).run()
    before = markdown_with(at, "### ")
    for kind, key, new in steps:
        widget(at, kind, key).set_value(new).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert field in errors.replace("\\", "")
    assert widget(at, "number_input", "in_price_low").value == 425.0
    assert markdown_with(at, "### ") == before  # the last estimate that worked stays
