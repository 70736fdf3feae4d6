"""Estimate's detail in five parts, one drawn at a time, chosen with a row of buttons (issue 17:
a changed input reran and sent every chart and table on the page; now the headline, the totals
and one part). The parts are still called tabs here and in the address (`tab=`)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pricing.estimate import estimate
from pricing.scenario import default_scenario
from tests.pages import test_links
from tests.pages.test_client import DASHBOARD, ROOT, open_tab, opened, widget
from tests.pages.test_links import address, notices, param
from ui import estimate_parts as parts
from ui import links, share

pytestmark = pytest.mark.xdist_group("apptest")

# What each tab draws: its charts (by key), its evidence downloads, a subheader it alone has.
DRAWN = {
    parts.OVER_TIME: ({"cumulative_chart"}, {"cumulative"}, None),
    parts.WHO_PAYS: ({"breakdown_chart"}, {"breakdown"}, "How your bills are paid"),
    parts.WAYS: ({"cliff_chart"}, {"paying_ways", "paying_cliff", "paying_tax"}, "Ways to pay"),
    parts.MONTHS: (set(), {"monthly", "ledger"}, None),
    parts.QUESTIONS: (set(), set(), None),
}


DOWNLOADS = set().union(*(packets for _, packets, _ in DRAWN.values()))


def test_only_the_open_tab_is_drawn_and_a_change_keeps_it_open() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    buttons = at.segmented_control(key=parts.TAB_KEY)
    assert [o.content for o in buttons.proto.options] == list(parts.TABS)
    assert buttons.value == parts.OVER_TIME and not at.tabs  # one control, no tab bar
    for label, (charts, packets, _) in DRAWN.items():
        open_tab(at, label)
        assert not at.exception, [e.message for e in at.exception]
        assert {c.key for c in at.get("plotly_chart")} == charts, label
        offered = {b.proto.id for b in at.get("download_button")}
        drawn = {k for k in offered if k.endswith(tuple(f"evidence_{p}" for p in DOWNLOADS))}
        assert {k for k in DOWNLOADS if any(d.endswith(f"evidence_{k}") for d in drawn)} == packets
        headings = {h.value for h in at.subheader}
        for other, (_, _, their) in DRAWN.items():
            if their is not None:
                assert (their in headings) == (other == label), (label, their)
    # A changed price reruns the page with the same tab open (Ways to pay: its table).
    open_tab(at, parts.WAYS)
    widget(at, "number_input", "in_price_high").set_value(900.0).run()
    assert at.session_state[parts.TAB_KEY] == parts.WAYS
    assert "Ways to pay" in {h.value for h in at.subheader}
    assert {c.key for c in at.get("plotly_chart")} == {"cliff_chart"}


def test_the_report_has_every_chart_though_no_tab_was_opened() -> None:
    est = estimate(default_scenario("spravato", "commercial"))
    html = parts.report(est, "my scenario")
    assert html.count('class="plotly-graph-div"') == 3  # cumulative, breakdown, cliff
    assert html.count("Scenario: my scenario") == 3  # each chart stamped with its source line


def test_only_the_person_s_own_way_of_paying_warns_above_the_tabs() -> None:
    # The defaults pay from savings: the deferred-interest card's cliff is a warning in the
    # Ways to pay tab (a way compared), not above every tab.
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not [w for w in at.warning if "Deferred-interest" in w.value]
    assert [w for w in open_tab(at, parts.WAYS).warning if "Deferred-interest" in w.value]
    # The person's own deferred-interest card (the example file) warns whichever tab is open.
    at = opened(ROOT / "scenarios" / "paying_over_two_years.yaml")
    assert at.session_state[parts.TAB_KEY] == parts.OVER_TIME
    own = [w.value for w in at.warning if w.value.startswith("Deferred-interest")]
    assert len(own) == 1 and "not cleared before the 12-month promotion ends" in own[0]
    open_tab(at, parts.WAYS)  # and is not said twice there
    assert [w.value for w in at.warning if w.value.startswith("Deferred-interest")] == own


def test_the_open_tab_is_in_the_address_and_a_reload_opens_it_again() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert param(at, parts.TAB_PARAM) is None  # the first tab: no parameter
    open_tab(at, parts.WAYS)
    assert param(at, parts.TAB_PARAM) == "ways-to-pay"
    token = param(at, share.QUERY_KEY)
    # A reload (a fresh session at the same address): the same tab, the same inputs.
    again = test_links.opened(**address(at))
    assert again.session_state[parts.TAB_KEY] == parts.WAYS
    assert "Ways to pay" in {h.value for h in again.subheader}
    assert links.RESTORED in notices(again)
    assert address(again) == address(at) and param(again, share.QUERY_KEY) == token
    # Back to the first tab: the parameter goes.
    assert param(open_tab(again, parts.OVER_TIME), parts.TAB_PARAM) is None


def test_an_unknown_tab_in_a_link_opens_the_first_and_keeps_the_link_s_inputs() -> None:
    at = test_links.opened(
        tab="<script>",
        **{share.QUERY_KEY: share.encode_for_link(default_scenario("spravato", "commercial"))},
    )
    assert not at.exception and not at.error
    assert at.session_state[parts.TAB_KEY] == parts.OVER_TIME
    assert at.selectbox(key="in_modality").value == "spravato"
    assert param(at, parts.TAB_PARAM) is None  # the bad value is not written back
