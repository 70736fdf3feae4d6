"""The ledger: dated claims to who pays what (docs/method.md rules 1-5 and 8-14).

- `model`: Claims, PlanTerms, Settlement and the codes they use;
- `settle`: settles a batch of courses claim by claim (numpy over the batch), one function per
  rule; `records`: the terms, accumulators and claim column it reads and writes;
- `from_scenario`: a scenario's claims and terms (each plan year's figures, rule 14; the drug's
  part of a bundled claim, rule 9), and who the programmes help;
- `prices`: the bounds and Monte Carlo prices per component (and per price period);
- `many`: many different scenarios in one batch.
"""

from pricing.ledger.from_scenario import (
    claim_lines,
    claims_for,
    coverage_codes,
    last_day,
    plan_year_index,
    programme_applies,
    quarter_index,
    rebate_applies,
    split_bill,
    terms_for,
)
from pricing.ledger.model import (
    CENT_FRACTION,
    CLAIM_FIELDS,
    COMPONENT_FIELDS,
    COVERAGE_CODES,
    DRUG,
    IN_NETWORK,
    INTAKE,
    NOT_COVERED,
    OUT_OF_NETWORK,
    THERAPY,
    TOTAL_FIELDS,
    TREATMENT,
    YEARLY_TERMS,
    BoolArray,
    Claims,
    FloatArray,
    IntArray,
    PlanTerms,
    Settlement,
)
from pricing.ledger.settle import settle

__all__ = [
    "CENT_FRACTION",
    "CLAIM_FIELDS",
    "COMPONENT_FIELDS",
    "COVERAGE_CODES",
    "DRUG",
    "INTAKE",
    "THERAPY",
    "TREATMENT",
    "YEARLY_TERMS",
    "IN_NETWORK",
    "NOT_COVERED",
    "OUT_OF_NETWORK",
    "TOTAL_FIELDS",
    "BoolArray",
    "Claims",
    "FloatArray",
    "IntArray",
    "PlanTerms",
    "Settlement",
    "claim_lines",
    "claims_for",
    "coverage_codes",
    "last_day",
    "plan_year_index",
    "programme_applies",
    "quarter_index",
    "rebate_applies",
    "settle",
    "split_bill",
    "terms_for",
]
