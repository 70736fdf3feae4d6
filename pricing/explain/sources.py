"""Sources & method's words and table: every default with its source, the rules in words (1-14,
a short version of docs/method.md and docs/real_bills.md), a surprise the rules produce, and what
the tool does not capture. Figures quoted in the prose come from the parameters they describe.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pricing import defaults
from pricing.defaults import medicaid, medicare, spravato
from pricing.defaults.clinic import spravato_observation_hours
from pricing.report import money

INTRO = (
    "Every number this tool starts from is listed below with its unit, where it comes from and "
    "when it applied. Figures marked *uncertain* come from secondary or modelled sources, or vary "
    "a lot between clinics and plans: replace them with your own quote or plan documents where "
    "you can. Not medical or financial advice."
)


def sources_table() -> pd.DataFrame:
    """Every sourced default, one row each (file, figure, value, unit, as_of, source, url,
    uncertain, note); values as text so numbers and ranges sit in one column."""
    table = pd.DataFrame(defaults.entries())
    return table.astype({"value": str})


def source_files(table: pd.DataFrame) -> list[str]:
    return sorted(table["file"].unique())


def filter_sources(
    table: pd.DataFrame, files: Sequence[str], only_uncertain: bool = False
) -> pd.DataFrame:
    shown = table[table["file"].isin(list(files))]
    return shown[shown["uncertain"]] if only_uncertain else shown


def shown_caption(shown: pd.DataFrame, table: pd.DataFrame) -> str:
    return f"{len(shown)} of {len(table)} sourced figures shown."


def _hours(hours: float) -> str:
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def _states(codes: Sequence[str]) -> str:
    codes = list(codes)
    return ", ".join(codes[:-1]) + f" and {codes[-1]}" if len(codes) > 1 else "".join(codes)


def method() -> str:
    """How a cost is worked out: rules 1-7, the ranges (Markdown)."""
    draws = defaults.monte_carlo_draws()
    return f"""
1. **The course becomes dated visits.** Each treatment has a usual course (for Spravato, the
   label's schedule: twice a week for four weeks, weekly for four weeks, then every one or two
   weeks). Therapy sessions fall on treatment days; the intake is on the first day.
2. **Each visit becomes a claim** (a Spravato session can be two, see below), settled in date
   order: the intake, then the drug, then the treatment visit, then therapy on the same day.
3. **Plan years.** Your deductible and out-of-pocket maximum start again on the first day of your
   plan year. What you say you have already paid counts only in the first plan year, and what
   you paid toward the deductible counts toward the out-of-pocket maximum too.
4. **Not covered:** you pay the clinic's price, less any sliding-scale discount, and none of it
   counts toward your deductible.
5. **In network:** the plan sets an *allowed amount* (the rest is written off). You pay a copay if
   your plan has one; otherwise the deductible first, then your coinsurance share of the rest, and
   never more than what is left of your out-of-pocket maximum. The insurer pays the remainder.
6. **Out of network (superbill):** you pay the clinic up front; the plan reimburses its allowed
   amount less your out-of-network deductible and coinsurance. The allowed amount is never taken
   above what you were actually charged.
7. **Manufacturer programme** (Spravato, commercial insurance only): it pays your share of the
   drug's bill above its per-session amount until its yearly maximum is used up (the maximum
   restarts each calendar year). If your plan runs a *copay accumulator*, the programme's money
   does not count toward your deductible or maximum, so your own costs start once it runs out.
8. **HSA/FSA:** money from a pre-tax account costs you less after tax; the tool shows that beside
   the cash figure, not instead of it.
9. **Time and travel** are counted per visit and shown apart from what you pay the clinic.

**Ranges.** "Low" prices every charge at the bottom of its range, "high" at the top, "midpoint"
in the middle. The shaded band comes from {draws:,} simulated courses, each drawing one price per
charge uniformly from its range (a clinic charges one price), with a fixed seed so the same inputs
always give the same answer.
"""


def real_bills() -> str:
    """Rules 8-14 in words (Markdown): the bills as people actually get them."""
    hours = _hours(spravato_observation_hours())
    rebate = spravato.observation_rebate()
    cap = medicaid.cost_sharing_cap()
    day = defaults.default_start_date()
    threshold, _ = medicare.figure("part_d_out_of_pocket_threshold", day)
    chance = spravato.approval_chance("commercial", "spravato")
    pa = (
        f" (about {chance:.0%} for Spravato on employer plans in a claims study; the Medicare "
        "Advantage and Medicaid chances are the project's assumptions, said so on the estimate)"
        if chance is not None
        else ""
    )
    part_b = defaults.plan_terms(defaults.plan_for_kind("medicare"))["coinsurance"]
    return f"""
- **Spravato's two bills.** A session is usually two bills on the same day: the drug, and the
  clinic's visit to give it and watch you for at least {hours}. The clinic may buy the drug and
  bill your medical plan, or a specialty pharmacy may supply it on your pharmacy benefit (its own
  coinsurance, against the same deductible and maximum). Under Original Medicare the default is
  the single bundled Medicare code that includes the drug.
- **Programmes.** The manufacturer's savings programme pays toward the drug only. On one bundled
  price per session it pays toward the drug's part of your share: your share times the drug's part
  of a session at the published midpoint prices (drug / (drug + visit)) in force on its date. The observation
  rebate pays back your share of the visit up to a yearly limit, for commercially insured patients
  with a split bill, and not in {_states(rebate["excluded_states"])}.
- **Medicare.** Original Medicare alone: the Part B deductible, then {part_b:.0%} with no cap.
  Medigap Plan G pays that {part_b:.0%}, so you pay only the deductible; Plan N leaves you a small copay per
  visit. A Medicare Advantage plan has its own deductible, copays and yearly maximum. A drug on
  Part D has its own yearly deductible and coinsurance until you have paid
  {money(threshold)} in the calendar year, then nothing.
- **Medicaid.** Covered claims cost a small copay, and all Medicaid cost sharing in a calendar
  quarter is at most {cap:.0%} of that quarter's income. Medicaid covers Spravato as an
  outpatient drug (its maker is in the Medicaid drug rebate programme, so every state programme
  must cover it), usually only after prior authorisation; a refusal is shown beside the estimate.
- **State.** Your state picks the poverty guideline (Alaska and Hawaii have their own) and the
  rebate's exclusion.
- **Prior authorisation.** Where a plan must approve the treatment first{pa}, the
  estimate shows what you pay if it approves and if it refuses (you then pay the full price for the treatment
  and the drug), side by side with the chance, never blended into one number: you pay one or the
  other.
- **Dated figures.** Plan limits and prices change each year. Each plan year of your course uses
  the limits in force on the day it begins (a July plan year keeps July's figures into the next
  calendar year; Medicare's year is the calendar year), and each session the prices in force on
  its date. A figure you set yourself applies to every year; one left at the published default
  follows it. Where none is published yet the last one is used and the estimate says which
  figures are projected.
"""


SURPRISE = """
With the Spravato manufacturer programme, **a higher price can lower what you pay**. The
programme pays your share above its per-session amount, and that money counts toward your
deductible and out-of-pocket maximum. At a higher price your plan's limits are reached in fewer
sessions, after which your share (and the programme's floor) drops to zero. For example, with a
$10 floor and a $1,000 out-of-pocket maximum, four $400 sessions cost you $30 but four $1,000
sessions cost you $10. The tests pin this down; the range on the estimate page can therefore be
narrower at the top than the quoted prices suggest, and the order low <= middle <= high may bend.
"""


def not_captured() -> str:
    """What the tool models now, and what it still does not (Markdown)."""
    drug = spravato.drug_price_row()
    since = str(drug["from"])[:4]
    return f"""
**Now modelled:** Spravato's two bills (drug and visit) and who supplies the drug; Medigap Plans
G and N, Medicare Advantage and Part D; Medicaid's quarterly cap, and Spravato as a Medicaid
outpatient drug with prior authorisation; prior authorisation, approved or refused; the
observation rebate; figures dated by year.

**Still not captured:**
- **How often each plan approves Spravato.** Only the employer-plan figure comes from a study;
  the Medicare Advantage and Medicaid chances are assumptions (the estimate says so). Set your
  own where your clinic knows better.
- **Medigap letters other than G and N** (A-F, K, L, M), and the details of each Medicare
  Advantage or Part D plan: set your own plan's figures where you know them.
- **Spravato's list price.** The drug price from {since} is what Medicare pays for the drug
  ({money(drug["value"]["low"], exact=True)} for 56 mg,
  {money(drug["value"]["high"], exact=True)} for 84 mg), worked out
  from its two bundled codes; the manufacturer's list price has not been published since the
  2019 launch, and a clinic's cash price can be higher. Ask the clinic or pharmacy.
- **The rebate's yearly limit** is uncertain (no current primary source gives it): it is shown
  as a range.
- **Stopping early.** Many people stop before the course ends; the estimate prices the whole
  course you set (Compare's typical course is closer to what people usually do).
- **Real negotiated rates.** Plans pay network clinics an allowed amount that is rarely public;
  the tool assumes the billed price unless you set a lower share.
- **Appeals, facility fees and labs** are not included, and clinic and telehealth prices vary
  widely by city; the spread in the defaults is wide on purpose.
"""
