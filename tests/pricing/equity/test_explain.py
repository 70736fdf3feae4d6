"""pricing.explain.equity: the words quote figures from the parameters and the results."""

from __future__ import annotations

from pricing.explain import equity as words


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


def test_winners_summary_says_less_for_a_saving() -> None:
    newly = {
        "count": 10,
        "share": 0.1,
        "by_band": {"<100%": {"count": 10, "share": 0.25}},
        "extra_insurer_per_newly_reached": -1500.0,
    }
    text = words.winners_summary(newly, "spravato", ["price_cap"])
    assert "insurers pay $1,500 less per newly reached household" in text
    assert text.startswith("10% of households could newly afford Spravato")
    assert words.winners_summary(newly, "spravato", []).startswith("Pick one")


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


def test_footnote_says_what_the_population_captures() -> None:
    text = words.footnote(20_000, 7)
    assert text.startswith("20,000 simulated households (seed 7)")
    assert "no supplemental" not in text  # Medicare households have their real cover now
    assert "Medigap" in text and "bundled Part B claim" in text and "drug only" in text
    assert "What this does not capture" in text
