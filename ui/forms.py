"""The field table's widgets in Streamlit: session state, one `draw` for every row, and the
resets a change of treatment, insurance, Medicare type or bill brings.

Widget values live in st.session_state under keys starting with `in_`; a saved copy survives
pages that do not draw them (Streamlit drops a widget's value when it is not drawn).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping
from typing import Any

import streamlit as st
from streamlit.runtime.state import SessionStateProxy

from pricing import defaults
from pricing.scenario import Scenario, default_scenario, from_dict
from pricing.scenario.dated_terms import plan_year_start
from ui.convert import defaults_for, follow_dates, state_from_scenario, take
from ui.fields import BY_KEY, MAX_MAINTENANCE_MONTHS, MONTHS, bounds

PREFIX = "in_"
SAVED = "saved_inputs"
# What each change takes fresh from the defaults for the new situation (groups of ui/fields.py);
# every other group keeps the person's values.
RESETS: dict[str, frozenset[str]] = {
    "modality": frozenset({"name", "price", "course", "coverage", "help"}),
    "kind": frozenset({"name", "plan", "year", "coverage", "medicare", "help"}),
    "advantage": frozenset({"name", "plan", "coverage"}),
    "bill": frozenset({"price"}),
    "template": frozenset({"plan"}),
    "method": frozenset({"pay_terms"}),  # another way of paying: its typical terms (rule 15)
}
DATE_KEYS = ("start_date", "plan_year_month")  # a change: dated defaults follow (rule 14)
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # the model's 2000-2100 check
# Set once the person picks how the clinic bills Spravato themselves; until then the bill follows
# the insurance (rule 8: bundled under Medicare, drug and visit apart otherwise).
BILL_CHOSEN = "spravato_bill_chosen"


def values(session: Mapping[Any, Any]) -> dict[str, Any]:
    """Widget values from session state, prefix removed."""
    # Streamlit's session state copies itself on every iteration and checks every key read:
    # one copy, then a plain dict (issue 17: three calls were a tenth of the run to the answer).
    state = session.to_dict() if isinstance(session, SessionStateProxy) else session
    return {k[len(PREFIX) :]: v for k, v in state.items() if k.startswith(PREFIX)}


def put(session: MutableMapping[Any, Any], state: Mapping[str, Any]) -> None:
    for key, value in state.items():
        session[PREFIX + key] = value


def ensure_defaults(session: MutableMapping[Any, Any], keep: frozenset[str] = frozenset()) -> None:
    """Every input key set before any widget draws: the person's values, else the saved copy,
    else the sourced defaults on a first visit.

    Each key is assigned anew on every run, even when the widget still holds it: a value the
    widget owns is replaced by the browser's copy on the next page that draws it, and after a
    page that draws only some of the inputs (Compare's insurance) that copy is the widget's
    default (issue 11, defect 1: Spravato, $0, $0 after a visit to Compare)."""
    saved = session.get(SAVED) or state_from_scenario(default_scenario("iv_ketamine", "none"))
    for key, value in saved.items():
        if PREFIX + key not in keep:  # the browser's own value (ui.links.browser_kept)
            session[PREFIX + key] = session.get(PREFIX + key, value)


def save(session: MutableMapping[Any, Any]) -> None:
    session[SAVED] = values(session)


def load_into_session(scenario: Scenario, keep: frozenset[str] = frozenset()) -> None:
    """The scenario's values into the widgets, but those in `keep` (ui.links.browser_kept)."""
    state = state_from_scenario(scenario)
    put(st.session_state, {k: v for k, v in state.items() if PREFIX + k not in keep})


def reset(change: str, split: bool | None = None) -> None:
    """Take the groups RESETS[change] from the defaults for the person's new situation; after a
    new start date or plan-year month ("dates"), the figures left at their defaults follow the
    new dates (rule 14: ui.convert.follow_dates)."""
    ensure_defaults(st.session_state)
    current = values(st.session_state)
    if change == "dates":
        saved = st.session_state.get(SAVED) or {}
        previous = {**current, **{k: saved[k] for k in DATE_KEYS if k in saved}}
        put(st.session_state, follow_dates(current, previous))
        return
    groups = RESETS[change]
    if change == "bill":
        split = bool(current["split_bill"])
        st.session_state[BILL_CHOSEN] = True
    elif change == "modality":
        st.session_state[BILL_CHOSEN] = False  # a new treatment starts from its own bill
    fresh = defaults_for(current, split=split)
    if change in ("kind", "advantage") and follows_rule_8(current, fresh):
        groups = groups | {"price"}  # the bill's shape changes, and its prices with it
    put(st.session_state, take(fresh, current, groups))


def follows_rule_8(current: Mapping[str, Any], fresh: Mapping[str, Any]) -> bool:
    """Whether a change of insurance also changes how Spravato is billed: the defaults for the
    new insurance bill it another way (rule 8) and the person has not picked the bill."""
    return (
        current["modality"] == "spravato"
        and not st.session_state.get(BILL_CHOSEN, False)
        and bool(fresh["split_bill"]) != bool(current["split_bill"])
    )


def apply_plan_template(plan_id: str) -> None:
    """A typical plan's terms (pricing/defaults) in place of the plan's own, those in force on
    the first day of the plan year the course starts in (rule 14)."""
    current = values(st.session_state)
    month = MONTHS.index(current["plan_year_month"]) + 1
    terms = defaults.plan_terms(plan_id, plan_year_start(current["start_date"], month))
    template = from_dict({"version": 1, "modality": current["modality"], "insurance": terms})
    put(st.session_state, take(state_from_scenario(template), current, RESETS["template"]))


def draw(key: str, where: Any = None, label: str | None = None) -> Any:
    """The widget for field `key` (in `where`: st, a column or a container); its value."""
    f = BY_KEY[key]
    box = st if where is None else where
    args: dict[str, Any] = {"key": PREFIX + key, "help": f.help}
    if f.resets:
        args.update(on_change=reset, args=(f.resets,))
    text = label or f.label
    if f.kind in ("money", "percent", "number", "count"):
        low, high = bounds(f)
        cast = int if f.kind == "count" else float
        return box.number_input(
            text,
            min_value=None if low is None else cast(low),
            max_value=None if high is None else cast(high),
            step=cast(f.step),
            format="%d" if f.kind == "count" else ("%.1f" if f.kind == "number" else "%.0f"),
            **args,
        )
    if f.kind in ("choice", "radio", "month"):
        options = dict(f.options()) if f.options else {m: m for m in MONTHS}
        widget = box.radio if f.kind == "radio" else box.selectbox
        extra = {"horizontal": True} if f.kind == "radio" else {}
        return widget(text, list(options), format_func=options.__getitem__, **extra, **args)
    if f.kind == "check":
        return box.checkbox(text, **args)
    if f.kind == "slider":
        return box.slider(text, 0, MAX_MAINTENANCE_MONTHS, **args)
    if f.kind == "date":
        return box.date_input(text, min_value=FIRST_DATE, max_value=LAST_DATE, **args)
    raise ValueError(f"{key} has no widget (kind {f.kind})")


def value(key: str) -> Any:
    return st.session_state[PREFIX + key]
