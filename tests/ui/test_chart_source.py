"""The source line every chart on the pages carries (ui.charts.with_source): added once however
often a cached figure is drawn, and taken off again for the evidence packets, whose pictures
carry their own label (ui.evidence.labelled), so those stay exactly as they were."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from ui import charts, evidence

NOTE = charts.source_note("Uninsured <IV> & co", 2026, "0.3.0")


def _figure() -> go.Figure:
    return go.Figure(
        {"data": [{"type": "bar", "x": [1, 2], "y": [3, 4]}], "layout": charts.layout("T")}
    )


def test_the_note_names_scenario_year_sources_and_version() -> None:
    assert NOTE == (
        "Scenario: Uninsured &lt;IV&gt; &amp; co<br>"
        "Prices and plan figures as of 2026 · ketamine-cost 0.3.0<br>"
        "Sources: the Sources & method page"
    )


def test_the_band_is_added_once() -> None:
    fig = _figure()
    height, top = fig.layout.height, fig.layout.margin.t  # 380 + 30 and 50 + 30 (the toolbar)
    once = charts.with_source(fig, NOTE)
    assert charts.with_source(once, NOTE) is once  # drawn again: nothing to change
    fig = charts.with_source(once, "Scenario: another")  # another scenario's line, same room
    assert fig.layout.title.subtitle.text == "Scenario: another"
    assert (fig.layout.height, fig.layout.margin.t) == (height + 48, top + 48)  # 458 and 128


def test_evidence_pictures_are_as_before() -> None:
    day = dt.date(2026, 1, 1)
    plain, stamped = _figure(), charts.with_source(_figure(), NOTE)
    assert (
        evidence.labelled(stamped, "n", day).to_json()
        == evidence.labelled(plain, "n", day).to_json()
    )
    back = charts.without_source(stamped).to_plotly_json()["layout"]
    assert {k: v for k, v in back.items() if k != "template"} == {
        k: v for k, v in plain.to_plotly_json()["layout"].items() if k != "template"
    }


def test_the_toolbar_file_is_named_after_page_scenario_and_chart() -> None:
    config = charts.plot_config(
        "estimate", "IV infusion, No insurance (self-pay)", "cumulative_chart", 440
    )
    assert config["displaylogo"] is False
    assert config["toImageButtonOptions"] == {
        "filename": "ketamine-cost-estimate-iv-infusion-no-insurance-self-pay-cumulative-chart",
        "format": "png",
        "width": 1000,  # the same picture from a phone as from a desktop
        "height": 440,
    }
