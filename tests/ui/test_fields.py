"""The field table (ui/fields.py) and its loops (ui/convert.py): one row per input, bounds read
from the scenario models, every example file through the widgets and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing.scenario import from_dict, load_file
from ui import convert, fields
from ui.forms import RESETS

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = ("money", "percent", "count", "number")


def test_keys_are_unique_and_groups_known() -> None:
    keys = [f.key for f in fields.FIELDS]
    assert len(keys) == len(set(keys))
    known = {g for groups in RESETS.values() for g in groups} | {"what", "you"}
    assert {f.group for f in fields.FIELDS} <= known
    for f in fields.FIELDS:
        assert f.gate is None or fields.BY_KEY[f.gate].flag, f.key


@pytest.mark.parametrize(
    "field", [f for f in fields.FIELDS if f.kind in NUMBERS], ids=lambda f: f.key
)
def test_every_number_has_bounds_from_its_model_field(field: fields.Field) -> None:
    low, high = fields.bounds(field)
    assert low is not None and high is not None, field.key


def test_bounds_in_the_widgets_unit() -> None:
    # Share fields (0..1) become percent; Payment.marginal_tax_rate allows at most 0.6 = 60%.
    assert fields.bounds(fields.BY_KEY["coinsurance_pct"]) == (0, 100)
    assert fields.bounds(fields.BY_KEY["tax_pct"]) == (0, 60)
    assert fields.bounds(fields.BY_KEY["size"]) == (1, 20)
    # Optional money (Money | None) keeps the bounds inside the union.
    assert fields.bounds(fields.BY_KEY["oop_max"]) == (0, 10_000_000)


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_file_survives_the_widgets(path: Path) -> None:
    scenario = load_file(path)
    # The form holds a person's scenario; a file's clinic and equity sections are other tools'.
    person = scenario.model_copy(update={"clinic": None, "equity": None})
    assert convert.scenario_from_state(convert.state_from_scenario(scenario)) == person


def test_take_copies_whole_groups() -> None:
    current = convert.state_from_scenario(
        from_dict({"version": 1, "modality": "iv_ketamine", "insurance": {"kind": "commercial"},
                   "household": {"income": 50000, "size": 3}})
    )  # fmt: skip
    fresh = convert.defaults_for({**current, "modality": "spravato"})
    after = convert.take(fresh, current, RESETS["modality"])
    assert after["price_low"] == fresh["price_low"] and after["split_bill"] is True
    assert after["income"] == 50000 and after["size"] == 3, "the household is the person's"
    assert after["deductible"] == current["deductible"]


def test_defaults_for_the_persons_situation_come_from_from_dict() -> None:
    state = convert.state_from_scenario(from_dict({"version": 1, "modality": "spravato"}))
    medicare = convert.defaults_for({**state, "kind": "medicare", "medicare_advantage": True})
    expected = from_dict({"version": 1, "modality": "spravato",
                          "insurance": {"kind": "medicare", "medicare": {"supplement": "advantage"}}})  # fmt: skip
    assert convert.scenario_from_state(medicare) == expected
