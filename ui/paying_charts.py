"""The deferred-interest cliff, month by month (rule 15): what is owed, the interest waiting in
the promotion, the promotion's end and the back-dated interest added at once. Pure: rows in
(pricing.explain.paying.cliff_rows), a plotly Figure out.

Readable on a phone: few traces, short labels, the legend below the plot and one annotation.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from pricing.report import money
from ui.charts import MONEY_AXIS, PALETTE, figure, layout


def cliff_chart(rows: list[dict[str, Any]], promo_end: int, title: str) -> go.Figure:
    """Bars: what is owed at the end of each month; a dashed line: the interest waiting; a
    vertical line where the promotion ends; a marker and label for the interest added then."""
    x = [r["month"].isoformat() for r in rows]
    owed = [r["owed"] for r in rows]
    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "x": x,
            "y": owed,
            "name": "What you owe at the month's end",
            "marker": {"color": PALETTE["blue"]},
            "hovertemplate": "%{x|%b %Y}: you owe %{y:$,.0f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": x,
            "y": [r["interest_waiting"] for r in rows],
            "mode": "lines",
            "name": "Interest waiting (charged if the promotion ends unpaid)",
            "line": {"color": PALETTE["orange"], "dash": "dash", "width": 2.5, "shape": "hv"},
            "hovertemplate": "%{x|%b %Y}: %{y:$,.0f} waiting<extra></extra>",
        },
    ]
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    if promo_end < len(rows):
        end = rows[promo_end]
        day = x[promo_end]
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": day,
                "x1": day,
                "y0": 0,
                "y1": 1,
                "line": {"dash": "dot", "color": PALETTE["black"], "width": 1.5},
            }
        )
        charged = end["interest_added"]
        traces.append(
            {
                "type": "scatter",
                "x": [day],
                "y": [end["owed"]],
                "mode": "markers",
                "name": "Back-dated interest added" if charged > 0 else "Promotion ends",
                "marker": {"color": PALETTE["vermillion"], "size": 12, "symbol": "diamond"},
                "hovertemplate": f"Promotion ends: {money(charged)} added<extra></extra>",
            }
        )
        notes.append(
            {
                "x": day,
                "y": end["owed"],
                "xref": "x",
                "yref": "y",
                "text": f"Promotion ends: +{money(charged)}" if charged > 0 else "Promotion ends",
                "showarrow": True,
                "arrowhead": 2,
                "ax": 0,
                "ay": -36,
                "font": {"size": 12, "color": PALETTE["vermillion"]},
                "bgcolor": "rgba(255,255,255,0.9)",
            }
        )
    return figure(
        {
            "data": traces,
            "layout": layout(
                title,
                height=400,
                shapes=shapes,
                annotations=notes,
                bargap=0.25,
                xaxis={"tickformat": "%b %Y", "nticks": 6},
                yaxis={"title": {"text": "USD"}, "rangemode": "tozero", **MONEY_AXIS},
            ),
        }
    )
