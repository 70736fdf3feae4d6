"""AppTest for the client's pages: Estimate my cost, Compare options, Sources & method.

The key check: after a person changes inputs, the page's headline equals what
`python -m pricing estimate` prints for the same scenario written as a file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.scenario import from_dict
from ui import share

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
pytestmark = pytest.mark.xdist_group("apptest")


def app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=60).run()


def headline(at: AppTest) -> str:
    for block in at.markdown:
        if block.value.startswith("### You would likely pay"):
            return block.value
    raise AssertionError("no headline on the page")


def dollars(text: str) -> list[int]:
    return [int(x.replace(",", "")) for x in re.findall(r"\$([\d,]+)", text)]


def cli_estimate(tmp_path: Path, yaml_text: str) -> dict:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml_text)
    done = subprocess.run(
        [sys.executable, "-m", "pricing", "estimate", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


def shown(elements) -> str:  # type: ignore[no-untyped-def]
    """The text of alert boxes as a person reads it (user text in them is Markdown-escaped)."""
    return " ".join(re.sub(r"\\(.)", r"\1", e.value) for e in elements)


def widget(at: AppTest, kind: str, key: str):  # type: ignore[no-untyped-def]
    return next(w for w in getattr(at, kind) if w.key == key)


@pytest.mark.parametrize(
    "page", ["app_pages/estimate.py", "app_pages/compare.py", "app_pages/sources.py"]
)
def test_every_client_page_runs_without_exception(page: str) -> None:
    at = app()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, "every page has a title"


def test_headline_matches_cli_after_changing_inputs(tmp_path: Path) -> None:
    at = app()
    widget(at, "selectbox", "in_kind").set_value("commercial").run()
    widget(at, "number_input", "in_price_low").set_value(500.0).run()
    widget(at, "number_input", "in_price_high").set_value(900.0).run()
    widget(at, "selectbox", "in_modality").set_value("spravato").run()
    # Changing the treatment resets prices to Spravato's; type the quote again.
    widget(at, "number_input", "in_price_low").set_value(700.0).run()
    widget(at, "number_input", "in_price_high").set_value(1100.0).run()
    assert not at.exception
    # The same person written as a two-part scenario file: everything else from the defaults.
    printed = cli_estimate(
        tmp_path,
        "version: 1\nmodality: spravato\ntreatment: {price: {low: 700, high: 1100}}\n"
        "insurance: {kind: commercial}\n",
    )
    oop = printed["out_of_pocket"]
    shown = dollars(headline(at))
    assert shown == [round(oop["mid"]), round(oop["low"]), round(oop["high"])]


def test_headline_changes_when_price_changes() -> None:
    at = app()
    before = headline(at)
    widget(at, "number_input", "in_price_high").set_value(1500.0).run()
    after = headline(at)
    assert before != after
    # Uninsured, one intake and 11 infusions at (400+1500)/2 = 950 plus the intake midpoint 250:
    # 11 * 950 + 250 = 10,700.
    assert dollars(after)[0] == 10_700


def test_invalid_widget_combination_names_the_field_and_keeps_inputs() -> None:
    at = app()
    good = headline(at)
    widget(at, "number_input", "in_price_low").set_value(2000.0).run()  # above the high quote
    assert "treatment.price" in shown(at.error)
    assert widget(at, "number_input", "in_price_low").value == 2000.0
    assert headline(at) == good, "the last valid estimate stays on screen"


def test_bad_upload_keeps_state_and_good_upload_loads(tmp_path: Path) -> None:
    at = app()
    widget(at, "number_input", "in_price_low").set_value(450.0).run()
    before = headline(at)
    uploader = at.file_uploader[0]
    uploader.set_value(
        (
            "bad.yaml",
            b"version: 1\nmodality: iv_ketamine\ninsurance: {deductable: 5}\n",
            "application/yaml",
        )
    ).run()
    errors = shown(at.error)
    assert "insurance.deductable" in errors and "did you mean 'deductible'" in errors
    assert widget(at, "number_input", "in_price_low").value == 450.0
    assert headline(at) == before

    good = (ROOT / "scenarios" / "uninsured_iv_series.yaml").read_bytes()
    at.file_uploader[0].set_value(("iv.yaml", good, "application/yaml")).run()
    assert "Loaded iv.yaml" in shown(at.success)
    printed = cli_estimate(tmp_path, good.decode())
    assert dollars(headline(at))[0] == round(printed["out_of_pocket"]["mid"])


def test_share_link_round_trip_without_income() -> None:
    scenario = from_dict(
        {
            "version": 1,
            "modality": "kap_lozenge",
            "name": "Shared KAP",
            "treatment": {"price": {"low": 450, "high": 650}},
            "insurance": {"kind": "commercial", "deductible": 2500},
            "household": {"income": 52000, "size": 3},
        }
    )
    token = share.encode_for_link(scenario)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params[share.QUERY_KEY] = token
    at.run()
    assert not at.exception
    assert widget(at, "selectbox", "in_modality").value == "kap_lozenge"
    assert widget(at, "number_input", "in_price_low").value == 450.0
    assert widget(at, "number_input", "in_deductible").value == 2500.0
    # Income stays private unless the person ticks the box.
    assert at.session_state["in_income_known"] is False
    restored = share.decode_link(token)
    assert restored.household.income is None
    assert restored.model_copy(update={"household": scenario.household}) == scenario


def test_damaged_share_link_shows_error_and_defaults() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params[share.QUERY_KEY] = "not-a-real-token"
    at.run()
    assert "shared link" in shown(at.error)
    assert widget(at, "selectbox", "in_modality").value == "iv_ketamine"


def test_compare_answers_with_every_treatment_by_default() -> None:
    at = app()
    at.switch_page("app_pages/compare.py").run()
    answers = [m.value for m in at.markdown if m.value.startswith("- Over")]
    assert [a.split(",")[0] for a in answers] == [
        "- Over 3 months",
        "- Over 6 months",
        "- Over 12 months",
    ]
    assert len(at.dataframe[0].value) == 5


def test_inputs_survive_a_visit_to_another_page() -> None:
    at = app()
    widget(at, "number_input", "in_price_low").set_value(455.0).run()
    at.switch_page("app_pages/sources.py").run()
    at.switch_page("app_pages/estimate.py").run()
    assert widget(at, "number_input", "in_price_low").value == 455.0


def test_share_link_at_the_formats_limits_keeps_every_value(tmp_path: Path) -> None:
    # Values the file format allows must survive the widgets, or the page would show another
    # cost than the CLI (a reviewer found 200 therapy sessions silently becoming 0).
    yaml_text = (
        "version: 1\nmodality: kap_lozenge\ntherapy: {sessions: 200, price: 150}\n"
        "treatment: {price: 2000000}\nintake: {price: 10000000}\n"
    )
    from pricing.scenario import loads

    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params[share.QUERY_KEY] = share.encode_for_link(loads(yaml_text))
    at.run()
    assert widget(at, "number_input", "in_therapy_sessions").value == 200
    assert widget(at, "number_input", "in_price_low").value == 2_000_000
    printed = cli_estimate(tmp_path, yaml_text)
    assert dollars(headline(at))[0] == round(printed["out_of_pocket"]["mid"])


def test_hostile_share_links_show_a_message_not_a_crash_or_a_link() -> None:
    import base64

    def token(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    nested = AppTest.from_file(DASHBOARD, default_timeout=60)
    nested.query_params[share.QUERY_KEY] = token("[" * 50_000 + "]" * 50_000)
    nested.run()
    assert not nested.exception
    assert "damaged" in shown(nested.error)

    phishing = '{"version": 1, "modality": "[re-verify here](https://evil.example/login)"}'
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params[share.QUERY_KEY] = token(phishing)
    at.run()
    raw = " ".join(e.value for e in at.error)
    assert "](https" not in raw, "the user's text must not become a Markdown link"
    assert "re-verify here" in shown(at.error)
