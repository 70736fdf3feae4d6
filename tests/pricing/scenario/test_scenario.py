"""Scenario file v1 (pricing/scenario.py): defaults filling, round trip, and one-line errors.

The CLI side of bad input (exit status, stderr, nothing written) is in tests/test_cli.py; here
each bad input is checked at the library level: a ScenarioError naming the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from pricing import defaults
from pricing.scenario import (
    MAX_FILE_BYTES,
    Scenario,
    ScenarioError,
    default_scenario,
    dump_yaml,
    from_dict,
    load_file,
    loads,
)
from tests.pricing.ledger.test_properties import scenario_dict

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_two_line_file_is_valid_and_filled_from_defaults() -> None:
    s = loads("version: 1\nmodality: iv_ketamine\n")
    assert s == default_scenario("iv_ketamine", "none")
    iv = defaults.modality("iv_ketamine")
    assert s.treatment.price.low == iv["treatment_price"]["low"]
    assert s.treatment.price.high == iv["treatment_price"]["high"]
    assert s.insurance.kind == "none"
    assert s.insurance.coverage.treatment == "not_covered"
    assert s.start_date == defaults.default_start_date()


def test_insurance_kind_alone_takes_the_plan_template_and_coverage_rule() -> None:
    s = loads("version: 1\nmodality: spravato\ninsurance: {kind: commercial}\n")
    employer = defaults.plans()["employer_plan"]["terms"]
    assert s.insurance.deductible == employer["deductible"]["value"]
    # The cap is dated (rule 14): the value in force on the default start date.
    assert s.insurance.oop_max == defaults.value(employer["oop_max"])
    assert s.insurance.coverage.treatment == "in_network"


def test_a_price_given_as_one_number_means_low_equals_high() -> None:
    s = loads("version: 1\nmodality: iv_ketamine\ntreatment: {price: 500}\n")
    assert (s.treatment.price.low, s.treatment.price.high) == (500, 500)
    # A partial price replaces the default whole: {low} alone is an error, not half a default.
    with pytest.raises(ScenarioError, match=r"treatment\.price\.high"):
        loads("version: 1\nmodality: iv_ketamine\ntreatment: {price: {low: 300}}\n")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_files_round_trip(path: Path) -> None:
    scenario = load_file(path)
    assert loads(dump_yaml(scenario)) == scenario


@pytest.mark.parametrize("modality", defaults.MODALITIES)
@pytest.mark.parametrize("kind", defaults.INSURANCE_KINDS)
def test_default_scenarios_round_trip(modality: str, kind: str) -> None:
    scenario = default_scenario(modality, kind)
    assert loads(dump_yaml(scenario)) == scenario


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dict().map(from_dict))
def test_generated_scenarios_round_trip(scenario: Scenario) -> None:
    text = dump_yaml(scenario)
    assert loads(text) == scenario
    assert dump_yaml(loads(text)) == text  # dumping is stable too


TWO_LINES = "version: 1\nmodality: iv_ketamine\n"

# (name, file bytes, text the one-line message must contain: the field and the problem)
BAD_INPUTS: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("malformed", b"version: 1\nmodality: [iv_ketamine\n", ("line", "not valid YAML")),
    (
        "unknown key",
        (TWO_LINES + "insurence: {kind: none}\n").encode(),
        ("insurence", "unknown field", "did you mean 'insurance'"),
    ),
    (
        "unknown nested key",
        (TWO_LINES + "treatment: {prise: 500}\n").encode(),
        ("treatment.prise", "did you mean 'price'"),
    ),
    (
        "unknown modality",
        b"version: 1\nmodality: iv_ketamin\n",
        ("modality", "did you mean 'iv_ketamine'"),
    ),
    (
        "negative price",
        (TWO_LINES + "treatment: {price: -400}\n").encode(),
        ("treatment.price", "greater than or equal to 0"),
    ),
    (
        "NaN price",
        (TWO_LINES + "intake: {price: .nan}\n").encode(),
        ("intake.price", "finite number"),
    ),
    (
        "coinsurance above 1",
        (TWO_LINES + "insurance: {kind: commercial, coinsurance: 1.5}\n").encode(),
        ("insurance.coinsurance", "less than or equal to 1"),
    ),
    (
        "coinsurance below 0",
        (TWO_LINES + "insurance: {kind: commercial, coinsurance: -0.2}\n").encode(),
        ("insurance.coinsurance", "greater than or equal to 0"),
    ),
    (
        "phase with zero weeks",
        (TWO_LINES + "treatment: {phases: [{sessions: 6, weeks: 0}]}\n").encode(),
        ("treatment.phases[0].weeks", "greater than or equal to 1"),
    ),
    (
        "date that does not exist",
        (TWO_LINES + "start_date: 2027-02-30\n").encode(),
        ("start_date", "2027-02-30", "not a real date"),
    ),
    (
        "file over 256 KiB",
        (TWO_LINES + "# " + "x" * MAX_FILE_BYTES + "\n").encode(),
        ("file", "larger than 256 KiB"),
    ),
    (
        "alias bomb",
        (
            b"version: 1\nmodality: iv_ketamine\n"
            b"a: &a [x, x, x, x, x, x, x, x, x]\n"
            b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            b"d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        ),
        ("line 3", "anchors"),
    ),
    (
        "nesting too deep",
        (TWO_LINES + "name: " + "[" * 40 + "]" * 40 + "\n").encode(),
        ("line 3", "nested deeper"),
    ),
    (
        "python tag",
        (TWO_LINES + 'name: !!python/object/apply:os.system ["echo hacked"]\n').encode(),
        ("line 3", "tag", "not allowed"),
    ),
    (
        "not UTF-8",
        b"version: 1\nmodality: iv_ketamine\nname: caf\xe9\n",
        ("file", "not UTF-8"),
    ),
]


@pytest.mark.parametrize(("case", "data", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_gives_one_line_naming_the_field(
    case: str, data: bytes, expected: tuple[str, ...]
) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(data)
    message = str(caught.value)
    assert "\n" not in message
    for part in expected:
        assert part in message, f"{case}: {part!r} not in {message!r}"


def test_manufacturer_programme_only_for_spravato() -> None:
    with pytest.raises(ScenarioError, match=r"assistance\.manufacturer"):
        loads(
            TWO_LINES
            + "assistance: {manufacturer: {patient_pays_per_session: 10, annual_max: 100}}\n"
        )


def test_missing_version_and_wrong_version() -> None:
    with pytest.raises(ScenarioError, match="version: missing"):
        loads("modality: iv_ketamine\n")
    with pytest.raises(ScenarioError, match="version: '2' is not supported"):
        loads("version: 2\nmodality: iv_ketamine\n")
