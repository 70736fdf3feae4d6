"""Every default number is sourced: a walk over every pricing/defaults/*.yaml file.

Rules (DESIGN.md "Conventions" and the team guide):
- every numeric leaf sits in, or somewhere under, an entry that has `unit`, `source` and `as_of`;
- every `source` names an id in sources.yaml, and every source there has a title and a url
  (the url may be null only for `project_assumption`, which is not a publication);
- an entry marked `uncertain: true` says why in a `note`;
- the loader in pricing/defaults/__init__.py finds what the issue asks for: five modalities with
  price ranges, their course templates, five plan templates, coverage rules for every
  (modality, insurance kind), the manufacturer programme and poverty guidelines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from pricing import defaults
from pricing.scenario import default_scenario

PROVENANCE = ("unit", "source", "as_of")
# Keys that describe an entry rather than hold a figure of it.
METADATA_KEYS = frozenset({"as_of", "accessed"})
NO_URL_SOURCES = frozenset({"project_assumption"})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numeric_leaves(
    node: Any, path: str, sourced: bool, inherited: frozenset[str] = frozenset()
) -> Iterator[tuple[str, bool]]:
    """(path, whether the enclosing entries carry unit, source and as_of) for every number.

    A dated entry (rule 14) gives its unit once and a source and as_of on each dated value, so
    provenance keys add up along the path."""
    if isinstance(node, dict):
        have = inherited | (frozenset(node) & frozenset(PROVENANCE))
        here = sourced or have >= frozenset(PROVENANCE)
        for key, child in node.items():
            if key in METADATA_KEYS:
                continue
            yield from _numeric_leaves(child, f"{path}.{key}", here, have)
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _numeric_leaves(child, f"{path}[{i}]", sourced, inherited)
    elif _is_number(node):
        yield path, sourced


def _entries(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping in a file, with its path."""
    if isinstance(node, dict):
        yield path, node
        for key, child in node.items():
            yield from _entries(child, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _entries(child, f"{path}[{i}]")


DATA_FILES = [name for name in defaults.files() if name != "sources"]


def test_every_defaults_file_is_walked() -> None:
    # The files the engine reads must all be here (others may add more; those are walked too).
    assert {"modalities", "courses", "insurance", "assistance", "poverty", "scenario"} <= set(
        DATA_FILES
    )


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_number_has_unit_source_and_as_of(name: str) -> None:
    leaves = list(_numeric_leaves(defaults.load(name), name, sourced=False))
    unsourced = [path for path, sourced in leaves if not sourced]
    assert not unsourced, f"numbers without unit/source/as_of: {unsourced}"


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_source_id_resolves(name: str) -> None:
    known = set(defaults.sources())
    for path, entry in _entries(defaults.load(name), name):
        if "source" in entry:
            assert entry["source"] in known, f"{path}.source: unknown id {entry['source']!r}"
            assert "as_of" in entry, f"{path}: has a source but no as_of"


@pytest.mark.parametrize("name", DATA_FILES)
def test_uncertain_entries_say_why(name: str) -> None:
    for path, entry in _entries(defaults.load(name), name):
        if entry.get("uncertain"):
            assert str(entry.get("note", "")).strip(), f"{path}: uncertain but no note"


@pytest.mark.parametrize("name", DATA_FILES)
def test_as_of_is_a_year_or_a_date(name: str) -> None:
    for path, entry in _entries(defaults.load(name), name):
        if "as_of" in entry:
            as_of = entry["as_of"]
            ok = isinstance(as_of, dt.date) or (_is_number(as_of) and 1990 <= as_of <= 2100)
            assert ok, f"{path}.as_of: {as_of!r} is neither a year nor a date"


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_dated_value_has_its_own_source_and_as_of(name: str) -> None:
    # Rule 14: a figure with several values by date cites a source for each value, in order.
    found = 0
    for path, entry in _entries(defaults.load(name), name):
        rows = entry.get("values")
        if not isinstance(rows, list):
            continue
        found += 1
        assert "unit" in entry, f"{path}: dated values without a unit"
        starts = []
        for i, row in enumerate(rows):
            where = f"{path}.values[{i}]"
            assert isinstance(row, dict) and "value" in row, f"{where}: no value"
            assert isinstance(row.get("from"), dt.date), f"{where}.from: not a date"
            assert row.get("source") in defaults.sources(), f"{where}: no known source"
            assert "as_of" in row, f"{where}: no as_of"
            starts.append(row["from"])
        assert starts == sorted(starts) and len(set(starts)) == len(starts), f"{path}: order"
    if name in {"insurance", "medicare", "spravato_billing", "modalities"}:
        assert found, f"{name}: expected dated values"


def test_sources_have_title_url_and_accessed() -> None:
    for source_id, source in defaults.sources().items():
        assert str(source.get("title", "")).strip(), f"{source_id}: no title"
        assert "accessed" in source, f"{source_id}: no accessed date"
        url = source.get("url")
        if source_id in NO_URL_SOURCES:
            continue
        assert isinstance(url, str) and url.startswith(("http://", "https://")), (
            f"{source_id}: url {url!r} is not a web address"
        )


def test_every_source_is_cited() -> None:
    # A source nobody cites is a stale row on the Sources page.
    cited = {
        entry["source"]
        for name in DATA_FILES
        for _, entry in _entries(defaults.load(name), name)
        if "source" in entry
    }
    assert set(defaults.sources()) - cited == set()


def test_uncertain_source_figures_are_marked() -> None:
    # Figures the research could not confirm are flagged for the user (research/sources.md).
    programme = defaults.manufacturer_programme("spravato")
    assert programme is not None
    assert programme["annual_max"].get("uncertain") is True
    spravato_price = defaults.modality("spravato")["treatment_price"]
    assert spravato_price.get("uncertain") is True


# --- what the issue asks the defaults to contain ----------------------------------------------


@pytest.mark.parametrize("modality", defaults.MODALITIES)
def test_each_modality_has_prices_and_a_course(modality: str) -> None:
    info = defaults.modality(modality)
    for key in ("treatment_price", "intake_price", "therapy_price"):
        price = defaults.value(info[key])
        assert 0 <= price["low"] <= price["high"], f"{modality}.{key}: {price}"
    assert defaults.value(info["treatment_price"])["high"] > 0
    course = defaults.course(info["course"])
    assert course["induction"], f"{modality}: course without induction phases"
    assert course["default_maintenance_months"] >= 0


def test_five_plan_templates_one_default_per_kind() -> None:
    plans = defaults.plans()
    assert len(plans) >= 5
    for kind in defaults.INSURANCE_KINDS:
        plan_id = defaults.plan_for_kind(kind)
        assert plans[plan_id]["kind"] == kind
    kinds = [plan["kind"] for plan in plans.values()]
    assert kinds.count("commercial") >= 2  # employer plan and ACA plan


@pytest.mark.parametrize("modality", defaults.MODALITIES)
@pytest.mark.parametrize("kind", defaults.INSURANCE_KINDS)
def test_coverage_rule_for_every_pair(modality: str, kind: str) -> None:
    rule = defaults.coverage(modality, kind)
    assert set(rule) == set(defaults.COMPONENTS)
    assert set(rule.values()) <= {"not_covered", "in_network", "out_of_network"}
    if kind == "none":
        assert set(rule.values()) == {"not_covered"}
    # And the default scenario built from them validates.
    assert default_scenario(modality, kind).modality == modality


def test_manufacturer_programme_only_for_spravato() -> None:
    programme = defaults.manufacturer_programme("spravato")
    assert programme is not None and programme["eligible_kinds"] == ["commercial"]
    for modality in defaults.MODALITIES:
        if modality != "spravato":
            assert defaults.manufacturer_programme(modality) is None


def test_programme_eligibility_is_read_from_the_defaults() -> None:
    assert defaults.programme_eligible_kinds("spravato") == ("commercial",)
    assert defaults.programme_exists("spravato")
    assert defaults.programme_eligible_kinds("iv_ketamine") == ()
    assert not defaults.programme_exists("iv_ketamine")


def test_monte_carlo_and_compare_settings_have_accessors() -> None:
    # The literals that were in estimate.py and compare.py (seed 20261121, 2,000 and 500 draws,
    # horizons 3/6/12) and the compare page's periods now come from scenario.yaml.
    assert defaults.default_seed() == 20261121
    assert defaults.monte_carlo_draws() == 2000
    assert defaults.compare_monte_carlo_draws() == 500
    assert 0 < defaults.compare_monte_carlo_draws() <= defaults.monte_carlo_draws()
    assert defaults.monte_carlo_draws() <= defaults.max_monte_carlo_draws() == 200_000
    assert defaults.compare_horizons_months() == (3, 6, 12)
    options = defaults.compare_period_options_months()
    assert options == (3, 6, 12, 24)
    assert defaults.compare_default_period_months() in options
    assert defaults.good_faith_estimate_dispute_threshold() == 400
    assert defaults.modality_short("kap_lozenge") == "In-office KAP"


def test_poverty_guidelines_are_consistent() -> None:
    # 2026: 15,960 + 3 x 5,680 = 33,000 for four people (research/sources.md pov.2026.add).
    assert defaults.poverty_guideline(4, 2026) == 33_000
    # 2025: 15,650 + 7 x 5,500 = 54,150 for eight people (pov.2025.p1).
    assert defaults.poverty_guideline(8, 2025) == 54_150
    assert defaults.poverty_year() == 2026
