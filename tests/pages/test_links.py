"""AppTest for links that are always current (issue 17, item 2; issue 20, item 3): each page's
state in its address, rewritten on every change; an address this session did not write (a
shared link, a reload, a browser reconnecting to a restarted server) restores the inputs with a
notice; moving between pages keeps them; hostile links are refused in one line."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from streamlit.testing.v1 import AppTest

from pricing.scenario import from_dict
from tests.pages.test_client import unfold
from ui import links, share

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
CLINIC = str(ROOT / "app_pages" / "clinic.py")
pytestmark = pytest.mark.xdist_group("apptest")

KAP = {
    "version": 1,
    "modality": "kap_lozenge",
    "name": "Shared KAP",
    "treatment": {"price": {"low": 450, "high": 650}},
    "insurance": {"kind": "commercial", "deductible": 2500},
}


def opened(script: str = DASHBOARD, **query: str) -> AppTest:
    at = AppTest.from_file(script, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def param(at: AppTest, key: str) -> str | None:
    """A query parameter as the browser would see it (AppTest keeps lists)."""
    value = at.query_params.get(key)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def address(at: AppTest) -> dict[str, str]:
    return {k: v for k in list(at.query_params) if (v := param(at, k)) is not None}


def notices(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def headline(at: AppTest) -> str:
    return next(b.value for b in at.markdown if b.value.startswith("### "))


def share_box(at: AppTest) -> str:
    return next(t.value for t in at.text_input if t.key and t.key.startswith("share_box_"))


# --- Estimate my cost --------------------------------------------------------------------------


def test_estimate_link_in_gives_the_same_inputs_and_says_where_they_came_from() -> None:
    at = opened(scenario=share.encode_for_link(from_dict(KAP)))
    assert not at.exception
    assert at.selectbox(key="in_modality").value == "kap_lozenge"
    assert at.number_input(key="in_price_low").value == 450.0
    assert at.number_input(key="in_deductible").value == 2500.0
    assert links.RESTORED in notices(at)


def test_estimate_a_change_rewrites_the_address_and_the_share_box() -> None:
    # Issue 17: the link kept encoding the first run's scenario after every change.
    at = opened()
    assert not notices(at), "a first visit with no link says nothing about links"
    first = param(at, share.QUERY_KEY)
    assert first is not None and share_box(at) == f"?{share.QUERY_KEY}={first}"
    at.number_input(key="in_price_low").set_value(425.0).run()
    token = param(at, share.QUERY_KEY)
    assert token is not None and token != first
    assert share.decode_link(token).treatment.price.low == 425
    assert share_box(at) == f"?{share.QUERY_KEY}={token}"
    assert not notices(at), "the session's own change is not 'restored from the link'"
    # A reload (a fresh session on the same address) shows the same inputs and headline.
    again = opened(**address(at))
    assert again.number_input(key="in_price_low").value == 425.0
    assert headline(again) == headline(at)
    assert links.RESTORED in notices(again)
    assert param(again, share.QUERY_KEY) == token, "the address is stable after a reload"


def test_a_change_sent_with_an_address_that_has_not_caught_up_keeps_every_change() -> None:
    # The browser sends its address with each change. A second change made before the first
    # change's new address reached it carries the address before both: it is the browser
    # lagging, not a link, so nothing is "restored" and neither change is undone.
    at = opened()
    before = address(at)
    at.number_input(key="in_price_low").set_value(425.0).run()
    assert param(at, share.QUERY_KEY) != before[share.QUERY_KEY]
    for key in list(at.query_params):  # the browser's copy, one change behind
        del at.query_params[key]
    for key, value in before.items():
        at.query_params[key] = value
    at.number_input(key="in_price_high").set_value(900.0).run()
    assert not at.exception and links.RESTORED not in notices(at)
    assert at.number_input(key="in_price_low").value == 425.0
    assert at.number_input(key="in_price_high").value == 900.0
    price = share.decode_link(str(param(at, share.QUERY_KEY))).treatment.price
    assert (price.low, price.high) == (425, 900)  # the address follows both changes


def test_estimate_income_stays_out_of_the_address_until_asked_then_stays_in() -> None:
    at = unfold(opened())  # the income is under "Time, travel and your household"
    at.checkbox(key="in_income_known").check().run()
    at.number_input(key="in_income").set_value(52_000.0).run()
    token = param(at, share.QUERY_KEY)
    assert token is not None and share.decode_link(token).household.income is None
    at.checkbox(key="share_income").check().run()
    token = param(at, share.QUERY_KEY)
    assert token is not None and share.decode_link(token).household.income == 52_000
    again = opened(**address(at))
    assert again.session_state["in_income"] == 52_000.0  # restored though its part is folded
    assert again.checkbox(key="share_income").value is True
    assert param(again, share.QUERY_KEY) == token
    assert unfold(again).number_input(key="in_income").value == 52_000.0


def test_a_damaged_scenario_in_the_address_is_refused_once_then_replaced() -> None:
    at = opened(scenario="not-a-real-token")
    assert "Could not use the shared link" in " ".join(e.value for e in at.error)
    assert at.selectbox(key="in_modality").value == "iv_ketamine"
    token = param(at, share.QUERY_KEY)
    assert token is not None and share.decode_link(token).modality == "iv_ketamine"
    at.run()
    assert not at.error, "refused once, not on every run"


# --- Compare options ---------------------------------------------------------------------------


def compare_page(**query: str) -> AppTest:
    """Compare opened at its own address (/compare?...)."""
    return opened(str(ROOT / "app_pages" / "compare.py"), **query)


def answers(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("- Over")]


def test_compare_link_in_gives_the_same_choices_and_a_change_rewrites_it() -> None:
    token = share.encode_for_link(from_dict(KAP))
    at = compare_page(scenario=token, treatments="spravato,kap_lozenge", months="24")
    assert not at.exception
    assert at.multiselect(key="compare_modalities").value == ["spravato", "kap_lozenge"]
    assert at.select_slider(key="compare_months").value == 24
    assert at.selectbox(key="in_kind").value == "commercial"
    at.select_slider(key="compare_months").set_value(12).run()
    assert param(at, "months") is None, "the default period is left out of the address"
    assert param(at, "treatments") == "spravato,kap_lozenge"
    at.multiselect(key="compare_modalities").set_value(["iv_ketamine", "kap_lozenge"]).run()
    assert param(at, "treatments") == "iv_ketamine,kap_lozenge"
    assert share_box(at) == "?" + urlencode(address(at))
    # A reload: the same short answer.
    again = compare_page(**address(at))
    assert answers(again) == answers(at)
    assert links.RESTORED in notices(again)


def test_compare_unknown_values_in_the_address_fall_back_to_the_defaults() -> None:
    at = compare_page(treatments="nonsense,[x](https://evil.example)", months="99999999")
    assert not at.exception
    assert len(at.multiselect(key="compare_modalities").value) == 5
    assert at.select_slider(key="compare_months").value == 12


def test_compare_choices_survive_a_visit_to_another_page() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    at.switch_page("app_pages/compare.py").run()
    at.select_slider(key="compare_months").set_value(24).run()
    at.switch_page("app_pages/sources.py").run()
    at.query_params.clear()  # the menu drops the query
    at.switch_page("app_pages/compare.py").run()
    assert at.select_slider(key="compare_months").value == 24
    assert param(at, "months") == "24"
    assert not notices(at), "the session's own choices, not a link's"


# --- Clinic pricing ----------------------------------------------------------------------------


def profit(at: AppTest) -> str:
    return next(str(m.value) for m in at.metric if m.label == "Profit per month")


def test_clinic_a_change_rewrites_the_address_and_a_reload_restores_it() -> None:
    at = opened(CLINIC)
    assert param(at, "clinic") is None, "all defaults: nothing to carry"
    before = profit(at)
    at.number_input(key="clinic_booked").set_value(333.0).run()
    at.multiselect(key="clinic_treatments").set_value(["iv_ketamine", "spravato"]).run()
    token = param(at, "clinic")
    assert token is not None
    assert share.decode_state(token) == {"booked": 333.0, "treatments": ["iv_ketamine", "spravato"]}
    assert share_box(at) == f"?clinic={token}"
    assert profit(at) != before
    again = opened(CLINIC, clinic=token)
    assert not again.exception
    assert again.number_input(key="clinic_booked").value == 333.0
    assert again.multiselect(key="clinic_treatments").value == ["iv_ketamine", "spravato"]
    assert profit(again) == profit(at)
    assert links.RESTORED in notices(again)
    assert param(again, "clinic") == token


def test_clinic_inputs_survive_a_visit_to_another_page() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    at.switch_page("app_pages/clinic.py").run()
    at.number_input(key="clinic_booked").set_value(333.0).run()
    at.switch_page("app_pages/sources.py").run()
    at.query_params.clear()  # the menu drops the query
    at.switch_page("app_pages/clinic.py").run()
    assert at.number_input(key="clinic_booked").value == 333.0
    assert param(at, "clinic") is not None


def token_of(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    [
        "not-a-real-token",
        "A" * (share.MAX_LINK_CHARS + 1),
        token_of([1, 2]),
        token_of({"Booked": 1}),
        token_of({"booked": [[1]]}),
        '{"booked": 1, "booked": 2}',
    ],
)
def test_clinic_hostile_links_get_one_line_and_the_defaults(token: str) -> None:
    if token.startswith("{"):
        token = base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")
    at = opened(CLINIC, clinic=token)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Could not use the link: link"), errors
    fresh = opened(CLINIC)
    assert (
        at.number_input(key="clinic_booked").value == fresh.number_input(key="clinic_booked").value
    )


def test_clinic_link_values_that_do_not_fit_a_widget_take_its_default() -> None:
    fresh = opened(CLINIC)
    defaults = {
        "booked": fresh.number_input(key="clinic_booked").value,
        "rooms": fresh.number_input(key="clinic_rooms").value,
        "threshold": fresh.selectbox(key="clinic_threshold").value,
    }
    hostile = {
        "booked": -5,  # below the model's bound
        "rooms": 2.5,  # a whole number widget
        "threshold": "[x](https://evil.example)",  # not an option
        "treatments": ["iv_ketamine", "iv_ketamine"],  # repeated
        "no_such_widget": 1,
    }
    at = opened(CLINIC, clinic=token_of(hostile))
    assert not at.exception
    assert at.number_input(key="clinic_booked").value == defaults["booked"]
    assert at.number_input(key="clinic_rooms").value == defaults["rooms"]
    assert at.selectbox(key="clinic_threshold").value == defaults["threshold"]
    assert at.multiselect(key="clinic_treatments").value == ["iv_ketamine"]
    assert param(at, "clinic") is None, "nothing that fits: the address holds the defaults"


def test_clinic_nan_and_infinity_in_a_link_are_refused() -> None:
    raw = '{"booked": NaN, "rooms": Infinity}'
    at = opened(CLINIC, clinic=base64.urlsafe_b64encode(raw.encode()).decode())
    assert not at.exception
    assert "damaged" in " ".join(e.value for e in at.error)


# --- Access & equity ---------------------------------------------------------------------------

EQUITY = str(ROOT / "app_pages" / "equity.py")


def test_equity_settings_come_from_the_address_and_a_change_rewrites_it() -> None:
    at = opened(
        EQUITY,
        state="TX",
        treatment="spravato",
        reforms="oop_cap",
        course="first_year",
        test="income_25",
        oop_cap="3000",
        bands="0",
    )
    assert not at.exception
    assert at.radio(key="equity_course").value == "first_year"
    assert at.selectbox(key="equity_threshold").value == "income_25"
    assert at.number_input(key="equity_oop_cap").value == 3000.0
    assert at.checkbox(key="equity_bands").value is False
    assert links.RESTORED in notices(at)
    at.number_input(key="equity_oop_cap").set_value(2500.0).run()
    assert param(at, "oop_cap") == "2500"
    assert param(at, "course") == "first_year" and param(at, "bands") == "0"
    assert param(at, "price_cap") is None, "a setting at its default is left out"
    assert share_box(at) == "?" + urlencode(address(at))
    assert not notices(at)


def test_equity_settings_out_of_bounds_take_the_defaults() -> None:
    at = opened(EQUITY, state="TX", oop_cap="1e309", price_cap="-5", households="7", test="x")
    assert not at.exception
    assert at.number_input(key="equity_oop_cap").value == 2000.0
    assert at.number_input(key="equity_price_cap").value == 500.0
    assert at.select_slider(key="equity_households").value == 5000
    assert at.selectbox(key="equity_threshold").value == "income_10"


def test_clinic_link_text_in_the_refusal_is_not_a_link() -> None:
    at = opened(CLINIC, clinic=token_of({"[re-verify](https://evil.example/pay)": 1}))
    assert not at.exception
    raw = " ".join(e.value for e in at.error)
    assert "Could not use the link" in raw
    assert "](https" not in raw and "https://evil" not in raw


def test_the_page_below_a_notice_keeps_its_place_when_the_notice_goes() -> None:
    # Streamlit places each element by its position: had the notice's going moved everything
    # up one place, the browser would show the last run's inputs beside the new ones until the
    # run ended (seen in Chromium as two rows of the same buttons, two price boxes).
    at = opened(scenario=share.encode_for_link(from_dict(KAP)))
    assert links.RESTORED in notices(at)
    shown = [type(child).__name__ for child in at.main.children.values()]
    at.number_input(key="in_price_high").set_value(900.0).run()
    assert not notices(at)
    assert [type(child).__name__ for child in at.main.children.values()] == shown
