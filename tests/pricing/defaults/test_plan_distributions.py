"""Plan-term distributions (plan_distributions.yaml): bands that add up, read back, hand-checked."""

from __future__ import annotations

import pytest

from pricing.defaults import plan_distributions as plans

BANDED = (
    plans.employer_oop_max_bands,
    plans.medicare_advantage_moop_bands,
    plans.employer_deductible_bands,
)


def _median(bands: tuple[tuple[float, float, float], ...]) -> float:
    cumulative = 0.0
    for low, high, share in bands:
        if cumulative + share >= 0.5:
            return low + (0.5 - cumulative) / share * (high - low)
        cumulative += share
    raise AssertionError("shares do not reach one half")


@pytest.mark.parametrize("bands_of", BANDED, ids=lambda f: f.__name__)
def test_bands_are_ordered_contiguous_and_add_to_one(bands_of) -> None:  # type: ignore[no-untyped-def]
    bands = bands_of()
    assert sum(share for _, _, share in bands) == pytest.approx(1.0, abs=1e-12)
    assert all(0.0 <= share <= 1.0 and low <= high for low, high, share in bands)
    for (_, high, _), (low, _, _) in zip(bands, bands[1:], strict=False):
        assert high == pytest.approx(low) or (high == 0.0 and low == 0.0)


def test_employer_oop_max_reads_back_kff_2024() -> None:
    # 14% under $2,000, 24% above $6,000, the rest (62%) between; floor $1,000, ceiling $10,600.
    assert plans.employer_oop_max_bands() == (
        (1000.0, 2000.0, 0.14),
        (2000.0, 6000.0, 0.62),
        (6000.0, 10600.0, 0.24),
    )
    # Uniform inside bands: 0.14 x 1,500 + 0.62 x 4,000 + 0.24 x 8,300 = 210 + 2,480 + 1,992.
    mean = sum(share * (low + high) / 2 for low, high, share in plans.employer_oop_max_bands())
    assert mean == pytest.approx(4682.0)


def test_medicare_advantage_bands_carry_the_published_median() -> None:
    bands = plans.medicare_advantage_moop_bands()
    # AHIP 2025: 20% of plans at $3,500 or less, 52% above $5,000.
    assert sum(s for low, high, s in bands if high <= 3500) == pytest.approx(0.20)
    assert sum(s for low, high, s in bands if low >= 5000) == pytest.approx(0.52)
    # 48% at or below $5,000 and 2% between $5,000 and $5,400: the median is $5,400 (Avalere).
    assert _median(bands) == pytest.approx(plans.medicare_advantage_moop_median(2025))
    assert bands[-1][1] == 9350.0  # the 2025 CMS ceiling
    assert plans.medicare_advantage_moop_median(2026) == 5900.0
    assert plans.medicare_advantage_moop_median(2019) is None


def test_employer_deductible_bands_follow_the_log_normal_through_kff_mean() -> None:
    bands = plans.employer_deductible_bands()
    # 13% with no general deductible (KFF 2024: 87% have one).
    assert bands[0] == (0.0, 0.0, pytest.approx(0.13))
    # The rest: log-normal, mean $1,787, log spread 0.6, so log-median ln 1,787 - 0.18 = 7.3083;
    # P(under $500) = Phi((ln 500 - 7.3083) / 0.6) = Phi((6.2146 - 7.3083) / 0.6) = Phi(-1.8229)
    # = 0.03416; of all workers 0.87 x 0.03416 = 0.02972.
    assert bands[1][:2] == (0.0, 500.0)
    assert bands[1][2] == pytest.approx(0.02972, abs=2e-4)
    # Under $2,000 with a deductible: Phi((7.6009 - 7.3083) / 0.6) = Phi(0.4877) = 0.6871.
    under_2000 = sum(s for low, high, s in bands[1:] if high <= 2000)
    assert under_2000 == pytest.approx(0.87 * 0.6871, abs=2e-3)


def test_medicare_supplement_split_is_medicare_yaml_s() -> None:
    split = plans.medicare_supplement_split()
    assert split == {"medigap": 0.42, "employer": 0.31, "medicaid": 0.16, "none": 0.11}
    assert sum(split.values()) == pytest.approx(1.0)


def test_every_table_is_sourced_and_flags_its_uncertainty() -> None:
    found = plans.distribution_sources()
    assert set(found) == {"employer_oop_max", "employer_deductible", "medicare_advantage_moop"}
    assert all(entry["uncertain"] and entry["note"] for entry in found.values())
