"""Scenario file v1 (pricing/scenario/): defaults filling, round trip, and one-line errors.

The CLI side of bad input (exit status, stderr, nothing written) is in tests/cli/test_cli.py;
here each bad input is checked at the library level: a ScenarioError naming the field. The
loader is also fuzzed with hypothesis over YAML *text* (random text and mutations of the
example files): `loads` returns a Scenario or raises a one-line ScenarioError, nothing else.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from pricing.scenario.errors import one_line
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
    # Issue 16: paying over time and the deduction (rules 15 and 16).
    (
        "negative rate",
        (TWO_LINES + "payment: {method: card, apr: -0.2}\n").encode(),
        ("payment.apr", "greater than or equal to 0"),
    ),
    (
        "promotion without a rate",
        (TWO_LINES + "payment: {method: deferred_interest, apr: 0}\n").encode(),
        ("payment.apr", "deferred-interest promotion needs the rate"),
    ),
    (
        "payment 0 with a balance",
        (TWO_LINES + "payment: {method: payment_plan, monthly_payment: 0}\n").encode(),
        ("payment.monthly_payment", "more than 0"),
    ),
    (
        "itemizes without agi",
        (TWO_LINES + "tax: {itemizes: true}\n").encode(),
        ("tax.agi", "itemizes"),
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
    # Issue 11, defect 3: values PyYAML's constructors turned into Python exceptions (a
    # traceback, CLI exit 1). Every explicit tag is now refused before any constructor runs.
    (
        "!!int tag",
        (TWO_LINES + "treatment: {price: !!int abc}\n").encode(),
        ("treatment.price", "!!int", "not allowed", "line 3"),
    ),
    (
        "!!float tag",
        (TWO_LINES + "intake:\n  price: !!float abc\n").encode(),
        ("intake.price", "!!float", "not allowed", "line 4"),
    ),
    ("!!bool tag", (TWO_LINES + "name: !!bool maybe\n").encode(), ("name", "!!bool", "line 3")),
    ("!!set tag", (TWO_LINES + "name: !!set [a]\n").encode(), ("name", "!!set", "line 3")),
    (
        "!!timestamp tag",
        (TWO_LINES + "start_date: !!timestamp hello\n").encode(),
        ("start_date", "!!timestamp", "not allowed"),
    ),
    (
        "tag in a list",
        (TWO_LINES + "treatment: {phases: [{sessions: !!int 3, weeks: 1}]}\n").encode(),
        ("treatment.phases[0].sessions", "!!int"),
    ),
    ("complex key", (TWO_LINES + "? [a, b]\n: 1\n").encode(), ("line 3", "key", "plain text")),
    (
        "complex key inside a section",
        (TWO_LINES + "treatment: {price: {? {low: 1}: 2}}\n").encode(),
        ("treatment.price", "key", "plain text", "line 3"),
    ),
    (
        # Python refuses to convert an integer of more than 4,300 digits (ValueError).
        "integer of 4,301 digits",
        (TWO_LINES + "treatment: {price: " + "1" * 4301 + "}\n").encode(),
        ("treatment.price", "cannot be read", "line 3"),
    ),
    # Issue 11, defect 9: YAML 1.1 reads these as numbers few people mean.
    (
        "base 60",
        (TWO_LINES + "treatment: {price: 6:00}\n").encode(),
        ("treatment.price", "'6:00' is ambiguous", "360", "plain decimal"),
    ),
    (
        "hexadecimal",
        (TWO_LINES + "treatment: {price: 0x258}\n").encode(),
        ("treatment.price", "'0x258' is ambiguous", "600"),
    ),
    (
        "octal (YAML 1.2 spelling)",
        (TWO_LINES + "treatment: {price: 0o1130}\n").encode(),
        ("treatment.price", "'0o1130' is ambiguous"),
    ),
    (
        "octal (leading zero)",
        (TWO_LINES + "treatment: {price: 01130}\n").encode(),
        ("treatment.price", "'01130' is ambiguous", "600"),
    ),
    (
        "binary",
        (TWO_LINES + "treatment: {price: 0b1001011000}\n").encode(),
        ("treatment.price", "ambiguous", "600"),
    ),
    (
        "base 60 with a fraction",
        (TWO_LINES + "intake: {price: 1:30.5}\n").encode(),
        ("intake.price", "'1:30.5' is ambiguous"),
    ),
    # Issue 11, defect 4: a control character in a key or value is echoed escaped.
    (
        "newline in a key",
        (TWO_LINES + '"insu\\nrance": {kind: none}\n').encode(),
        ("insu\\nrance", "unknown field"),
    ),
    (
        "escape sequence in a value",
        b'version: 1\nmodality: "iv\\e[31m"\n',
        ("modality", "'iv\\x1b[31m' is not one of"),
    ),
]


@pytest.mark.parametrize(("case", "data", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_gives_one_line_naming_the_field(
    case: str, data: bytes, expected: tuple[str, ...]
) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(data)
    message = str(caught.value)
    assert_one_line(message)
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


# ---------------------------------------------------------------------------------------------
# One line, whatever the file holds (issue 11, defect 4).

# What would break a line or act on a terminal: control and format characters, line and
# paragraph separators, lone surrogates.
UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def assert_one_line(message: str) -> None:
    bad = [ch for ch in message if unicodedata.category(ch) in UNSAFE]
    assert not bad, f"raw {bad!r} in {message!r}"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("a\u2028b", "a\\u2028b"),
        ("tab\there", "tab\\there"),
        ("caf\u00e9 ok", "caf\u00e9 ok"),  # printable text is left alone
    ],
)
def test_one_line_escapes_what_would_break_the_line(raw: str, shown: str) -> None:
    assert one_line(raw) == shown
    assert ScenarioError(raw, raw).args[0] == f"{shown}: {shown}"


@pytest.mark.parametrize("char", ["\n", "\r", "\x1b[31m", "\u2028"])
@pytest.mark.parametrize("where", ["key", "value", "nested key"])
def test_control_characters_in_keys_and_values_are_escaped(char: str, where: str) -> None:
    quoted = '"x' + char.encode("unicode_escape").decode("ascii") + 'y"'  # a YAML escape
    text = {
        "key": TWO_LINES + f"{quoted}: 1\n",
        "value": f"version: 1\nmodality: {quoted}\n",
        "nested key": TWO_LINES + f"treatment: {{{quoted}: 1}}\n",
    }[where]
    with pytest.raises(ScenarioError) as caught:
        loads(text)
    message = str(caught.value)
    assert_one_line(message)
    assert one_line("x" + char + "y") in message
    assert_one_line(caught.value.field)
    assert_one_line(caught.value.problem)


# ---------------------------------------------------------------------------------------------
# Numbers: plain decimals, 1_000 and 1e3 read as everyone reads them.


@pytest.mark.parametrize(
    ("written", "value"),
    [("600", 600), ("600.50", 600.5), ("1_000", 1000), ("1e3", 1000), ("+600", 600), ("0", 0)],
)
def test_plain_numbers_are_read_as_written(written: str, value: float) -> None:
    s = loads(TWO_LINES + f"treatment: {{price: {written}}}\n")
    assert s.treatment.price.low == s.treatment.price.high == value


def test_ambiguous_looking_text_is_fine_when_quoted() -> None:
    assert loads(TWO_LINES + 'name: "6:00 visit, room 0x1"\n').name == "6:00 visit, room 0x1"


# ---------------------------------------------------------------------------------------------
# Fuzzing the YAML text: a Scenario or a one-line ScenarioError, never another exception.


def loads_or_one_line_error(text: str | bytes) -> None:
    try:
        assert isinstance(loads(text), Scenario)
    except ScenarioError as err:
        assert_one_line(str(err))


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that reach the loader's corners: tags, anchors, complex keys, YAML 1.1 numbers,
# flow and block structure, quoting and escapes, huge numbers, control characters.
SNIPPETS = [
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!set ",
    "!!timestamp ",
    "!!binary ",
    "!!python/name:os.system ",
    "!!map ",
    "!!omap ",
    "!!pairs ",
    "!!str ",
    "! ",
    "!x ",
    "&a ",
    "*a",
    "<<: ",
    "= ",
    "? ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "\n  ",
    "  ",
    "#",
    "'",
    '"',
    "\\",
    "\\x1b",
    "\\u2028",
    "6:00",
    "0x258",
    "0o17",
    "0b11",
    "0755",
    "1_000",
    "1e3",
    ".inf",
    ".nan",
    "-",
    "yes",
    "~",
    "null",
    "2027-02-30",
    "9" * 4400,
    "\x1b",
    "\r",
    "\t",
    "\u2028",
    "\x85",
    "\ufeff",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG !e! tag:e,2000:\n",
    "version: 1\n",
    "modality: spravato\n",
    "price: ",
    "low: ",
    "high: ",
    "phases: ",
    "clinic: ",
    "equity: ",
    "insurance: ",
]


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    loads_or_one_line_error(text)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    loads_or_one_line_error(data)


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    """An example file with a few random insertions, deletions and replacements."""
    text = draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=8)))
        cut = draw(st.integers(0, 20))
        text = (
            text[:at] + piece + text[at + cut :]
            if draw(st.booleans())
            else text[:at] + piece + text[at:]
        )
    return text


@FUZZ
@given(mutated_example())
def test_mutated_example_files(text: str) -> None:
    loads_or_one_line_error(text)


@FUZZ
@given(st.lists(st.sampled_from(SNIPPETS), max_size=30).map("".join))
def test_snippet_soup(text: str) -> None:
    loads_or_one_line_error(TWO_LINES + text)
