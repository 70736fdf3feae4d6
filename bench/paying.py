"""Paying for it (rules 15-17): what `Estimate.paying` adds to one estimate, as a ratio to the
estimate itself measured in the same run (the baseline). Two cases: the example file (a
deferred-interest card paid off in 21 months) and a payment that never clears the balance (every
way followed for the full 120 months). Figures, not pass/fail: `python -m bench paying`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pricing import finance
from pricing.estimate import estimate
from pricing.scenario import Scenario, from_dict, load_file

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 21


def _median_ms(work: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def _case(name: str, scenario: Scenario) -> None:
    est = estimate(scenario)
    dates = [v.date for v in est.visits]
    patient = est.settlement.per_claim["patient"]
    base = _median_ms(lambda: estimate(scenario))
    paying = _median_ms(lambda: finance.paying(scenario, dates, patient), repeats=REPEATS * 5)
    print(
        f"{name}: paying {paying:.2f} ms beside the estimate's {base:.1f} ms (2,000 draws), "
        f"{100 * paying / base:.1f}% of it"
    )


def run() -> None:
    _case(
        "example (deferred card, 21 months)",
        load_file(ROOT / "scenarios" / "paying_over_two_years.yaml"),
    )
    never = from_dict(
        {"version": 1, "modality": "spravato", "payment": {"method": "card", "monthly_payment": 1}}
    )
    _case("never paid off (4 ways x 120 months)", never)


if __name__ == "__main__":
    run()
