"""Text forms of results: rounding for output, money formatting, a readable table, safe CSV.

All money is kept unrounded in the engine and rounded to cents only here, when printed.
"""

from __future__ import annotations

import io
import math
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas costs ~0.6 s to import; the CLI's bad-input path must not pay it
    import pandas as pd

# Cells a spreadsheet would read as a formula: neutralised with a leading apostrophe. A cell
# is checked after its leading whitespace (spreadsheets skip it) and with compatibility forms
# folded (NFKC: a full-width ＝ ＋ － ＠ is read as = + - @ by some spreadsheets).
FORMULA_STARTS = frozenset("=+-@")


def rounded(value: Any) -> Any:
    """Floats to cents (shares keep 4 decimals when below 1 in magnitude), recursively."""
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, 2) + 0.0 if abs(value) >= 1 or value == 0 else round(value, 4)
    return value


def money(value: float, exact: bool = False) -> str:
    """The one money format: $1,234 for whole dollars and larger sums, $12.50 otherwise, -$50
    for a loss. `exact` shows cents whenever a figure has them, so the parts of a sentence
    visibly add up ($1,234.56)."""
    if value < 0:
        return "-" + money(-value, exact)
    if exact:
        return f"${value:,.0f}" if float(round(value, 2)).is_integer() else f"${value:,.2f}"
    if value >= 1000 or float(value).is_integer():
        return f"${value:,.0f}"
    return f"${value:,.2f}"


def dollars(x: float) -> str:
    """Money for large sums: $1.2 billion, $353 million, $12,400; n/a for NaN."""
    if x != x:
        return "n/a"
    sign = "-" if x < 0 else ""
    size = abs(x)
    if size >= 1e9:
        return f"{sign}${size / 1e9:,.1f} billion"
    if size >= 1e6:
        return f"{sign}${size / 1e6:,.0f} million"
    return sign + money(size)


def csv_safe(cell: Any) -> Any:
    """A cell that cannot run as a spreadsheet formula: text whose first character, after any
    whitespace, control or format characters (space, tab, CR, no-break or ideographic space,
    zero-width space...), is = + - @ or a
    full-width/compatibility form of one gets a leading apostrophe; so does text starting with
    a tab or CR. Other cells are returned unchanged."""
    if not isinstance(cell, str):
        return cell
    if cell.startswith(("\t", "\r")):
        return "'" + cell
    first = next((ch for ch in cell if not _invisible(ch)), "")
    if first and unicodedata.normalize("NFKC", first)[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


def _invisible(ch: str) -> bool:
    """Whitespace, control and format characters (zero-width space, BOM): skipped before the
    first character a spreadsheet would read."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def ledger_csv(table: pd.DataFrame) -> str:
    """The ledger as CSV, money to cents, every text cell neutralised."""
    import pandas as pd

    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(2)
        elif out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            # pandas 3 gives text columns the "str" dtype, not object: check both
            out[column] = out[column].map(lambda v: csv_safe(str(v)) if isinstance(v, str) else v)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False)
    return buffer.getvalue()


def readable_summary(summary: dict[str, Any]) -> str:
    """The estimate as a short plain-text table for the terminal."""
    lines = [summary["name"], ""]
    visits = summary["visits"]
    lines.append(
        f"Visits: {visits['intake']} intake, {visits['treatment']} treatment, "
        f"{visits['therapy']} therapy ({summary['first_visit']} to {summary['last_visit']})"
    )
    lines.append("")
    lines.append(f"{'':28}{'low':>12}{'mid':>12}{'high':>12}")
    rows = [
        ("Billed by the clinic", "billed"),
        ("You pay (out of pocket)", "out_of_pocket"),
        ("Insurer pays", "insurer_pays"),
        ("Manufacturer programme", "assistance_pays"),
        ("You pay, after tax", "after_tax_out_of_pocket"),
        ("Time and travel", "time_and_travel"),
    ]
    for label, key in rows:
        row = summary[key]
        lines.append(
            f"{label:28}" + "".join(f"{money(row[b]):>12}" for b in ("low", "mid", "high"))
        )
    oop = summary["out_of_pocket"]
    if "p10" in oop:
        lines.append("")
        lines.append(
            f"Monte Carlo ({summary['monte_carlo']['draws']} draws): 80% of courses cost you "
            f"between {money(oop['p10'])} and {money(oop['p90'])} (median {money(oop['p50'])})."
        )
    if "if_denied" in summary:  # rule 13: shown beside the approved case, never blended
        denied = summary["if_denied"]["out_of_pocket"]
        lines.append("")
        lines.append(
            f"{'If your plan refuses it':28}"
            + "".join(f"{money(denied[b]):>12}" for b in ("low", "mid", "high"))
        )
        chance = f"{summary['approval_chance']:.0%}"
        rests_on = {
            "study": f"about {chance} of requests were approved in a published claims study",
            "assumption": f"a {chance} chance is assumed: no approval rate has been published",
            "yours": f"you set a {chance} chance",
        }[summary["approval_source"]]
        lines.append(
            f"(prior authorisation: the plan must approve it first; {rests_on}. The rows above "
            "are the approved case; you pay one or the other, not an average)"
        )
    if "share_of_income" in summary:
        share = summary["share_of_income"]
        lines.append(
            f"Share of household income: {share['low']:.1%} to {share['high']:.1%} "
            f"(household at {summary['poverty_percent']:.0f}% of the poverty guideline)."
        )
    lines += _paying_lines(summary)
    for warning in summary.get("warnings", []):
        lines.append(f"Note: {warning}")
    return "\n".join(lines)


METHOD_WORDS = {
    "savings": "from savings, as billed",
    "payment_plan": "on the clinic's payment plan",
    "card": "on a credit card",
    "deferred_interest": "on a deferred-interest card",
}


def _paying_lines(summary: dict[str, Any]) -> list[str]:
    """Rules 17, 15 and 16 in the table: what falls in each calendar year, the file's way of
    paying, and the deduction per year (beside the bill, never subtracted)."""
    lines = ["", "You pay by calendar year of the bill:"]
    for year, row in summary.get("by_year", {}).items():
        lines.append(
            f"  {year:26}" + "".join(f"{money(row[b]):>12}" for b in ("low", "mid", "high"))
        )
    pay = summary.get("payment")
    if pay is not None:
        how = METHOD_WORDS.get(pay["method"], pay["method"])
        done = pay["months_to_pay_off"]
        lines.append(
            f"Paying {how} (midpoint prices): "
            + (f"paid off in {done} months" if done is not None else "not paid off")
            + f", {money(pay['interest_paid'])} interest, {money(pay['total_paid'])} paid"
            + (f", {money(pay['still_owed'])} still owed." if "still_owed" in pay else ".")
        )
        if pay["deferred_interest_charged"] > 0:
            lines.append(
                f"  of the interest, {money(pay['deferred_interest_charged'])} is the promotion's "
                "back-dated interest."
            )
    tax = summary.get("tax")
    if tax is not None:
        lines.append(
            "Medical expense deduction (beside the bill, not taken off it): "
            + "; ".join(
                f"{year}: {money(row['deduction'])} deducted, saves {money(row['saving'])}"
                for year, row in tax.items()
            )
            + "."
        )
    return lines
