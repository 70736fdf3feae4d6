"""The state table (states.yaml through pricing/defaults/states.py): complete, adding up, sourced.

Golden figures are the source tables' own numbers (ACSBR-023 Table 1, ACS 2018 B19001 and
B27010, HIC-4_ACS and ACSBR-024), with the derivations worked by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing import defaults
from pricing.defaults import states

NON_EXPANSION = {"AL", "FL", "GA", "KS", "MS", "SC", "TN", "TX", "WI", "WY"}
ROW_COLUMNS = (
    "names",
    "households",
    "population_2018",
    "population_2023",
    "median_income",
    "gini",
    "income_brackets",
    "insurance_2018",
    "medicare_2023",
    "medicaid_under_65_2023",
    "duals_under_65_2018",
    "uninsured",
    "uninsured_2024",
    "age_65_plus",
    "medicaid_expansion",
    "medicaid_fmap",
    "poverty_region",
)


def _table() -> dict:
    return dict(defaults.load("states")["states"])


def test_fifty_states_and_dc_alphabetical() -> None:
    assert len(states.STATE_CODES) == 51
    assert list(states.STATE_CODES) == sorted(states.STATE_CODES)
    assert "DC" in states.STATE_CODES and "PR" not in states.STATE_CODES
    assert set(states.all_states()) == set(states.STATE_CODES)


@pytest.mark.parametrize("column", ROW_COLUMNS)
def test_every_column_has_every_state(column: str) -> None:
    rows = _table()[column]["by_state"]
    assert set(rows) == set(states.STATE_CODES), f"{column}: {set(rows) ^ set(states.STATE_CODES)}"
    assert all(value is not None for value in rows.values())


def test_median_2018_has_every_state() -> None:
    rows = _table()["income_brackets"]["median_2018"]["by_state"]
    assert set(rows) == set(states.STATE_CODES)


def test_source_households_add_up_to_the_source_national_total() -> None:
    # B19001 2018: the 51 totals add up exactly to the US total, 121,520,180 households.
    column = _table()["households"]
    assert sum(column["by_state"].values()) == column["national"] == 121_520_180


def test_state_households_add_up_to_the_2023_national_total_within_rounding() -> None:
    total = sum(facts.households for facts in states.all_states().values())
    # Each state is rounded to a whole household: at most 0.5 off each, 25.5 in all.
    assert abs(total - states.national_households()) <= 26
    assert states.national_households() == 131_332_360


def test_texas_households_are_its_2018_count_moved_by_its_own_growth() -> None:
    # TX people (ACS civilian noninstitutionalized): 28,243,191 (2018, B27010) -> 30,020,476
    # (2023, B27006), growth 1.062928. Households 9,776,083 (2018) x 1.062928 = 10,391,271.
    # The 51 moved counts add to 124,430,684, scaled to 131,332,360: factor 1.055466, so TX has
    # 10,391,271 x 1.055466 = 10,967,634 (the uniform 2018 scaling gave 10,565,455).
    assert states.state("TX").households == 10_967_634
    # Idaho grew fastest (1,733,484 -> 1,938,023 people, +11.8%): 640,270 x 1.117994 x 1.055466
    # = 755,521, against 691,969 under the uniform scaling.
    assert states.state("ID").households == 755_521


def test_populations_add_up_to_their_national_figures() -> None:
    # B27010 2018: the 51 totals add up exactly to the US total, 322,249,485. The 2023 national
    # figure is the sum of the rows (329,987,997), so this only checks that no row went missing.
    table = _table()
    assert sum(table["population_2018"]["by_state"].values()) == 322_249_485
    assert sum(table["population_2023"]["by_state"].values()) == 329_987_997
    assert states.population("TX") == 30_020_476


@pytest.mark.parametrize("code", states.STATE_CODES)
def test_households_per_person_stay_the_2018_figure(code: str) -> None:
    # The rule moves households with people: a state's households per person in 2023, before the
    # one national factor, equal its 2018 figure; after it, they differ from 2018 only by that
    # factor (the same for every state, within one household of rounding).
    table = _table()
    per_person_2018 = (
        table["households"]["by_state"][code] / table["population_2018"]["by_state"][code]
    )
    per_person_2023 = states.state(code).households / states.population(code)
    factor = per_person_2023 / per_person_2018
    assert factor == pytest.approx(131_332_360 / 124_430_683.85, abs=1e-5 + 1 / 250_000)


def test_households_moved_away_from_the_2018_shares_where_people_moved() -> None:
    # Under the uniform scaling every state kept its 2018 share; now the fast-growing states
    # gain share and the shrinking ones lose it.
    counts_2018 = _table()["households"]["by_state"]
    share_2018 = {code: n / 121_520_180 for code, n in counts_2018.items()}
    share_now = {code: f.households / 131_332_360 for code, f in states.all_states().items()}
    for code in ("ID", "UT", "TX", "FL"):
        assert share_now[code] > share_2018[code] * 1.03, code
    for code in ("WV", "IL", "CA", "DC"):
        assert share_now[code] < share_2018[code] * 0.97, code


def test_incomes_read_back_from_acsbr_023() -> None:
    # Table 1 of ACSBR-023, 2023 ACS: MA $99,858 and Gini 0.488; MS $54,203; US $77,719, 0.483.
    assert states.state("MA").median_income == 99_858
    assert states.state("MA").gini == pytest.approx(0.488)
    assert states.state("MS").median_income == 54_203
    assert states.national_figure("median_income") == 77_719
    assert states.national_figure("gini") == pytest.approx(0.483)


def test_uninsured_2024_read_back_from_hic4_and_acsbr_024() -> None:
    # HIC-4_ACS 2024, the figures ACSBR-024 also gives: TX 16.7%, MA 2.8%, UT 8.3%.
    assert states.state("TX").insurance["none"] == pytest.approx(0.167)
    assert states.state("MA").insurance["none"] == pytest.approx(0.028)
    assert states.uninsured_rate("TX") == (pytest.approx(0.167), 2024)
    assert states.uninsured_rate("UT") == (pytest.approx(0.083), 2024)
    # Georgia reads its 2024 rate, 12.0% (HIC-4_ACS), no longer its 2022 rate of 11.7%.
    assert states.uninsured_rate("GA") == (pytest.approx(0.120), 2024)
    assert states.state("GA").insurance["none"] == pytest.approx(0.120)
    # DC (4.5%) and the extremes USAFacts names: MA lowest, TX highest.
    rates = {code: states.uninsured_rate(code)[0] for code in states.STATE_CODES}
    assert rates["DC"] == pytest.approx(0.045)
    assert min(rates, key=rates.__getitem__) == "MA"
    assert max(rates, key=rates.__getitem__) == "TX"


@pytest.mark.parametrize("code", states.STATE_CODES)
def test_every_state_reads_its_2024_uninsured_rate(code: str) -> None:
    # The engine's rate is the 2024 row for every state (none falls back to 2022).
    rate, year = states.uninsured_rate(code)
    assert year == 2024
    assert rate == _table()["uninsured_2024"]["by_state"][code]
    assert states.insurance_detail(code)["none"] == rate


def test_2024_uninsured_counts_match_usafacts() -> None:
    # USAFacts on the 2024 release: nine states above 10%, six states plus DC at or below 5%.
    rows = _table()["uninsured_2024"]["by_state"]
    above = {code for code, rate in rows.items() if rate > 0.10}
    at_most_5 = {code for code, rate in rows.items() if rate <= 0.05}
    assert above == {"TX", "GA", "OK", "NV", "AK", "FL", "AZ", "WY", "NM"}
    assert at_most_5 == {"MA", "HI", "VT", "NH", "RI", "NY", "DC"}


def test_2022_uninsured_rates_rebuild_the_2022_national_rate() -> None:
    # Becker's list of the ACS 2022 rates gives the nation 8.0%. Weighting the 51 state rates
    # (one decimal each) by each state's people gives 8.06%: within 0.1 point, the rounding of
    # the state rates and the 2023 weights. A mistyped big state would miss it (TX at 6.6 for
    # 16.6 would move the nation 0.9 point).
    rows = _table()["uninsured"]["by_state"]
    rebuilt = states.weighted_national(lambda code: float(rows[code]))
    assert rebuilt == pytest.approx(states.national_figure("uninsured"), abs=0.001)


def test_2024_uninsured_rates_rebuild_the_2024_national_rate() -> None:
    # ACSBR-024: 8.2% in 2024. The 51 rows of 2024 times each state's people (population_2023)
    # add to 26,994,417 uninsured of 329,987,997 people: 8.180%, within 0.1 point of the
    # published rate (the state rates' one decimal and the 2023 weights). A mistyped big state
    # would miss it: TX at 6.7 for 16.7 moves the nation 30.0M / 330.0M x 10 = 0.91 point; so
    # would a state left on its 2022 rate where it moved (all 49 others on 2022 gave 8.08%).
    rebuilt = states.weighted_national(lambda code: states.uninsured_rate(code)[0])
    assert rebuilt == pytest.approx(0.0818, abs=0.00005)
    assert rebuilt == pytest.approx(states.national_figure("uninsured_2024"), abs=0.001)
    assert states.national_figure("uninsured_2024") == pytest.approx(0.082)


def test_texas_insurance_mix_by_hand() -> None:
    # none = .167 (2024); medicare = .1449 (B27006 2023); medicaid = .1437 (B27007 2023, under
    # 65) - .0076 (under-65 duals, B27010 2018) = .1361; private = 1 - .167 - .1449 - .1361 =
    # .5520, split as the 2018 row (employer .4604, direct .0605, military .0150, sum .5359):
    # employer .5520 x .4604 / .5359 = .47423, direct .5520 x .0605 / .5359 = .06232,
    # military .5520 x .0150 / .5359 = .01545.
    detail = states.insurance_detail("TX")
    assert detail["none"] == pytest.approx(0.167)
    assert detail["medicare"] == pytest.approx(0.1449)
    assert detail["medicaid"] == pytest.approx(0.1361)
    assert detail["employer"] == pytest.approx(0.47423, abs=1e-5)
    assert detail["direct"] == pytest.approx(0.06232, abs=1e-5)
    assert detail["military"] == pytest.approx(0.01545, abs=1e-5)
    assert states.state("TX").insurance["commercial"] == pytest.approx(0.5520)


def test_expansions_since_2018_show_in_the_medicaid_share() -> None:
    # Virginia (2019) and Oklahoma (2021) expanded after 2018: their Medicaid share is above
    # the 2018 hierarchy's (VA .1130, OK .1623 in insurance_2018).
    table = _table()["insurance_2018"]["by_state"]
    for code in ("VA", "OK"):
        assert states.state(code).insurance["medicaid"] > table[code]["medicaid"] + 0.02


@pytest.mark.parametrize("code", states.STATE_CODES)
def test_insurance_shares_are_shares_and_add_to_one(code: str) -> None:
    mix = states.state(code).insurance
    assert set(mix) == set(defaults.INSURANCE_KINDS)
    assert all(0.0 <= share <= 1.0 for share in mix.values())
    assert sum(mix.values()) == pytest.approx(1.0, abs=1e-12)
    detail = states.insurance_detail(code)
    assert set(detail) == set(states.DETAILED_KINDS)
    assert sum(detail.values()) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("code", states.STATE_CODES)
def test_source_rows_add_up(code: str) -> None:
    table = _table()
    # The file's rounded rows each add to 1 (the largest share absorbs the rounding).
    assert sum(table["insurance_2018"]["by_state"][code].values()) == pytest.approx(1.0, abs=1e-9)
    assert sum(table["income_brackets"]["by_state"][code]) == pytest.approx(1.0, abs=1e-9)
    assert 0.0 < table["uninsured"]["by_state"][code] < 0.25
    assert 0.0 < table["uninsured_2024"]["by_state"][code] < 0.25
    assert 0.05 < table["age_65_plus"]["by_state"][code] < 0.25
    assert 0.08 < table["medicare_2023"]["by_state"][code] < 0.30
    assert 0.03 < table["medicaid_under_65_2023"]["by_state"][code] < 0.35
    assert 0.0 <= table["duals_under_65_2018"]["by_state"][code] < 0.03


@pytest.mark.parametrize("code", states.STATE_CODES)
def test_brackets_are_contiguous_and_centred_on_the_2023_median(code: str) -> None:
    facts = states.state(code)
    brackets = facts.income_brackets
    assert brackets is not None and len(brackets) == 16
    assert brackets[0][0] == 0.0
    for (_, high, _), (low, _, _) in zip(brackets, brackets[1:], strict=False):
        assert high == pytest.approx(low)
    assert all(low < high and 0.0 <= share <= 1.0 for low, high, share in brackets)
    # The edges move by median 2023 / median 2018, so the median read off the brackets (linear
    # inside the bracket holding the 50% point) lands near the published 2023 median: the 2018
    # brackets' own median and B19013's 2018 median differ only by the interpolation.
    cumulative = 0.0
    for low, high, share in brackets:
        if cumulative + share >= 0.5:
            median = low + (0.5 - cumulative) / share * (high - low)
            break
        cumulative += share
    assert median == pytest.approx(facts.median_income, rel=0.05)


def test_medicaid_expansion_matches_kff() -> None:
    not_adopted = {
        code for code, facts in states.all_states().items() if not facts.medicaid_expansion
    }
    assert not_adopted == NON_EXPANSION
    # KFF (2026-01-14): 41 states including DC have adopted; the rows agree with the count.
    adopted = [f for f in states.all_states().values() if f.medicaid_expansion]
    assert len(adopted) == states.national_figure("medicaid_expansion") == 41
    assert states.state_sources()["medicaid_expansion"]["as_of"] == dt.date(2026, 1, 14)
    assert states.row_note("medicaid_expansion", "GA") is not None
    assert states.row_note("medicaid_expansion", "NY") is None


FLOOR_STATES = {"CA", "CO", "CT", "MA", "MD", "NH", "NJ", "NY", "WA", "WY"}


def test_fmap_read_back_from_the_fy2026_notice() -> None:
    # FR Doc 2024-27910 (FY2026): DC 70% by statute; the ten states at the 50% floor;
    # Mississippi highest at 76.90%; every state within the statutory 50%-83%. TX 59.83%.
    rows = _table()["medicaid_fmap"]["by_state"]
    assert rows["DC"] == 0.70
    assert {code for code, rate in rows.items() if rate == 0.50} == FLOOR_STATES
    assert max(rows, key=rows.__getitem__) == "MS" and rows["MS"] == 0.769
    assert all(0.50 <= rate <= 0.83 for rate in rows.values())
    assert rows["TX"] == 0.5983
    found = states.state_sources()["medicaid_fmap"]
    assert found["as_of"] == dt.date(2025, 10, 1) and found["uncertain"]


def test_medicaid_federal_share_by_hand() -> None:
    # The rule (states.py medicaid_federal_share): the FMAP where the state has not expanded;
    # e x 0.90 + (1 - e) x FMAP where it has, e = 0.30 (KFF: expansion adults about 3 in 10
    # Medicaid enrollees in expansion states).
    column = _table()["medicaid_fmap"]
    assert column["expansion_fmap"]["value"] == 0.90
    assert column["expansion_group_share"]["value"] == 0.30
    assert states.expansion_group_share() == 0.30
    assert states.expansion_match() == 0.90
    # Mississippi has not expanded: its FMAP, 0.769, exactly.
    assert states.medicaid_federal_share("MS") == 0.769
    # Texas neither: 0.5983.
    assert states.medicaid_federal_share("TX") == 0.5983
    # DC expanded: 0.30 x 0.90 + 0.70 x 0.70 = 0.27 + 0.49 = 0.76.
    assert states.medicaid_federal_share("DC") == pytest.approx(0.76)
    # California, a floor state that expanded: 0.27 + 0.70 x 0.50 = 0.27 + 0.35 = 0.62.
    assert states.medicaid_federal_share("CA") == pytest.approx(0.62)
    # Wyoming, a floor state that has not: 0.50, the lowest share of all.
    assert states.medicaid_federal_share("WY") == 0.50
    # West Virginia: 0.27 + 0.70 x 0.7422 = 0.27 + 0.51954 = 0.78954, the highest (above MS).
    assert states.medicaid_federal_share("WV") == pytest.approx(0.78954)
    shares = {code: states.medicaid_federal_share(code) for code in states.STATE_CODES}
    assert max(shares, key=shares.__getitem__) == "WV"


@pytest.mark.parametrize("code", states.STATE_CODES)
def test_expansion_lifts_the_share_toward_the_expansion_match(code: str) -> None:
    fmap = _table()["medicaid_fmap"]["by_state"][code]
    share = states.medicaid_federal_share(code)
    if code in NON_EXPANSION:
        assert share == fmap
    else:
        assert fmap < share < 0.90


def test_national_medicaid_federal_share_is_the_states_weighted_by_medicaid_people() -> None:
    # Each state's share x its Medicaid people (population_2023 x its Medicaid share of the
    # insurance mix), summed over the 51: 38,602,298 of 58,842,671 people = 0.6560. Between
    # the floor and the expansion match, and below FY2023's 68.9% spending-weighted average,
    # which carried part of the pandemic-era 6.2-point increase.
    national = states.national_medicaid_federal_share()
    assert 0.5 < national < 0.9
    assert national == pytest.approx(0.6560, abs=5e-5)
    # Texas' Medicaid people: 30,020,476 x .1361 = 4,085,787 (test_texas_insurance_mix_by_hand).
    assert states.medicaid_people("TX") == pytest.approx(30_020_476 * 0.1361)
    # Strictly between the lowest state share (WY, 0.50) and the highest (WV, 0.78954).
    assert min(states.medicaid_federal_share(c) for c in states.STATE_CODES) < national
    assert national < max(states.medicaid_federal_share(c) for c in states.STATE_CODES)


def test_poverty_regions() -> None:
    regions = {code: facts.poverty_region for code, facts in states.all_states().items()}
    assert regions.pop("AK") == "alaska"
    assert regions.pop("HI") == "hawaii"
    assert set(regions.values()) == {"contiguous"}
    assert set(states.POVERTY_REGIONS) == {"contiguous", "alaska", "hawaii"}


def test_medicare_advantage_share_is_none_until_a_state_table_is_read() -> None:
    assert all(f.medicare_advantage_share is None for f in states.all_states().values())


def test_every_column_is_sourced_dated_and_flags_what_is_uncertain() -> None:
    known = defaults.sources()
    found = states.state_sources()
    assert set(found) == set(states.COLUMNS)
    for name, column in found.items():
        assert column["unit"] and column["as_of"], name
        assert column["source"] in known, name
        assert column["title"] == known[column["source"]]["title"]
        assert str(column["url"]).startswith("https://"), name
    # The derived or stale columns say so.
    for name in (
        "households",
        "income_brackets",
        "insurance_2018",
        "duals_under_65_2018",
        "uninsured_2024",
        "medicaid_fmap",
    ):
        assert found[name]["uncertain"] and found[name]["note"], name


@given(st.text(alphabet=string.ascii_letters, min_size=0, max_size=3))
def test_unknown_codes_raise_one_clear_value_error(code: str) -> None:
    if code in states.STATE_CODES:
        assert states.state(code).code == code
        return
    with pytest.raises(ValueError, match=r"^unknown state "):
        states.state(code)


def test_lowercase_is_not_a_code() -> None:
    with pytest.raises(ValueError, match="unknown state 'tx'"):
        states.state("tx")


def test_the_sources_page_shows_each_table_in_one_line() -> None:
    rows = [
        e for e in defaults.entries() if e["file"] in {"states", "savings", "plan_distributions"}
    ]
    by_figure = {e["figure"]: str(e["value"]) for e in rows}
    assert by_figure["states.households"] == "51 states, one row each (states.yaml)"
    assert by_figure["states.medicare_advantage_share"] == "none (see the note)"
    assert all(len(shown) < 100 for shown in by_figure.values()), by_figure
