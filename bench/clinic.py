"""Clinic pricing speed: how long the page takes to recompute after a change (target 300 ms).

Figures, not pass/fail. The page (app_pages/clinic.py) is driven with Streamlit's AppTest: one warm-up
run, then for each kind of change a series of reruns, each with a new value so no cache answers
it, and the median wall time of the rerun is printed. The engine parts are timed on their own
too. Run with `python -m bench.clinic` (or `make bench`).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

PAGE = Path(__file__).resolve().parents[1] / "app_pages" / "clinic.py"
RERUNS = 7


def _median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def _time(fn: Callable[[], object], repeat: int = RERUNS) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return _median_ms(samples)


def engine() -> None:
    from pricing import clinic, equity

    form = clinic.form_start()
    form["offerings"] = [
        {"modality": "iv_ketamine", **clinic.offering_start("iv_ketamine", 2)},
        {"modality": "spravato", **clinic.offering_start("spravato", 2)},
    ]
    section = clinic.section_from_form(form)
    grid = clinic.price_grid(section.offerings[0].price)
    print(
        f"  analyse (margin, break-even, capacity):     {_time(lambda: clinic.analyse(section)):7.2f} ms"
    )
    print(
        f"  price sweep ({grid.size} prices, numpy):          "
        f"{_time(lambda: clinic.price_sweep(section, 0, grid)):7.2f} ms"
    )
    households = int(clinic.form_start()["reach_households"])
    population = clinic.market(households, 1)
    reach_grid = clinic.reach_grid(section.offerings[0].price)
    threshold = equity.thresholds()[equity.DEFAULT_THRESHOLD]
    tiers = clinic.tiers_of(section)
    for modality in ("iv_ketamine", "spravato"):
        one = _time(
            lambda m=modality: clinic.reach_curve(
                population, m, np.array([600.0]), tiers, threshold
            ),
            3,
        )
        sweep = _time(
            lambda m=modality: clinic.reach_curve(population, m, reach_grid, tiers, threshold), 3
        )
        print(
            f"  reach, {modality:12s} {households} households: one price {one:6.1f} ms, "
            f"{reach_grid.size} prices {sweep:6.1f} ms"
        )


def page() -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(PAGE), default_timeout=120)
    start = time.perf_counter()
    app.run()
    first = time.perf_counter() - start
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    print(f"  first run (builds the market population):   {1000 * first:7.0f} ms")

    def reruns(change: Callable[[int], None]) -> float:
        samples = []
        for i in range(RERUNS):
            change(i)
            start = time.perf_counter()
            app.run()
            samples.append(time.perf_counter() - start)
        return _median_ms(samples)

    results = {
        "fixed costs (reach cached)": reruns(
            lambda i: app.number_input(key="clinic_fixed").set_value(40000 + 500 * i)
        ),
        "booked volume (reach cached)": reruns(
            lambda i: app.number_input(key="clinic_booked").set_value(100 + 3 * i)
        ),
        "IV price (reach at the new price)": reruns(
            lambda i: app.number_input(key="clinic_iv_ketamine_price").set_value(610 + 10 * i)
        ),
        "sliding-scale discount (whole reach sweep)": reruns(
            lambda i: app.number_input(key="clinic_tier0_discount").set_value(40 + i)
        ),
    }
    app.multiselect(key="clinic_treatments").set_value(["iv_ketamine", "spravato"])
    app.run()
    app.selectbox(key="clinic_swept").set_value(1)
    app.run()
    results["Spravato price (Spravato swept)"] = reruns(
        lambda i: app.number_input(key="clinic_spravato_buy_and_bill_price").set_value(
            1000 + 10 * i
        )
    )
    results["sliding scale, Spravato swept (worst case)"] = reruns(
        lambda i: app.number_input(key="clinic_tier0_discount").set_value(60 + i)
    )
    # 40% of clients out of network: reach is settled with and without the superbill, and one
    # client's series through the Estimate; each new deductible misses every cache.
    app.number_input(key="clinic_payer_self_pay").set_value(60)
    app.number_input(key="clinic_payer_out_of_network").set_value(40)
    app.run()
    results["out-of-network deductible (superbill reach)"] = reruns(
        lambda i: app.number_input(key="clinic_oon_deductible").set_value(1000 + 50 * i)
    )
    for name, ms in results.items():
        flag = "" if ms <= 300 else "  (over 300 ms)"
        print(f"  rerun after a change of {name:44s} median {ms:6.0f} ms{flag}")
    return results


def run() -> None:
    print("Clinic pricing")
    print(" engine:")
    engine()
    print(f" page (AppTest rerun, median of {RERUNS}):")
    page()


if __name__ == "__main__":
    run()
