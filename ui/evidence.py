"""Evidence on the pages: the packet download beside every chart and table, and the Reproduce
expander (the scenario file and the `python -m pricing ...` line that prints the page's figures).

A page describes how its figures are printed on the command line once (`Reproduce`: the commands,
the files they read, and what they print, from pricing.api). Each download is the engine's packet
(pricing.evidence) plus that chart's data as CSV, its Plotly figure as JSON and a PNG whose image
names the scenario, the source and the date. The zip is built only when the button is clicked
(`st.download_button` with a callable), so a rerun costs nothing; the callables of the page's
latest run are also kept in session state under PACKETS, so a test can build exactly what each
button would serve.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import yaml

import pricing
from pricing import api, evidence
from pricing.defaults import MODALITIES
from pricing.report import csv_safe
from pricing.scenario import Scenario, dump_yaml
from ui import charts, tables

# A chart's data, or a function that builds it when the download is clicked.
Table = pd.DataFrame | Callable[[], pd.DataFrame] | None
PACKETS = "evidence_packets"  # session state: the latest run's downloads (Offered)
CHROMIUM = Path("/usr/bin/chromium")  # Debian's browser, which kaleido drives for the PNG
PNG_WIDTH = 1000  # pixels; the height is the chart's own plus the lines naming its source
LABEL_HEIGHT = 60  # pixels for the two lines naming the scenario, the source and the date
LABEL_LIFT = 24  # pixels: the label's second line and air, else it sits on the top tick
PICTURE_SIDE = 20  # pixels of margin left and right, so the title does not touch the edge
DEFAULT_HEIGHT = 450  # Plotly's own height when a chart does not set one


@dataclass(frozen=True)
class Reproduce:
    """How a page's figures are printed on the command line."""

    command: str  # the engine command the sources follow (estimate, compare, clinic, equity)
    lines: tuple[tuple[str, ...], ...]  # each after `python -m pricing`
    files: tuple[tuple[str, str], ...]  # (file name, text) the lines read
    name: str  # the scenario's name (the citation, the chart's label)
    printed: Callable[[], list[str]] = field(compare=False)  # each line's output, on click
    scenario: Scenario | None = None  # for the sources of the defaults behind the figures
    modalities: tuple[str, ...] = ()
    data: dict[str, Any] | None = field(default=None, compare=False)  # without a Scenario

    @property
    def command_text(self) -> str:
        return evidence.command_text(self.lines)


# --- the pages' commands ------------------------------------------------------------------------


def for_estimate(scenario: Scenario, result: Any) -> Reproduce:
    """Estimate my cost: `estimate scenario.yaml --json` (the page's estimate, default draws
    and seed, is the one the command settles)."""
    return Reproduce(
        command="estimate",
        lines=(("estimate", evidence.SCENARIO_FILE, "--json"),),
        files=((evidence.SCENARIO_FILE, dump_yaml(scenario)),),
        name=scenario.name,
        printed=lambda: [api.dumps(api.estimate_object(result)) + "\n"],
        scenario=scenario,
    )


def for_compare(base: Scenario, months: int, typical: dict[str, Scenario]) -> Reproduce:
    """Compare options: `compare scenario.yaml --json --months N` (every treatment: the page
    shows those chosen), then for each treatment shown at its typical course the estimate of
    that course's file."""
    lines: list[tuple[str, ...]] = [
        ("compare", evidence.SCENARIO_FILE, "--json", "--months", str(months))
    ]
    files = [(evidence.SCENARIO_FILE, dump_yaml(base))]
    for modality, scenario in typical.items():
        name = f"typical_{modality}.yaml"
        lines.append(("estimate", name, "--json"))
        files.append((name, dump_yaml(scenario)))

    def printed() -> list[str]:
        outputs = [api.dumps(api.compare(base, months=months)) + "\n"]
        outputs += [api.dumps(api.estimate(s)) + "\n" for s in typical.values()]
        return outputs

    return Reproduce(
        command="compare",
        lines=tuple(lines),
        files=tuple(files),
        name=base.name,
        printed=printed,
        scenario=base,
        modalities=MODALITIES,  # the command prices every treatment
    )


def stacked(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """One table per series (a chart's lines) as one long table, the series named in `name`."""
    parts = [table.assign(**{name: key}) for key, table in tables.items()]
    if not parts:
        return pd.DataFrame({name: []})
    joined = pd.concat(parts, ignore_index=True)
    return joined[[name, *(c for c in joined.columns if c != name)]]


def for_clinic(
    section: Any, households: int, income_shares: Sequence[float], threshold: str
) -> Reproduce:
    """Clinic pricing: `clinic scenario.yaml --json --households N`, the page's market written
    as the file's `equity:` section (its income shares and affordability test) so the command's
    reach is the page's. The scenario is made from the same data the file holds, not by
    parsing the file back (12 ms a rerun; tests/pages/test_evidence.py reads the file and finds
    the same scenario)."""
    from pricing.scenario import from_dict

    modality = section.offerings[0].modality
    data = {
        "version": 1,
        "modality": modality,
        "clinic": section.model_dump(mode="json"),
        "equity": {"threshold": threshold, "mix": {"income_shares": list(income_shares)}},
    }
    text = yaml.safe_dump(data, sort_keys=False, width=100)
    scenario = from_dict(data)
    return Reproduce(
        command="clinic",
        lines=(("clinic", evidence.SCENARIO_FILE, "--json", "--households", str(households)),),
        files=((evidence.SCENARIO_FILE, text),),
        name=scenario.name,
        printed=lambda: [api.dumps(api.clinic(scenario, households=households)) + "\n"],
        scenario=scenario,
    )


EQUITY_FILES = (evidence.SCENARIO_FILE, "today.yaml", "map.yaml")


def equity_sections(request: Any, map_households: int) -> dict[str, dict[str, Any]]:
    """Access & equity's three runs (pricing.equity.page_data.PageRequest) as `equity:` sections
    by file name: the focus treatment with the reforms (the headline, ranking, stack and payers),
    every treatment today (the table under the map) and every state (the map)."""
    from pricing.equity.page_data import focus_section, map_section, today_section

    return dict(
        zip(
            EQUITY_FILES,
            (
                focus_section(request),
                today_section(request),
                map_section(
                    request.course, request.threshold, request.focus, map_households, request.seed
                ),
            ),
            strict=True,
        )
    )


def for_equity(request: Any, map_households: int, name: str) -> Reproduce:
    """Access & equity: `equity FILE --json` for each of the page's three runs, each file the
    section the page itself runs (pricing.equity.page_data.settings_of), so the three outputs
    are the page's figures."""
    from pricing.scenario import EquitySection

    sections = equity_sections(request, map_households)
    files = tuple(
        (file, yaml.safe_dump({"version": 1, "name": name, "equity": section}, sort_keys=False))
        for file, section in sections.items()
    )
    parsed = [EquitySection.model_validate(section) for section in sections.values()]
    return Reproduce(
        command="equity",
        lines=tuple(("equity", file, "--json") for file in sections),
        files=files,
        name=name,
        # Three runs: made once, on the first click, and kept for the page's other downloads.
        printed=functools.cache(lambda: [api.dumps(api.equity(s)) + "\n" for s in parsed]),
        data={"equity": parsed[0].model_dump(mode="json")},
    )


def for_sources() -> Reproduce:
    """Sources & method: `sources --json` prints every row of the page's table."""
    return Reproduce(
        command="sources",
        lines=(("sources", "--json"),),
        files=(),
        name="Sources & method: every sourced default",
        printed=lambda: [api.dumps_list(api.sources()) + "\n"],
    )


# --- the packet ----------------------------------------------------------------------------------


def table_csv(table: pd.DataFrame) -> str:
    """A chart's data as CSV, unrounded, every text cell neutralised against formulas."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: csv_safe(v) if isinstance(v, str) else v)
    buffer = io.StringIO()
    # A named index (treatments, bands) is a column of the table; row numbers are not.
    out.to_csv(buffer, index=out.index.name is not None, lineterminator="\n")
    return buffer.getvalue()


def source_line(name: str, made_on: dt.date) -> str:
    """The two lines a chart's picture carries: its scenario, its source and its date."""
    return (
        f"Scenario: {html.escape(name)}<br>Source: {evidence.TOOL} {pricing.__version__}, from "
        f"published prices and plan rules (sources in metadata.json) · {made_on.isoformat()}"
    )


def labelled(fig: go.Figure, name: str, made_on: dt.date) -> go.Figure:
    """A copy of `fig` whose subtitle names the scenario, the source and the date."""
    out = charts.without_source(fig)  # its own label replaces the page's source line
    margin = out.layout.margin
    out.update_layout(
        title_subtitle={"text": source_line(name, made_on), "font": {"size": 11}},
        # Plotly anchors a title by its subtitle's first line: lift it by the second.
        title_pad={"l": PICTURE_SIDE, "b": (out.layout.title.pad.b or 0) + LABEL_LIFT},
        height=(out.layout.height or DEFAULT_HEIGHT) + LABEL_HEIGHT,
        margin={
            "t": (margin.t or 50) + LABEL_HEIGHT,
            "l": max(margin.l or 0, PICTURE_SIDE),
            "r": max(margin.r or 0, PICTURE_SIDE),
        },
    )
    return out


def chart_png(fig: go.Figure) -> tuple[bytes | None, str]:
    """The chart as a PNG through kaleido and a local Chromium, or None and why not."""
    if CHROMIUM.exists():
        os.environ.setdefault("BROWSER_PATH", str(CHROMIUM))
    height = int(fig.layout.height or DEFAULT_HEIGHT)
    try:
        picture = fig.to_image(format="png", width=PNG_WIDTH, height=height)
    except Exception as err:  # noqa: BLE001 - no browser or no kaleido: the packet says so
        return None, f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    return bytes(picture), ""


def packet_bytes(
    rep: Reproduce,
    key: str,
    title: str,
    table: Table = None,
    fig: go.Figure | None = None,
    picture: Callable[[go.Figure], tuple[bytes | None, str]] = chart_png,
) -> bytes:
    """The zip a page's download serves for one chart or table (a table given as a function is
    built here, on click, not on every run of the page)."""
    if callable(table):
        table = table()
    made_on = evidence.packet_date()
    outputs = rep.printed()
    objects = [json.loads(text) for text in outputs]
    names = [line[1] for line in rep.lines]
    data = objects[0] if len(objects) == 1 else dict(zip(names, objects, strict=True))
    extras: list[evidence.Extra] = []
    notes: list[str] = []
    if table is not None:
        columns = ", ".join(f"`{c}`" for c in table.columns)
        extras.append(
            evidence.Extra(
                f"{key}.csv",
                table_csv(table).encode(),
                f"the data behind '{title}' as the page shows it, one row each (columns {columns})",
            )
        )
    if fig is not None:
        shown = labelled(fig, rep.name, made_on)
        extras.append(
            evidence.Extra(
                f"{key}.plotly.json",
                shown.to_json().encode(),
                f"'{title}' as a Plotly figure (open it with plotly.io.read_json)",
            )
        )
        png, why = picture(shown)
        if png is not None:
            about = f"'{title}' as a picture naming its scenario, source and date"
            extras.append(evidence.Extra(f"{key}.png", png, about))
        else:
            notes.append(
                f"No PNG of the chart: no browser was available to draw it ({why}). "
                f"`{key}.plotly.json` holds the same figure."
            )
    packet = evidence.Packet(
        commands=rep.lines,
        output_name="output.json",
        output="".join(outputs),
        data_csv=evidence.figures_csv(data),
        data_about=evidence.FIGURES_ABOUT
        + (
            "; with several commands each command's object sits under the name of the file it reads"
            if len(objects) > 1
            else ""
        ),
        scenario_files={name: text.encode() for name, text in rep.files},
        scenario=_scenario_data(rep),
        name=rep.name,
        sources=evidence.sources_used(rep.command, rep.scenario, rep.modalities),
        made_on=made_on,
        extras=tuple(extras),
        notes=tuple(notes),
    )
    return evidence.build(packet)


def _scenario_data(rep: Reproduce) -> dict[str, Any] | None:
    from pricing.scenario import to_dict

    return rep.data if rep.scenario is None else to_dict(rep.scenario)


@dataclass
class Offered:
    """The downloads the page's latest run offers (for tests: what each button would serve)."""

    rep: Reproduce
    builds: dict[str, Callable[..., bytes]]


# --- on the page --------------------------------------------------------------------------------


def download(
    rep: Reproduce,
    key: str,
    title: str,
    table: Table = None,
    fig: go.Figure | None = None,
) -> None:
    """The packet download beside one chart or table (built only when clicked)."""
    build = functools.partial(packet_bytes, rep, key, title, table, fig)
    offered = st.session_state.get(PACKETS)
    if not isinstance(offered, Offered) or offered.rep is not rep:  # a new run of a page
        offered = st.session_state[PACKETS] = Offered(rep, {})
    offered.builds[key] = build
    st.download_button(
        "Evidence (zip)",
        build,
        file_name=f"ketamine-cost-{key}.zip",
        mime="application/zip",
        on_click="ignore",
        key=f"evidence_{key}",
        icon=":material/download:",
        help=(
            "This chart's data (CSV), the chart (PNG and Plotly JSON), the scenario, the sources "
            "of its figures, a citation and the command that prints them again."
        ),
    )


REPRODUCE_LABEL = "Reproduce these figures"
REPRODUCE_KEY = "reproduce_open"  # session state: whether the page's Reproduce expander is open
EQUITY_NOTE = (
    "The first command prints the headline, the ranked reforms, the stack and who pays; the "
    "second every treatment today; the third every state on the map."
)


def reproduce(rep: Reproduce, extra: Sequence[str] = ()) -> None:
    """The expander with the scenario file(s) and the command line that prints the figures,
    drawn only while it is open (a lazy expander: its code blocks are costly to lay out again
    on every change, issue 17)."""
    tables.when_open(REPRODUCE_LABEL, REPRODUCE_KEY, lambda: _reproduce_body(rep, extra))


def _reproduce_body(rep: Reproduce, extra: Sequence[str]) -> None:
    names = ", ".join(f"`{name}`" for name, _ in rep.files)
    names = " and ".join(names.rsplit(", ", 1))
    saved = f"Save the text below as {names}, then, in that folder, w" if names else "W"
    st.markdown(f"{saved}ith this tool installed (`pip install .`), run:")
    st.code(rep.command_text, language="bash")
    for line in extra:
        st.caption(line)
    for name, text in rep.files:
        st.caption(name)
        st.code(text, language="yaml")
