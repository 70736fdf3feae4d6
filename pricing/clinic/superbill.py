"""Out-of-network clients: what the clinic's superbill does for the clinic and for its clients.

A client in `payer_mix.out_of_network` pays the clinic's price up front; their plan later
reimburses them part of it on the clinic's superbill (docs/method.md rule 4, with the section's
`out_of_network_terms`, by default insurance.yaml's employer plan).
- For the clinic nothing changes: the client pays cash like a self-pay client
  (pricing.clinic.terms), so revenue is what it would be if they paid for themselves
  (`revenue_if_self_pay`, shown beside it).
- For the client the net cost is lower. `client_example` prices one client's course through the
  Estimate itself (pricing.estimate on a scenario: commercial plan, the treatment out of network
  on these terms) against the same client with no superbill; reach (pricing.clinic.reach) settles
  the market's households the same way, through the same ledger.
The example's course is the one reach prices (`REACH_COURSE`: the treatment's first series, with
intake and therapy at their default prices), at the price a client pays per session (a package
when cheaper), without the sliding scale. Nothing here imports streamlit or plotly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pricing import course
from pricing.clinic.economics import analyse
from pricing.clinic.reach import REACH_COURSE, client_price_factor
from pricing.clinic.terms import superbill_of
from pricing.defaults import clinic as clinic_defaults
from pricing.estimate import BOUNDS, estimate
from pricing.scenario import ClinicSection, from_dict
from pricing.scenario.clinic_section import PayerMix

MID = BOUNDS.index("mid")


@dataclass(frozen=True)
class ClientExample:
    """One out-of-network client's course, with the superbill and without it (mid prices)."""

    treatment: str
    modality: str
    course: str  # the course in words (pricing.course.describe_named)
    price_per_session: float  # what the client pays per treatment session
    charged: float  # the whole course: intake, treatment sessions, therapy
    net_cost_without_superbill: float
    net_cost: float  # after the plan's reimbursement

    @property
    def reimbursed(self) -> float:
        """What the superbill brings the client back over the course."""
        return self.net_cost_without_superbill - self.net_cost

    def summary(self) -> dict[str, Any]:
        return {
            "treatment": self.treatment,
            "modality": self.modality,
            "course": self.course,
            "price_per_session": self.price_per_session,
            "charged": self.charged,
            "net_cost_without_superbill": self.net_cost_without_superbill,
            "reimbursed": self.reimbursed,
            "net_cost": self.net_cost,
        }


def _client_course(section: ClinicSection, index: int, coverage: str) -> tuple[float, float]:
    """(charged, out of pocket) at mid prices for a commercially insured client of offering
    `index` whose treatment claims have `coverage`, through pricing.estimate."""
    offering = section.offerings[index]
    raw = {
        "version": 1,
        "modality": offering.modality,
        # A price and no drug: one claim a session (Spravato bought and billed is one bundle).
        "treatment": {
            "price": offering.price * client_price_factor(offering),
            "phases": course.named(offering.modality, REACH_COURSE),
        },
        "insurance": {
            "kind": "commercial",
            "coverage": {"treatment": coverage},
            "out_of_network": section.out_of_network_terms.model_dump(),
        },
    }
    settled = estimate(from_dict(raw), draws=0).settlement.totals
    return float(settled["billed"][MID]), float(settled["patient"][MID])


def client_example(section: ClinicSection, index: int) -> ClientExample:
    """An out-of-network client of offering `index`: the course with the superbill (the
    treatment out of network, rule 4) and without it (not covered)."""
    offering = section.offerings[index]
    charged, with_bill = _client_course(section, index, "out_of_network")
    _, without = _client_course(section, index, "not_covered")
    return ClientExample(
        treatment=clinic_defaults.treatment_name(offering.modality),
        modality=offering.modality,
        course=course.describe_named(offering.modality, REACH_COURSE),
        price_per_session=offering.price * client_price_factor(offering),
        charged=charged,
        net_cost_without_superbill=without,
        net_cost=with_bill,
    )


def revenue_if_self_pay(section: ClinicSection) -> float:
    """Revenue per session if the out-of-network clients paid for themselves (no superbill)."""
    mix = section.payer_mix
    alone = PayerMix(**{**mix.model_dump(), "self_pay": mix.self_pay + mix.out_of_network,
                        "out_of_network": 0.0})  # fmt: skip
    return analyse(section.model_copy(update={"payer_mix": alone})).revenue_per_session


def superbill_summary(section: ClinicSection) -> dict[str, Any] | None:
    """The CLI's `out_of_network` object (money unrounded), or None without such clients."""
    if superbill_of(section) is None:
        return None
    revenue = analyse(section).revenue_per_session
    alone = revenue_if_self_pay(section)
    return {
        "share_of_clients": section.payer_mix.out_of_network,
        "revenue_per_session": revenue,
        "revenue_per_session_if_they_paid_themselves": alone,
        "revenue_change_per_session": revenue - alone,
        "terms": section.out_of_network_terms.model_dump(),
        "course": REACH_COURSE,
        "by_treatment": [
            client_example(section, i).summary() for i in range(len(section.offerings))
        ],
    }
