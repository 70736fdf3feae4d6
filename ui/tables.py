"""Every table a page shows goes through show(): the one place for what a person reads in a table
and what Streamlit's own "Download as CSV" writes from it.

- Text cells are neutralised with the app's own CSV rule (pricing.report.csv_safe: a cell that a
  spreadsheet would run as a formula, = + - @ or a full-width form after any leading
  whitespace, gets a leading apostrophe; issue 20, defect 4), headers too. A figure already
  written as text with a minus sign ("-$353 million", "-4.0%") shows a true minus sign (U+2212)
  instead: it reads the same and no spreadsheet takes it for a formula.
- Headers are words (ui.labels.column), never snake_case.
- Money shows as whole dollars with $ and thousands separators, shares as percentages.
- on_demand(): a table that is built only when the person asks for it (a toggle, in a fragment
  so asking reruns only that part of the page); when_open(): any expander's content, built only
  while it is open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from pricing.report import csv_safe
from ui import labels

MINUS = "\u2212"
SHOW_TABLE = "Show the table"  # on_demand's usual label
# A figure written as text: -$1,234, -$1.2 billion, -12.5%, -3 (nothing else may follow).
_NEGATIVE_FIGURE = re.compile(r"-\$?\d[\d,]*(\.\d+)?( million| billion|%)?")
# Columns the engine names that are money or shares, wherever they appear.
MONEY_NAMES = frozenset(
    {
        "price", "allowed", "deductible", "coinsurance", "copay", "cap_saving", "billed",
        "patient", "insurer", "assistance", "write_off", "time_and_travel", "patient_after_tax",
        "low", "mid", "high", "p10", "p50", "p90", "bills", "paid", "interest_added",
        "interest_waiting", "owed", "insurer pays", "total low", "total mid", "total high",
        "total p10", "total p90", "break_even_price", "target_margin_price", "package_price",
        "price_paid_per_session", "Interest", "Total paid", "You pay",
    }
)  # fmt: skip
MONEY_PREFIXES = ("revenue", "margin", "direct_cost", "monthly", "by ", "paid ", "Paid ")
PERCENT_PREFIXES = ("share", "reach", "discount", "target_margin")


def safe_text(cell: Any) -> Any:
    """One text cell as a table shows it: a negative figure with a true minus sign, anything
    else that a spreadsheet would run neutralised (pricing.report.csv_safe)."""
    if not isinstance(cell, str):
        return cell
    stripped = cell.strip()
    if _NEGATIVE_FIGURE.fullmatch(stripped):
        return MINUS + stripped[1:]
    return csv_safe(cell)


def shown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its text cells and headers safe and its headers in words."""
    out = frame.copy()
    for name in out.columns:
        series = out[name]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[name] = series.map(safe_text)
    headers: list[str] = []
    for name in out.columns:
        header = safe_text(labels.column(name))
        if header in headers:  # two columns said the same way: the second says its own name
            header = safe_text(f"{header} ({str(name).replace('_', ' ')})")
        headers.append(header)
    out.columns = pd.Index(headers)
    return out


def kind(name: object, series: pd.Series) -> str | None:
    """'money', 'percent' or None for a column, from the engine's names."""
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    text = str(name)
    if text.startswith("target_margin") and text != "target_margin_price":
        return "percent"
    if text in MONEY_NAMES or text.startswith(MONEY_PREFIXES):
        return "money"
    if text.startswith(PERCENT_PREFIXES):
        return "percent"
    return None


def show(
    frame: pd.DataFrame,
    *,
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    config: dict[str, Any] | None = None,
    key: str | None = None,
) -> None:
    """Show a table: safe text, headers in words, money in whole dollars, shares in percent.
    `money` and `percent` add columns to those found by name; `config` is Streamlit's
    column_config by the frame's own column names (it wins)."""
    extra_money, extra_percent = set(money), set(percent)
    column_config: dict[str, Any] = {}
    shown = shown_frame(frame)
    for name, header in zip(frame.columns, shown.columns, strict=True):
        found = kind(name, frame[name])
        if name in extra_money:
            found = "money"
        elif name in extra_percent:
            found = "percent"
        if config and name in config:
            column_config[header] = config[name]
        elif found == "money":
            column_config[header] = st.column_config.NumberColumn(format="dollar", step=1)
        elif found == "percent":
            column_config[header] = st.column_config.NumberColumn(format="percent", step=0.001)
    st.dataframe(shown, hide_index=True, column_config=column_config, key=key)


def on_demand(label: str, build: Callable[[], None], key: str) -> None:
    """A toggle that draws a long table only when it is on; turning it on or off reruns this
    fragment, not the page."""

    @st.fragment
    def part() -> None:
        if st.toggle(label, key=key):
            build()

    part()


def when_open(label: str, key: str, build: Callable[[], None]) -> None:
    """An expander whose content is built only while it is open (Streamlit's lazy expander:
    opening or closing it reruns the page; closed, nothing inside is worked out or sent)."""
    box = st.expander(label, key=key, on_change="rerun")
    if getattr(box, "open", None) is False:
        return
    with box:
        build()


def in_words(frame: pd.DataFrame, split_bill: bool = False) -> pd.DataFrame:
    """A claim table's codes in words: what each bill is for and how the plan covers it."""
    out = frame.copy()
    if "component" in out.columns:
        out["component"] = [labels.component(str(c), split_bill) for c in out["component"]]
    if "coverage" in out.columns:
        out["coverage"] = [labels.coverage(str(c)) for c in out["coverage"]]
    return out
