"""The client's inputs in Streamlit (AppTest): each input of the real-bills form reaches the
scenario the pages price, and resets take their values from the sourced defaults.

The form runs in a small script of its own (the three render functions and the current
scenario), so these tests do not depend on how the result pages draw.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pricing import course
from pricing.scenario import Scenario, from_dict
from ui import share
from ui.inputs import FOLDS

pytestmark = pytest.mark.xdist_group("apptest")


def form_script() -> None:
    import streamlit as st

    from ui import inputs, session

    session.start()
    session.show_flash()
    inputs.render_treatment()
    inputs.render_insurance()
    inputs.render_advanced()
    inputs.folded("fold_paying", lambda: None)
    scenario, problem = session.current_scenario()
    st.session_state["test_scenario"] = scenario
    st.session_state["test_problem"] = problem


def form(scenario: Scenario | None = None) -> AppTest:
    at = AppTest.from_function(form_script, default_timeout=60)
    for key in FOLDS:  # every folded part open: its inputs are drawn only while it is
        at.session_state[key] = True
    if scenario is not None:
        at.query_params[share.QUERY_KEY] = share.encode_for_link(scenario, include_income=True)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def priced(at: AppTest) -> Scenario:
    assert at.session_state["test_problem"] is None, at.session_state["test_problem"]
    found = at.session_state["test_scenario"]
    assert isinstance(found, Scenario)
    return found


def widget(at: AppTest, key: str):  # type: ignore[no-untyped-def]
    for kind in ("selectbox", "radio", "checkbox", "number_input", "slider", "date_input"):
        for w in getattr(at, kind):
            if w.key == "in_" + key:
                return w
    raise AssertionError(f"no widget in_{key} on the form")


def has_widget(at: AppTest, key: str) -> bool:
    try:
        widget(at, key)
    except AssertionError:
        return False
    return True


def spravato(kind: str = "commercial", **insurance: object) -> Scenario:
    return from_dict(
        {"version": 1, "modality": "spravato", "insurance": {"kind": kind, **insurance}}
    )


def test_state_picker_is_optional_and_reaches_the_scenario() -> None:
    at = form()
    assert widget(at, "home_state").value == "", "not said by default: national figures"
    assert priced(at).state is None
    assert len(widget(at, "home_state").options) == 1 + 51  # not said, 50 states and DC
    widget(at, "home_state").set_value("AK").run()
    assert priced(at).state == "AK"


def test_spravato_bill_split_by_default_for_private_plans_bundled_when_chosen() -> None:
    at = form(spravato())
    assert widget(at, "split_bill").value is True
    default_drug = spravato().treatment.drug
    assert default_drug is not None
    assert priced(at).treatment.drug == default_drug
    widget(at, "split_bill").set_value(False).run()
    bundled = priced(at)
    assert bundled.treatment.drug is None
    # The bundled price is the defaults' one-claim price (the G-code price), not the visit's.
    assert (
        bundled.treatment.price
        == from_dict(
            {"version": 1, "modality": "spravato", "insurance": {"kind": "medicare"}}
        ).treatment.price
    )
    assert not has_widget(at, "drug_low")


def test_medicare_spravato_is_bundled_by_default() -> None:
    at = form(spravato("medicare"))
    assert widget(at, "split_bill").value is False
    assert priced(at).treatment.drug is None


def test_drug_price_and_pharmacy_benefit_with_its_coinsurance() -> None:
    at = form(spravato())
    assert not has_widget(at, "pharmacy_coinsurance_pct"), "only for the pharmacy benefit"
    widget(at, "drug_high").set_value(1000.0).run()
    widget(at, "drug_benefit").set_value("pharmacy").run()
    widget(at, "pharmacy_coinsurance_pct").set_value(30.0).run()
    s = priced(at)
    assert s.treatment.drug is not None
    assert s.treatment.drug.price.high == 1000
    assert s.treatment.drug.benefit == "pharmacy"
    assert s.insurance.pharmacy.coinsurance == pytest.approx(0.30)


def test_medicare_advantage_brings_its_plan_and_medigap_letters_when_not() -> None:
    at = form(spravato("medicare"))
    assert widget(at, "medicare_advantage").value is False
    assert widget(at, "medigap").value == "none"
    widget(at, "medigap").set_value("medigap_g").run()
    assert priced(at).insurance.medicare.supplement == "medigap_g"  # type: ignore[union-attr]
    widget(at, "medigap").set_value("medigap_n").run()
    widget(at, "medigap_visit_copay").set_value(15.0).run()
    s = priced(at)
    assert s.insurance.medicare is not None
    assert (s.insurance.medicare.supplement, s.insurance.medicare.visit_copay) == ("medigap_n", 15)
    assert "F" in (widget(at, "medigap").help or ""), "the help explains Plan F"

    widget(at, "medicare_advantage").set_value(True).run()
    advantage = priced(at)
    expected = spravato("medicare", medicare={"supplement": "advantage"})
    assert advantage.insurance.medicare.supplement == "advantage"  # type: ignore[union-attr]
    # Its plan terms come from the defaults: a yearly out-of-pocket limit Original Medicare lacks.
    assert advantage.insurance.oop_max == expected.insurance.oop_max is not None
    assert not has_widget(at, "medigap")


def test_part_d_asked_when_the_drug_is_on_the_pharmacy_benefit() -> None:
    at = form(spravato("medicare"))
    assert not has_widget(at, "part_d_deductible")
    widget(at, "split_bill").set_value(True).run()
    widget(at, "drug_benefit").set_value("pharmacy").run()
    widget(at, "part_d_threshold").set_value(2000.0).run()
    s = priced(at)
    assert s.insurance.part_d is not None and s.insurance.part_d.out_of_pocket_threshold == 2000


def test_prior_authorisation_approved_or_not_yet_with_its_chance() -> None:
    at = form(spravato())
    default = spravato().insurance.prior_authorization
    assert default is not None
    assert widget(at, "pa_pending").value is True  # private plans: a step with a chance
    assert widget(at, "approval_pct").value == pytest.approx(default.approval_chance * 100)
    widget(at, "approval_pct").set_value(60.0).run()
    assert priced(at).insurance.prior_authorization.approval_chance == 0.6  # type: ignore[union-attr]
    widget(at, "pa_pending").set_value(False).run()
    assert priced(at).insurance.prior_authorization is None, "approved: no approval step"
    assert not has_widget(at, "approval_pct")


def test_withme_programme_and_its_observation_rebate() -> None:
    at = form(spravato())
    assert not has_widget(at, "rebate")
    widget(at, "programme").set_value(True).run()
    widget(at, "rebate").set_value(True).run()
    widget(at, "rebate_max").set_value(2000.0).run()
    s = priced(at)
    assert s.assistance.manufacturer is not None
    assert s.assistance.observation_rebate is not None
    assert s.assistance.observation_rebate.annual_max == 2000


def test_course_as_people_usually_stay_on_it() -> None:
    at = form(spravato())
    assert widget(at, "course_choice").value == "label"
    widget(at, "course_choice").set_value("typical").run()
    typical = [p.model_dump(exclude_none=True) for p in priced(at).treatment.phases]
    assert typical == course.typical("spravato")
    assert not has_widget(at, "maintenance_months")
    widget(at, "course_choice").set_value("label").run()
    widget(at, "maintenance_months").set_value(6).run()
    label = [p.model_dump(exclude_none=True) for p in priced(at).treatment.phases]
    assert label == course.standard("spravato", 6)


def test_no_typical_choice_where_none_is_known() -> None:
    at = form()  # IV ketamine
    assert not course.has_typical("iv_ketamine")
    assert not has_widget(at, "course_choice")


def test_modality_change_keeps_the_plan_and_takes_the_new_treatments_prices() -> None:
    at = form(from_dict({"version": 1, "modality": "iv_ketamine",
                         "insurance": {"kind": "commercial", "deductible": 4321}}))  # fmt: skip
    widget(at, "modality").set_value("spravato").run()
    s = priced(at)
    assert s.insurance.deductible == 4321, "the person's plan stays"
    assert s.treatment == spravato().treatment, "Spravato's own bills and course"


def test_bounds_come_from_the_models() -> None:
    at = form()
    widget(at, "pretax").set_value(True).run()
    tax = widget(at, "tax_pct")
    assert (tax.min, tax.max) == (0, 60)  # Payment.marginal_tax_rate: 0 <= rate <= 0.6
    hours = widget(at, "hours")
    assert (hours.min, hours.max) == (0, 24)  # TimeAndTravel.hours_per_visit


BAD_FILES = [
    b"version: 1\nmodality: iv_ketamine\ntreatment: {price: !!int abc}\n",
    b"version: 1\nmodality: iv_ketamine\nstart_date: !!timestamp hello\n",
    b"version: 1\nmodality: iv_ketamine\n? [a, b]\n: 1\n",
]


def upload_script() -> None:
    import functools

    from ui import inputs, session

    session.start()
    session.show_flash()
    inputs.render_treatment()
    scenario, _ = session.current_scenario()
    address = session.publish("estimate", scenario)
    session.keep_and_share(session.cached_estimate(scenario), functools.partial(str, ""), address)


@pytest.mark.parametrize("content", BAD_FILES)
def test_bad_uploaded_file_says_check_this_input_and_keeps_inputs(content: bytes) -> None:
    at = AppTest.from_function(upload_script, default_timeout=60).run()
    widget(at, "price_low").set_value(455.0).run()
    at.file_uploader[0].set_value(("bad.yaml", content, "application/yaml")).run()
    assert not at.exception, [e.message for e in at.exception]
    message = " ".join(e.value for e in at.error)
    assert message.startswith("Check this input:"), message
    assert "Traceback" not in message and "/work" not in message
    assert widget(at, "price_low").value == 455.0
