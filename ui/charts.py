"""Pure chart builders: data in, plotly Figure out. No Streamlit here, so tests can call them.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness. Every page shows a one-line summary and the data table beside each chart.
"""

from __future__ import annotations

import plotly.graph_objects as go

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
PAYER_COLOURS = {
    "you": PALETTE["vermillion"],
    "insurer": PALETTE["blue"],
    "programme": PALETTE["green"],
    "written_off": PALETTE["grey"],
}


def base_layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Shared look: readable font, legend on top, margins that fit a phone screen."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        font={"size": 13},
        template="plotly_white",
        colorway=SEQUENCE,
    )
    return fig
