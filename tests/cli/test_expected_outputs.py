"""Every example in scenarios/ prints, byte for byte, what tests/cli/expected/ saved.

The saved outputs were taken before the restructuring (issue 9): a figure that moves fails here.
An intended change is regenerated with `python -m tests.cli.regenerate` (see expected_outputs.py)
and explained in the commit. One test per output, named after the saved file.
"""

from __future__ import annotations

import difflib
import subprocess
import sys

import pytest

from tests.cli.expected_outputs import (
    EXPECTED,
    ROOT,
    SCENARIOS,
    Output,
    all_outputs,
    examples,
    outputs_of,
    run,
)

OUTPUTS = all_outputs()


def first_difference(expected: bytes, printed: bytes) -> str:
    diff = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        printed.decode("utf-8", "replace").splitlines(),
        "saved",
        "printed",
        lineterm="",
        n=1,
    )
    return "\n".join(list(diff)[:20])


@pytest.mark.parametrize("output", OUTPUTS, ids=[o.id for o in OUTPUTS])
def test_cli_prints_the_saved_output(output: Output) -> None:
    # The equity example (access_*) simulates a population: about a second per output.
    assert output.expected.exists(), f"missing {output.expected.name}: run tests.cli.regenerate"
    status, printed, errors = run(output)
    assert (status, errors) == (0, ""), f"{' '.join(output.argv)}: exit {status}, {errors}"
    expected = output.expected.read_bytes()
    assert printed == expected, (
        f"python -m pricing {' '.join(output.argv)} differs from tests/cli/expected/"
        f"{output.expected.name}:\n{first_difference(expected, printed)}"
    )


def test_every_example_has_its_saved_outputs_and_nothing_else_is_saved() -> None:
    assert examples(), f"no examples in {SCENARIOS}"
    wanted = {o.expected.name for stem in examples() for o in outputs_of(stem)}
    saved = {p.name for p in EXPECTED.iterdir() if p.is_file()}
    missing = sorted(wanted - saved)
    assert not missing, (
        f"examples without saved outputs (python -m tests.cli.regenerate): {missing}"
    )
    stale = sorted(saved - wanted)
    assert not stale, f"saved outputs of no example in scenarios/ (delete them): {stale}"


def test_in_process_run_is_what_the_shell_prints() -> None:
    # The outputs above run through pricing.cli.main in-process (fast); one through a real
    # `python -m pricing` process shows that nothing (encoding, working directory) differs.
    output = outputs_of("uninsured_iv_series")[1]
    done = subprocess.run(
        [sys.executable, "-m", "pricing", *output.argv],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == output.expected.read_bytes() == run(output)[1]
