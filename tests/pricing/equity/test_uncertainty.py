"""pricing.equity.uncertainty: every figure the defaults mark uncertain is drawn (or says why
not), a draw depends only on the seed, its index and the figure, and the central run is the
published figures."""

from __future__ import annotations

import numpy as np
import pytest

from pricing.equity import lever, run_settings
from pricing.equity.runner import chunks, run_chunk
from pricing.equity.study import plan_of, run
from pricing.equity.uncertainty import (
    CENTRAL,
    DRAWN_THROUGH,
    ParameterDraw,
    not_drawn_reason,
    uncertain_paths,
)


def _asked(draw: ParameterDraw) -> set[str]:
    """The figures a draw was asked for, as paths ("factor:a.b#TX" -> "a.b")."""
    return {key.split(":", 1)[1].split("#")[0] for key in draw._cache}


def test_every_uncertain_figure_is_drawn_or_says_why_not() -> None:
    # A small run through every path that reads a figure: every treatment, the national
    # population and two states (TX: no expansion; MA), a lever that opens the programme to
    # every kind, one parameter draw.
    # A seed of its own: the engine caches terms by draw, and a draw another test made (same
    # seed and index) would answer from that cache without asking this draw.
    settings = run_settings(None, 300)
    settings.seed = 918_273
    settings.states = ("MA", "TX")
    settings.reforms = {"all": lever("manufacturer_all_kinds")}
    settings.uncertainty = 1
    plan = plan_of(settings)
    for chunk in chunks(plan):
        run_chunk(chunk)
    national = run_settings(None, 300)
    national.seed = 918_273
    national.uncertainty = 1
    national_plan = plan_of(national)
    for chunk in chunks(national_plan):
        run_chunk(chunk)
    asked = _asked(plan.draws[1]) | _asked(national_plan.draws[1])
    missing = []
    for path in sorted(uncertain_paths()):
        if not_drawn_reason(path) is not None:
            continue
        through = next((k for p, k in DRAWN_THROUGH.items() if path.startswith(p)), None)
        if through is not None:
            if through not in asked:
                missing.append(f"{path} (through {through})")
            continue
        if not any(path == k or path.startswith(k + ".") or k.startswith(path) for k in asked):
            missing.append(path)
    assert not missing, "uncertain figures neither drawn nor explained: " + ", ".join(missing)


def test_a_draw_depends_on_seed_index_and_figure_only() -> None:
    a = ParameterDraw(seed=7, index=3, spread=0.25)
    b = ParameterDraw(seed=7, index=3, spread=0.25)
    b.factor("something else first")  # the order of questions does not matter
    assert a.factor("x.y") == b.factor("x.y")
    assert ParameterDraw(7, 4, 0.25).factor("x.y") != a.factor("x.y")
    factors = [ParameterDraw(7, i, 0.25).factor("x.y") for i in range(1, 200)]
    assert min(factors) >= 0.75 and max(factors) <= 1.25
    # Shares scaled one by one, renormalised to their old total.
    shares = a.shares("s", ["p", "q", "r"], [0.2, 0.3, 0.5])
    assert sum(shares) == pytest.approx(1.0) and shares != (0.2, 0.3, 0.5)
    # A share never leaves 0..1; a range's position is within it.
    assert 0.0 <= ParameterDraw(1, 1, 5.0).scaled("k", 0.9, share=True) <= 1.0
    assert 10 <= a.in_range("r", 10, 20) <= 20


def test_the_central_run_is_the_published_figures() -> None:
    assert CENTRAL.factor("anything") == 1.0 and CENTRAL.in_range("r", 10, 20) == 15
    assert CENTRAL.shares("s", ["p", "q"], [0.2, 0.8]) == (0.2, 0.8)
    # A run with draws reports the same central figures as the run without them.
    settings = run_settings(None, 400)
    settings.treatments = ("iv_ketamine",)
    plain = run(settings)
    settings.uncertainty = 2
    banded = run(settings)
    assert banded["priced_out"] == plain["priced_out"]
    band = banded["priced_out_band"]["iv_ketamine"]["all"]
    assert band["p10"] <= band["p90"]
    assert np.isfinite(band["p10"])
