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


def test_not_captured_is_up_to_date() -> None:
    text = words.not_captured()
    assert "Now modelled" in text and "Medigap letters other than G and N" in text
    assert "2019 launch price" in text  # as_of of spravato_billing.drug_price
    assert "sourced for OH" in text
    assert "Alaska and Hawaii have higher poverty guidelines" not in text  # modelled now


def test_sources_table_filters() -> None:
    table = words.sources_table()
    uncertain = words.filter_sources(table, words.source_files(table), only_uncertain=True)
    assert 0 < len(uncertain) < len(table) and uncertain["uncertain"].all()
    assert words.shown_caption(uncertain, table).endswith(f"of {len(table)} sourced figures shown.")
