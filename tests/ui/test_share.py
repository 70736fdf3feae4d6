"""Keep, share, export: share-link tokens, the self-contained HTML report, CSV neutralisation,
and the widget <-> scenario conversion the dashboard relies on."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.estimate import estimate
from pricing.explain.estimate import headline
from pricing.explain.walkthrough import walkthrough
from pricing.report import ledger_csv
from pricing.scenario import ScenarioError, default_scenario, from_dict
from ui import charts, share
from ui.convert import scenario_from_state, state_from_scenario

HOSTILE_NAME = '<script>alert("x")</script> & =HYPERLINK("http://evil")'


def test_report_is_self_contained_and_escapes_user_text() -> None:
    scenario = from_dict({"version": 1, "modality": "iv_ketamine", "name": HOSTILE_NAME})
    est = estimate(scenario, draws=200)
    fig = charts.cumulative_chart(est.cumulative(), est.events(), "Paid so far")
    page = share.html_report(est, headline(est), [fig], walkthrough(est))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    # plotly.js is inlined: outside the inline scripts nothing loads from the network.
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert "<script" not in markup
    assert not re.search(r"(src|href)=\"https?:", markup.split("<h2>Sources</h2>")[0])
    assert "<link" not in markup
    assert headline(est) in page
    assert page.count("Plotly.newPlot") == 1


def test_ledger_csv_neutralises_formula_cells_from_user_phase_names() -> None:
    scenario = from_dict(
        {
            "version": 1,
            "modality": "iv_ketamine",
            "treatment": {
                "phases": [
                    {"name": "=cmd|' /C calc'!A0", "sessions": 2, "weeks": 1},
                    {"name": "@SUM(1+1)", "sessions": 1, "weeks": 1},
                    {"name": "+1", "sessions": 1, "weeks": 1},
                    {"name": "-2", "sessions": 1, "weeks": 1},
                ]
            },
        }
    )
    rows = list(csv.DictReader(io.StringIO(ledger_csv(estimate(scenario, draws=0).ledger))))
    phases = {row["phase"] for row in rows if row["component"] == "treatment"}
    assert phases == {"'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'+1", "'-2"}
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@")), cell


def test_share_token_round_trip_keeps_income_only_when_asked() -> None:
    scenario = from_dict(
        {
            "version": 1,
            "modality": "spravato",
            "insurance": {"kind": "commercial"},
            "household": {"income": 48000, "size": 2},
        }
    )
    private = share.decode_link(share.encode_for_link(scenario))
    assert private.household.income is None
    assert private.household.size == 2
    shared = share.decode_link(share.encode_for_link(scenario, include_income=True))
    assert shared == scenario


@pytest.mark.parametrize("token", ["", "!!!", "e30", "bm90IGpzb24"])
def test_damaged_tokens_name_the_link(token: str) -> None:
    # "e30" is {} (no version), "bm90IGpzb24" is "not json".
    with pytest.raises(ScenarioError) as err:
        share.decode_link(token)
    assert str(err.value).split(":")[0] in {"link", "version"}


@settings(max_examples=40, deadline=None)
@given(
    modality=st.sampled_from(
        ["spravato", "iv_ketamine", "im_ketamine", "kap_lozenge", "at_home_ketamine"]
    ),
    kind=st.sampled_from(["none", "commercial", "medicare", "medicaid"]),
    low=st.integers(0, 1500),
    spread=st.integers(0, 800),
    months=st.integers(0, 24),
)
def test_widget_state_round_trips_every_default_scenario(
    modality: str, kind: str, low: int, spread: int, months: int
) -> None:
    from pricing.course import standard as default_course_phases

    scenario = from_dict(
        {
            "version": 1,
            "modality": modality,
            "insurance": {"kind": kind},
            "treatment": {
                "price": {"low": low, "high": low + spread},
                "phases": default_course_phases(modality, months),
            },
        }
    )
    state = state_from_scenario(scenario)
    assert state["custom_phases"] is None, "a standard course maps to the months slider"
    assert scenario_from_state(state) == scenario


def test_custom_course_survives_the_widgets() -> None:
    scenario = from_dict(
        {
            "version": 1,
            "modality": "iv_ketamine",
            "treatment": {"phases": [{"name": "odd", "sessions": 5, "weeks": 3}]},
        }
    )
    state = state_from_scenario(scenario)
    assert state["custom_phases"] == [{"name": "odd", "sessions": 5, "weeks": 3}]
    assert scenario_from_state(state) == scenario


def test_default_state_is_the_default_scenario() -> None:
    assert scenario_from_state(state_from_scenario(default_scenario())) == default_scenario()


# --- A page's own widget values in a link (Clinic pricing: ui.links, ui.clinic_form) ----------

STATE_NAMES = st.from_regex(r"[a-z0-9_]{1,30}", fullmatch=True)
STATE_VALUES = st.one_of(
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(-1e12, 1e12, allow_nan=False),
    st.text(max_size=share.MAX_STATE_TEXT),
    st.lists(st.text(max_size=20), max_size=5),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(STATE_NAMES, STATE_VALUES, max_size=30))
def test_widget_values_round_trip_through_a_link(values: dict) -> None:  # type: ignore[type-arg]
    assert share.decode_state(share.encode_state(values)) == values


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_a_link_is_values_or_one_named_refusal(token: str) -> None:
    try:
        found = share.decode_state(token)
    except ScenarioError as err:
        assert str(err).startswith("link:") and "\n" not in str(err)
    else:
        assert isinstance(found, dict) and all(share.STATE_NAME.fullmatch(k) for k in found)


def _token(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"a": NaN}', "damaged"),
        ('{"a": Infinity}', "damaged"),
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"A": 1}', "not a value this page has"),
        ('{"a": {"b": 1}}', "not a value this page has"),
        ('{"a": [[1]]}', "not a value this page has"),
        ('{"a": 1e300}', "not a value this page has"),
        ('{"a": "' + "x" * 101 + '"}', "not a value this page has"),
        ("[1, 2]", "damaged"),
        ("[" * 3000 + "]" * 3000, "damaged"),  # deeper than the JSON reader goes
    ],
)
def test_hostile_widget_links_are_refused_in_one_line(text: str, words: str) -> None:
    with pytest.raises(ScenarioError) as err:
        share.decode_state(_token(text))
    assert words in str(err.value) and str(err.value).startswith("link:")


def test_widget_links_over_the_limit_are_refused_before_decoding() -> None:
    with pytest.raises(ScenarioError, match="too long"):
        share.decode_state("A" * (share.MAX_LINK_CHARS + 1))
