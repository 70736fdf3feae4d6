"""Every chart on the pages is drawn here: with its source line (the scenario, the as-of year of
the figures, where the sources are, the version; ui.charts.with_source) in the figure itself, and
a toolbar whose "Download plot as a png" names the file after the page, the scenario and the
chart. So a picture saved from the page says what it shows and where it comes from (issue 17)."""

from __future__ import annotations

from typing import Literal

import plotly.graph_objects as go
import streamlit as st

import pricing
from pricing import defaults
from ui import charts


def stamp(fig: go.Figure, scenario: str) -> go.Figure:
    """`fig` with its source line (a new figure; `fig` itself if already stamped so)."""
    note = charts.source_note(scenario, defaults.poverty_year(), pricing.__version__)
    return charts.with_source(fig, note)


def show(
    fig: go.Figure,
    page: str,
    scenario: str,
    key: str,
    alt: str,
    theme: Literal["streamlit"] | None = "streamlit",
) -> go.Figure:
    """Draw `fig` with its source line; returns the figure drawn (stamped)."""
    fig = stamp(fig, scenario)
    config = charts.plot_config(page, scenario, key, fig.layout.height)
    st.plotly_chart(fig, config=config, theme=theme, key=key, alt=alt)
    return fig
