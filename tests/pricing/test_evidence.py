"""pricing/evidence.py: figures flattened to rows with units, the defaults' hash, the sources a
result rests on, the citation, and a zip that is the same bytes every time.

Expected rows are written out by hand from the inputs, not copied from the code's output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pricing
from pricing import evidence
from pricing.defaults import DEFAULTS_DIR
from pricing.scenario import load_file, loads

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"


def test_flatten_writes_a_row_per_figure_with_its_path_and_unit() -> None:
    printed = {
        "name": "A",
        "billed": {"low": 1.5, "high": 2},
        "by_treatment": [{"margin_per_session": 3.25}, {"course_sessions": 12}],
        "warnings": [],
        "approval_chance": 0.85,
        "priced_out": {"spravato": {"<100%": 0.6388}},
        "monte_carlo": {"seed": 7},
    }
    assert list(evidence.flatten(printed)) == [
        ("name", "A", ""),
        ("billed.low", "1.5", "USD"),
        ("billed.high", "2", "USD"),
        ("by_treatment[0].margin_per_session", "3.25", "USD per session"),
        ("by_treatment[1].course_sessions", "12", "sessions"),
        ("warnings", "[]", ""),  # an empty list is still one row: nothing was warned
        ("approval_chance", "0.85", "share (0 to 1)"),
        # the unit comes from the nearest named group: priced_out
        ("priced_out.spravato.<100%", "0.6388", "share of households (0 to 1)"),
        ("monte_carlo.seed", "7", ""),  # a seed has no unit
    ]


def test_units_follow_the_name_from_the_figure_up() -> None:
    assert evidence.unit_of(["out_of_pocket", "p10"]) == "USD"
    assert evidence.unit_of(["share_of_income", "mid"]) == "share of household income (0 to 1)"
    assert evidence.unit_of(["break_even_booked_sessions_per_month"]) == "sessions per month"
    assert evidence.unit_of(["spravato_routes", "visit_only", "margin_per_course"]) == (
        "USD per course"
    )
    assert evidence.unit_of(["visits", "treatment"]) == "visits"
    assert evidence.unit_of(["first_visit"]) == ""


def test_figures_csv_quotes_and_neutralises_text() -> None:
    text = evidence.figures_csv({"name": "=1+1, a formula", "billed": {"mid": 10.0}})
    assert text.splitlines() == [
        "path,value,unit",
        'name,"\'=1+1, a formula",',  # a spreadsheet reads it as text, not a formula
        "billed.mid,10.0,USD",
    ]


@settings(max_examples=50, deadline=None)
@given(
    st.recursive(
        st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(), st.text()),
        lambda inner: (
            st.dictionaries(st.text(min_size=1), inner, max_size=4) | st.lists(inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_every_leaf_is_one_row(data: object) -> None:
    def leaves(node: object) -> int:
        if isinstance(node, dict) and node:
            return sum(leaves(v) for v in node.values())
        if isinstance(node, list) and node:
            return sum(leaves(v) for v in node)
        return 1

    assert len(list(evidence.flatten(data))) == leaves(data)


def test_defaults_hash_is_recomputable_from_the_readme_description() -> None:
    # "sha256 over the defaults files in name order, each as its name, a NUL byte, its bytes
    # and a NUL byte": written here as one blob instead of the module's running digest.
    files = sorted(DEFAULTS_DIR.glob("*.yaml"))
    blob = b"".join(p.name.encode() + b"\0" + p.read_bytes() + b"\0" for p in files)
    assert evidence.defaults_sha256() == hashlib.sha256(blob).hexdigest()
    assert (
        evidence.defaults_files()["scenario.yaml"]
        == hashlib.sha256((DEFAULTS_DIR / "scenario.yaml").read_bytes()).hexdigest()
    )


def figures(sources: list[dict[str, object]]) -> set[str]:
    return {str(s["figure"]) for s in sources}


def test_sources_of_an_uninsured_infusion_are_its_treatment_plan_and_course() -> None:
    scenario = load_file(SCENARIOS / "uninsured_iv_series.yaml")
    used = figures(evidence.sources_used("estimate", scenario))
    assert "modalities: modalities.iv_ketamine.treatment_price" in used
    assert "courses: courses.iv_series" in used
    assert "insurance: plans.no_insurance.terms.deductible" in used
    assert "scenario: scenario.monte_carlo_seed" in used
    # Nothing about Spravato, Medicare or another treatment's prices
    assert not any(f.startswith(("spravato_billing:", "medicare:", "clinic:")) for f in used)
    assert "modalities: modalities.spravato.treatment_price" not in used


def test_sources_of_medicare_spravato_include_medicare_and_spravato_billing() -> None:
    scenario = load_file(SCENARIOS / "medicare_spravato.yaml")
    used = figures(evidence.sources_used("estimate", scenario))
    assert "medicare: medicare.part_d_deductible" in {f.split(".values")[0] for f in used}
    assert any(f.startswith("spravato_billing:") for f in used)
    assert any(f.startswith("insurance: plans.original_medicare.") for f in used)


def test_sources_of_paying_over_time_include_the_finance_defaults() -> None:
    scenario = load_file(SCENARIOS / "paying_over_two_years.yaml")
    assert scenario.payment.method is not None  # the example pays over time
    used = figures(evidence.sources_used("estimate", scenario))
    assert any(f.startswith("finance: paying.") for f in used)
    plain = figures(
        evidence.sources_used("estimate", load_file(SCENARIOS / "uninsured_iv_series.yaml"))
    )
    assert not any(f.startswith("finance:") for f in plain)


def test_compare_sources_cover_every_compared_treatment() -> None:
    scenario = load_file(SCENARIOS / "uninsured_iv_series.yaml")
    used = figures(evidence.sources_used("compare", scenario, ["iv_ketamine", "kap_lozenge"]))
    assert "modalities: modalities.kap_lozenge.treatment_price" in used
    assert "modalities: modalities.at_home_ketamine.treatment_price" not in used


def test_every_source_has_a_title_and_a_date() -> None:
    for command in ("estimate", "clinic", "equity"):
        scenario = load_file(SCENARIOS / "medicaid_spravato.yaml")
        used = evidence.sources_used(command, scenario)
        assert used
        for source in used:
            assert source["title"] and source["as_of"], source
            json.dumps(source)  # plain data


def a_packet(**changes: object) -> evidence.Packet:
    scenario = loads(b"version: 1\nmodality: iv_ketamine\nname: Test person\n")
    fields: dict[str, object] = {
        "commands": [["estimate", "scenario.yaml", "--json"]],
        "output_name": "output.json",
        "output": '{\n  "billed": 1\n}\n',
        "data_csv": evidence.figures_csv({"billed": 1}),
        "data_about": evidence.FIGURES_ABOUT,
        "scenario_files": {
            "scenario.yaml": b"version: 1\nmodality: iv_ketamine\nname: Test person\n"
        },
        "scenario": {"name": "Test person"},
        "name": "Test person",
        "sources": evidence.sources_used("estimate", scenario),
        "made_on": dt.date(2026, 1, 2),
    }
    fields.update(changes)
    return evidence.Packet(**fields)  # type: ignore[arg-type]


def test_the_same_packet_is_the_same_bytes() -> None:
    first, second = evidence.build(a_packet()), evidence.build(a_packet())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {evidence.ZIP_TIME}
        assert set(archive.namelist()) == {
            "CITATION.txt",
            "README.md",
            "data.csv",
            "metadata.json",
            "output.json",
            "scenario.yaml",
        }
        meta = json.loads(archive.read("metadata.json"))
    assert meta["command"] == "python -m pricing estimate scenario.yaml --json"
    assert meta["version"] == pricing.__version__
    assert meta["made_on"] == "2026-01-02"
    assert meta["defaults_sha256"] == evidence.defaults_sha256()
    assert {"scenario", "sources", "command", "version", "defaults_sha256"} <= meta.keys()
    # another day is another packet: the date is part of what it says
    assert evidence.build(a_packet(made_on=dt.date(2026, 1, 3))) != first


def test_citation_names_tool_version_date_scenario_and_defaults_hash() -> None:
    line = evidence.citation(a_packet())
    assert line == (
        f'ketamine-cost {pricing.__version__} (2026-01-02). "Test person". Figures from '
        f"`python -m pricing estimate scenario.yaml --json`; defaults sha256 "
        f"{evidence.defaults_sha256()}.\n"
    )


def test_readme_lists_every_file_in_the_packet() -> None:
    extra = evidence.Extra("chart.png", b"png", "the chart as a picture")
    packet = a_packet(extras=(extra,), notes=("No browser here.",))
    text = evidence.readme(packet)
    for name in evidence.files_of(packet):
        assert f"`{name}`" in text
    assert "No browser here." in text
    assert "python -m pricing estimate scenario.yaml --json" in text


def test_a_command_with_spaces_is_quoted_for_a_shell_and_commands_are_chained() -> None:
    assert evidence.command_line(["estimate", "my file.yaml"]) == (
        "python -m pricing estimate 'my file.yaml'"
    )
    assert evidence.command_text([["compare", "a.yaml"], ["estimate", "b.yaml", "--json"]]) == (
        "python -m pricing compare a.yaml && python -m pricing estimate b.yaml --json"
    )


def test_packet_date_reads_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026-01-01T00:00Z: 56 years of 365 days + 14 leap days (1972..2024) = 20,454 days
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(20_454 * 86_400))
    assert evidence.packet_date() == dt.date(2026, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert evidence.packet_date() == dt.date.today()
