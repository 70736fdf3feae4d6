"""Charts and tables for the Access & equity page: data in, plotly Figure or styled table out.

Pure builders (no Streamlit), fed by pricing.equity.PageData; the sentences beside them are
pricing.explain.equity's. Colours follow ui.charts (Okabe-Ito); the heatmap uses Cividis, a
sequential scale readable with colour-blindness.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from pricing.explain.equity import pct as _pct
from pricing.explain.equity import short
from ui.charts import PALETTE, base_layout

KIND_LABELS = {
    "none": "Uninsured",
    "commercial": "Commercial",
    "medicare": "Medicare",
    "medicaid": "Medicaid",
}
KIND_COLOURS = {
    "none": PALETTE["vermillion"],
    "commercial": PALETTE["blue"],
    "medicare": PALETTE["green"],
    "medicaid": PALETTE["orange"],
    "all": PALETTE["black"],
}


def _legend_below_axis_title(fig: go.Figure) -> go.Figure:
    """Push the shared bottom legend below an x-axis title so the two do not overlap."""
    fig.update_layout(legend={"y": -0.3, "yanchor": "top"}, margin={"b": 90})
    return fig


# --- 1. heatmap: median share of income, poverty band x treatment ----------------------------


def median_share_frame(median_share: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(median_share).T
    frame.index = [short(t) for t in frame.index]
    frame.index.name = "treatment"
    return frame


def median_share_heatmap(median_share: Mapping[str, Mapping[str, float]]) -> go.Figure:
    frame = median_share_frame(median_share)
    shown = frame.clip(upper=1.0)  # above 100% of income the colour saturates; text says more
    text = [[_pct(v) for v in row] for row in frame.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=shown.to_numpy(),
            x=list(frame.columns),
            y=list(frame.index),
            text=text,
            texttemplate="%{text}",
            colorscale="Cividis",
            zmin=0,
            zmax=1,
            # A horizontal bar under the chart leaves the cells the full width on a phone.
            colorbar={
                "title": {"text": "share of income", "side": "top"},
                "tickformat": ".0%",
                "orientation": "h",
                "y": -0.45,
                "yanchor": "top",
                "len": 0.6,
                "thickness": 12,
            },
            hovertemplate="%{y}, %{x} of poverty: median %{text} of income<extra></extra>",
        )
    )
    fig.update_xaxes(title="income, % of poverty guideline")
    fig.update_yaxes(autorange="reversed")
    base_layout(fig, "Median out-of-pocket cost as a share of income", height=440)
    fig.update_layout(margin={"b": 120})
    return fig


# --- 2. share priced out against the per-session price, one line per insurance kind ----------


def sweep_frame(prices: Sequence[float], sweep: Mapping[str, Sequence[float]]) -> pd.DataFrame:
    frame = pd.DataFrame({"price per session": prices})
    for kind, shares in sweep.items():
        frame[KIND_LABELS.get(kind, "Everyone")] = shares
    return frame


def price_sweep_chart(
    prices: Sequence[float], sweep: Mapping[str, Sequence[float]], treatment: str
) -> go.Figure:
    fig = go.Figure()
    for kind, shares in sweep.items():
        everyone = kind == "all"
        fig.add_trace(
            go.Scatter(
                x=list(prices),
                y=list(shares),
                name=KIND_LABELS.get(kind, "Everyone"),
                mode="lines+markers",
                line={"color": KIND_COLOURS[kind], "width": 3 if everyone else 2},
                line_dash="dash" if everyone else "solid",
                hovertemplate="$%{x:,.0f} a session: %{y:.0%} priced out<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_xaxes(title="price per treatment session (USD)", tickprefix="$")
    fig.update_yaxes(title="share priced out", tickformat=".0%", range=[0, 1.02])
    base_layout(fig, f"{short(treatment)}: share priced out as the price changes", height=420)
    return _legend_below_axis_title(fig)


# --- 3. winners: baseline vs reform, by poverty band ------------------------------------------


def winners_frame(
    baseline: Mapping[str, float], reform: Mapping[str, float], newly: Mapping[str, Any]
) -> pd.DataFrame:
    bands = [b for b in baseline if b != "all"]
    return pd.DataFrame(
        {
            "poverty band": bands,
            "priced out now": [baseline[b] for b in bands],
            "priced out with reform": [reform[b] for b in bands],
            "newly able to afford (share of band)": [newly["by_band"][b]["share"] for b in bands],
        }
    )


def winners_chart(
    baseline: Mapping[str, float],
    reform: Mapping[str, float],
    newly: Mapping[str, Any],
    treatment: str,
) -> go.Figure:
    frame = winners_frame(baseline, reform, newly)
    fig = go.Figure(
        [
            go.Bar(
                x=frame["poverty band"],
                y=frame["priced out now"],
                name="Now",
                marker_color=PALETTE["grey"],
                hovertemplate="%{x}: %{y:.0%} priced out now<extra></extra>",
            ),
            go.Bar(
                x=frame["poverty band"],
                y=frame["priced out with reform"],
                name="With the reform",
                marker_color=PALETTE["blue"],
                text=[f"-{100 * v:.0f} pts" if v >= 0.005 else "" for v in frame.iloc[:, 3]],
                textposition="outside",
                hovertemplate="%{x}: %{y:.0%} priced out with the reform<extra></extra>",
            ),
        ]
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title="income, % of poverty guideline")
    fig.update_yaxes(title="share priced out", tickformat=".0%", range=[0, 1.1])
    base_layout(fig, f"{short(treatment)}: who the reform brings within reach", height=420)
    return _legend_below_axis_title(fig)


def newly_by_kind_frame(newly: Mapping[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "insurance": [KIND_LABELS[k] for k in newly["by_kind"]],
            "households newly able to afford": [v["count"] for v in newly["by_kind"].values()],
            "share of that insurance group": [v["share"] for v in newly["by_kind"].values()],
        }
    )


# --- 4. distribution of cost share by insurance kind -------------------------------------------


def distribution_frame(distribution: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(distribution).T
    frame.index = [KIND_LABELS[k] for k in frame.index]
    frame.index.name = "insurance"
    frame["n"] = frame["n"].astype(int)
    return frame.rename(columns={"n": "households"})


def distribution_chart(
    distribution: Mapping[str, Mapping[str, float]],
    treatment: str,
    threshold: float,
    base: str = "income",
) -> go.Figure:
    fig = go.Figure()
    for kind, q in distribution.items():
        fig.add_trace(
            go.Box(
                name=KIND_LABELS[kind],
                x=[KIND_LABELS[kind]],
                q1=[q["p25"]],
                median=[q["p50"]],
                q3=[q["p75"]],
                lowerfence=[q["p10"]],
                upperfence=[q["p90"]],
                marker_color=KIND_COLOURS[kind],
                hoverinfo="skip",
            )
        )
    fig.add_hline(
        y=threshold,
        line_dash="dot",
        line_color=PALETTE["black"],
        annotation_text=f"priced out above {threshold:.0%}",
        annotation_position="top right",
    )
    top = max([q["p90"] for q in distribution.values()] + [threshold])
    fig.update_yaxes(
        title=f"out-of-pocket / {base}", tickformat=".0%", range=[0, min(top * 1.1, 3.0)]
    )
    fig.update_layout(showlegend=False)
    return base_layout(fig, f"{short(treatment)}: cost share by insurance")


def priced_out_frame(table: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(table).T
    frame.index = [short(t) for t in frame.index]
    frame.index.name = "treatment"
    return frame


# --- tables as the page shows them (shares as percentages, money as dollars) --------------------

PERCENT = "{:.1%}"


def percent_table(frame: pd.DataFrame, skip: tuple[str, ...] = ()) -> Styler:
    """Every column but `skip` as a percentage with one decimal."""
    return frame.style.format({c: PERCENT for c in frame.columns if c not in skip})


def sweep_table(prices: Sequence[float], sweep: Mapping[str, Sequence[float]]) -> Styler:
    frame = sweep_frame(prices, sweep)
    formats: dict[Any, Any] = {c: PERCENT for c in frame.columns[1:]}
    formats["price per session"] = "${:,.0f}"
    return frame.style.format(formats)


def by_kind_table(newly: Mapping[str, Any]) -> Styler:
    return newly_by_kind_frame(newly).style.format({"share of that insurance group": PERCENT})


def distribution_table(distribution: Mapping[str, Mapping[str, float]]) -> Styler:
    return percent_table(distribution_frame(distribution), skip=("households",))
