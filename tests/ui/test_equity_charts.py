"""ui.equity_charts: the tile map draws every state once with no map service, and the tables say
people and dollars with their bands."""

from __future__ import annotations

import json

from pricing.defaults.states import STATE_CODES
from pricing.report import ledger_csv
from ui import equity_charts as charts


def test_tile_map_has_every_state_once_and_needs_no_network() -> None:
    assert set(charts.TILES) == set(STATE_CODES)
    assert len(set(charts.TILES.values())) == len(STATE_CODES)  # no two states on one tile
    assert all(0 <= r < charts.ROWS and 0 <= c < charts.COLUMNS for r, c in charts.TILES.values())
    shares = {code: i / 100 for i, code in enumerate(STATE_CODES)}
    fig = charts.state_map(shares, "TX", "spravato")
    kinds = {trace.type for trace in fig.data}
    assert kinds == {"heatmap", "scatter"}  # no geo, choropleth or map-tile trace
    spec = fig.to_plotly_json()
    spec["layout"].pop("template", None)  # plotly's default theme names every subplot kind
    text = json.dumps(spec)
    assert "mapbox" not in text and '"geo"' not in text and "topojson" not in text
    # TX (tile row 7, column 4) shows its code and share.
    assert fig.data[0].text[7][4] == f"TX<br>{shares['TX']:.0%}"


def test_lever_table_and_its_csv() -> None:
    rows = [
        {
            "reform": "oop_cap",
            "people": 26_354.8,
            "people_band": (17_233.0, 30_106.6),
            "priced_out": 0.195,
            "cost": 353_036_433.7,
            "cost_band": (213_241_883.4, 435_216_693.6),
            "per_person": 13_395.5,
            "main_payer": "commercial_insurers",
        }
    ]
    frame = charts.lever_frame(rows)
    shown = charts.lever_table(frame)
    assert shown.loc[0, "people newly able"] == "26,400"
    assert shown.loc[0, "p10-p90"] == "17,200 to 30,100"
    assert shown.loc[0, "spending a year"] == "$353 million"
    assert shown.loc[0, "biggest change falls on"] == "Commercial insurers"
    csv = ledger_csv(frame)
    assert csv.splitlines()[0].startswith("rank,reform,people newly able,people p10,people p90")
    assert "353036433.7" in csv
