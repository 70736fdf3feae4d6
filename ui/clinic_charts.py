"""Chart builders for the Clinic pricing page: data frames from pricing.clinic in, Figures out.

Pure functions (no Streamlit), Okabe-Ito colours and the shared layout from ui.charts; the page
puts a one-line summary and the data table beside each one.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from pricing.clinic.terms import PAYER_LABELS, PAYERS
from ui.charts import PALETTE, layout

# One colour per payer, in the payer mix's order (pricing.clinic.PAYERS; bars are labelled with
# the CLI's payer words, PAYER_LABELS).
_COLOURS = ("vermillion", "orange", "blue", "green", "purple")
PAYER_ORDER = tuple(PAYER_LABELS[p] for p in PAYERS)
PAYER_BAR_COLOURS = {
    label: PALETTE[colour] for label, colour in zip(PAYER_ORDER, _COLOURS, strict=True)
}


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """ui.charts' shared layout, on a white plot with light grid lines."""
    grid = {"gridcolor": "#EBEBEB", "zerolinecolor": "#EBEBEB"}
    fig.update_layout(layout(title, height, plot_bgcolor="white", xaxis=grid, yaxis=grid))
    return fig


def profit_by_price(
    sweep: pd.DataFrame, current_price: float, treatment: str, title: str
) -> go.Figure:
    """Monthly profit as one treatment's price moves, with break-even (zero) and today's price."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=sweep["price"],
            y=sweep["monthly_profit"],
            mode="lines",
            name="Monthly profit",
            line={"color": PALETTE["blue"], "width": 3},
            hovertemplate="$%{x:,.0f} a session: profit $%{y:,.0f} a month<extra></extra>",
        )
    )
    fig.add_hline(y=0, line={"color": PALETTE["black"], "width": 1}, annotation_text="break-even")
    fig.add_vline(
        x=current_price,
        line={"color": PALETTE["orange"], "dash": "dash"},
        annotation_text="your price",
        annotation_position="top left",
    )
    fig.update_xaxes(title=f"{treatment} self-pay price per session (USD)", tickprefix="$")
    fig.update_yaxes(title="Profit per month (USD)", tickprefix="$", separatethousands=True)
    return _layout(fig, title)


def margin_and_reach(
    sweep: pd.DataFrame, minimum_margin: float, best_price: float | None, title: str
) -> go.Figure:
    """Reach (left axis) and the clinic's average margin per session (right axis) by price."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=sweep["price"],
            y=sweep["reach"] * 100,
            mode="lines+markers",
            name="Households who can afford a course (%)",
            line={"color": PALETTE["green"], "width": 3},
            hovertemplate="$%{x:,.0f}: %{y:.1f}% can afford it<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=sweep["price"],
            y=sweep["margin_per_session"],
            mode="lines",
            name="Margin per session (USD, right axis)",
            line={"color": PALETTE["vermillion"], "width": 2, "dash": "dot"},
            yaxis="y2",
            hovertemplate="$%{x:,.0f}: margin $%{y:,.0f} a session<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[sweep["price"].min(), sweep["price"].max()],
            y=[minimum_margin, minimum_margin],
            mode="lines",
            name="Your minimum margin",
            line={"color": PALETTE["grey"], "width": 1, "dash": "dash"},
            yaxis="y2",
            hoverinfo="skip",
        )
    )
    if best_price is not None:
        fig.add_vline(
            x=best_price,
            line={"color": PALETTE["black"], "dash": "dash"},
            annotation_text="widest reach at your margin",
            annotation_position="top right",
        )
    fig.update_layout(
        yaxis={"title": "Can afford a course (%)", "range": [0, 100], "ticksuffix": "%"},
        yaxis2={
            "title": "Margin per session (USD)",
            "overlaying": "y",
            "side": "right",
            "tickprefix": "$",
            "showgrid": False,
        },
    )
    fig.update_xaxes(title="Self-pay price per session (USD)", tickprefix="$")
    _layout(fig, title, height=440)
    # Three legend entries do not fit above the plot beside the title: put them below.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
        margin={"b": 90},
    )
    return fig


def margin_by_treatment_and_payer(table: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars: contribution margin per session for each treatment, one bar per payer."""
    fig = go.Figure()
    for payer in PAYER_ORDER:
        rows = table[(table["payer"] == payer) & (table["share_of_sessions"] > 0)]
        if rows.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=rows["treatment"],
                y=rows["margin_per_session"],
                name=payer,
                marker_color=PAYER_BAR_COLOURS[payer],
                text=[f"${v:,.0f}" for v in rows["margin_per_session"]],
                textposition="outside",
                hovertemplate=f"{payer}: margin $%{{y:,.0f}} a session<extra></extra>",
            )
        )
    fig.add_hline(y=0, line={"color": PALETTE["black"], "width": 1})
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="Margin per session (USD)", tickprefix="$", separatethousands=True)
    return _layout(fig, title)


def sliding_scale_effect(tiers: pd.DataFrame, title: str) -> go.Figure:
    """What each sliding-scale tier costs the clinic per month (negative bars)."""
    fig = go.Figure(
        go.Bar(
            x=[label.replace(" of ", "<br>of ") for label in tiers["tier"]],
            y=tiers["monthly_profit_change"],
            marker_color=PALETTE["purple"],
            text=[f"-${abs(v):,.0f}" for v in tiers["monthly_profit_change"]],
            textposition="outside",
            hovertemplate="%{x}: $%{y:,.0f} a month<extra></extra>",
            name="Change in monthly profit",
        )
    )
    fig.update_yaxes(title="Change in profit per month (USD)", tickformat="$,.0f")
    fig.update_xaxes(tickangle=0)
    return _layout(fig, title, height=320)


def volume_against_capacity(
    booked: float, break_even_booked: float, capacity: float | None, title: str
) -> go.Figure:
    """Horizontal bars: sessions booked, needed to break even, and what the rooms can hold."""
    labels = ["Booked now", "Needed to break even"]
    values = [booked, break_even_booked if math.isfinite(break_even_booked) else 0.0]
    colours = [PALETTE["blue"], PALETTE["orange"]]
    if capacity is not None:
        labels.append("Room capacity")
        values.append(capacity)
        colours.append(PALETTE["grey"])
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=colours,
            text=[f"{v:,.0f}" for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{x:,.0f} sessions a month<extra></extra>",
        )
    )
    fig.update_xaxes(title="Sessions per month (booked)")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=260)
