"""Pure chart builders: data in, plotly Figure out. No Streamlit here, so tests can call them.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness. Every page shows a one-line summary and the data table beside each chart.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui import labels

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
SEQUENCE = [
    PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")
]
MODALITY_COLOURS = {
    "spravato": PALETTE["blue"],
    "iv_ketamine": PALETTE["orange"],
    "im_ketamine": PALETTE["green"],
    "kap_lozenge": PALETTE["vermillion"],
    "at_home_ketamine": PALETTE["purple"],
}
PAYER_COLOURS = {  # keyed by the engine's names (Estimate.by_component columns)
    "patient": PALETTE["vermillion"],
    "insurer": PALETTE["blue"],
    "assistance": PALETTE["green"],
    "write_off": PALETTE["grey"],
}


# Plotly's toolbar: 26 px high at the top right of the chart, plus a little air.
TOOLBAR_BAND = 30
# Every chart's Plotly config: no logo in the toolbar.
PLOT_CONFIG: dict[str, Any] = {"displaylogo": False}
# Three lines of small type under each title naming the chart's scenario, date and source, so a
# picture saved from the toolbar carries them (issue 17); the top margin and height grow by this.
SOURCE_BAND = 48
# Plotly anchors a title by its first subtitle line: the title is lifted by the other two.
SOURCE_LIFT = 30
SOURCED = "source_band"  # layout.meta key: the pixels with_source added (so it adds them once)
DEFAULT_HEIGHT = 450  # Plotly's own height when a chart does not set one


def source_note(scenario: str, year: int, version: str) -> str:
    """The lines every chart on the pages carries under its title (Plotly text: escaped)."""
    return (  # three short lines: each fits a phone's chart (about 350 px)
        f"Scenario: {html.escape(scenario)}<br>"
        f"Prices and plan figures as of {year} · ketamine-cost {version}<br>"
        "Sources: the Sources & method page"
    )


def with_source(fig: go.Figure, note: str) -> go.Figure:
    """`fig` with its title's subtitle set to `note` (the source line) and room for it: a new
    figure, built from `fig`'s dict without Plotly's validation (`update_layout` validated the
    figure again: about 2 ms a chart on every rerun, issue 17); `fig` itself when it already
    carries `note`.

    Plotly places a subtitle under the title and inside the title's band, whatever the legend
    and the axes below do; an annotation can only be placed against the plot area. Stamping a
    stamped figure again only replaces the text."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if meta.get(SOURCED) and fig.layout.title.subtitle.text == note:
        return fig  # drawn again: nothing to change
    band, lift = (0, 0) if meta.get(SOURCED) else (SOURCE_BAND, SOURCE_LIFT)
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    title = layout.setdefault("title", {})
    title["subtitle"] = {"text": note, "font": {"size": 11, "color": "#555555"}}
    title.setdefault("pad", {})["b"] = title.get("pad", {}).get("b", 0) + lift
    layout["height"] = layout.get("height", DEFAULT_HEIGHT) + band
    margin = layout.setdefault("margin", {})
    margin["t"] = margin.get("t", 80) + band
    layout["meta"] = {**meta, SOURCED: SOURCE_BAND}
    return go.Figure(spec, _validate=False)


def without_source(fig: go.Figure) -> go.Figure:
    """A copy of `fig` as it was before with_source (for the evidence packets' own label)."""
    out = go.Figure(fig)
    meta = out.layout.meta if isinstance(out.layout.meta, dict) else {}
    band = meta.get(SOURCED, 0)
    if band:
        out.layout.title.subtitle = None
        out.update_layout(
            height=out.layout.height - band,
            margin_t=out.layout.margin.t - band,
            title_pad_b=(out.layout.title.pad.b or 0) - SOURCE_LIFT,
        )
        rest = {k: v for k, v in meta.items() if k != SOURCED}
        out.layout.meta = rest or None
    return out


PNG_WIDTH = 1000  # pixels: the toolbar's picture, whatever the screen (a phone's clips the note)


def plot_config(page: str, scenario: str, chart: str, height: int | None) -> dict[str, Any]:
    """The toolbar's config for one chart: its "Download plot as a png" names the file after
    the page, the scenario and the chart, and draws it PNG_WIDTH wide at the chart's height, so
    the picture is the same from a phone as from a desktop."""
    name = "-".join(part for part in (slug(page), slug(scenario), slug(chart)) if part)
    picture = {
        "filename": f"ketamine-cost-{name}",
        "format": "png",
        "width": PNG_WIDTH,
        "height": height or DEFAULT_HEIGHT,
    }
    return {**PLOT_CONFIG, "toImageButtonOptions": picture}


def slug(text: str, most: int = 40) -> str:
    """Lower-case letters, digits and single hyphens (a file name that every system accepts)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:most].strip("-")


def layout(title: str, height: int = 380, **extra: Any) -> dict[str, Any]:
    """Shared look as a layout dict: readable font, legend below, margins that fit a phone.

    No Plotly template: applying one costs about 20 ms a chart, and Streamlit's chart theme
    replaces it on screen anyway. The template did switch on axis automargins (without them tick
    labels are clipped), so they are set here. Builders pass the whole figure to go.Figure once,
    because every later update_* call re-validates (tens of ms a chart)."""
    axes = {
        axis: {"automargin": True, "title": {"standoff": 12}, **extra.pop(axis, {})}
        for axis in ("xaxis", "yaxis")
    }
    return {
        # The title sits just above the plot, below a band as tall as Plotly's toolbar (which
        # shows at the top right on hover), so the toolbar never covers it (issue 17).
        "title": {
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "pad": {"b": 12},
            "font": {"size": 16},
        },
        "height": height + TOOLBAR_BAND,
        "margin": {"l": 10, "r": 10, "t": 50 + TOOLBAR_BAND, "b": 10},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0},
        "font": {"size": 13},
        "colorway": SEQUENCE,
        **axes,
        **extra,
    }


def base_layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """The shared look applied to an existing figure (every axis gets automargin)."""
    fig.update_layout(layout(title, height))
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def figure(spec: dict[str, Any]) -> go.Figure:
    """A Figure from the builders' own dicts, without Plotly's property-by-property validation
    (about 45 ms a chart, most of a rerun's chart cost: issue 17). The dicts are checked once, in
    tests/ui/test_chart_specs.py, by building each figure again with validation. Empty lists of
    shapes or annotations are left out, as validation leaves them out."""
    kept = {k: v for k, v in spec.get("layout", {}).items() if not (isinstance(v, list) and not v)}
    return go.Figure({**spec, "layout": kept}, _validate=False)


MONEY_AXIS = {"tickprefix": "$", "tickformat": ",.0f"}
EVENT_STYLES = {
    "deductible_met": ("dash", PALETTE["orange"]),
    "oop_max_reached": ("solid", PALETTE["green"]),
    "plan_year_reset": ("dashdot", PALETTE["purple"]),
    "programme_cap_reached": ("dot", PALETTE["vermillion"]),
}


def _dates(values: Any) -> list[str]:
    return [pd.Timestamp(d).date().isoformat() for d in values]


def cumulative_chart(cum: pd.DataFrame, events: list[dict[str, Any]], title: str) -> go.Figure:
    """Cumulative out-of-pocket over the course: midpoint line, p10-p90 fan, low/high bounds,
    and vertical markers where the deductible is met, the cap is reached or a plan year resets."""
    x = _dates(cum["date"])
    traces: list[dict[str, Any]] = []
    if "p10" in cum and "p90" in cum:
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": list(cum["p90"]),
                "mode": "lines",
                "line": {"width": 0, "shape": "hv"},
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": list(cum["p10"]),
                "mode": "lines",
                "line": {"width": 0, "shape": "hv"},
                "fill": "tonexty",
                "fillcolor": "rgba(0,114,178,0.18)",
                "name": "Likely range (4 in 5 price combinations)",
                "hovertemplate": "p10-p90: %{y:$,.0f}<extra></extra>",
            }
        )
    for bound in ("high", "low"):
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": list(cum[bound]),
                "mode": "lines",
                "name": f"all prices at the {bound} quote",
                "line": {"color": PALETTE["grey"], "dash": "dot", "width": 1.5, "shape": "hv"},
                "hovertemplate": "%{x|%b %d}: %{y:$,.0f}<extra>" + bound + "</extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": x,
            "y": list(cum["mid"]),
            "mode": "lines+markers",
            "name": "midpoint prices",
            "line": {"color": PALETTE["blue"], "width": 3, "shape": "hv"},
            "marker": {"size": 5},
            "hovertemplate": "%{x|%b %d, %Y}: %{y:$,.0f} so far<extra></extra>",
        }
    )
    shapes, notes = [], []
    for i, event in enumerate(events):
        dash, colour = EVENT_STYLES.get(event["event"], ("dot", PALETTE["black"]))
        day = pd.Timestamp(event["date"]).date().isoformat()
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": day,
                "x1": day,
                "y0": 0,
                "y1": 1,
                "line": {"dash": dash, "color": colour, "width": 1.5},
            }
        )
        notes.append(
            {
                "x": day,
                "xref": "x",
                "yref": "paper",
                "y": 1 - 0.08 * (i % 4),
                "text": event["label"],
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 11, "color": colour},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    return figure(
        {
            "data": traces,
            "layout": layout(
                title,
                shapes=shapes,
                annotations=notes,
                yaxis={"title": {"text": "Paid so far (USD)"}, "rangemode": "tozero", **MONEY_AXIS},
            ),
        }
    )


def breakdown_chart(by_component: pd.DataFrame, title: str, split_bill: bool = False) -> go.Figure:
    """Stacked bars: for each part of the course, who pays (you, insurer, programmes, written
    off). `by_component` has the engine's columns (Estimate.by_component); labels from ui.labels."""
    payers = list(labels.PAYERS)
    frame = by_component[by_component[payers].sum(axis=1) > 0.005]
    names = [labels.component(c, split_bill) for c in frame["component"]]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": names,
            "x": list(frame[payer]),
            "name": labels.payer(payer),
            "marker": {"color": PAYER_COLOURS[payer]},
            "hovertemplate": "%{y}: %{x:$,.0f}<extra>" + labels.payer(payer) + "</extra>",
        }
        for payer in payers
        if frame[payer].sum() > 0.005
    ]
    return figure(
        {
            "data": traces,
            "layout": layout(
                title,
                height=300,
                barmode="stack",
                xaxis=MONEY_AXIS,
                yaxis={"autorange": "reversed"},
            ),
        }
    )


def compare_totals_chart(table: pd.DataFrame, title: str) -> go.Figure:
    """Total out-of-pocket per treatment: bar at midpoint prices, whiskers from low to high."""
    bar = {
        "type": "bar",
        "x": list(table["treatment"]),
        "y": list(table["total mid"]),
        "marker": {"color": [MODALITY_COLOURS[m] for m in table["modality"]]},
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": list(table["total high"] - table["total mid"]),
            "arrayminus": list(table["total mid"] - table["total low"]),
            "color": PALETTE["black"],
        },
        "hovertemplate": "%{x}: %{y:$,.0f} (midpoint)<extra></extra>",
        "name": "you pay",
    }
    return figure(
        {
            "data": [bar],
            "layout": layout(
                title, yaxis={"title": {"text": "You pay over the period (USD)"}, **MONEY_AXIS}
            ),
        }
    )


def compare_lines_chart(
    curves: dict[str, pd.DataFrame], labels: dict[str, str], title: str
) -> go.Figure:
    """Cumulative out-of-pocket of each treatment on one chart (midpoint prices)."""
    traces = [
        {
            "type": "scatter",
            "x": _dates(cum["date"]),
            "y": list(cum["mid"]),
            "mode": "lines",
            "name": labels[modality],
            "line": {"color": MODALITY_COLOURS[modality], "width": 2.5, "shape": "hv"},
            "hovertemplate": "%{x|%b %d, %Y}: %{y:$,.0f}<extra>" + labels[modality] + "</extra>",
        }
        for modality, cum in curves.items()
    ]
    return figure(
        {
            "data": traces,
            "layout": layout(
                title,
                yaxis={"title": {"text": "Paid so far (USD)"}, "rangemode": "tozero", **MONEY_AXIS},
            ),
        }
    )
