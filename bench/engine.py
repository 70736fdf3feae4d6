"""Engine speed: one 12-month scenario with 2,000 Monte Carlo draws (target under 50 ms), 10,000
different scenarios in one estimate_many batch, and the CLI's bad-input path (target under a
second per file). Figures, not pass/fail. Run with `python -m bench engine`.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pricing import defaults
from pricing.estimate import estimate, estimate_many
from pricing.ledger import claims_for
from pricing.scenario import Scenario, from_dict

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0  # issue 2: one 12-month scenario, 2,000 draws
DRAWS = 2000
REPEATS = 21
BATCH = 10_000


def twelve_month_scenario() -> Scenario:
    """Spravato on an employer plan with the programme: the path with the most branches.
    8 weeks of induction (12 sessions) then every 2 weeks for 44 weeks (22 sessions): 52 weeks."""
    return from_dict(
        {
            "version": 1,
            "modality": "spravato",
            "start_date": "2027-03-01",
            "treatment": {
                "price": {"low": 906, "high": 1356},
                "phases": [
                    {"sessions_per_week": 2, "weeks": 4},
                    {"sessions_per_week": 1, "weeks": 4},
                    {"every_weeks": 2, "weeks": 44},
                ],
            },
            "therapy": {"sessions": 6, "price": {"low": 150, "high": 250}},
            "insurance": {"kind": "commercial", "plan_year_start_month": 7},
            "assistance": {"manufacturer": {"patient_pays_per_session": 10, "annual_max": 7150}},
        }
    )


def two_bill_scenario() -> Scenario:
    """The same course billed as Spravato usually is: a drug claim and a visit claim per session
    (docs/method.md rule 8), the programme on the drug and the observation rebate on the visit."""
    data = twelve_month_scenario().model_dump(mode="json")
    data["treatment"]["price"] = {"low": 250, "high": 450}
    data["treatment"]["drug"] = {"price": {"low": 590, "high": 885}, "benefit": "medical"}
    data["assistance"]["observation_rebate"] = {"patient_pays_per_session": 0, "annual_max": 2000}
    for optional in ("clinic", "equity"):
        data.pop(optional, None)
    return from_dict(data)


def one_scenario() -> None:
    bundled, split = twelve_month_scenario(), two_bill_scenario()
    claims = {name: claims_for(s)[1].n_claims for name, s in (("one", bundled), ("two", split))}
    # Interleaved, so a busy neighbour on the shared machine slows all alike.
    one_bill, two_bills, bounds_only = interleaved_ms(
        lambda: estimate(bundled, draws=DRAWS),
        lambda: estimate(split, draws=DRAWS),
        lambda: estimate(bundled, draws=0),
    )
    print(f"  one 12-month Spravato scenario, {DRAWS} draws, median of {REPEATS}:")
    print(
        f"    one bundled bill ({claims['one']} claims): {one_bill:7.2f} ms   "
        f"(target {TARGET_MS:.0f} ms: {one_bill / TARGET_MS:.2f}x of it)"
    )
    print(
        f"    drug + visit bills ({claims['two']} claims): {two_bills:7.2f} ms   "
        f"({two_bills / one_bill:.2f}x the bundled bill; {two_bills / TARGET_MS:.2f}x the target)"
    )
    print(f"    bounds only (0 draws):  {bounds_only:7.2f} ms")
    print(f"    per draw (bundled):     {1000 * (one_bill - bounds_only) / DRAWS:7.2f} us")


def interleaved_ms(*fns: Callable[[], object]) -> list[float]:
    """Median ms of each function, timed in turn, REPEATS rounds after one warm-up round."""
    samples: list[list[float]] = [[] for _ in fns]
    for round_no in range(REPEATS + 1):
        for fn, times in zip(fns, samples, strict=True):
            started = time.perf_counter()
            fn()
            if round_no:
                times.append(time.perf_counter() - started)
    return [1000 * statistics.median(times) for times in samples]


def random_scenario_dict(rng: random.Random) -> dict[str, Any]:
    """A varied but valid scenario: any treatment, insurance kind, price, course and plan."""
    modality = rng.choice(defaults.MODALITIES)
    kind = rng.choice(defaults.INSURANCE_KINDS)
    low = rng.randrange(100, 1500, 10)
    phases = [
        {"sessions": rng.randint(3, 12), "weeks": rng.randint(1, 4)},
        {"every_weeks": rng.randint(1, 6), "weeks": rng.randint(4, 48)},
    ]
    raw: dict[str, Any] = {
        "version": 1,
        "modality": modality,
        "start_date": f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "treatment": {
            "price": {"low": low, "high": low + rng.randrange(0, 800, 10)},
            "phases": phases,
        },
        "therapy": {"sessions": rng.randint(0, 6), "price": rng.randrange(100, 300, 5)},
        # Medicare's year is the calendar year (docs/method.md rule 10).
        "insurance": {
            "kind": kind,
            "plan_year_start_month": 1 if kind == "medicare" else rng.randint(1, 12),
        },
        "assistance": {"sliding_scale_discount": rng.choice([0, 0, 0.1, 0.3])},
    }
    if kind == "commercial":
        raw["insurance"].update(
            deductible=rng.randrange(0, 6000, 50),
            coinsurance=rng.choice([0.1, 0.2, 0.3, 0.4]),
            copay=rng.choice([0, 0, 0, 30, 60]),
            met_this_year={"deductible": rng.randrange(0, 1000, 50), "oop": 0},
        )
        if modality == "spravato" and rng.random() < 0.5:
            raw["assistance"]["manufacturer"] = {"patient_pays_per_session": 10, "annual_max": 7150}
            raw["assistance"]["counts_toward_deductible"] = rng.random() < 0.7
    return raw


def many_scenarios() -> None:
    rng = random.Random(20261121)
    started = time.perf_counter()
    batch = [from_dict(random_scenario_dict(rng)) for _ in range(BATCH)]
    build = time.perf_counter() - started
    widths = [claims_for(s)[1].n_claims for s in batch]
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        estimate_many(batch, bound="mid")
        runs.append(time.perf_counter() - started)
    batch_s = statistics.median(runs)
    sample = batch[:200]
    started = time.perf_counter()
    for scenario in sample:
        estimate(scenario, draws=0)
    one_by_one = (time.perf_counter() - started) / len(sample)
    print(f"  {BATCH:,} different scenarios in one estimate_many batch (mid prices), median of 3:")
    print(f"    claims per scenario:   {min(widths)}-{max(widths)} (padded to {max(widths)})")
    print(
        f"    batch:                 {1000 * batch_s:7.0f} ms   ({1e6 * batch_s / BATCH:.1f} us per scenario)"
    )
    print(
        f"    estimate() one by one: {1000 * one_by_one:7.2f} ms per scenario (0 draws; {one_by_one / (batch_s / BATCH):.0f}x the batch's)"
    )
    print(f"    (building {BATCH:,} Scenario objects from dicts: {build:.1f} s, not included)")


def bad_input_cli() -> None:
    from tests.pricing.scenario.test_scenario import (
        BAD_INPUTS,
    )  # the bad-input list, kept in one place

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_text("version: 1\nmodality: iv_ketamine\n")
        good = _cli_seconds(["validate", str(path)], folder, env)
        started = time.perf_counter()
        for case, data, _ in BAD_INPUTS:
            path.write_bytes(data)
            times.append((_cli_seconds(["estimate", str(path), "--json"], folder, env), case))
        batch = time.perf_counter() - started
    worst = max(times)
    print(
        f"  CLI on the {len(times)} bad inputs of the issue (`estimate --json`, one process each):"
    )
    print(
        f"    median {1000 * statistics.median(t for t, _ in times):5.0f} ms, "
        f"worst {1000 * worst[0]:5.0f} ms ({worst[1]}), whole batch {batch:.1f} s (target under 1 s each)"
    )
    print(
        f"    `validate` on a good two-line file: {1000 * good:5.0f} ms (Python start-up and imports)"
    )


def _cli_seconds(args: list[str], cwd: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pricing", *args], cwd=cwd, env=env, capture_output=True, check=False
    )
    return time.perf_counter() - started


def run() -> None:
    print("Engine")
    one_scenario()
    many_scenarios()
    bad_input_cli()


if __name__ == "__main__":
    run()
