"""Rewrite tests/cli/expected/ from what the CLI prints now (for an intended change of a figure).

    .venv/bin/python -m tests.cli.regenerate            # every example in scenarios/
    .venv/bin/python -m tests.cli.regenerate medicaid   # only examples whose name contains it

Then read `git diff tests/cli/expected/` and say in the commit which figures changed and why.
"""

from __future__ import annotations

import sys

from tests.cli.expected_outputs import EXPECTED, all_outputs, run


def regenerate(only: str = "") -> list[str]:
    """Write every expected file (of examples whose name contains `only`); returns what changed."""
    changed = []
    EXPECTED.mkdir(exist_ok=True)
    for output in all_outputs():
        if only not in output.scenario:
            continue
        status, printed, errors = run(output)
        if status != 0 or errors:
            raise SystemExit(f"{' '.join(output.argv)}: exit {status}: {errors.strip()}")
        old = output.expected.read_bytes() if output.expected.exists() else None
        if old != printed:
            output.expected.write_bytes(printed)
            changed.append(output.id)
    return changed


if __name__ == "__main__":
    names = regenerate(sys.argv[1] if len(sys.argv) > 1 else "")
    print("\n".join(f"rewrote {n}" for n in names) or "nothing changed")
