"""The Clinic page's Reproduce packet: its scenario is made from the data its file holds
(without parsing the file back, issue 17); reading the file must give the same scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing import equity
from pricing.scenario import loads
from ui import evidence

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize(
    "name", ["clinic_iv_break_even", "clinic_out_of_network", "clinic_spravato_routes"]
)
def test_the_file_reads_back_as_the_packets_scenario(name: str) -> None:
    section = loads((SCENARIOS / f"{name}.yaml").read_bytes()).clinic
    assert section is not None
    shares = tuple(share for _, _, share in equity.PopulationMix.default().income_brackets)
    threshold = equity.default_threshold().name
    rep = evidence.for_clinic(section, 2000, shares, threshold)
    ((file_name, text),) = rep.files
    assert rep.scenario == loads(text)
    assert rep.name == loads(text).name
