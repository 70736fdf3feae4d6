"""docs/api.md's examples run as written (doctest), from the repository's folder, and the API's
public names are the documented ones."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

from pricing import api

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "api.md"


def test_every_example_in_docs_api_md_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failed, tried = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS,
        raise_on_error=False,
        verbose=False,
    )
    assert tried >= 20, f"only {tried} examples found in {DOC}"
    assert failed == 0, f"{failed} of {tried} examples in docs/api.md failed (see the output)"


def test_the_documented_functions_are_the_public_ones() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`api\.(\w+)\(", text))
    assert documented == {f for f in api.__all__ if f[0].islower()} - {"dumps"}
    assert os.path.exists(ROOT / "scenarios" / "clinic_iv_break_even.yaml")
