"""The client's inputs, declared once: one `Field` row per value a person can set.

A row names its widget key, the scenario path it fills, its group (what a reset takes fresh),
its label and help, its widget kind, and reads its bounds from the scenario model's pydantic
constraints at that path. Everything that moves values between widgets and a Scenario is a loop
over FIELDS: `state_from_scenario`, `scenario_dict_from_state`, and `take` (resets and plan
templates copy whole groups). Pure: no Streamlit, so tests call it directly.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pricing import course, defaults
from pricing.defaults import spravato
from pricing.explain.words import INSURANCE_WORDS
from pricing.scenario import Scenario
from ui import us_states

State = Mapping[str, Any]
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
MAX_MAINTENANCE_MONTHS = 24
PERCENT = 100.0
KINDS = INSURANCE_WORDS  # the insurance kinds in words, as the report says them
COVERAGE = {
    "in_network": "Covered in network",
    "out_of_network": "Out of network (superbill)",
    "not_covered": "Not covered",
}
MEDIGAP = {"none": "No Medigap policy", "medigap_g": "Plan G", "medigap_n": "Plan N"}
COURSES = {"label": "The label's schedule", "typical": "As people usually stay on it"}
BILLS = {True: "Drug and visit billed apart", False: "One bundled price per session"}
BENEFITS = {
    "medical": "The clinic buys and bills it (medical benefit)",
    "pharmacy": "My plan's specialty pharmacy (pharmacy benefit)",
}
APPROVED = {False: "Yes, it is approved", True: "Not yet"}
PAY_METHODS: dict[str | None, str] = {
    None: "Not decided yet (compare the ways below)",
    "savings": "From savings, as billed",
    "payment_plan": "The clinic's payment plan (no interest)",
    "card": "A credit card",
    "deferred_interest": "A deferred-interest medical card",
}


def _is(key: str, *wanted: Any) -> Callable[[State], bool]:
    return lambda v: v.get(key) in wanted


@dataclass(frozen=True)
class Field:
    """One value a person can set (or, with kind "hidden", one carried through unchanged)."""

    key: str  # widget key without the session prefix
    path: str | None  # dotted path in the scenario's data; None: only a widget's own state
    group: str  # what a reset takes fresh (RESETS in ui/forms.py)
    label: str = ""
    kind: str = "money"  # money percent count number choice radio check date slider month hidden
    help: str | None = None
    step: float = 25.0
    options: Callable[[], Mapping[Any, str]] | None = None
    flag: bool = False  # True: the value is whether the optional `path` is set at all
    gate: str | None = None  # a flag's key: off sets `optional` to null
    when: Callable[[State], bool] | None = None  # False: `optional` is null
    optional: str | None = None  # the path set to null by `gate` or `when` (flags: their own)
    read: Callable[[Scenario], Any] | None = None  # derived fields: value from the scenario
    write: Callable[[State], Any] | None = None  # derived fields: value for `path`
    resets: str | None = None  # a change resets the groups of RESETS[resets]
    bounds_path: str | None = None  # where the bounds come from, when not `path`


def _course_of(s: Scenario) -> tuple[str, int | None]:
    """("typical" | "label" | "custom", maintenance months of a label course)."""
    phases = [p.model_dump(exclude_none=True) for p in s.treatment.phases]
    if course.has_typical(s.modality) and phases == course.typical(s.modality):
        return "typical", None
    months = course.maintenance_months_of(s.modality, phases, MAX_MAINTENANCE_MONTHS)
    return ("label", months) if months is not None else ("custom", None)


def _months_of(s: Scenario) -> int:
    """The slider's months: the course's own, else the template's default (typical/custom)."""
    months = _course_of(s)[1]
    return course.default_maintenance_months(s.modality) if months is None else months


def _phases(v: State) -> list[dict[str, Any]]:
    if v.get("custom_phases"):
        return list(v["custom_phases"])
    if v["course_choice"] == "typical" and course.has_typical(v["modality"]):
        return course.typical(v["modality"])
    return course.standard(v["modality"], v["maintenance_months"])


def _supplement(s: Scenario) -> str:
    return s.insurance.medicare.supplement if s.insurance.medicare else "none"


def _rebate_help() -> str:
    terms = spravato.observation_rebate()
    low, high = terms["annual_max"]["low"], terms["annual_max"]["high"]
    return (
        "Pays your share of the observation visit, up to a yearly limit the programme does not "
        f"publish (sources suggest ${low:,.0f} to ${high:,.0f}). Commercial plans only; not for "
        f"residents of {', '.join(terms['excluded_states'])}."
    )


spravato_only = _is("modality", "spravato")
medicare_only = _is("kind", "medicare")
MONEY_ROWS: tuple[tuple[str, str, str, str, float], ...] = (
    # key, path, group, label, step
    ("price_low", "treatment.price.low", "price", "Price per session, lowest quote ($)", 25),
    ("price_high", "treatment.price.high", "price", "Price per session, highest quote ($)", 25),
    ("therapy_low", "therapy.price.low", "course", "Therapy session, low ($)", 25),
    ("therapy_high", "therapy.price.high", "course", "Therapy session, high ($)", 25),
    ("intake_low", "intake.price.low", "course", "Intake and evaluation, low ($)", 25),
    ("intake_high", "intake.price.high", "course", "Intake and evaluation, high ($)", 25),
    ("deductible", "insurance.deductible", "plan", "Deductible ($ per plan year)", 100),
    ("met_deductible", "insurance.met_this_year.deductible", "year",
     "Deductible already met this year ($)", 100),
    ("met_oop", "insurance.met_this_year.oop", "year", "Out-of-pocket already paid this year ($)",
     100),
    ("oon_deductible", "insurance.out_of_network.deductible", "plan",
     "Out-of-network deductible ($)", 100),
    ("pharmacy_copay", "insurance.pharmacy.copay", "plan", "Pharmacy copay per fill ($)", 5),
    ("travel", "time_and_travel.travel_cost_per_visit", "you", "Travel cost per visit ($)", 5),
    ("hourly", "time_and_travel.hourly_value", "you", "Value of an hour (e.g. lost wages, $)", 5),
)  # fmt: skip
PERCENT_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("coinsurance_pct", "insurance.coinsurance", "plan", "Coinsurance after the deductible (%)"),
    ("allowed_pct", "insurance.allowed_share", "plan",
     "In-network allowed amount (% of the clinic's price)"),
    ("oon_coinsurance_pct", "insurance.out_of_network.coinsurance", "plan",
     "Out-of-network coinsurance (%)"),
    ("oon_allowed_pct", "insurance.out_of_network.allowed_share", "plan",
     "Allowed amount (% of the fee)"),
    ("pharmacy_coinsurance_pct", "insurance.pharmacy.coinsurance", "plan",
     "Specialty pharmacy coinsurance (%)"),
    ("discount_pct", "assistance.sliding_scale_discount", "you",
     "Clinic's sliding-scale discount on self-paid charges (%)"),
    ("tax_pct", "payment.marginal_tax_rate", "you", "Your marginal tax rate (%)"),
)  # fmt: skip
financed = _is("pay_method", "payment_plan", "card", "deferred_interest")
itemizes = _is("itemizes", True)

FIELDS: tuple[Field, ...] = (
    Field("name", "name", "name", kind="hidden"),
    Field("modality", "modality", "what", "Treatment", "choice", resets="modality",
          options=lambda: {m: defaults.modality_label(m) for m in defaults.MODALITIES}),
    Field("kind", "insurance.kind", "what", "Insurance", "choice", resets="kind",
          options=lambda: KINDS),
    Field("home_state", "state", "you", "Where do you live?", "choice",
          options=us_states.options, read=lambda s: s.state or us_states.NOT_SAID_CODE,
          write=lambda v: v["home_state"] or None,
          help="Optional. Your state decides the poverty line (Alaska and Hawaii have their "
          "own) and some programme terms."),
    *(Field(k, p, g, lab, step=s) for k, p, g, lab, s in MONEY_ROWS),
    *(Field(k, p, g, lab, "percent", step=5) for k, p, g, lab in PERCENT_ROWS),
    Field("copay", "insurance.copay", "plan", "Copay per visit ($)", step=5,
          help="If your plan charges a flat copay for these visits, it replaces the deductible "
          "and coinsurance."),
    # The two ticks sit in half a form column (about 130 px at 1366 px): short labels, no help
    # icon beside them (it takes 24 px); their field below says the rest.
    Field("has_oop_max", "insurance.oop_max", "plan", "Out-of-pocket cap", "check", flag=True),
    Field("oop_max", "insurance.oop_max", "plan", "Out-of-pocket maximum ($ per plan year)",
          step=100, gate="has_oop_max",
          help="Once you have paid this much in a plan year, the plan pays the rest of the "
          "year's covered care. Untick the cap above if your plan has none."),
    Field("oon_has_max", "insurance.out_of_network.oop_max", "plan", "Out-of-network cap",
          "check", flag=True),
    Field("oon_max", "insurance.out_of_network.oop_max", "plan", "Out-of-network maximum ($)",
          step=100, gate="oon_has_max",
          help="The out-of-pocket maximum for out-of-network care (many plans have none, or a "
          "separate, higher one). Untick the cap above if your plan has none."),
    Field("plan_year_month", "insurance.plan_year_start_month", "year", "Plan year starts in",
          "month", resets="dates"),
    *(Field(f"cov_{part}", f"insurance.coverage.{part}", "coverage", label, "choice",
            options=lambda: COVERAGE)
      for part, label in (("treatment", "Treatment sessions"), ("therapy", "Therapy sessions"),
                          ("intake", "Intake visit"))),
    # Spravato's bills (rule 8).
    Field("split_bill", "treatment.drug", "price", "How does your clinic bill it?", "radio",
          flag=True, when=spravato_only, resets="bill", options=lambda: BILLS,
          help="Most clinics bill the drug and the observation visit apart for private plans "
          "and Medicaid; under Medicare the clinic usually bills one bundled code (G2082/G2083)."),
    Field("drug_low", "treatment.drug.price.low", "price", "Drug per session, lowest ($)",
          gate="split_bill", help="56 mg is the low end, 84 mg the high end."),
    Field("drug_high", "treatment.drug.price.high", "price", "Drug per session, highest ($)",
          gate="split_bill"),
    Field("drug_benefit", "treatment.drug.benefit", "price", "Who supplies the drug?", "radio",
          gate="split_bill", options=lambda: BENEFITS),
    # The course.
    Field("course_choice", "treatment.phases", "course", "Course", "radio",
          options=lambda: COURSES, read=lambda s: _course_of(s)[0], write=_phases,
          help="The label's schedule is the most a course asks; claims data show most people "
          "stop sooner."),
    Field("maintenance_months", None, "course", "Months of maintenance after the first series",
          "slider", read=_months_of),
    Field("custom_phases", None, "course", kind="hidden",
          read=lambda s: [p.model_dump(exclude_none=True) for p in s.treatment.phases]
          if _course_of(s)[0] == "custom" else None),
    Field("therapy_sessions", "therapy.sessions", "course",
          "Preparation / integration therapy sessions", "count", step=1),
    # Prior authorisation (rule 13).
    Field("pa_pending", "insurance.prior_authorization", "coverage",
          "Has your plan already approved it?", "radio", flag=True, options=lambda: APPROVED,
          help="Plans often ask the clinic for prior authorisation first, and refuse some "
          "requests."),
    Field("approval_pct", "insurance.prior_authorization.approval_chance", "coverage",
          "Chance your plan approves it (%)", "percent", step=5, gate="pa_pending"),
    # Medicare (rule 10).
    Field("medicare_advantage", None, "medicare", "Is your Medicare a Medicare Advantage plan?",
          "check", resets="advantage", read=lambda s: _supplement(s) == "advantage",
          help="A private plan that replaces Original Medicare (Part C), with its own "
          "deductible, copays and a yearly out-of-pocket limit."),
    Field("medigap", "insurance.medicare.supplement", "medicare",
          "Do you have a Medigap policy? Which letter?", "choice", options=lambda: MEDIGAP,
          when=medicare_only, optional="insurance.medicare",
          read=lambda s: "none" if _supplement(s) == "advantage" else _supplement(s),
          write=lambda v: "advantage" if v["medicare_advantage"] else v["medigap"],
          help="Plan F (and C) also pay the Part B deductible: if you have one, you pay nothing "
          "for covered claims; choose Plan G and set the deductible to 0. For other letters "
          "(K, L, M...) choose the closest, or No."),
    Field("medigap_visit_copay", "insurance.medicare.visit_copay", "medicare",
          "Plan N copay per office visit ($)", step=5, when=medicare_only,
          optional="insurance.medicare"),
    *(Field(f"part_d_{k}", f"insurance.part_d.{p}", "medicare", label, kind, step=step,
            when=medicare_only, optional="insurance.part_d")
      for k, p, label, kind, step in (
          ("deductible", "deductible", "Part D deductible ($)", "money", 25),
          ("coinsurance_pct", "coinsurance", "Part D coinsurance (%)", "percent", 5),
          ("threshold", "out_of_pocket_threshold", "Part D yearly out-of-pocket cap ($)",
           "money", 100))),
    # Help paying (rules 5 and 9).
    Field("programme", "assistance.manufacturer", "help",
          "Use the SPRAVATO withMe savings programme", "check", flag=True, when=spravato_only,
          help="For commercially insured patients only; not Medicare or Medicaid. It pays "
          "toward the drug, not the observation visit."),
    Field("programme_floor", "assistance.manufacturer.patient_pays_per_session", "help",
          "You pay per session ($)", step=5, gate="programme"),
    Field("programme_max", "assistance.manufacturer.annual_max", "help",
          "Programme's yearly maximum ($)", step=500, gate="programme"),
    Field("rebate", "assistance.observation_rebate", "help",
          "Also claim the withMe observation rebate", "check", flag=True, when=spravato_only,
          help=_rebate_help()),
    Field("rebate_floor", "assistance.observation_rebate.patient_pays_per_session", "help",
          kind="hidden", gate="rebate"),
    Field("rebate_max", "assistance.observation_rebate.annual_max", "help",
          "Observation rebate's yearly limit ($)", step=250, gate="rebate"),
    Field("accumulator", "assistance.counts_toward_deductible", "help",
          "My plan runs a copay accumulator (programme money does not count toward my "
          "deductible)", "check", read=lambda s: not s.assistance.counts_toward_deductible,
          write=lambda v: not v["accumulator"]),
    # Payment, time and household.
    Field("pretax", "payment.pretax_account", "you", "I pay from an HSA or FSA (pre-tax money)",
          "check"),
    Field("hours", "time_and_travel.hours_per_visit", "you",
          "Hours per visit (including travel)", "number", step=0.5),
    Field("start_date", "start_date", "you", "First session", "date", resets="dates"),
    # Paying over time (rule 15) and the medical expense deduction (rule 16).
    Field("pay_method", "payment.method", "you", "How would you pay the bills?", "choice",
          options=lambda: PAY_METHODS, resets="method",
          help="The table of ways to pay compares them all; this picks the one the estimate, "
          "the report and the share link follow."),
    Field("monthly_payment", "payment.monthly_payment", "you", "You can pay each month ($)",
          step=25, when=financed),
    Field("apr_pct", "payment.apr", "pay_terms", "Yearly interest rate, APR (%)", "percent",
          step=1, when=_is("pay_method", "card", "deferred_interest"),
          help="On a deferred-interest card: the rate charged, back-dated to the first bill, if "
          "the promotion ends with anything still owed."),
    Field("promo_months", "payment.promo_months", "pay_terms",
          "Months of 'no interest if paid in full'", "count", step=6,
          when=_is("pay_method", "deferred_interest")),
    Field("plan_fee", "payment.plan_fee", "pay_terms", "Payment plan fee ($, once)", step=5,
          when=_is("pay_method", "payment_plan")),
    Field("itemizes", "tax.itemizes", "you", "I itemise deductions (Schedule A)", "check"),
    Field("agi", "tax.agi", "you", "Adjusted gross income ($ a year)", step=1000, when=itemizes),
    Field("other_medical", "tax.other_medical_expenses", "you",
          "Other medical costs each year ($)", step=100),
    Field("tax_rate_pct", "tax.marginal_rate", "you", "Tax rate the deduction saves at (%)",
          "percent", step=1),
    # After the tax fields: when off, it sets the whole section to null last.
    Field("ask_tax", "tax", "you", "Show the medical expense deduction", "check", flag=True),
    Field("income_known", "household.income", "you",
          "Show cost as a share of my household income", "check", flag=True),
    Field("income", "household.income", "you", "Household income ($ per year)", step=1000,
          gate="income_known"),
    Field("size", "household.size", "you", "People in household", "count", step=1),
)  # fmt: skip
BY_KEY = {f.key: f for f in FIELDS}


# ---------------------------------------------------------------------------------------------
# Bounds from the models.


def bounds(field: Field) -> tuple[float | None, float | None]:
    """(min, max) of the model field at the row's path, in the widget's unit (percent x100)."""
    model: Any = Scenario
    info = None
    for part in (field.bounds_path or field.path or "").split("."):
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None, None
        info = fields[part]
        model = _model_in(info.annotation)
    if info is None:
        return None, None
    metadata = list(info.metadata)
    for arg in typing.get_args(info.annotation):  # Optional[Annotated[...]] keeps them inside
        metadata += getattr(arg, "__metadata__", ())
        metadata += [m for a in typing.get_args(arg)[1:] for m in getattr(a, "metadata", [])]
    low = next((float(m.ge) for m in metadata if getattr(m, "ge", None) is not None), None)
    high = next((float(m.le) for m in metadata if getattr(m, "le", None) is not None), None)
    scale = PERCENT if field.kind == "percent" else 1.0
    return (None if low is None else low * scale), (None if high is None else high * scale)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
