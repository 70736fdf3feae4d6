"""Estimate's folded form parts draw their inputs only while open (issue 17); closed, what the
person typed there still counts and comes back when they open it again."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pricing.report import money
from tests.pages.test_client import DASHBOARD, metric, widget
from ui import labels
from ui.inputs import FOLDS

pytestmark = pytest.mark.xdist_group("apptest")
TRAVEL = labels.HEADLINE_METRICS["time_and_travel"]


def test_a_closed_fold_draws_nothing_and_keeps_what_was_typed_in_it() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert {e.label for e in at.expander} >= set(FOLDS.values()) - {FOLDS["fold_cover"]}
    assert not [w for w in at.number_input if w.key == "in_travel"]  # folded: not drawn
    assert metric(at, TRAVEL) == "$0"

    at.session_state["fold_household"] = True
    at.run()
    widget(at, "number_input", "in_travel").set_value(20.0).run()
    # The default course's 11 treatment sessions plus the intake visit: 12 visits x $20 = $240
    # (time off is 0 hours by default, so travel is all of it).
    assert metric(at, TRAVEL) == money(240)

    at.session_state["fold_household"] = False  # folded again, then another input changes
    at.run()
    widget(at, "number_input", "in_price_high").set_value(900.0).run()
    assert not at.exception
    assert not [w for w in at.number_input if w.key == "in_travel"]
    assert metric(at, TRAVEL) == money(240)  # the travel still counts

    at.session_state["fold_household"] = True
    at.run()
    assert widget(at, "number_input", "in_travel").value == 20.0
