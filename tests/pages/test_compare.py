"""AppTest for Compare options: the page's figures are the CLI's `compare` for the same person,
each treatment says which course, plan and dates it is for, and a treatment the plan must
approve first shows its approved and refused figures side by side (rule 13), with the chance
and the words that it is an assumption.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.scenario import from_dict
from tests.pages.test_client import DASHBOARD, ROOT, dollars, metric, widget
from ui.labels import column as shown_as

pytestmark = pytest.mark.xdist_group("apptest")


def compare_page(kind: str) -> AppTest:
    """Compare options for the default person (IV ketamine on Estimate) with `kind` insurance."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("app_pages/compare.py").run()
    widget(at, "selectbox", "in_kind").set_value(kind).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def cli_compare(tmp_path: Path, yaml_text: str, months: int) -> dict:
    path = tmp_path / "me.yaml"
    path.write_text(yaml_text)
    done = subprocess.run(
        [sys.executable, "-m", "pricing", "compare", str(path), "--json", "--months", str(months)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


def test_page_figures_and_the_approve_refuse_pair_are_the_clis(tmp_path: Path) -> None:
    at = compare_page("commercial")
    # The same person as a file: IV ketamine (the form's default treatment) on an employer
    # plan, everything else from the defaults.
    printed = cli_compare(
        tmp_path, "version: 1\nmodality: iv_ketamine\ninsurance: {kind: commercial}\n", 12
    )["treatments"]
    table = next(d.value for d in at.dataframe if shown_as("total mid") in d.value.columns)
    table = table.set_index(shown_as("treatment"))
    for obj in printed.values():
        short = obj["name"].split(",")[0]
        assert table.loc[short, shown_as("total mid")] == pytest.approx(
            obj["out_of_pocket"]["mid"], abs=0.01
        )
    spravato = printed["spravato"]
    approved = spravato["out_of_pocket"]["mid"]
    refused = spravato["if_denied"]["out_of_pocket"]["mid"]
    assert metric(at, "Spravato: if your plan approves") == f"${round(approved):,}"
    assert metric(at, "Spravato: if it refuses") == f"${round(refused):,}"
    assert (
        dollars(metric(at, "Spravato: if it refuses"))[0]
        > dollars(metric(at, "Spravato: if your plan approves"))[0]
    )
    texts = " ".join(m.value for m in at.markdown)
    assert "**Spravato.** In a published claims study (2023), about 85%" in texts
    assert "never an average" in texts
    # Never blended: no figure on the page is the chance-weighted mix of the two.
    chance = spravato["approval_chance"]
    blended = round(chance * approved + (1 - chance) * refused)
    assert f"${blended:,}" not in texts + " ".join(str(m.value) for m in at.metric)


def test_page_says_which_plan_and_dates_every_figure_is_for() -> None:
    at = compare_page("commercial")
    said = next(c.value for c in at.caption if c.value.startswith("Every figure is what you pay"))
    plan = from_dict({"version": 1, "modality": "iv_ketamine", "insurance": {"kind": "commercial"}})
    terms = plan.insurance
    assert (
        f"under your commercial plan (${terms.deductible:,.0f} deductible, "
        f"{terms.coinsurance:.0%} coinsurance" in said
    )
    # 12 months from the first session end the day before the same date a year later.
    first = plan.start_date
    last = first.replace(year=first.year + 1) - dt.timedelta(days=1)
    assert f"from {first:%b} {first.day}, {first.year} to {last:%b} {last.day}, {last.year}" in said
    assert "(12 months" in said
    assert any("first 12 months" in m.value for m in at.markdown)


def test_without_an_approval_step_there_is_no_pair() -> None:
    at = compare_page("none")
    assert not [m for m in at.metric if "refuses" in m.label]
    assert not any(s.value == "If your plan must approve it first" for s in at.subheader)
