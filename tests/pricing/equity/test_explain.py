"""pricing.explain.equity: the words quote figures from the parameters and the results."""

from __future__ import annotations

from pricing.equity import Reforms, levers
from pricing.explain import equity as words
from pricing.explain import equity_page as page
from pricing.report import dollars


def test_lever_texts_quote_their_parameters() -> None:
    labels = words.lever_labels()
    # spravato_billing.yaml: Medicaid approves 75% of Spravato requests (an assumption the help
    # says is one); population.yaml: the sliding scale's top tier is below 200% of poverty, the
    # out-of-pocket cap $2,000, the state subsidy below 250% of poverty above 5% of income.
    assert "the model assumes 75% of requests are approved" in labels["medicaid_covers_spravato"][1]
    assert labels["oop_cap"][0] == "Out-of-pocket cap of $2,000 a year"
    assert labels["state_subsidy"][0] == "State subsidy below 250% of poverty"
    assert "above 5% of their income" in labels["state_subsidy"][1]
    assert labels["sliding_scale"][0] == "Sliding scale below 200% of poverty"
    assert all("{" not in label + help_text for label, help_text in labels.values())


def test_course_words() -> None:
    assert words.course_label("first_year") == "First 12 months"
    sentence = words.courses_sentence({"iv_ketamine": "first 12 months: 19 treatment sessions"})
    assert sentence == (
        "Courses priced, at midpoint clinic prices: "
        "IV infusion — first 12 months: 19 treatment sessions."
    )


def test_each_reform_says_what_it_does_in_money() -> None:
    # Issue 14 item 8: the $500 cap no longer silently caps Spravato's drug. Midpoint prices
    # (modalities.yaml, spravato_billing.yaml): IV $400-$800 -> $600 a session, capped to $500;
    # Spravato's visit $250-$450 -> $350, already below; its drug $590-$885 -> $737.50.
    text = words.reform_words(levers(["price_cap"]))
    assert "IV infusion: a session $600 -> $500" in text
    assert "Spravato: its visit $350 (already below)" in text
    assert "its drug ($737.50 a session) is priced by its maker and not capped" in text
    assert "$2,000 a year" in words.reform_words(levers(["oop_cap"]))
    assert "below 250% of the poverty guideline" in words.reform_words(levers(["state_subsidy"]))
    assert words.reform_words(Reforms()) == "No lever pulled: today's rules."


def test_money_words_for_large_sums() -> None:
    assert dollars(1_234_567_890) == "$1.2 billion"
    assert dollars(-353_036_433) == "-$353 million"
    assert dollars(12_400) == "$12,400"
    assert page.people(26_354.8) == "26,400" and page.people(512.4) == "512"
    line = words.payer_line({"patients": -100.0, "medicare": 250.0, "clinics": 0.1, "total": 150})
    # Which way each payer's spending goes, in words (the audit read "+$2,034,900,000" as unclear).
    assert line == "a year: Medicare pays $250 more, patients pay $100 less"


def test_payer_summary_names_who_pays_most() -> None:
    rows = [
        {"payer": "patients", "oop_cap": -10.0},
        {"payer": "commercial_insurers", "oop_cap": 3_000_000.0},
        {"payer": "total", "oop_cap": 2_999_990.0},
    ]
    assert page.payer_summary(rows, "oop_cap") == (
        "With out-of-pocket cap of $2,000 a year, spending changes by $3 million a year; the "
        "biggest change falls on commercial insurers: $3 million."
    )


def test_readable_table_rows() -> None:
    summary = {
        "households": 1000,
        "course": "first_year",
        "threshold_rule": {"label": "10% of income"},
        "bands": ["<100%"],
        "treatments": ["spravato"],
        "priced_out": {"spravato": {"<100%": 0.5, "all": float("nan")}},
        "reforms": {},
    }
    lines = words.readable(summary).splitlines()
    assert lines[0] == (
        "1,000 simulated households, first year course; priced out = out-of-pocket above "
        "10% of income"
    )
    # Name column as wide as the longest short name + 2 (10), then 10 per band; NaN is "-".
    assert lines[3] == "Spravato  " + "     50.0%" + "         -"


def test_footnote_says_what_the_population_does_not_capture() -> None:
    text = page.footnote()
    assert text.startswith("What this does not capture")
    # Medicaid's federal share is each state's own now; what stays national is the expansion
    # adults' share of enrollees.
    assert "national average" not in text
    assert "national share of enrollees, not the state's own" in text


def test_method_states_the_medicaid_federal_share_rule_and_its_figures() -> None:
    # states.yaml medicaid_fmap: FMAP in force from 2025-10-01 (FY2026), the 90% expansion match,
    # the expansion group at 30% of enrollees; the national figure rebuilt from the states is
    # 0.656 (tests/pricing/defaults/test_states.py), shown as 66%.
    text = page.method()
    assert "regular matching rate in force from 1 October 2025" in text
    assert "90% for the expansion adults, taken as 30% of enrollees, a national figure" in text
    assert "66% federal nationally" in text
