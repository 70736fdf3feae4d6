"""Every sentence the access & equity tool says about a result: the page's words and the CLI's
plain-text table. Figures in the words are built from the results and the parameters, never
typed in. Data in (pricing.equity's PageData and summary), text out; no numpy here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pricing import course as courses
from pricing import defaults
from pricing.defaults import population as params
from pricing.equity.costs import covering_share
from pricing.equity.reforms import MEDICAID_LEVER_TREATMENT
from pricing.report import money

KIND_PHRASES = {
    "none": "uninsured household",
    "commercial": "household with commercial insurance",
    "medicare": "household on Medicare",
    "medicaid": "household on Medicaid",
}


def short(treatment: str) -> str:
    """A treatment's short name ("IV infusion")."""
    return str(defaults.modality(treatment)["short"])


def pct(x: float) -> str:
    """A share as a whole percentage; "n/a" for NaN (an empty group)."""
    return "n/a" if x != x else f"{x:.0%}"


def _pct_table(x: float) -> str:
    return "-" if x != x else f"{x:.1%}"


# --- inputs ----------------------------------------------------------------------------------


def lever_figures() -> dict[str, str]:
    """The figures the lever texts quote, from the parameters they describe."""
    tiers = params.sliding_scale_tiers()
    limit = max((below for below, _ in tiers), default=0.0)
    return {
        "medicaid_covering_spravato": pct(covering_share(MEDICAID_LEVER_TREATMENT, "medicaid")),
        "sliding_scale_limit": f"{limit:g}%",
    }


def lever_labels() -> dict[str, tuple[str, str]]:
    """{lever: (label, help)} with the quoted figures filled in."""
    figures = lever_figures()
    return {
        name: (label.format(**figures), help_text.format(**figures))
        for name, (label, help_text) in params.lever_texts().items()
    }


def course_label(course_name: str) -> str:
    """The course picker's words for a named course."""
    if course_name == "first_year":
        return f"First {courses.MONTHS_PER_YEAR} months"
    if course_name == "typical":
        return "As people usually stay on it"
    return "Induction only"


def courses_sentence(described: Mapping[str, str]) -> str:
    """Which course each treatment is priced for ("IV infusion — first 12 months: 19 ...")."""
    parts = [f"{short(t)} — {what}" for t, what in described.items()]
    return "Courses priced, at midpoint clinic prices: " + "; ".join(parts) + "."


def mix_note(medicaid_kept: float) -> str:
    """What the editable insurance table means, and the coverage gap."""
    limit = params.medicaid_expansion_limit()
    return (
        "Insurance of the household member seeking treatment, by household income as a share of "
        "the poverty guideline (rows are normalised to 100%). Below "
        f"{limit:g}% of poverty in states without the Medicaid expansion, {1 - medicaid_kept:.0%} "
        "of the Medicaid group falls into the coverage gap and is counted as uninsured."
    )


def intro() -> str:
    return (
        "A simulated US population, each household settled through the same cost-sharing ledger "
        "as the personal estimate. For research and advocacy, not medical or financial advice. "
        f"Figures as of {defaults.poverty_year()}; the population mix is partly estimated (see "
        "Sources & method)."
    )


# --- headline --------------------------------------------------------------------------------


def headline(data: Any, focus: str) -> list[tuple[str, str, str | None, str | None]]:
    """(label, value, delta, help) of the three headline figures for `focus`."""
    newly = data.newly[focus]
    per = newly["extra_insurer_per_newly_reached"]
    return [
        (f"{short(focus)}: priced out today", pct(data.priced_out[focus]["all"]), None, None),
        (
            "With the chosen reform",
            pct(data.priced_out_reform[focus]["all"]),
            f"{newly['share']:.1%} newly able to afford" if data.levers else None,
            None,
        ),
        (
            "Insurer cost per household reached",
            "n/a" if per != per else money(per),
            None,
            "The change in what insurers pay if every simulated household took the course, "
            "divided by the households the reform brings within reach.",
        ),
    ]


# --- the four charts -------------------------------------------------------------------------


def median_share_summary(median_share: Mapping[str, Mapping[str, float]]) -> str:
    bands = list(next(iter(median_share.values())))
    poorest, richest = bands[0], bands[-1]
    # NaN marks a band nobody fell in (small populations); it names no treatment.
    low = {t: row[poorest] for t, row in median_share.items() if row[poorest] == row[poorest]}
    high = [row[richest] for row in median_share.values() if row[richest] == row[richest]]
    cheapest = min(low, key=lambda t: low[t]) if low else None
    lowest = f"{pct(low[cheapest])} of income ({short(cheapest)})" if cheapest else "n/a"
    return (
        f"For households below the poverty line the typical course takes from {lowest} to "
        f"{pct(max(low.values(), default=float('nan')))}; at {richest} of poverty it takes "
        f"{pct(min(high, default=float('nan')))} to {pct(max(high, default=float('nan')))}."
    )


def price_sweep_summary(
    prices: Sequence[float], sweep: Mapping[str, Sequence[float]], treatment: str
) -> str:
    everyone = sweep["all"]
    return (
        f"{short(treatment)} at {money(prices[0])} a session prices out {pct(everyone[0])} of "
        f"households; at {money(prices[-1])}, {pct(everyone[-1])}."
    )


def winners_summary(newly: Mapping[str, Any], treatment: str, levers: Sequence[str]) -> str:
    if not levers:
        return "Pick one or more policy levers to compare them with today."
    count, share = newly["count"], newly["share"]
    if count == 0:
        return f"The chosen reform brings no extra households within reach of {short(treatment)}."
    best = max(newly["by_band"].items(), key=lambda item: item[1]["share"])
    per = newly["extra_insurer_per_newly_reached"]
    more_or_less = "more" if per >= 0 else "less"
    return (
        f"{pct(share)} of households could newly afford {short(treatment)}, most in the "
        f"{best[0]} band ({pct(best[1]['share'])} of it); insurers pay {money(abs(per))} "
        f"{more_or_less} per newly reached household (if everyone took the course)."
    )


def distribution_summary(
    distribution: Mapping[str, Mapping[str, float]], treatment: str, base: str = "income"
) -> str:
    medians = {k: q["p50"] for k, q in distribution.items()}
    low = min(medians, key=lambda k: medians[k])
    high = max(medians, key=lambda k: medians[k])
    return (
        f"For {short(treatment)} the median {KIND_PHRASES[low]} pays {pct(medians[low])} of "
        f"its {base}; the median {KIND_PHRASES[high]} pays {pct(medians[high])}."
    )


def footnote(households: int, seed: int) -> str:
    """The page's closing caption: how the population is drawn and what it does not capture."""
    return (
        f"{households:,} simulated households (seed {seed}); capacity to pay = income minus the "
        "poverty guideline for the household size. Spravato is billed as the drug and the visit, "
        "the savings programme on the drug only; Medicare households have Medicare Advantage, "
        "Medigap, employer or Medicaid cover in the national mix and are billed one bundled "
        "Part B claim a session. What this does not capture: income and household size are "
        "drawn independently; households have no state, so Medicaid covers Spravato for the "
        "national share of programmes that do and the observation rebate's excluded states are "
        "not drawn; every plan that covers a treatment is assumed to approve it."
    )


# --- the CLI's plain-text table --------------------------------------------------------------


def readable(summary: Mapping[str, Any]) -> str:
    """The equity summary (EquityReport.summary) as a plain-text table."""
    bands = summary["bands"]
    width = max(len(short(t)) for t in summary["treatments"]) + 2
    lines = [
        f"{summary['households']:,} simulated households, {summary['course'].replace('_', ' ')} "
        f"course; priced out = out-of-pocket above {summary['threshold_rule']['label']}",
        "",
        "Share priced out".ljust(width) + "".join(b.rjust(10) for b in [*bands, "all"]),
    ]

    def rows(table: Mapping[str, Mapping[str, float]]) -> list[str]:
        return [
            short(t).ljust(width)
            + "".join(_pct_table(table[t][b]).rjust(10) for b in [*bands, "all"])
            for t in summary["treatments"]
        ]

    lines += rows(summary["priced_out"])
    for name, reform in summary["reforms"].items():
        lines += ["", f"Reform '{name}' ({', '.join(reform['levers']) or 'no levers'})"]
        lines += rows(reform["priced_out"])
        for t in summary["treatments"]:
            info = reform["newly_affordable"][t]
            per = info["extra_insurer_per_newly_reached"]
            per_text = "n/a" if per != per else money(per)
            lines.append(
                f"  {short(t)}: {info['count']:,} households newly able to "
                f"afford it; extra insurer spending per newly reached household {per_text}"
            )
    return "\n".join(lines)
