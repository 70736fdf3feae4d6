"""Access and equity: a simulated population, its out-of-pocket costs and who is priced out.

Modules, bottom up (each imports only those above it):
- `uncertainty`: parameter draws of the figures the defaults mark uncertain;
- `savings`: households' liquid savings drawn by income group (savings.yaml, the SCF table);
- `population`: households drawn with a seed from the sourced mix (population.yaml), plan terms
  from the published distributions (`plans`), Medicare cover (`medicare`); `states`: a state's
  mix from the state table; `handmade`: populations given household by household;
- `reforms`: the policy levers as one combinable Reforms value;
- `coverage`: who covers and approves a treatment; `costs`: a named course's claims settled for
  every household through pricing.ledger.settle (`secondary`: Medicare first, retiree cover
  second);
- `affordability`: the WHO / World Bank tests (share of income or of capacity to pay) and the
  savings test (savings plus a share of income);
- `tally` and `summary`: counts and sums of a chunk, merged, and the figures (cost by payer,
  people newly able, the stack, bands);
- `evaluation`: baseline against reforms over the same households; a file's run settings;
- `runner` and `study`: the chunked run (in process, local processes, Dask) and its figures;
- `page_data`: what the Access & equity page shows (its sentences: pricing.explain.equity).

The CLI command is pricing/cli/equity.py. The public names are re-exported here.
"""

from __future__ import annotations

from pricing.equity.affordability import (
    DEFAULT_THRESHOLD,
    RULES,
    Threshold,
    affordable,
    affordable_for,
    capacity_to_pay,
    cost_share,
    default_threshold,
    median_share_table,
    priced_out_table,
    share_distribution,
    threshold_of,
    thresholds,
)
from pricing.equity.costs import (
    CHUNK_HOUSEHOLDS,
    COURSES,
    Costs,
    CourseClaims,
    course_claims,
    course_phases,
    household_terms,
    out_of_pocket,
    settle_population,
)
from pricing.equity.evaluation import (
    EquityReport,
    EquityRun,
    ReformOutcome,
    evaluate,
    newly_affordable,
    price_sweep,
    run_settings,
)
from pricing.equity.handmade import households
from pricing.equity.page_data import PageChoices, PageData, page_choices, page_data, sweep_prices
from pricing.equity.population import (
    KIND_CODE,
    KINDS,
    TREATMENTS,
    Population,
    PopulationMix,
    band_edges,
    band_labels,
    band_of,
    check_households,
    make_population,
    poverty_guidelines,
    validate_mix,
)
from pricing.equity.reforms import (
    LEVER_NAMES,
    Reforms,
    SlidingScale,
    active_levers,
    lever,
    lever_defaults,
    levers,
    reforms_from_section,
)

__all__ = [
    "CHUNK_HOUSEHOLDS",
    "COURSES",
    "DEFAULT_THRESHOLD",
    "KINDS",
    "KIND_CODE",
    "LEVER_NAMES",
    "RULES",
    "TREATMENTS",
    "CourseClaims",
    "Costs",
    "EquityReport",
    "EquityRun",
    "PageChoices",
    "PageData",
    "Population",
    "PopulationMix",
    "ReformOutcome",
    "Reforms",
    "SlidingScale",
    "Threshold",
    "active_levers",
    "affordable",
    "affordable_for",
    "band_edges",
    "band_labels",
    "band_of",
    "capacity_to_pay",
    "check_households",
    "cost_share",
    "course_claims",
    "course_phases",
    "default_threshold",
    "evaluate",
    "household_terms",
    "households",
    "lever",
    "lever_defaults",
    "levers",
    "make_population",
    "median_share_table",
    "newly_affordable",
    "out_of_pocket",
    "page_choices",
    "page_data",
    "poverty_guidelines",
    "price_sweep",
    "priced_out_table",
    "reforms_from_section",
    "run_settings",
    "settle_population",
    "share_distribution",
    "sweep_prices",
    "threshold_of",
    "thresholds",
    "validate_mix",
]
