"""Medicare households as people have them (docs/method.md rule 10): the enrolment mix and the
plan terms each kind of Medicare cover settles a claim with.

Every Medicare household is drawn into one of COVERS from `pricing.defaults.medicare.enrolment()`:
Medicare Advantage (`advantage_share`); otherwise Traditional Medicare with a Medigap policy
(Plan G or Plan N, split by `medigap_plan_g_share`), employer retiree cover, Medicaid as well
(dual eligible) or nothing else, in the `traditional_cover` shares. Part D enrolment is drawn
with `part_d_share` and kept on the household.

How the bill is settled, per cover (the same rules and templates the personal estimate uses):
- original: Original Medicare alone, Part B's deductible then 20%, no cap;
- medigap_g / medigap_n: Part B with the supplement code (the ledger's Medigap rule);
- advantage: the `medicare_advantage` plan template, with its dated in-network yearly maximum;
- employer: employer retiree cover modelled as a commercial-like plan, the `employer_plan`
  template (deductible, coinsurance and its dated yearly maximum; no accumulator, no programme:
  the manufacturer programme excludes anyone on Medicare even with other cover);
- medicaid: Medicaid's cost sharing (the `medicaid` template's nominal copay) under Medicaid's
  quarterly cap of 5% of income (rule 11), Medicaid paying what Medicare leaves.

Part D: Medicare pays Spravato as one bundled Part B G-code (G2082/G2083 include the drug, the
visit and the observation; the drug must be given in a certified clinic), so every Medicare
household in the population is billed the bundled Part B claim and Part D never settles a
Spravato claim here. Part D enrolment is drawn (and tested against its share) so that a pharmacy
route could use it, but it changes no figure today: the pharmacy route (about $3,800 for the
label's course) is what a person can choose in the personal estimate, not what Medicare bills.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from pricing import defaults
from pricing.defaults import medicare
from pricing.equity.uncertainty import CENTRAL, ParameterDraw, drawn_plan
from pricing.ledger.model import MEDIGAP_G, MEDIGAP_N, NO_SUPPLEMENT

# Codes of a Medicare household's cover (the Population's `medicare_cover`; 0 elsewhere).
COVERS: tuple[str, ...] = (
    "original",
    "medigap_g",
    "medigap_n",
    "advantage",
    "employer",
    "medicaid",
)
COVER_CODE = {name: code for code, name in enumerate(COVERS)}
# The template each cover's deductible, coinsurance, copay and yearly maximum come from.
COVER_PLAN = {
    "original": "original_medicare",
    "medigap_g": "original_medicare",
    "medigap_n": "original_medicare",
    "advantage": "medicare_advantage",
    "employer": "employer_plan",
    "medicaid": "medicaid",
}
COVER_SUPPLEMENT = {"medigap_g": MEDIGAP_G, "medigap_n": MEDIGAP_N}


ENROLMENT = "medicare.medicare.enrolment"


def cover_shares(
    advantage_share: float | None = None, draw: ParameterDraw = CENTRAL
) -> dict[str, float]:
    """Share of Medicare households with each cover (sums to one), from the enrolment mix; a
    state's own Medicare Advantage share replaces the national one when given."""
    mix = medicare.enrolment()
    advantage = mix["advantage_share"] if advantage_share is None else advantage_share
    names = list(mix["traditional_cover"])
    traditional = dict(
        zip(
            names,
            draw.shares(
                f"{ENROLMENT}.traditional_cover",
                names,
                [mix["traditional_cover"][n] for n in names],
            ),
            strict=True,
        )
    )
    total = sum(traditional.values())
    g = draw.value(f"{ENROLMENT}.medigap_plan_g_share", mix["medigap_plan_g_share"], share=True)
    rest = (1.0 - advantage) / total
    return {
        "original": traditional["none"] * rest,
        "medigap_g": traditional["medigap"] * g * rest,
        "medigap_n": traditional["medigap"] * (1.0 - g) * rest,
        "advantage": advantage,
        "employer": traditional["employer"] * rest,
        "medicaid": traditional["medicaid"] * rest,
    }


def draw(
    rng: np.random.Generator,
    n: int,
    advantage_share: float | None = None,
    parameters: ParameterDraw = CENTRAL,
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """(cover code, has Part D) for `n` Medicare beneficiaries."""
    shares = cover_shares(advantage_share, parameters)
    p = np.array([shares[c] for c in COVERS])
    cumulative = np.cumsum(p / p.sum())
    cover = (rng.random(n)[:, None] >= cumulative[:-1]).sum(axis=1).astype(np.int64)
    part_d = rng.random(n) < medicare.enrolment()["part_d_share"]
    return cover, part_d


@dataclass(frozen=True)
class CoverTerms:
    """Per cover (index COVER_CODE): the plan terms as arrays, to index with a cover code."""

    deductible: NDArray[np.float64]
    coinsurance: NDArray[np.float64]
    copay: NDArray[np.float64]
    oop_max: NDArray[np.float64]
    supplement: NDArray[np.int64]
    visit_copay: NDArray[np.float64]
    medicaid_cap: NDArray[np.bool_]  # Medicaid's quarterly 5% cap applies (dual eligible)


@cache
def cover_terms(on: dt.date | None = None, parameters: ParameterDraw = CENTRAL) -> CoverTerms:
    """The terms of every cover, with the dated figures in force on `on` (default start date)
    and the uncertain ones as `parameters` has them."""
    day = defaults.default_start_date() if on is None else on
    plans = [
        defaults.plan_terms(COVER_PLAN[c], day)
        if parameters.central
        else drawn_plan(COVER_PLAN[c], parameters, day)
        for c in COVERS
    ]
    visit_copay, _ = medicare.figure("medigap_n_visit_copay", day)
    return CoverTerms(
        deductible=np.array([float(p["deductible"]) for p in plans]),
        coinsurance=np.array([float(p["coinsurance"]) for p in plans]),
        copay=np.array([float(p["copay"]) for p in plans]),
        oop_max=np.array([np.inf if p["oop_max"] is None else float(p["oop_max"]) for p in plans]),
        supplement=np.array(
            [COVER_SUPPLEMENT.get(c, NO_SUPPLEMENT) for c in COVERS], dtype=np.int64
        ),
        visit_copay=np.array([visit_copay if c == "medigap_n" else 0.0 for c in COVERS]),
        medicaid_cap=np.array([c == "medicaid" for c in COVERS]),
    )
