"""Display labels: the words a person reads for the engine's names (the one place for them).

The engine, the CLI and the tables keep the engine's names (`patient`, `insurer`, `assistance`,
`write_off`; components `intake`, `drug`, `treatment`, `therapy`); charts and pages show these.
"""

from __future__ import annotations

from pricing.explain import words as explain_words

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

# Estimate.cumulative()'s columns. The likely range: 4 in 5 of the price combinations tried (the
# simulated courses' 10th to 90th percentiles), said in plain words (issue 17).
BOUNDS = {
    "low": "All prices at the low quote",
    "mid": "Midpoint prices",
    "high": "All prices at the high quote",
    "p10": "Likely range, low end",
    "p50": "Likely range, middle",
    "p90": "Likely range, high end",
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


# Table headers in words (ui.tables.show renames every table's columns with column()). Names not
# here are said with their underscores as spaces and a capital first letter.
COLUMNS = {
    "date": "Date",
    "week": "Week of the course",
    "month": "Month",
    "component": "What the bill is for",
    "phase": "Phase",
    "coverage": "How your plan covers it",
    "price": "Price",
    "allowed": "Allowed amount",
    "deductible": "To your deductible",
    "coinsurance": "Coinsurance",
    "copay": "Copay",
    "cap_saving": "Saved by the out-of-pocket maximum",
    "billed": "Billed",
    "plan_year": "Plan year",
    "deductible_met": "Deductible met",
    "oop_max_reached": "Out-of-pocket maximum reached",
    "programme_cap_reached": "Programme cap reached",
    "time_and_travel": "Time and travel",
    "patient_after_tax": "You pay, after tax",
    "visits": "Visits",
    "bills": "New bills",
    "paid": "Paid",
    "interest_added": "Interest added",
    "interest_waiting": "Deferred interest waiting",
    "owed": "Still owed",
    "modality": "Treatment code",
    "treatment": "Treatment",
    "sessions": "Sessions",
    "insurer pays": "Your insurer pays",
    "total low": "Total, all low quotes",
    "total mid": "Total, midpoint prices",
    "total high": "Total, all high quotes",
    "total p10": "Total, likely range low end",
    "total p90": "Total, likely range high end",
    "p10-p90": "1 in 10 to 9 in 10 of the draws",
    "spending p10-p90": "Spending, 1 in 10 to 9 in 10 of the draws",
    "revenue_per_session": "Revenue per session",
    "margin_per_session": "Margin per session",
    "direct_cost_per_session": "Direct cost per session",
    "monthly_profit": "Profit per month",
    "break_even_sessions_per_month": "Break-even sessions per month",
    "course_sessions": "Sessions in a course",
    "revenue_per_course": "Revenue per course",
    "margin_per_course": "Margin per course",
    "paid_by": "Paid by",
    "share_of_sessions": "Share of sessions",
    "break_even_price": "Break-even price",
    "target_margin": "Target margin",
    "target_margin_price": "Price for the target margin",
    "package_sessions": "Sessions in the package",
    "package_price": "Package price",
    "max_poverty_percent": "Up to this % of the poverty guideline",
    "discount": "Discount",
    "share_of_self_pay_clients": "Share of self-pay clients",
    "margin_per_self_paid_session": "Margin per self-paid session",
    "margin_change_per_session": "Margin change per session",
    "monthly_profit_change": "Change in profit per month",
    "price_paid_per_session": "Price paid per session",
    "reach": "Can afford a course",
    "code": "Code",
    "as_of": "As of",
    "url": "Link",
}


def column(name: object) -> str:
    """A table header in words: the engine's column name, a bound or a payer, said plainly."""
    text = str(name)
    for table in (COLUMNS, BOUNDS, PAYERS):
        if text in table:
            return table[text]
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def coverage(kind: str) -> str:
    """How a plan covers a claim, in words (pricing.explain.words), capitalised for a cell."""
    text = explain_words.coverage(kind)
    return text[:1].upper() + text[1:]
