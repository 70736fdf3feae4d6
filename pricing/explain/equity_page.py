"""Every sentence the Access & equity page says: which place, course and sample a figure is
for, the headline with its p10-p90 band, a one-line summary beside each chart and table, and how
the figures are made. Figures come from pricing.equity's run (and its page_data rows), never
typed in; no numpy here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pricing import defaults
from pricing.defaults import population as params
from pricing.defaults import states
from pricing.explain.equity import affordability_method, lever_labels, pct, short
from pricing.report import dollars

PAYER_LABELS = {
    "patients": "Patients",
    "commercial_insurers": "Commercial insurers",
    "medicare": "Medicare",
    "medicaid_federal": "Medicaid (federal share)",
    "medicaid_state": "Medicaid (state share)",
    "manufacturer": "Manufacturer",
    "clinics": "Clinics",
    "state_programme": "State programme",
    "total": "All payers",
}


def people(x: float) -> str:
    """A count of people, to the nearest hundred above a thousand (the sample's precision)."""
    if x != x:
        return "n/a"
    return f"{round(x, -2):,.0f}" if abs(x) >= 1000 else f"{x:,.0f}"


def banded(text: str, band: tuple[str, str] | None) -> str:
    """'31% (p10-p90 28%-34%)', or the figure alone without draws."""
    return text if band is None else f"{text} (p10-p90 {band[0]} to {band[1]})"


def band_of(band: tuple[float, float] | None, fmt: Any) -> tuple[str, str] | None:
    return None if band is None else (fmt(band[0]), fmt(band[1]))


def lever_name(name: str) -> str:
    return lever_labels()[name][0]


def intro() -> str:
    return (
        "Who is priced out of ketamine-assisted treatment, state by state, which policy changes "
        "bring people within reach, and who pays for them. A simulated population, each "
        "household settled through the same ledger as the personal estimate. For research and "
        f"advocacy, not medical or financial advice. Figures as of {defaults.poverty_year()}."
    )


def sample_sentence(
    households: int, place: str, draws: int, national: bool = False, test: str = ""
) -> str:
    """Said once: the sample, what a person is, the affordability test (its label, e.g.
    "savings plus 10% of income"; empty: not named) and where the bands come from."""
    need = params.people_in_need()
    bands = (
        f" Bands are the 10th to 90th percentile of {draws} runs that redraw every uncertain "
        "figure (and the households)."
        if draws
        else ""
    )
    sample = (
        f"From a national sample of {households:,} households"
        if national
        else f"From a sample of {households:,} households per state, weighted to each state's "
        "real households"
    )
    within = (
        f"its out-of-pocket cost is at most {test}"
        if test
        else "it is within the affordability test"
    )
    return (
        f"{sample} ({place}). People are the {need / 1e6:.1f} million US adults with "
        "treatment-resistant depression in a year, shared among states by households; someone "
        f"takes a course when {within}, and spending counts those courses, in dollars a "
        f"year.{bands}"
    )


def headline_place(focus: str, place: str) -> str:
    """The line above the headline figures: the treatment and the place they are for."""
    return f"{short(focus)} in {place}"


def headline(
    overview: Mapping[str, Any], figures: Mapping[str, Any], focus: str, place: str
) -> list[tuple[str, str, str | None, str]]:
    """(label, value, its p10-p90 band or None, help) of the page's headline figures."""
    today = figures["priced_out"][focus]["all"]
    band = _pair(figures.get("priced_out_band", {}).get(focus, {}).get("all"))
    people_out = today * figures["people_represented"]
    first = (
        "Priced out today",  # short enough not to be cut off; headline_place names the rest
        pct(today),
        _band_words(band_of(band, pct)),
        f"About {people(people_out)} people a year.",
    )
    stack = figures.get("stack")
    reforms = figures.get("reforms", {})
    if stack:
        last = stack[-1]
        after = last["priced_out"][focus]
        after_band = _pair(last.get("priced_out_band", {}).get(focus))
        reached = last["total_newly_affordable_people"][focus]
        reached_band = _pair(last.get("total_newly_affordable_people_band", {}).get(focus))
        cost = last["total_cost"][focus]["total"]
        cost_band = _pair(last.get("total_cost_band", {}).get(focus, {}).get("total"))
        what = "With all the chosen reforms"
    elif reforms:
        name, only = next(iter(reforms.items()))
        after = only["priced_out"][focus]["all"]
        after_band = _pair(only.get("priced_out_band", {}).get(focus, {}).get("all"))
        reached = only["newly_affordable_people"][focus]
        reached_band = _pair(only.get("newly_affordable_people_band", {}).get(focus))
        cost = only["cost"][focus]["total"]
        cost_band = _pair(only.get("cost_band", {}).get(focus, {}).get("total"))
        what = f"With {lever_name(name).lower()}"
    else:
        return [first]
    return [
        first,
        (
            what,
            pct(after),
            _band_words(band_of(after_band, pct)),
            banded(
                f"{people(reached)} people newly able to afford it", band_of(reached_band, people)
            )
            + ".",
        ),
        (
            "Change in spending a year",
            dollars(cost),
            _band_words(band_of(cost_band, dollars)),
            "All payers together: the courses of the people newly reached, less what is saved "
            "or shifted for those already able (table below).",
        ),
    ]


def _band_words(band: tuple[str, str] | None) -> str | None:
    return None if band is None else f"p10-p90 {band[0]} to {band[1]}"


def _pair(band: Mapping[str, float] | None) -> tuple[float, float] | None:
    return None if not band else (band["p10"], band["p90"])


def map_summary(shares: Mapping[str, float], names: Mapping[str, str], focus: str) -> str:
    highest = max(shares, key=lambda c: shares[c])
    lowest = min(shares, key=lambda c: shares[c])
    return (
        f"Share priced out of {short(focus)} today: highest in {names[highest]} "
        f"({pct(shares[highest])}), lowest in {names[lowest]} ({pct(shares[lowest])})."
    )


def ranking_summary(rows: Sequence[Mapping[str, Any]], focus: str) -> str:
    if not rows:
        return "Pick one or more reforms to rank them."
    top = rows[0]
    payer = PAYER_LABELS.get(top["main_payer"], "nobody").lower()
    return (
        f"{lever_name(top['reform'])} brings the most people within reach of {short(focus)}: "
        + banded(people(top["people"]), band_of(top["people_band"], people))
        + f" a year, {dollars(top['per_person'])} spent on each person reached; "
        f"the biggest change in spending falls on {payer}."
    )


def stack_summary(rows: Sequence[Mapping[str, Any]]) -> str:
    if len(rows) < 2:
        return "Pick two or more reforms to stack them in order."
    last = rows[-1]
    parts = [f"{lever_name(r['reform'])} +{people(r['people'])}" for r in rows]
    return (
        "Stacked in the order chosen, each reform adds (people newly able): "
        + ", ".join(parts)
        + f"; together {people(last['total_people'])}."
    )


def payer_summary(rows: Sequence[Mapping[str, Any]], column: str) -> str:
    """Who pays most under `column` (a reform, or "all together")."""
    payers = [r for r in rows if r["payer"] != "total"]
    if not payers:
        return ""
    biggest = max(payers, key=lambda r: abs(r[column]))
    total = next(r for r in rows if r["payer"] == "total")[column]
    title = "all the reforms together" if column == "all together" else lever_name(column)
    if abs(biggest[column]) < 0.5:
        return f"{title}: no change in anyone's spending."
    return (
        f"With {title.lower()}, spending changes by {dollars(total)} a year; the biggest change "
        f"falls on {PAYER_LABELS[biggest['payer']].lower()}: {dollars(biggest[column])}."
    )


def method() -> str:
    """How the figures are made (Markdown), from the parameters."""
    fmap_from = states.state_sources()["medicaid_fmap"]["as_of"]
    federal = (
        f"by state: the state's regular matching rate in force from {fmap_from.day} "
        f"{fmap_from:%B %Y}, and in expansion states {pct(states.expansion_match())} for the "
        f"expansion adults, taken as "
        f"{pct(states.expansion_group_share())} of enrollees, a national figure; "
        f"{pct(states.national_medicaid_federal_share())} federal nationally, the rest the states'"
    )
    return f"""
- **Population.** Each state's households are drawn from the state table (income, insurance mix,
  Medicaid expansion, Medicare Advantage share, poverty guideline); the insurance table by income
  is the national one fitted to the state's mix. Plan terms come from published distributions
  (employer deductibles and maximums, Medicare Advantage maximums), not ceilings.
- **Bills.** Each course is settled claim by claim as in the personal estimate. Prior
  authorisation is refused at the defaults' approval chance (an assumption for Medicare
  Advantage and Medicaid); a refused patient pays the treatment and drug in full. Employer
  retiree cover pays after Medicare.
- **Who pays.** Patients, commercial insurers (and Medigap and retiree plans), Medicare,
  Medicaid (federal share {federal}), the manufacturer's
  programmes, clinics (discounts and what a price cap takes off the list price) and a state
  programme. The payers' changes add up to the change in spending.
- **Reforms** are applied alone and stacked in the order chosen; each step's figures are its
  marginal effect. A person is newly able when the course passes the affordability test only
  with the reform.

**Who is priced out.** {affordability_method()}
"""


def footnote() -> str:
    return (
        "What this does not capture: income and household size are drawn independently; "
        "everyone in need is assumed to seek care and to take it when affordable; in a state "
        "with the Medicaid expansion the federal share takes the expansion adults at a national "
        "share of enrollees, not the state's own; the national population (no state chosen) has "
        "no state, so the observation rebate's excluded states apply only state by state."
    )
