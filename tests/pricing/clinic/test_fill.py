"""One fill for a clinic section (pricing.scenario.section_defaults): a scenario file and the
Clinic pricing page that leave a field alone get the same figure (issue 14 item 7: the CLI printed
capacity "n/a" for scenarios/clinic_iv_break_even.yaml while the page filled rooms and hours)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pricing import clinic
from pricing.defaults import clinic as clinic_defaults
from pricing.scenario import ClinicSection, load_file, section_defaults

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "scenarios" / "clinic_iv_break_even.yaml"


def test_the_cli_fills_capacity_from_the_defaults() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pricing", "clinic", str(EXAMPLE), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # The file gives no rooms or hours: clinic.yaml's 3 rooms x 8 h x 60 min x 21 days = 30,240
    # minutes over the IV room time, 100 minutes = 302.4 sessions; break-even is 45,000 / 450 =
    # 100 booked, 100 / 302.4 = 0.3307 of it; 120 booked = 0.3968.
    assert out["capacity_sessions_per_month"] == 302.4
    assert out["utilisation_to_break_even"] == pytest.approx(100 / 302.4, abs=0.005)
    assert out["utilisation_at_booked"] == pytest.approx(120 / 302.4, abs=0.005)


def test_the_file_and_the_page_start_from_the_same_section() -> None:
    scenario = load_file(str(EXAMPLE))
    assert scenario.clinic is not None
    from_file = scenario.clinic
    page = clinic.section_from_form(clinic.start_form("iv_ketamine"))
    for name in ("rooms", "hours_per_day", "days_per_month"):
        assert getattr(from_file, name) == getattr(page, name) == section_defaults()[name]
    assert from_file.rooms == clinic_defaults.start_value("rooms")
    # Fields the file leaves out and the page starts with: the same values.
    for name in ("claim_denial_rate", "payer_mix", "target_margin", "out_of_network_terms"):
        assert getattr(from_file, name) == getattr(page, name)


def test_every_filled_field_is_a_section_field() -> None:
    assert set(section_defaults()) <= set(ClinicSection.model_fields)


def test_rooms_null_means_no_capacity() -> None:
    # At-home sessions hold no room: a file says so with rooms: null.
    s = clinic.section_from_dict(
        {"offerings": [{"modality": "at_home_ketamine", "share": 1}], "rooms": None}
    )
    assert s.rooms is None
    assert clinic.analyse(s).capacity_sessions_per_month is None
