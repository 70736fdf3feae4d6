"""Charts and tables for the Access & equity page: data in, plotly Figure or DataFrame out.

Pure builders (no Streamlit), fed by pricing.equity.page_data's rows and the run's figures; the
sentences beside them are pricing.explain.equity_page's. The map is a tile grid of states drawn
as a heatmap (no map tiles, no downloaded shapes: it renders with no network). Colours follow
ui.charts (Okabe-Ito); the map uses Cividis, a sequential scale readable with colour-blindness.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pricing.explain.equity import pct, short
from pricing.explain.equity_page import PAYER_LABELS, lever_name, people
from pricing.report import dollars
from ui.charts import PALETTE, TOOLBAR_BAND, layout

# Each state's tile (row, column) on an 8 x 12 grid laid out like the map of the US.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (0, 11),
    "VT": (1, 10), "NH": (1, 11),
    "WA": (2, 1), "ID": (2, 2), "MT": (2, 3), "ND": (2, 4), "MN": (2, 5), "IL": (2, 6),
    "WI": (2, 7), "MI": (2, 8), "NY": (2, 9), "RI": (2, 10), "MA": (2, 11),
    "OR": (3, 1), "NV": (3, 2), "WY": (3, 3), "SD": (3, 4), "IA": (3, 5), "IN": (3, 6),
    "OH": (3, 7), "PA": (3, 8), "NJ": (3, 9), "CT": (3, 10),
    "CA": (4, 1), "UT": (4, 2), "CO": (4, 3), "NE": (4, 4), "MO": (4, 5), "KY": (4, 6),
    "WV": (4, 7), "VA": (4, 8), "MD": (4, 9), "DE": (4, 10),
    "AZ": (5, 2), "NM": (5, 3), "KS": (5, 4), "AR": (5, 5), "TN": (5, 6), "NC": (5, 7),
    "SC": (5, 8), "DC": (5, 9),
    "OK": (6, 4), "LA": (6, 5), "MS": (6, 6), "AL": (6, 7), "GA": (6, 8),
    "HI": (7, 0), "TX": (7, 4), "FL": (7, 9),
}  # fmt: skip
ROWS, COLUMNS = 8, 12


def state_map(shares: Mapping[str, float], chosen: str | None, treatment: str) -> go.Figure:
    """Tile map: each state a square coloured by its share priced out; the chosen one outlined."""
    z: list[list[float | None]] = [[None] * COLUMNS for _ in range(ROWS)]
    text: list[list[str]] = [[""] * COLUMNS for _ in range(ROWS)]
    for code, (row, col) in TILES.items():
        if code in shares:
            z[row][col] = shares[code]
            text[row][col] = f"{code}<br>{pct(shares[code])}"
    traces: list[Any] = [
        go.Heatmap(
            z=z,
            text=text,
            texttemplate="%{text}",
            colorscale="Cividis",
            # The scale spans the states' own range (to 5 points), so differences show.
            zmin=math.floor(min(shares.values(), default=0.0) * 20) / 20,
            zmax=math.ceil(max(shares.values(), default=1.0) * 20) / 20,
            xgap=3,
            ygap=3,
            hoverinfo="text",
            colorbar={
                "title": {"text": "priced out", "side": "top"},
                "tickformat": ".0%",
                "orientation": "h",
                "y": -0.08,
                "yanchor": "top",
                "len": 0.6,
                "thickness": 10,
            },
        )
    ]
    if chosen in TILES:
        row, col = TILES[chosen]
        traces.append(
            go.Scatter(
                x=[col],
                y=[row],
                mode="markers",
                marker={"symbol": "square-open", "size": 34, "color": PALETTE["vermillion"]},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    hidden = {"visible": False, "fixedrange": True}
    fig = go.Figure(
        traces,
        layout(
            f"{short(treatment)}: share priced out today, by state",
            height=420,
            xaxis=hidden,
            yaxis={**hidden, "autorange": "reversed", "scaleanchor": "x"},
        ),
    )
    fig.update_layout(margin={"l": 4, "r": 4, "t": 40 + TOOLBAR_BAND, "b": 60})
    return fig


def map_frame(shares: Mapping[str, float], names: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "state": [names[c] for c in shares],
            "code": list(shares),
            "share priced out": list(shares.values()),
        }
    ).sort_values("share priced out", ascending=False)


def _low(band: tuple[float, float] | None) -> float | None:
    return None if band is None else band[0]


def _high(band: tuple[float, float] | None) -> float | None:
    return None if band is None else band[1]


def lever_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The ranked reforms as numbers (the CSV download and, formatted, the table)."""
    return pd.DataFrame(
        {
            "rank": list(range(1, len(rows) + 1)),
            "reform": [lever_name(r["reform"]) for r in rows],
            "people newly able": [r["people"] for r in rows],
            "people p10": [_low(r["people_band"]) for r in rows],
            "people p90": [_high(r["people_band"]) for r in rows],
            "priced out with it": [r["priced_out"] for r in rows],
            "spending change a year (USD)": [r["cost"] for r in rows],
            "spending p10": [_low(r["cost_band"]) for r in rows],
            "spending p90": [_high(r["cost_band"]) for r in rows],
            "spent per person reached (USD)": [r["per_person"] for r in rows],
            "biggest change falls on": [PAYER_LABELS.get(r["main_payer"], "") for r in rows],
        }
    )


def _range(low: Any, high: Any, fmt: Any) -> str:
    if low is None or low != low:
        return ""
    return f"{fmt(low)} to {fmt(high)}"


def lever_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranked reforms as the page shows them: people and dollars in words, bands beside."""
    return pd.DataFrame(
        {
            "rank": frame["rank"],
            "reform": frame["reform"],
            "people newly able": [people(v) for v in frame["people newly able"]],
            "p10-p90": [
                _range(a, b, people)
                for a, b in zip(frame["people p10"], frame["people p90"], strict=True)
            ],
            "priced out with it": [pct(v) for v in frame["priced out with it"]],
            "spending a year": [dollars(v) for v in frame["spending change a year (USD)"]],
            "spending p10-p90": [
                _range(a, b, dollars)
                for a, b in zip(frame["spending p10"], frame["spending p90"], strict=True)
            ],
            "per person reached": [dollars(v) for v in frame["spent per person reached (USD)"]],
            "biggest change falls on": frame["biggest change falls on"],
        }
    )


def stack_chart(rows: Sequence[Mapping[str, Any]], treatment: str) -> go.Figure:
    """Bars: people each reform adds in the stack (p10-p90 whiskers); line: the running total."""
    names = [lever_name(r["reform"]) for r in rows]
    added = [r["people"] for r in rows]
    error: dict[str, Any] = {"type": "data", "visible": False}
    if rows and rows[0]["people_band"] is not None:
        error = {
            "type": "data",
            "symmetric": False,
            "array": [r["people_band"][1] - r["people"] for r in rows],
            "arrayminus": [r["people"] - r["people_band"][0] for r in rows],
            "color": PALETTE["black"],
        }
    bars = go.Bar(
        x=names,
        y=added,
        name="added by this step",
        marker_color=PALETTE["blue"],
        error_y=error,
        hovertemplate="%{x}: %{y:,.0f} more people<extra></extra>",
    )
    total = go.Scatter(
        x=names,
        y=[r["total_people"] for r in rows],
        name="all steps so far",
        mode="lines+markers",
        line={"color": PALETTE["orange"], "width": 3},
        hovertemplate="after %{x}: %{y:,.0f} people<extra></extra>",
    )
    return go.Figure(
        [bars, total],
        layout(
            f"{short(treatment)}: people newly able, reforms stacked in order",
            height=420,
            yaxis={"title": {"text": "people a year"}, "tickformat": ",.0f", "rangemode": "tozero"},
        ),
    )


def stack_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "step": [lever_name(r["reform"]) for r in rows],
            "people added": [people(r["people"]) for r in rows],
            "p10-p90": [
                _range(_low(r["people_band"]), _high(r["people_band"]), people) for r in rows
            ],
            "people so far": [people(r["total_people"]) for r in rows],
            "spending added a year": [dollars(r["cost"]) for r in rows],
            "spending p10-p90": [
                _range(_low(r["cost_band"]), _high(r["cost_band"]), dollars) for r in rows
            ],
            "priced out after it": [pct(r["priced_out"]) for r in rows],
        }
    )


def payer_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Payers (rows) by reform (columns): dollars a year, with the p10-p90 band in brackets."""
    columns = [c for c in rows[0] if c != "payer" and not c.endswith(" band")] if rows else []
    table: dict[str, list[str]] = {"payer": [PAYER_LABELS[r["payer"]] for r in rows]}
    for column in columns:
        title = column if column == "all together" else lever_name(column)
        table[title] = [
            dollars(r[column])
            + (
                f" ({dollars(r[column + ' band'][0])} to {dollars(r[column + ' band'][1])})"
                if r[column + " band"] is not None
                else ""
            )
            for r in rows
        ]
    return pd.DataFrame(table)


def overview_frame(overview: Mapping[str, Any]) -> pd.DataFrame:
    """Every treatment today: share and people priced out, the median out-of-pocket cost."""
    treatments = overview["treatments"]
    everyone = overview["people_represented"]
    bands = overview.get("priced_out_band", {})
    return pd.DataFrame(
        {
            "treatment": [short(t) for t in treatments],
            "priced out": [pct(overview["priced_out"][t]["all"]) for t in treatments],
            "p10-p90": [
                _range(bands[t]["all"]["p10"], bands[t]["all"]["p90"], pct) if t in bands else ""
                for t in treatments
            ],
            "people priced out": [
                people(overview["priced_out"][t]["all"] * everyone) for t in treatments
            ],
            "median out-of-pocket": [
                dollars(overview["median_out_of_pocket"][t]) for t in treatments
            ],
        }
    )


def groups_frame(overview: Mapping[str, Any], treatment: str) -> pd.DataFrame:
    """Share priced out by poverty band and by insurance, for one treatment."""
    bands = overview["priced_out"][treatment]
    kinds = overview["priced_out_by_kind"][treatment]
    labels = {
        "none": "Uninsured",
        "commercial": "Commercial",
        "medicare": "Medicare",
        "medicaid": "Medicaid",
    }
    rows = [("income, % of poverty", b, bands[b]) for b in overview["bands"]]
    rows += [("insurance", labels[k], kinds[k]) for k in overview["kinds"]]
    return pd.DataFrame(
        {
            "group": [r[0] for r in rows],
            "who": [r[1] for r in rows],
            "priced out": [pct(r[2]) for r in rows],
        }
    )
