"""pricing.explain.sources: the prose quotes its figures from the parameters."""

from __future__ import annotations

from pricing import defaults
from pricing.defaults import medicaid
from pricing.explain import sources as words


def test_method_quotes_the_draws_parameter() -> None:
    assert f"{defaults.monte_carlo_draws():,} simulated courses" in words.method()


def test_real_bills_in_words() -> None:
    text = words.real_bills()
    for needed in ("two bills", "Medigap", "Medicare Advantage", "Part D", "Prior authorisation"):
        assert needed in text
    assert "MA, MI, MN and RI" in text  # the rebate's excluded states (spravato_billing.yaml)
    assert f"{medicaid.cost_sharing_cap():.0%} of that quarter's income" in text
    flat = " ".join(text.split())
    assert "Medicaid covers Spravato as an outpatient drug" in flat
    assert "many programmes do not" not in flat


def test_not_captured_is_up_to_date() -> None:
    text = words.not_captured()
    assert "Now modelled" in text and "Medigap letters other than G and N" in text
    # The drug price in force on the default start date (2027-01-04) is the 2026 row:
    # 56 mg 2 x 383.31 = 766.62, 84 mg 3 x 383.31 = 1,149.93 (spravato_billing.yaml).
    assert "drug price from 2026 is what Medicare pays for the drug" in " ".join(text.split())
    assert "$766.62 for 56 mg, $1,149.93 for 84 mg" in " ".join(text.split())
    assert "Medicare Advantage and Medicaid chances are assumptions" in " ".join(text.split())
    assert "45%" not in text  # issue 14, defect 5: no coverage share for Medicaid
    assert "Alaska and Hawaii have higher poverty guidelines" not in text  # modelled now


def test_sources_table_filters() -> None:
    table = words.sources_table()
    uncertain = words.filter_sources(table, words.source_files(table), only_uncertain=True)
    assert 0 < len(uncertain) < len(table) and uncertain["uncertain"].all()
    assert words.shown_caption(uncertain, table).endswith(f"of {len(table)} sourced figures shown.")
