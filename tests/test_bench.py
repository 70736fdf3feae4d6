"""`make bench` keeps working: every bench module imports and has the `run()` the runner calls.

The benches themselves are figures, not pass/fail, and too slow for the test suite; this only
catches a bench left behind by a rename in the code it measures.
"""

from __future__ import annotations

import importlib

import pytest

from bench.__main__ import module_names


@pytest.mark.parametrize("name", module_names())
def test_bench_module_imports_and_runs_something(name: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    assert callable(getattr(module, "run", None)), f"bench/{name}.py has no run()"
