"""AppTest for the client's pages: Estimate my cost, Compare options, Sources & method.

The key check: after a person changes inputs, the page's headline equals what
`python -m pricing estimate` prints for the same scenario written as a file. With prior
authorisation the page shows the approved and refused figures side by side (the CLI's
`out_of_pocket` and `if_denied`), and a split Spravato bill is explained as two bills.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing import course
from pricing.scenario import from_dict
from ui import estimate_parts as parts
from ui import share
from ui.inputs import FOLDS
from ui.labels import column as shown_as

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
pytestmark = pytest.mark.xdist_group("apptest")


def app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=60).run()


def headline(at: AppTest) -> str:
    """The page's headline (with prior authorisation it starts 'If your plan approves it:')."""
    for block in at.markdown:
        if block.value.startswith("### ") and "ould likely pay" in block.value:
            return block.value
    raise AssertionError("no headline on the page")


def unfold(at: AppTest) -> AppTest:
    """Every folded part of Estimate's form opened: its inputs are drawn only while it is."""
    for key in FOLDS:
        at.session_state[key] = True
    return at.run()


def open_tab(at: AppTest, label: str) -> AppTest:
    """Estimate's detail tab `label`, opened: only the open tab's content is drawn."""
    assert label in parts.TABS
    at.session_state[parts.TAB_KEY] = label
    return at.run()


def views(at: AppTest, page: str) -> Iterator[AppTest]:
    """`at` as each view of `page` shows it: on Estimate, with every folded part of the form
    open, once with each detail tab open (what a closed tab or fold holds is not drawn); any
    other page as it is."""
    if page != "estimate":
        yield at
        return
    unfold(at)
    for label in parts.TABS:
        yield open_tab(at, label)


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def opened(yaml_path: Path) -> AppTest:
    """The Estimate page with a scenario file loaded through a share link."""
    from pricing.scenario import load_file

    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params[share.QUERY_KEY] = share.encode_for_link(load_file(yaml_path))
    return at.run()


def needs_split_bill_inputs(at: AppTest) -> None:
    """The split-bill widgets come with engineer UA's inputs; before they land the form cannot
    hold a drug price, so these checks would test the old form, not the results."""
    if not any(w.key == "in_split_bill" for w in at.radio):
        pytest.skip("the form has no split-bill inputs yet (ui/inputs.py, engineer UA)")


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
    """The text of alert boxes as a person reads it (user text in them is Markdown-escaped, with
    zero-width spaces around : . @ so Streamlit links nothing; a reader sees neither)."""
    return " ".join(re.sub(r"\\(.)", r"\1", e.value).replace("\u200b", "") for e in elements)


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
    split = [w for w in at.radio if w.key == "in_split_bill"]
    if split:  # the file below is one bundled price per session
        split[0].set_value(False).run()
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
    # Commercial Spravato needs prior authorisation (defaults): the refused case sits beside it.
    assert (
        metric(at, "If it refuses") == f"${round(printed['if_denied']['out_of_pocket']['mid']):,}"
    )


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
    assert len(next(d.value for d in at.dataframe if shown_as("total mid") in d.value.columns)) == 5


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
    assert "shared link" in shown(nested.error)

    phishing = '{"version": 1, "modality": "[re-verify here](https://evil.example/login)"}'
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params[share.QUERY_KEY] = token(phishing)
    at.run()
    raw = " ".join(e.value for e in at.error)
    assert "](https" not in raw, "the user's text must not become a Markdown link"
    assert "re-verify here" in shown(at.error)


TWO_BILLS = ROOT / "scenarios" / "employer_spravato_two_bills.yaml"


def test_two_bills_headline_and_the_approve_refuse_pair_equal_the_cli(tmp_path: Path) -> None:
    at = opened(TWO_BILLS)
    needs_split_bill_inputs(at)
    assert not at.exception
    printed = cli_estimate(tmp_path, TWO_BILLS.read_text())
    oop, refused = printed["out_of_pocket"], printed["if_denied"]["out_of_pocket"]
    assert headline(at).startswith("### If your plan approves it: you would likely pay")
    assert dollars(headline(at)) == [round(oop["mid"]), round(oop["low"]), round(oop["high"])]
    # Hand-worked (tests/pricing/explain/test_estimate.py): approved 300 + 25 x 10 + 30 = $580;
    # refused 25 x 737.50 + 25 x 350 + 300 = $27,487.50.
    assert metric(at, "If your plan approves") == "$580" == f"${round(oop['mid']):,}"
    assert metric(at, "If it refuses") == "$27,488" == f"${round(refused['mid']):,}"
    texts = " ".join(m.value for m in at.markdown)
    assert "In a published claims study (2023), about 85% of requests" in texts
    assert "not an average" in texts
    # Never blended: 0.85 x 580 + 0.15 x 27,487.50 = 4,616.13.
    assert "4,616" not in texts


def test_walkthrough_explains_the_drug_and_the_visit_for_a_split_bill() -> None:
    at = opened(TWO_BILLS)
    needs_split_bill_inputs(at)
    open_tab(at, parts.WHO_PAYS)
    steps = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert "1. Each session is two bills. The drug: the clinic buys it" in steps
    assert "the visit: the clinic bills its own time" in steps
    assert "Drug bill 1" in steps and "Visit bill 1" in steps
    assert "observation rebate pays you back" in steps


def test_default_commercial_spravato_shows_both_outcomes() -> None:
    at = app()
    widget(at, "selectbox", "in_kind").set_value("commercial").run()
    widget(at, "selectbox", "in_modality").set_value("spravato").run()
    approved = metric(at, "If your plan approves")
    assert dollars(headline(at))[0] == dollars(approved)[0]
    assert dollars(metric(at, "If it refuses"))[0] > dollars(approved)[0]
    assert any(m.value.startswith("Course priced: ") for m in at.markdown)
    open_tab(at, parts.QUESTIONS)
    asks = " ".join(m.value for m in at.markdown if m.value.startswith("**Your insurer**"))
    assert "prior authorisation" in asks and "step therapy" in asks


def test_compare_says_which_course_each_treatment_is_priced_for() -> None:
    at = app()
    at.switch_page("app_pages/compare.py").run()
    courses = next(m.value for m in at.markdown if m.value.startswith("**Courses priced**"))
    # 12 months = 52 weeks: Spravato's 8 + 4 induction sessions (8 weeks), then every 2 weeks
    # for 44 weeks = 22: 34 sessions.
    assert "Spravato: first 12 months: 34 treatment sessions" in courses
    toggle = next(t for t in at.toggle if t.key == "compare_typical")
    toggle.set_value(True).run()
    courses = next(m.value for m in at.markdown if m.value.startswith("**Courses priced**"))
    assert "Spravato: as people usually stay on it: 12 treatment sessions" in courses
    assert "first 12 months" in courses  # the other treatments keep the period's course
    assert not at.exception


def test_compare_typical_toggle_is_off_when_the_period_is_shorter() -> None:
    at = app()
    at.switch_page("app_pages/compare.py").run()
    at.select_slider(key="compare_months").set_value(6).run()
    toggle = next(t for t in at.toggle if t.key == "compare_typical")
    assert toggle.disabled
    assert any("at least 12 months" in c.value for c in at.caption)


def test_sources_page_states_the_real_bills_rules_and_limits() -> None:
    from pricing import defaults

    at = app()
    at.switch_page("app_pages/sources.py").run()
    headers = [h.value for h in at.header]
    assert "Real bills" in headers and "What this does not capture" in headers
    texts = " ".join(m.value for m in at.markdown)
    assert f"{defaults.monte_carlo_draws():,} simulated courses" in texts
    assert "Medigap letters other than G and N" in texts and "Prior authorisation" in texts


# --- Issue 14, defect 9: Medicare on Estimate follows rule 8; warnings only where they apply ----


def bill_of(at: AppTest) -> tuple[bool, float, float]:
    """(drug and visit billed apart, lowest, highest price per session) as the form shows them."""
    split = widget(at, "radio", "in_split_bill").value
    low = widget(at, "number_input", "in_price_low").value
    high = widget(at, "number_input", "in_price_high").value
    return split, low, high


def test_original_medicare_bills_spravato_bundled_and_back(tmp_path: Path) -> None:
    at = app()
    widget(at, "selectbox", "in_modality").set_value("spravato").run()
    needs_split_bill_inputs(at)
    # Uninsured: the drug and the visit apart, the visit $250-$450 (spravato_billing.yaml).
    assert bill_of(at) == (True, 250, 450)
    widget(at, "selectbox", "in_kind").set_value("medicare").run()
    assert not at.exception
    # Rule 8: under Original Medicare the default is the bundled G-code, G2082 $906.51 (56 mg)
    # to G2083 $1,289.82 (84 mg) in 2026 (modalities.yaml).
    assert bill_of(at) == (False, 906.51, 1289.82)
    printed = cli_estimate(
        tmp_path, "version: 1\nmodality: spravato\ninsurance: {kind: medicare}\n"
    )
    oop = printed["out_of_pocket"]
    assert dollars(headline(at)) == [round(oop["mid"]), round(oop["low"]), round(oop["high"])]
    # A bundled bill has no Part D claim: no warning names Part D.
    assert "Part D" not in shown(at.warning)
    # Another kind of insurance: back to two bills, with the visit's and the drug's own prices.
    widget(at, "selectbox", "in_kind").set_value("commercial").run()
    assert bill_of(at) == (True, 250, 450)
    assert widget(at, "number_input", "in_drug_low").value == 766.62
    assert widget(at, "number_input", "in_drug_high").value == 1149.93


def test_a_bill_the_person_chose_stays_when_the_insurance_changes() -> None:
    at = app()
    widget(at, "selectbox", "in_modality").set_value("spravato").run()
    needs_split_bill_inputs(at)
    widget(at, "selectbox", "in_kind").set_value("medicare").run()
    assert bill_of(at)[0] is False
    # The person says their clinic bills the drug and the visit apart, then changes insurance
    # and comes back: their choice stands.
    widget(at, "radio", "in_split_bill").set_value(True).run()
    widget(at, "selectbox", "in_kind").set_value("commercial").run()
    widget(at, "selectbox", "in_kind").set_value("medicare").run()
    assert bill_of(at)[0] is True


def test_part_d_is_named_only_when_the_drug_is_on_part_d() -> None:
    at = app()
    widget(at, "selectbox", "in_modality").set_value("spravato").run()
    needs_split_bill_inputs(at)
    widget(at, "selectbox", "in_kind").set_value("medicare").run()
    widget(at, "radio", "in_split_bill").set_value(True).run()
    # The clinic buys the drug and bills Part B (medical benefit): nothing is billed to Part D,
    # so the projected-figures warning (the default start is 2027-01-04; the newest published
    # Part B deductible and Part D figures are 2026's) names only the Part B deductible.
    widget(at, "radio", "in_drug_benefit").set_value("medical").run()
    assert not at.exception
    said = shown(at.warning)
    assert "Part B deductible ($283)" in said and "Part D" not in said
    # From a specialty pharmacy on Part D: now the Part D figures are used, and named.
    widget(at, "radio", "in_drug_benefit").set_value("pharmacy").run()
    said = shown(at.warning)
    assert "the Part D deductible ($615)" in said
    assert "the Part D out-of-pocket threshold ($2,100)" in said


def test_a_new_start_date_gives_the_clis_answer_across_1_january(tmp_path: Path) -> None:
    # Issue 14, defect 2 on the page. Spravato, a commercial plan, one bundled $5,000 price, the
    # label's course with 12 months of maintenance, first session moved from the default
    # 2027-01-04 to 2026-06-01. The maximum left at its default becomes 2026's 10,600 and
    # follows the published dates: the 2026 plan year's claims pass 10,600 and the 2027 plan
    # year's pass 12,000 (at $5,000 a session), so 10,600 + 12,000 = 22,600, as the CLI
    # prints for the same file without an oop_max.
    at = app()
    widget(at, "selectbox", "in_kind").set_value("commercial").run()
    widget(at, "selectbox", "in_modality").set_value("spravato").run()
    widget(at, "radio", "in_split_bill").set_value(False).run()
    widget(at, "number_input", "in_price_low").set_value(5000.0).run()
    widget(at, "number_input", "in_price_high").set_value(5000.0).run()
    widget(at, "slider", "in_maintenance_months").set_value(12).run()
    unfold(at)  # the start date is under "Time, travel and your household"
    widget(at, "date_input", "in_start_date").set_value(dt.date(2026, 6, 1)).run()
    assert not at.exception
    assert widget(at, "number_input", "in_oop_max").value == 10_600
    phases = json.dumps(course.standard("spravato", 12))
    printed = cli_estimate(
        tmp_path,
        f"version: 1\nmodality: spravato\nstart_date: 2026-06-01\n"
        f"treatment: {{price: 5000, phases: {phases}}}\ninsurance: {{kind: commercial}}\n",
    )
    assert printed["out_of_pocket"]["mid"] == pytest.approx(22_600)
    assert dollars(headline(at))[0] == 22_600


def test_a_bundled_bill_says_how_the_programmes_drug_part_was_found() -> None:
    # Rule 9 (third edition) on the page: employer_spravato_withme bills one bundled price, so
    # the programme pays the drug's part of each share; the walkthrough says how that part was
    # found: 2026's default prices in force on 2027-01-04 (the last published, projected), drug
    # midpoint (766.62 + 1,149.93) / 2 = 958.275 -> $958.28, visit (250 + 450) / 2 = $350,
    # 958.275 / 1,308.275 = 73%.
    at = opened(ROOT / "scenarios" / "employer_spravato_withme.yaml")
    assert not at.exception
    open_tab(at, parts.WHO_PAYS)
    steps = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert "the drug's part of your share only: 73% of it" in steps
    assert "$958.28" in steps and "$350" in steps and "4 January 2027" in steps
    assert "toward the drug's part, the manufacturer's savings programme pays" in steps
