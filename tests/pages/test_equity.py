"""AppTest for the Access & equity page: it renders, every chart has its summary, and the
reform levers and the affordability threshold change what it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.defaults import medicaid

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "equity.py")


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(PAGE, default_timeout=90).run()


def _metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def _percent(text: str) -> float:
    return float(text.rstrip("%")) / 100


def test_page_renders_four_charts_with_summaries(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value.startswith("Access & equity")
    headers = [h.value for h in app.subheader]
    for expected in (
        "by poverty band",
        "price per session changes",
        "Today vs the reform",
        "by insurance",
    ):
        assert any(expected in h for h in headers), headers
    charts = app.get("plotly_chart")
    assert len(charts) == 4
    texts = " ".join(m.value for m in app.markdown)
    assert "prices out" in texts and "median" in texts
    assert len(app.checkbox) == 8  # one per policy lever, each labelled
    assert all(c.label for c in app.checkbox)
    assert "not medical or financial advice" in " ".join(c.value for c in app.caption)


def test_coverage_parity_lowers_priced_out_for_infusions(app: AppTest) -> None:
    before = _percent(_metric(app, "IV infusion: priced out today"))
    app.checkbox(key="equity_lever_coverage_parity").check().run()
    assert not app.exception
    after = _percent(_metric(app, "With the chosen reform"))
    assert after < before
    assert _metric(app, "Insurer cost per household").startswith("$")
    summary = " ".join(m.value for m in app.markdown)
    assert "could newly afford IV infusion" in summary


def test_price_cap_input_follows_its_lever(app: AppTest) -> None:
    cap = app.number_input(key="equity_price_cap")
    assert cap.disabled
    app.checkbox(key="equity_lever_price_cap").check().run()
    assert not app.number_input(key="equity_price_cap").disabled


def test_a_looser_threshold_prices_fewer_out(app: AppTest) -> None:
    at_10 = _percent(_metric(app, "IV infusion: priced out today"))
    app.selectbox(key="equity_threshold").set_value("income_25").run()
    assert not app.exception
    assert _percent(_metric(app, "IV infusion: priced out today")) < at_10


def test_closing_the_coverage_gap_never_prices_more_out_of_spravato(app: AppTest) -> None:
    app.selectbox(key="equity_focus").set_value("spravato").run()
    before = _percent(_metric(app, "Spravato: priced out today"))
    # Everyone in an expansion state: households below 138% of poverty who were in the gap move
    # from no insurance to Medicaid (same seed, same draws), which can only lower their cost.
    app.slider(key="equity_non_expansion").set_value(0.0).run()
    assert not app.exception
    assert not app.error
    assert _percent(_metric(app, "Spravato: priced out today")) <= before


def test_page_says_which_course_it_prices(app: AppTest) -> None:
    # pricing.course.describe_named: IV infusion's first 12 months hold 19 sessions (a
    # six-session series, then boosters); the induction alone holds 6.
    captions = " ".join(c.value for c in app.caption)
    assert "IV infusion — first 12 months: 19 treatment sessions" in captions
    app.radio(key="equity_course").set_value("induction").run()
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert "IV infusion — the first series only: 6 treatment sessions" in captions


def test_page_says_what_it_does_not_capture(app: AppTest) -> None:
    # Medicare households now have their real cover (issue 10 item 9); the typical course runs.
    captions = " ".join(c.value for c in app.caption)
    assert "What this does not capture" in captions
    assert "Medigap" in captions and "no supplemental" not in captions
    app.radio(key="equity_course").set_value("typical").run()
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert "Spravato — as people usually stay on it: 12 treatment sessions" in captions


def test_page_offers_the_parameters_choices(app: AppTest) -> None:
    # population.yaml: page_household_choices 5,000 / 20,000 / 100,000, default 20,000;
    # the lever help quotes the Medicaid figure (insurance.yaml's coverage rule: since issue 14
    # every programme covers Spravato, 100%; it was 75 of 165 entities, 45%).
    households = app.select_slider(key="equity_households")
    assert list(households.options) == ["5000", "20000", "100000"]
    assert households.value == 20_000
    share = medicaid.spravato_coverage_share()
    assert f"today about {share:.0%} do" in (
        app.checkbox(key="equity_lever_medicaid_covers_spravato").help or ""
    )


def test_page_only_lays_out() -> None:
    source = Path(PAGE).read_text(encoding="utf-8")
    for forbidden in ("import numpy", "import pandas", "from pricing import defaults", "defaults."):
        assert forbidden not in source
    assert len(source.splitlines()) < 300
