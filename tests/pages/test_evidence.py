"""Reproduce and evidence on the pages (issue 18, items 2 and 3), through AppTest.

For each page: read the Reproduce expander's scenario file(s) and command, run the command in a
temporary folder (a real `python -m pricing` process) and find the page's own figures in what it
prints. Then build every download the page offers (the very callable its button serves, kept in
session state), unzip it, run its command in the unpacked folder and get its output.json byte
for byte; the chart's data in the packet agrees with the command's figures.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pricing.defaults import modality_short
from pricing.explain.equity import pct
from pricing.explain.equity_page import lever_name
from pricing.report import money
from tests.pages.test_client import (
    DASHBOARD,
    ROOT,
    dollars,
    headline,
    metric,
    open_tab,
    views,
    widget,
)
from ui import estimate_parts as parts
from ui import evidence, labels, tables
from ui.labels import column as shown_as

pytestmark = pytest.mark.xdist_group("apptest")


def no_picture(fig: Any) -> tuple[None, str]:
    """Packets without drawing a PNG (a browser per chart is slow; one test draws one)."""
    return None, "not drawn in this test"


def reproduce_block(at: AppTest) -> tuple[str, dict[str, str]]:
    """The command line and the files (name -> text) in the page's Reproduce expander (opened:
    its content is drawn only while it is open)."""
    at.session_state[evidence.REPRODUCE_KEY] = True
    at.run()
    block = next(e for e in at.expander if e.label == evidence.REPRODUCE_LABEL)
    command = next(c.value for c in block.code if c.language == "bash")
    names = [c.value for c in block.caption if c.value.endswith(".yaml")]
    texts = [c.value for c in block.code if c.language == "yaml"]
    assert len(names) == len(texts)
    return command, dict(zip(names, texts, strict=True))


def run_line(command: str, folder: Path) -> bytes:
    """A reproducing line (commands joined by &&) run in `folder`; what it prints."""
    printed = b""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for part in command.split(" && "):
        argv = shlex.split(part)
        assert argv[:3] == ["python", "-m", "pricing"], part
        done = subprocess.run(
            [sys.executable, "-m", "pricing", *argv[3:]],
            cwd=folder,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        printed += done.stdout
    return printed


def reproduced(at: AppTest, folder: Path) -> list[dict[str, Any]]:
    """Write the expander's files into `folder`, run its command, parse each printed object."""
    command, files = reproduce_block(at)
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    text = run_line(command, folder).decode()
    decoder, objects, at_char = json.JSONDecoder(), [], 0
    while at_char < len(text.rstrip()):
        obj, at_char = decoder.raw_decode(text, at_char)
        objects.append(obj)
        at_char += len(text[at_char:]) - len(text[at_char:].lstrip())
    return objects


def estimate_builders(at: AppTest) -> dict[str, Callable[..., bytes]]:
    """Every evidence download Estimate offers, tab by tab (a tab's downloads are drawn only
    while it is open)."""
    builders: dict[str, Callable[..., bytes]] = {}
    for label in parts.TABS:
        builders |= open_tab(at, label).session_state[evidence.PACKETS].builds
    return builders


def packets_reprint(
    at: AppTest, tmp_path: Path, builders: dict[str, Callable[..., bytes]] | None = None
) -> dict[str, zipfile.ZipFile]:
    """Every download on the page (or `builders`): each unzipped, the first one's command run in
    its folder and compared byte for byte (the others have the same command, files and output)."""
    if builders is None:
        builders = at.session_state[evidence.PACKETS].builds
    packets = {k: zipfile.ZipFile(io.BytesIO(b(picture=no_picture))) for k, b in builders.items()}
    assert packets
    first = next(iter(packets.values()))
    meta = json.loads(first.read("metadata.json"))
    folder = tmp_path / "packet"
    first.extractall(folder)
    assert run_line(meta["command"], folder) == first.read("output.json")
    for key, packet in packets.items():
        assert json.loads(packet.read("metadata.json"))["command"] == meta["command"]
        assert packet.read("output.json") == first.read("output.json")
        for name in meta["scenario_files"]:
            assert packet.read(name) == first.read(name)
        names = set(packet.namelist())
        assert f"{key}.csv" in names, names
        readme = packet.read("README.md").decode()
        assert all(f"`{n}`" in readme for n in names)
    return packets


def csv_of(packet: zipfile.ZipFile, name: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(packet.read(name)))


# --- Estimate my cost ------------------------------------------------------------------------


def test_estimate_page_reproduces_and_its_packets_reprint(tmp_path: Path) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    widget(at, "selectbox", "in_kind").set_value("commercial").run()
    assert not at.exception, [e.message for e in at.exception]

    (printed,) = reproduced(at, tmp_path / "typed")
    oop = printed["out_of_pocket"]
    assert dollars(headline(at))[:3] == [round(oop["mid"]), round(oop["low"]), round(oop["high"])]
    assert metric(at, labels.HEADLINE_METRICS["billed"]) == money(printed["billed"]["mid"])
    assert metric(at, labels.HEADLINE_METRICS["insurer"]) == money(printed["insurer_pays"]["mid"])

    packets = packets_reprint(at, tmp_path, estimate_builders(at))
    assert set(packets) == {
        "cumulative",
        "breakdown",
        "paying_ways",
        "paying_cliff",
        "paying_tax",
        "monthly",
        "ledger",
    }
    assert json.loads(packets["cumulative"].read("output.json")) == printed
    # The charts' data add up to the command's figures (midpoint prices, to the cent).
    cumulative = csv_of(packets["cumulative"], "cumulative.csv")
    assert cumulative["mid"].iloc[-1] == pytest.approx(oop["mid"], abs=0.005)
    breakdown = csv_of(packets["breakdown"], "breakdown.csv")
    assert breakdown["patient"].sum() == pytest.approx(oop["mid"], abs=0.005)
    ledger = csv_of(packets["ledger"], "ledger.csv")
    assert ledger["patient"].sum() == pytest.approx(oop["mid"], abs=0.005)
    assert ledger["price"].sum() == pytest.approx(printed["billed"]["mid"], abs=0.005)


def test_an_estimate_chart_packet_carries_a_picture_naming_scenario_source_and_date() -> None:
    at = open_tab(AppTest.from_file(DASHBOARD, default_timeout=120).run(), parts.WHO_PAYS)
    packet = zipfile.ZipFile(io.BytesIO(at.session_state[evidence.PACKETS].builds["breakdown"]()))
    figure = json.loads(packet.read("breakdown.plotly.json"))
    meta = json.loads(packet.read("metadata.json"))
    subtitle = figure["layout"]["title"]["subtitle"]["text"]
    assert meta["scenario"]["name"] in subtitle
    assert f"ketamine-cost {meta['version']}" in subtitle
    assert meta["made_on"] in subtitle
    readme = packet.read("README.md").decode()
    if "breakdown.png" in packet.namelist():  # drawn by kaleido in the local Chromium
        assert packet.read("breakdown.png").startswith(b"\x89PNG\r\n\x1a\n")
    else:  # no browser on this machine: the packet says so instead of failing
        assert "No PNG of the chart" in readme


def test_a_packet_without_a_browser_says_so() -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    build = at.session_state[evidence.PACKETS].builds["cumulative"]
    packet = zipfile.ZipFile(io.BytesIO(build(picture=no_picture)))
    assert "cumulative.png" not in packet.namelist()
    assert "No PNG of the chart: no browser was available" in packet.read("README.md").decode()


# --- Compare options ---------------------------------------------------------------------------


def test_compare_page_reproduces_and_its_packets_reprint(tmp_path: Path) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    at.switch_page("app_pages/compare.py").run()
    widget(at, "selectbox", "in_kind").set_value("medicare").run()
    assert not at.exception, [e.message for e in at.exception]

    (printed,) = reproduced(at, tmp_path / "typed")
    table = next(d.value for d in at.dataframe if shown_as("total mid") in d.value.columns)
    rows = table.set_index(shown_as("treatment"))
    for obj in printed["treatments"].values():
        short = obj["name"].split(",")[0]
        row = rows.loc[short]
        mid, p90, insurer = (shown_as(c) for c in ("total mid", "total p90", "insurer pays"))
        assert row[mid] == pytest.approx(obj["out_of_pocket"]["mid"], abs=0.005)
        assert row[p90] == pytest.approx(obj["out_of_pocket"]["p90"], abs=0.005)
        assert row[insurer] == pytest.approx(obj["insurer_pays"]["mid"], abs=0.005)
    packets = packets_reprint(at, tmp_path)
    assert set(packets) == {"compare_totals", "compare_lines", "compare_table"}


def test_compare_page_with_typical_courses_reproduces_them_too(tmp_path: Path) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    at.switch_page("app_pages/compare.py").run()
    toggle = next((t for t in at.toggle if t.key == "compare_typical"), None)
    if toggle is None or toggle.disabled:
        pytest.skip("no typical course offered for the default treatments and period")
    toggle.set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]
    command, files = reproduce_block(at)
    assert command.count(" && ") == len(files) - 1 >= 1
    compared, *typical = reproduced(at, tmp_path / "typed")
    table = next(d.value for d in at.dataframe if shown_as("total mid") in d.value.columns)
    rows = table.set_index(shown_as("treatment"))
    for obj in typical:
        assert rows.loc[modality_short(obj["modality"]), shown_as("total mid")] == pytest.approx(
            obj["out_of_pocket"]["mid"], abs=0.005
        )
    packets_reprint(at, tmp_path)


# --- Clinic pricing ----------------------------------------------------------------------------


def test_clinic_page_reproduces_and_its_packets_reprint(tmp_path: Path) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=180).run()
    at.switch_page("app_pages/clinic.py").run()
    at.multiselect(key="clinic_treatments").set_value(["iv_ketamine", "spravato"]).run()
    at.number_input(key="clinic_iv_ketamine_price").set_value(650).run()
    assert not at.exception, [e.message for e in at.exception]

    (printed,) = reproduced(at, tmp_path / "typed")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Revenue per session"] == money(printed["revenue_per_session"])
    assert shown["Margin per session"] == money(printed["margin_per_session"])
    assert shown["Profit per month"] == money(printed["monthly_profit"])
    reach = next(v for label, v in shown.items() if label.startswith("Households who can afford"))
    assert reach == f"{printed['reach']:.0%}"

    packets = packets_reprint(at, tmp_path)
    assert {"clinic_volume", "clinic_profit", "clinic_payer", "clinic_reach"} <= set(packets)
    by_treatment = csv_of(packets["clinic_reach_by_treatment"], "clinic_reach_by_treatment.csv")
    printed_reach = {r["modality"]: r["reach"] for r in printed["reach_detail"]["by_treatment"]}
    for row in by_treatment.itertuples():
        assert printed_reach[row.modality] == pytest.approx(row.reach, abs=0.00005)


# --- Access & equity ---------------------------------------------------------------------------


def test_equity_page_reproduces_and_its_packets_reprint(tmp_path: Path) -> None:
    # Texas, Spravato, the out-of-pocket cap then a $400 price cap (stacked in that order), the
    # page's bands (parameter draws) on: every choice the page makes must reach the files.
    at = AppTest.from_file(DASHBOARD, default_timeout=300).run()
    at.switch_page("app_pages/equity.py").run()
    at.selectbox(key="equity_state").set_value("TX").run()
    at.selectbox(key="equity_focus").set_value("spravato").run()
    at.multiselect(key="equity_levers").set_value(["oop_cap", "price_cap"]).run()
    at.number_input(key="equity_price_cap").set_value(400.0).run()
    assert not at.exception, [e.message for e in at.exception]

    focus, today, by_state = reproduced(at, tmp_path / "typed")
    # The files carry the page's choices.
    assert focus["states"] == today["states"] == ["TX"] and focus["treatments"] == ["spravato"]
    assert focus["households"] == at.select_slider(key="equity_households").value
    assert focus["uncertainty"]["draws"] >= 2 and today["uncertainty"] == focus["uncertainty"]
    assert list(focus["reforms"]) == ["oop_cap", "price_cap"]
    assert [step["reform"] for step in focus["stack"]] == ["oop_cap", "price_cap"]
    assert "$400" in focus["reforms"]["price_cap"]["does"]
    assert len(by_state["by_state"]) == 51 and "uncertainty" not in by_state

    # The headline: priced out today and with both reforms, each with its p10-p90 band.
    shown = at.metric
    band = focus["priced_out_band"]["spravato"]["all"]
    assert shown[0].value == pct(focus["priced_out"]["spravato"]["all"])
    assert shown[0].delta == f"p10-p90 {pct(band['p10'])} to {pct(band['p90'])}"
    assert shown[1].value == pct(focus["stack"][-1]["priced_out"]["spravato"])
    # Today, every treatment (the second file) as the page's table shows it.
    median_column = shown_as("median out-of-pocket")
    table = next(d.value for d in at.dataframe if median_column in d.value.columns)
    for row, treatment in zip(table.itertuples(), today["treatments"], strict=True):
        assert row[2] == pct(today["priced_out"][treatment]["all"])
        # Dollars shown to the cent below $1,000, to the dollar above.
        median = float(row[5].removeprefix("$").replace(",", ""))
        assert median == pytest.approx(today["median_out_of_pocket"][treatment], abs=0.5)

    packets = packets_reprint(at, tmp_path)
    assert set(packets) == {
        "equity_map",
        "equity_today",
        "equity_groups",
        "equity_reforms",
        "equity_stack",
        "equity_payers",
    }
    # The map's data (the third file): every state's share priced out.
    shares = csv_of(packets["equity_map"], "equity_map.csv").set_index("code")["share priced out"]
    assert len(shares) == 51
    for code, share in shares.items():
        printed = by_state["by_state"][code]["priced_out"]["spravato"]["all"]
        assert share == pytest.approx(printed, abs=0.00005)
    # The ranked reforms' numbers (the first file): people newly able and spending, by payer.
    ranked = csv_of(packets["equity_reforms"], "equity_reforms.csv")
    assert list(ranked["reform"]) == [lever_name(n) for n in focus["ranking"]["spravato"]]
    for row, name in zip(ranked.itertuples(), focus["ranking"]["spravato"], strict=True):
        reform = focus["reforms"][name]
        assert row[3] == pytest.approx(reform["newly_affordable_people"]["spravato"], abs=0.005)
        assert row[7] == pytest.approx(reform["cost"]["spravato"]["total"], abs=0.005)


# --- Sources & method --------------------------------------------------------------------------


def test_sources_page_reproduces_and_its_packet_reprints(tmp_path: Path) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    at.switch_page("app_pages/sources.py").run()
    at.checkbox(key="sources_uncertain").check().run()
    assert not at.exception, [e.message for e in at.exception]

    (printed,) = reproduced(at, tmp_path / "typed")
    in_words = at.dataframe[0].value
    # the page's headers are words (ui.tables); the packet's CSV keeps the engine's names
    names = {shown_as(c): c for c in ("file", "figure", "value", "as_of", "source", "uncertain")}
    shown = in_words.rename(columns=names)
    by_figure = {(row["file"], row["figure"]): row for row in printed}
    assert len(shown) >= 1 and shown["uncertain"].all()
    for row in shown.to_dict(orient="records"):
        listed = by_figure[(row["file"], row["figure"])]
        value = None if pd.isna(row["value"]) else row["value"]  # a blank cell: no value
        assert (listed["value"], listed["as_of"], listed["source"]) == (
            value,
            row["as_of"],
            row["source"],
        )
    packets = packets_reprint(at, tmp_path)
    table = csv_of(packets["sources"], "sources.csv")
    assert len(table) == len(shown)
    assert [shown_as(c) for c in table.columns] == list(in_words.columns)


# --- every chart: a summary in words, a data table and its evidence ---------------------------


def flat(node: Any) -> list[tuple[str, str]]:
    """(type, text or label) of every element on the page, in reading order."""
    out: list[tuple[str, str]] = []
    for child in getattr(node, "children", {}).values():
        kind = getattr(child, "type", type(child).__name__)
        text = getattr(child, "label", None) or str(getattr(child, "value", ""))
        out.append((kind, str(text)))
        out += flat(child)
    return out


def opened_page(path: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=300).run()
    if path != "app_pages/estimate.py":
        at.switch_page(path).run()
    if path == "app_pages/equity.py":  # the smallest population: the charts are the same
        slider = at.select_slider(key="equity_households")
        slider.set_value(min(int(str(o).replace(",", "")) for o in slider.options)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    "path",
    ["app_pages/estimate.py", "app_pages/compare.py", "app_pages/clinic.py", "app_pages/equity.py"],
)
def test_every_chart_has_a_summary_a_table_and_its_evidence(path: str) -> None:
    page = Path(path).stem
    checked = 0
    for view in views(opened_page(path), page):  # Estimate: each tab in turn
        elements = flat(view.main)
        charts = [i for i, (kind, _) in enumerate(elements) if kind == "plotly_chart"]
        bounds = [-1, *charts, len(elements)]
        for n in range(len(charts)):
            # What sits between the chart before it and the chart after it belongs to this one.
            near = elements[bounds[n] + 1 : bounds[n + 2]]
            kinds = [kind for kind, _ in near]
            words = [text for kind, text in near if kind in ("caption", "markdown")]
            assert any(len(w) > 40 for w in words), f"chart {n + 1} on {path}: no summary"
            # a table, or a toggle that builds it when asked (issue 17: nothing built for a
            # closed expander; ui.tables.on_demand)
            on_demand = ("toggle", tables.SHOW_TABLE) in near
            assert "dataframe" in kinds or on_demand, f"chart {n + 1} on {path}: no data table"
            assert ("download_button", "Evidence (zip)") in near, f"chart {n + 1}: no packet"
        checked += len(charts)
        assert ("expander", evidence.REPRODUCE_LABEL) in elements
    assert checked >= (3 if page == "estimate" else 1)


def test_a_table_on_demand_is_built_only_when_asked() -> None:
    at = opened_page("app_pages/estimate.py")
    before = len(at.dataframe)
    toggles = [t for t in at.toggle if t.label == tables.SHOW_TABLE]
    assert toggles, "the Estimate page's long tables are on demand"
    toggles[0].set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == before + 1
