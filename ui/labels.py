"""Display labels: the words a person reads for the engine's names (the one place for them).

The engine, the CLI and the tables keep the engine's names (`patient`, `insurer`, `assistance`,
`write_off`; components `intake`, `drug`, `treatment`, `therapy`); charts and pages show these.
"""

from __future__ import annotations

# Who pays, in Estimate.by_component()'s column order after `billed`.
PAYERS = {
    "patient": "You pay",
    "insurer": "Your insurer",
    "assistance": "Manufacturer programme and rebates",
    "write_off": "Written off by the clinic",
}

COMPONENTS = {
    "intake": "Intake visit",
    "drug": "The drug",
    "treatment": "Treatment sessions",
    "therapy": "Therapy sessions",
    "time_and_travel": "Time and travel",
}
# On a split Spravato bill the treatment claim is the clinic's visit, not the whole session.
SPLIT_COMPONENTS = {**COMPONENTS, "treatment": "The visit (observation)"}

# Estimate.cumulative()'s columns.
BOUNDS = {
    "low": "All prices at the low quote",
    "mid": "Midpoint prices",
    "high": "All prices at the high quote",
    "p10": "1 in 10 simulated courses below",
    "p50": "Middle simulated course",
    "p90": "9 in 10 simulated courses below",
}

HEADLINE_METRICS = {
    "billed": "The clinic bills",
    "insurer": "Your insurer pays",
    "assistance": "Programmes and rebates pay",
    "time_and_travel": "Time and travel cost you",
}


def component(name: str, split_bill: bool = False) -> str:
    """A component's label; the treatment claim is 'the visit' when the drug is billed apart."""
    return (SPLIT_COMPONENTS if split_bill else COMPONENTS).get(name, name.replace("_", " "))


def payer(name: str) -> str:
    return PAYERS.get(name, name.replace("_", " "))
