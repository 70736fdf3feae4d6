"""pricing/report.py: CSV cells a spreadsheet could run as a formula are neutralised (issue 11,
defect 9), money formatting, rounding.

A spreadsheet skips leading whitespace before it reads `=`, `+`, `-` or `@`, and some read the
full-width forms (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠) as the ASCII ones; a cell is
checked from its first visible character.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.report import csv_safe, ledger_csv, money, rounded

FORMULA_STARTS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"]
# Leading characters a spreadsheet skips: space, tab, CR, LF, no-break, em and ideographic
# spaces, a zero-width space and a byte-order mark.
INVISIBLE = [" ", "\t", "\r", "\n", "\xa0", "\u2003", "\u3000", "\u200b", "\ufeff"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),  # spaces before the formula
        ("\t=1", "'\t=1"),
        ("\r+1", "'\r+1"),
        ("\uff1dHYPERLINK(1)", "'\uff1dHYPERLINK(1)"),  # full-width equals sign
        (" \uff0b1", "' \uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\u3000\uff20SUM(A1)", "'\u3000\uff20SUM(A1)"),
        ("\t", "'\t"),  # a tab alone still starts with a tab
        ("induction", "induction"),
        (" induction", " induction"),
        ("a=b", "a=b"),  # a formula character later in the text is harmless
        ("", ""),
        ("   ", "   "),
    ],
)
def test_csv_safe_table(cell: str, expected: str) -> None:
    assert csv_safe(cell) == expected


def test_csv_safe_leaves_non_text_alone() -> None:
    assert csv_safe(-5.0) == -5.0
    assert csv_safe(None) is None


@given(
    st.lists(st.sampled_from(INVISIBLE), max_size=4).map("".join),
    st.sampled_from(FORMULA_STARTS),
    st.text(max_size=20),
)
def test_any_whitespace_then_a_formula_start_is_neutralised(
    lead: str, start: str, rest: str
) -> None:
    cell = lead + start + rest
    assert csv_safe(cell) == "'" + cell


@given(st.text(max_size=30))
def test_a_neutralised_cell_keeps_its_text_after_the_quote(cell: str) -> None:
    safe = csv_safe(cell)
    assert safe == cell or safe == "'" + cell
    # Whatever comes out, its first visible character is not a formula start.
    visible = safe.lstrip().lstrip("\u200b\ufeff")
    assert not visible or visible[0] not in "=+-@\uff1d\uff0b\uff0d\uff20"


def test_ledger_csv_quotes_a_spaced_full_width_formula_and_rounds_money() -> None:
    table = pd.DataFrame({"phase": [" \uff1dcmd", "boosters"], "patient": [10.005, 2.0]})
    rows = list(csv.DictReader(io.StringIO(ledger_csv(table))))
    assert rows[0]["phase"] == "' \uff1dcmd"
    assert rows[1]["phase"] == "boosters"
    assert rows[1]["patient"] == "2.0"


def test_money_and_rounding() -> None:
    # $1,234.56 rounds to whole dollars unless exact; below $1,000 cents show when present.
    assert money(1234.56) == "$1,235"
    assert money(1234.56, exact=True) == "$1,234.56"
    assert money(12.5) == "$12.50"
    assert money(-50) == "-$50"
    assert rounded({"a": [1.005, 0.123456, float("inf")]}) == {"a": [1.0, 0.1235, None]}
