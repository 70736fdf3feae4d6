"""Sources & method: every default with its source and date, the rules in words, the limits."""

import pandas as pd
import streamlit as st

from pricing import defaults

st.title("Sources & method")
st.markdown(
    "Every number this tool starts from is listed below with its unit, where it comes from and "
    "when it applied. Figures marked *uncertain* come from secondary or modelled sources, or vary "
    "a lot between clinics and plans: replace them with your own quote or plan documents where "
    "you can. Not medical or financial advice."
)

table = pd.DataFrame(defaults.entries())
files = sorted(table["file"].unique())
picked = st.multiselect("Show defaults from", files, default=files, key="sources_files")
only_uncertain = st.checkbox("Only the uncertain figures", key="sources_uncertain")
shown = table[table["file"].isin(picked)]
if only_uncertain:
    shown = shown[shown["uncertain"]]
st.caption(f"{len(shown)} of {len(table)} sourced figures shown.")
st.dataframe(
    shown.astype({"value": str}),
    hide_index=True,
    column_config={
        "url": st.column_config.LinkColumn("link"),
        "uncertain": st.column_config.CheckboxColumn("uncertain"),
    },
)

st.header("How a cost is worked out")
st.markdown(
    """
1. **The course becomes dated visits.** Each treatment has a usual course (for Spravato, the
   label's schedule: twice a week for four weeks, weekly for four weeks, then every one or two
   weeks). Therapy sessions fall on treatment days; the intake is on the first day.
2. **Each visit becomes a claim**, settled in date order, the intake before the treatment before
   the therapy on the same day.
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
7. **Manufacturer programme** (Spravato, commercial insurance only): it pays your share above its
   per-session amount until its yearly maximum is used up (the maximum restarts each calendar
   year). If your plan runs a *copay accumulator*, the programme's money does not count toward
   your deductible or maximum, so your own costs start once the programme runs out.
8. **HSA/FSA:** money from a pre-tax account costs you less after tax; the tool shows that beside
   the cash figure, not instead of it.
9. **Time and travel** are counted per visit and shown apart from what you pay the clinic.

**Ranges.** "Low" prices every charge at the bottom of its range, "high" at the top, "midpoint"
in the middle. The shaded band comes from 2,000 simulated courses, each drawing one price per
charge uniformly from its range (a clinic charges one price), with a fixed seed so the same inputs
always give the same answer.
"""
)

st.header("A surprise the rules produce")
st.markdown(
    """
With the Spravato manufacturer programme, **a higher price can lower what you pay**. The
programme pays your share above its per-session amount, and that money counts toward your
deductible and out-of-pocket maximum. At a higher price your plan's limits are reached in fewer
sessions, after which your share (and the programme's floor) drops to zero. For example, with a
$10 floor and a $1,000 out-of-pocket maximum, four $400 sessions cost you $30 but four $1,000
sessions cost you $10. The tests pin this down; the range on the estimate page can therefore be
narrower at the top than the quoted prices suggest, and the order low <= middle <= high may bend.
"""
)

st.header("What this does not capture")
st.markdown(
    """
- **Real negotiated rates.** Plans pay network clinics an allowed amount that is rarely public;
  the tool assumes the billed price unless you set a lower share.
- **Prior authorisation and denials.** Coverage assumes approval. Spravato usually needs two failed
  antidepressants first; about 45% of Medicaid programmes cover it at all (a 2025 preprint).
- **Medigap, Medicare Advantage and Medicaid's 5%-of-income cap** are not modelled as plan caps.
- **Separate bills.** The Spravato programme covers the drug; the observation visit may be billed
  separately in real life. Facility fees and labs are not included.
- **Prices change.** Clinic and telehealth prices are from 2023-2026 surveys and price lists and
  vary widely by city; the spread in the defaults is wide on purpose.
- **Alaska and Hawaii** have higher poverty guidelines than the 48-state figures used here.
"""
)
