"""The page's form as data (pricing/clinic/form.py): starting values from clinic.yaml, percent in,
shares out, and one-line errors."""

from __future__ import annotations

import pytest

from pricing import clinic
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import ScenarioError


def test_start_form_becomes_the_default_section() -> None:
    s = clinic.section_from_form(clinic.start_form("iv_ketamine"))
    # Percent widgets back to shares: 5% no-shows -> 0.05; tiers 10% and 15% -> 0.1 and 0.15.
    assert s.no_show_rate == pytest.approx(clinic_defaults.start_value("no_show_rate"))
    assert [t.share for t in s.sliding_scale] == pytest.approx([0.1, 0.15])
    assert [t.discount for t in s.sliding_scale] == pytest.approx([0.5, 0.25])
    assert s.offerings[0].share == pytest.approx(1)
    assert s.rooms == clinic_defaults.start_value("rooms")
    assert s.hourly_rates == clinic_defaults.hourly_rates()


def test_a_package_is_only_sold_when_ticked() -> None:
    form = clinic.start_form("iv_ketamine")
    assert clinic.section_from_form(form).offerings[0].package is None
    form["offerings"][0] |= {"package": True, "package_price": 3000, "package_sessions": 6}
    package = clinic.section_from_form(form).offerings[0].package
    # Uptake 50% in the form -> 0.5 of self-paid sessions.
    assert package is not None and (package.price, package.uptake) == (3000, 0.5)


def test_no_treatment_and_bad_shares_are_one_line_errors() -> None:
    form = clinic.start_form("iv_ketamine")
    with pytest.raises(ScenarioError) as err:
        clinic.section_from_form({**form, "offerings": []})
    assert err.value.field == "Treatments you offer"
    with pytest.raises(ScenarioError) as err:
        clinic.section_from_form({**form, "payer_percent": {"self_pay": 90}})
    assert err.value.field == "clinic.payer_mix" and "\n" not in str(err.value)
