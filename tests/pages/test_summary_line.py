"""Issue 17 item 3: on a phone the headline follows the inputs that change it. Estimate repeats
the headline, short, in a box directly under its inputs (the columns stack on a phone, so the
headline itself sits screens above the last input); it shows the same figure and range, and it
follows a change to the price and to the household income."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.test_client import unfold

pytestmark = pytest.mark.xdist_group("apptest")
DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
MONEY = re.compile(r"\$[\d,]+")


def _headline_and_summary(at: AppTest) -> tuple[str, str]:
    texts = [m.value for m in at.markdown]
    headline = next(t for t in texts if t.startswith("### "))
    summary = next(t for t in texts if t.startswith(("**Your estimate:**", "**If your plan")))
    return headline, summary


def test_the_summary_under_the_inputs_repeats_the_headline() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=300).run()
    assert not at.exception
    headline, summary = _headline_and_summary(at)
    # the likely figure and both ends of the range, in the same order
    assert MONEY.findall(summary) == MONEY.findall(headline)
    assert len(MONEY.findall(summary)) in (1, 3)

    before = MONEY.findall(summary)
    at.number_input(key="in_price_low").set_value(200.0).run()
    headline, summary = _headline_and_summary(at)
    assert MONEY.findall(summary) == MONEY.findall(headline) != before

    unfold(at)  # the income is under "Time, travel and your household"
    at.checkbox(key="in_income_known").check().run()
    at.number_input(key="in_income").set_value(52_000.0).run()
    headline, summary = _headline_and_summary(at)
    assert MONEY.findall(summary) == MONEY.findall(headline)
    share = re.search(r"That is ([\d.]+%) of your household income", summary)
    assert share is not None, summary
    # the same share the facts under the headline give
    assert any(f"That is {share.group(1)} of your household income" in m.value for m in at.markdown)


def test_the_summary_sits_in_the_inputs_column() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=300).run()
    form_column = at.columns[0]
    assert any(m.value.startswith("**Your estimate:**") for m in form_column.markdown)
