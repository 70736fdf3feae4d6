"""Sources & method: every default with its source and date, the rules in words, the limits.

Lays out only: the table and every paragraph come from pricing.explain (sources; paying and
equity for their sections)."""

import streamlit as st

from pricing.explain import equity as equity_words
from pricing.explain import paying as paying_words
from pricing.explain import sources as words
from ui import evidence, tables

st.title("Sources & method")
st.markdown(words.INTRO)

table = words.sources_table()
files = words.source_files(table)
picked = st.multiselect("Show defaults from", files, default=files, key="sources_files")
only_uncertain = st.checkbox("Only the uncertain figures", key="sources_uncertain")
shown = words.filter_sources(table, picked, only_uncertain)
st.caption(words.shown_caption(shown, table))
tables.show(
    shown,
    config={
        "url": st.column_config.LinkColumn("Link"),
        "uncertain": st.column_config.CheckboxColumn("Uncertain"),
    },
)
rep = evidence.for_sources()
evidence.download(rep, "sources", "Sourced defaults shown", shown)
evidence.reproduce(rep)

st.header("How a cost is worked out")
st.markdown(words.method())

st.header("Real bills")
st.markdown(words.real_bills())

st.header("Paying for it")
st.markdown(paying_words.method_words().replace("$", "\\$"))

st.header("Who is priced out")
st.markdown(equity_words.affordability_method().replace("$", "\\$"))

st.header("A surprise the rules produce")
st.markdown(words.SURPRISE)

st.header("What this does not capture")
st.markdown(words.not_captured())
