"""Cost by payer (pricing.equity.tally and summary): hand-worked reforms on the six households of
conftest.py, the payers adding up to the change in spending, and the stack's marginal effects.

Spending counts the courses of those who take one, i.e. can afford it; each course is valued at
the baseline's billed amount, the clinics' line being what the others leave of it. Each sample
household stands for one person here (evaluate()). 10% of income limits: H1 2,000, H2/H3 10,000,
H4/H5 1,200, H6 3,100. Baseline (test_costs.py): H1 uninsured 13,350 (priced out); H2 400; H3 420;
H4 Medicaid 100; H5 Medicaid refused 13,054 (priced out); H6 Original Medicare 3,000.80.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.defaults import states
from pricing.equity import Population, evaluate, lever, levers, make_population, run_settings
from pricing.equity.affordability import affordable_for, threshold_of
from pricing.equity.costs import settle_population
from pricing.equity.runner import chunks, run_chunk
from pricing.equity.study import plan_of
from pricing.equity.tally import PAYER, PAYERS
from tests.pricing.equity.conftest import CAP_8000

# evaluate() has no state: Medicaid splits at the national share rebuilt from the states, each
# state's share weighted by its Medicaid people: 0.6560 (tests/pricing/defaults/test_states.py;
# until the states had their own shares, one national FY2023 average, 0.689).
FEDERAL = states.national_medicaid_federal_share()


def _report(six: Population, **reforms):  # type: ignore[no-untyped-def]
    return evaluate(six, ["spravato"], "induction", "income_10", reforms)


def test_out_of_pocket_cap_shifts_cost_to_the_plan(six: Population) -> None:
    # $2,000 a year: H6 pays 2,000 and Medicare the other 1,000.80; H5 (refused, not a taker)
    # would pay 2,000, still above its 1,200; H1 is uninsured. Nobody newly reached: spending
    # moves from patients to Medicare and its total does not change.
    cap = CAP_8000.combine(levers(["oop_cap"]))
    figures = _report(six, cap=cap).figures["reforms"]["cap"]
    cost = figures["cost"]["spravato"]
    assert cost["patients"] == pytest.approx(-1_000.80)
    assert cost["medicare"] == pytest.approx(1_000.80)
    assert cost["total"] == pytest.approx(0.0, abs=1e-6)
    assert figures["newly_affordable_people"]["spravato"] == 0


def test_state_subsidy_by_payer(six: Population) -> None:
    # Below 250% of poverty the state pays above 5% of income. H1 (125%): 13,350 -> 1,000 (the
    # state 12,350), newly able. H5 (75%): 13,054 -> 600 (the state 12,454), newly able; its
    # Medicaid paid the intake, 300 - 4 = 296. H6 (143%): 3,000.80 -> 1,550 (the state
    # 1,450.80), already able. Newly reached courses: 2 x 13,350 = 26,700.
    subsidy = CAP_8000.combine(levers(["state_subsidy"]))
    figures = _report(six, subsidy=subsidy).figures["reforms"]["subsidy"]
    cost = figures["cost"]["spravato"]
    assert figures["newly_affordable_people"]["spravato"] == 2
    assert cost["state_programme"] == pytest.approx(12_350 + 12_454 + 1_450.80)
    assert cost["patients"] == pytest.approx(1_000 + 600 - 1_450.80)
    assert cost["medicaid_federal"] == pytest.approx(296 * FEDERAL)
    assert cost["medicaid_state"] == pytest.approx(296 * (1 - FEDERAL))
    assert cost["total"] == pytest.approx(26_700)
    # Per person reached, the state: (12,350 + 12,454) / 2 = 12,402.
    assert figures["cost_per_person_reached"]["spravato"]["state_programme"] == pytest.approx(
        12_402
    )
    split = figures["cost_breakdown"]["spravato"]
    assert split["already_able"]["state_programme"] == pytest.approx(1_450.80)
    assert split["newly_able"]["total"] == pytest.approx(26_700)


def test_stack_marginal_and_total(six: Population) -> None:
    # Ban accumulators first: H3 pays 400, not 420 (already able): the manufacturer pays 1,266
    # less, commercial insurers 1,286 more, H3 20 less: no change in the total. Then Medicaid
    # approves every request: H5 is reached (100; Medicaid 13,250), +13,350.
    ban = CAP_8000.combine(levers(["ban_accumulators"]))
    approve = CAP_8000.combine(levers(["medicaid_covers_spravato"]))
    figures = _report(six, ban=ban, approve=approve).figures
    first, second = figures["stack"]
    assert first["reform"] == "ban" and second["reform"] == "approve"
    assert first["newly_affordable_people"]["spravato"] == 0
    assert first["cost"]["spravato"]["manufacturer"] == pytest.approx(-1_266)
    assert first["cost"]["spravato"]["commercial_insurers"] == pytest.approx(1_286)
    assert second["newly_affordable_people"]["spravato"] == 1
    assert second["cost"]["spravato"]["medicaid_federal"] == pytest.approx(13_250 * FEDERAL)
    assert second["cost"]["spravato"]["total"] == pytest.approx(13_350)
    assert second["total_cost"]["spravato"]["total"] == pytest.approx(13_350)
    assert second["total_newly_affordable_people"]["spravato"] == 1
    # The stack's last step is both reforms together; its total is that reform's own effect.
    assert figures["ranking"]["spravato"] == ["approve", "ban"]


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    names=st.lists(
        st.sampled_from(
            [
                "coverage_parity",
                "price_cap",
                "sliding_scale",
                "oop_cap",
                "state_subsidy",
                "medicaid_covers_iv",
                "manufacturer_all_kinds",
            ]
        ),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    modality=st.sampled_from(["spravato", "iv_ketamine", "kap_lozenge"]),
)
def test_payers_add_up_to_the_change_in_spending(
    seed: int, names: list[str], modality: str
) -> None:
    # Computed apart from the tally: the change in spending is the list value (the baseline's
    # billed amount) of the courses taken after the reform less those taken before.
    pop = make_population(400, seed)
    reform = levers(names)
    before = settle_population(pop, modality, "typical")
    after = settle_population(pop, modality, "typical", reforms=reform)
    test = threshold_of(None)
    able_before = affordable_for(pop, before.patient, test)
    able_after = affordable_for(pop, after.patient, test)
    change = float((before.billed * able_after).sum() - (before.billed * able_before).sum())
    figures = evaluate(pop, [modality], "typical", test, {"r": reform}).figures
    cost = figures["reforms"]["r"]["cost"][modality]
    assert sum(cost[p] for p in PAYERS) == pytest.approx(cost["total"])
    assert cost["total"] == pytest.approx(change, abs=1e-6 * max(1.0, abs(change)))
    # Nobody pays a negative amount for a course, whoever takes it.
    assert np.all(after.patient >= -1e-9) and np.all(after.state_paid >= 0)


def test_a_state_chunk_splits_medicaid_at_its_own_federal_share() -> None:
    # Mississippi (no expansion) pays at its FMAP, 0.769; California (expansion, 50% floor) at
    # 0.30 x 0.90 + 0.70 x 0.50 = 0.62. Medicaid covering IV ketamine gives each state's
    # Medicaid households bills to split: federal + state = the Medicaid dollars, and the
    # federal part is the state's share of them, in every scenario and treatment.
    settings = run_settings(None, 400)
    settings.states = ("CA", "MS")
    settings.treatments = ("iv_ketamine",)
    settings.reforms = {"iv": lever("medicaid_covers_iv")}
    settings.uncertainty = 1
    plan = plan_of(settings)
    federal, medicaid = PAYER["medicaid_federal"], PAYER["medicaid_state"]
    expected = {"CA": 0.62, "MS": 0.769}
    drawn: dict[str, float] = {}
    for chunk in chunks(plan):
        tally = run_chunk(chunk)
        paid = tally.payers[..., federal] + tally.payers[..., medicaid]
        assert paid.sum() > 0, chunk.state
        share = tally.payers[..., federal].sum() / paid.sum()
        if chunk.draw == 0:
            assert share == pytest.approx(expected[chunk.state])
            assert tally.payers[..., federal] == pytest.approx(expected[chunk.state] * paid)
        else:
            drawn[chunk.state] = share
    # A parameter draw scales every state's share by the same factor (one draw of the
    # uncertain medicaid_fmap column), so the states keep their order and ratio.
    assert drawn["CA"] / 0.62 == pytest.approx(drawn["MS"] / 0.769)
    assert drawn["CA"] != pytest.approx(0.62)


def test_every_payer_is_reported_even_when_zero(six: Population) -> None:
    figures = _report(six, none=dataclasses.replace(CAP_8000)).figures
    assert list(figures["reforms"]["none"]["cost"]["spravato"]) == [*PAYERS, "total"]
