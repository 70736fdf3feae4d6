"""Every sentence the access & equity tool says about a result: the page's words and the CLI's
plain-text table. Figures in the words are built from the results and the parameters, never
typed in. Data in (pricing.equity's PageData and summary), text out; no numpy here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pricing import course as courses
from pricing import defaults
from pricing.defaults import population as params
from pricing.equity.costs import course_claims
from pricing.equity.coverage import approval_chance
from pricing.equity.population import oon_terms
from pricing.equity.reforms import (
    MEDICAID_IV_TREATMENT,
    MEDICAID_LEVER_TREATMENT,
    Reforms,
    active_levers,
)
from pricing.report import dollars, money

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


def _chance(modality: str, kind: str) -> str:
    found = approval_chance(modality, kind)
    return "all" if found is None else pct(found)


def lever_figures() -> dict[str, str]:
    """The figures the lever texts quote, from the parameters they describe."""
    tiers = params.sliding_scale_tiers()
    limit = max((below for below, _ in tiers), default=0.0)
    below, share = params.state_subsidy()
    return {
        "medicaid_spravato_approval": _chance(MEDICAID_LEVER_TREATMENT, "medicaid"),
        "sliding_scale_limit": f"{limit:g}%",
        "oop_cap": money(params.oop_cap()),
        "subsidy_limit": f"{below:g}%",
        "subsidy_share": pct(share),
        "iv_approval": _chance(MEDICAID_IV_TREATMENT, "medicaid"),
    }


# --- what each reform does, in money (issue 14 item 8) -----------------------------------------


def _session(modality: str, course: str) -> tuple[float, float]:
    """(drug, clinic's part) of one session at midpoint prices (drug 0 for one-bill treatments)."""
    prices = course_claims(modality, course).prices
    return prices[1], prices[2]


def _price_cap_words(cap: float, course: str) -> str:
    parts = []
    for modality in defaults.MODALITIES:
        drug, own = _session(modality, course)
        name = short(modality)
        what = "its visit" if drug > 0 else "a session"
        if own > cap:
            change = f"{name}: {what} {money(own)} -> {money(cap)}"
        else:
            change = f"{name}: {what} {money(own)} (already below)"
        if drug > 0:
            change += f"; its drug ({money(drug)} a session) is priced by its maker and not capped"
        parts.append(change)
    return (
        f"Clinics bill at most {money(cap)} for their own part of a session, at midpoint prices: "
        + "; ".join(parts)
        + ". Medicare's fee schedule is not a clinic price and is not capped."
    )


def reform_words(reform: Reforms, course: str = "typical") -> str:
    """What a reform does, in money, one sentence per lever it pulls."""
    sentences = []
    for name in active_levers(reform):
        sentences.append(_lever_words(name, reform, course))
    return " ".join(sentences) if sentences else "No lever pulled: today's rules."


def _lever_words(name: str, reform: Reforms, course: str) -> str:
    figures = lever_figures()
    if name == "price_cap" and reform.price_cap is not None:
        return _price_cap_words(reform.price_cap, course)
    if name == "oop_cap" and reform.oop_cap is not None:
        return (
            f"Insured patients pay at most {money(reform.oop_cap)} a year for the course; their "
            "plan pays the rest, covered or not. Uninsured patients are not helped."
        )
    if name == "state_subsidy" and reform.state_subsidy is not None:
        subsidy = reform.state_subsidy
        return (
            f"The state pays what a household below {subsidy.below_poverty_percent:g}% of the "
            f"poverty guideline would pay above {pct(subsidy.max_share_of_income)} of its income "
            "for the course."
        )
    if name == "manufacturer_cap" and reform.manufacturer_annual_max is not None:
        return (
            "The Spravato savings programme pays up to "
            f"{money(reform.manufacturer_annual_max)} a year of a commercially insured patient's "
            "drug costs."
        )
    if name == "oon_therapy":
        deductible, coinsurance, allowed, _ = oon_terms(True)
        return (
            "Commercial plans reimburse preparation and integration therapy out of network: "
            f"{pct(coinsurance)} coinsurance on {pct(allowed)} of the bill after a "
            f"{money(deductible)} deductible."
        )
    if name == "medicaid_covers_spravato":
        drug, visit = _session(MEDICAID_LEVER_TREATMENT, course)
        return (
            "Medicaid approves every Spravato request (today the model assumes "
            f"{figures['medicaid_spravato_approval']} are approved; a refused patient is billed "
            f"the drug, {money(drug)}, and the visit, {money(visit)}, each session)."
        )
    if name == "medicaid_covers_iv":
        _, session = _session(MEDICAID_IV_TREATMENT, course)
        return (
            f"Medicaid covers IV ketamine ({money(session)} a session at midpoint prices, with "
            f"its intake and therapy) with prior authorisation, {figures['iv_approval']} of "
            "requests approved (an assumption); patients pay Medicaid's nominal copay."
        )
    label, help_text = lever_labels()[name]
    return help_text


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


# --- the affordability tests, in words (Sources & method, the equity page) -------------------


def affordability_method() -> str:
    """Who is priced out: every affordability test defined, its figures from the defaults
    (population.yaml, savings.yaml), as a Markdown list."""
    from pricing.defaults import savings
    from pricing.equity.affordability import default_threshold, thresholds

    tests = thresholds()
    groups = savings.savings_groups()
    low, top = groups[0], groups[-1]
    rule_words = {
        "income": "of the household's income a year: the WHO and World Bank lines of "
        "catastrophic health spending (SDG 3.8.2)",
        "capacity": "of its capacity to pay: income less the HHS poverty guideline for the "
        "household's size, never below zero (WHO Europe's measure, the guideline standing for "
        "food, housing and utilities)",
        "savings": "of its income a year plus its liquid savings: the course is within reach "
        "when savings and that share of a year's income can pay it. Each household's savings "
        "are drawn by its income group from the Federal Reserve's Survey of Consumer Finances "
        f"{savings.dollar_year()}: it holds a checking or savings account with the group's share "
        f"({low.share_holding:.1%} of the lowest fifth of incomes, {top.share_holding:.0%} of "
        "the top tenth), and then a balance spread log-normally around the group's median "
        f"({money(low.median_balance)} for the lowest fifth, {money(top.median_balance)} for "
        f"the top tenth; spread {savings.balance_spread():g} in log, an assumption redrawn "
        "with the uncertain figures). A household is placed in a group by its income "
        f"(below {money(low.income_high)}: the lowest fifth). Never stricter than the same "
        f"share of income alone; the balances are {savings.dollar_year()} dollars and also pay "
        "the month's bills, so this test overstates what a household can spare",
    }
    items = [
        f"- **{t.label[0].upper() + t.label[1:]}** (`{name}`"
        + (", the default" if name == default_threshold().name else "")
        + f"): priced out when the course costs more than {pct(t.share)} "
        + rule_words[t.rule]
        + "."
        for name, t in tests.items()
    ]
    course = course_label(params.default_course()).lower()
    return (
        "A household is priced out of a treatment when what it pays out of pocket for the "
        f"course the run prices (by default {course}; every course priced falls within its "
        "first year) is above the affordability test chosen:\n" + "\n".join(items)
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
        if reform.get("does"):
            lines.append(f"  {reform['does']}")
        lines += rows(reform["priced_out"])
        for t in summary["treatments"]:
            people = reform.get("newly_affordable_people", {}).get(t)
            info = reform["newly_affordable"][t]
            per = info["extra_insurer_per_newly_reached"]
            per_text = "n/a" if per != per else money(per)
            reached = f"{people:,.0f} people" if people is not None else f"{info['count']:,}"
            lines.append(
                f"  {short(t)}: {reached} newly able to afford it; insurers spend {per_text} "
                "a year on each person newly reached"
            )
            cost = reform.get("cost", {}).get(t)
            if cost is not None:
                lines.append("    " + payer_line(cost))
    for step in summary.get("stack", []):
        if step is summary["stack"][0]:
            lines += ["", "Reforms stacked in order (marginal people newly able, all treatments)"]
        extra = sum(step["newly_affordable_people"].values())
        lines.append(f"  + {step['reform']}: {extra:,.0f} more people")
    return "\n".join(lines)


PAYER_WORDS = {
    "patients": "patients",
    "commercial_insurers": "commercial insurers",
    "medicare": "Medicare",
    "medicaid_federal": "Medicaid (federal)",
    "medicaid_state": "Medicaid (state)",
    "manufacturer": "the manufacturer",
    "clinics": "clinics",
    "state_programme": "the state programme",
}


PLURAL_PAYERS = frozenset({"patients", "commercial_insurers", "clinics"})


def payer_line(cost: Mapping[str, float]) -> str:
    """A year's change in each payer's spending, the big ones first, in words that say which
    way it goes ("Medicare pays $1.2M more, patients pay $0.3M less")."""
    parts = [
        f"{PAYER_WORDS[p]} {'pay' if p in PLURAL_PAYERS else 'pays'} {dollars(abs(v))} "
        f"{'more' if v >= 0 else 'less'}"
        for p, v in sorted(cost.items(), key=lambda kv: -abs(kv[1]))
        if p in PAYER_WORDS and abs(v) >= 0.5
    ]
    return "a year: " + (", ".join(parts) if parts else "no change in spending")
