"""Evidence (issue 18): what the packets cost, each against a baseline measured in the same run.

- CLI: `estimate FILE --json --evidence P.zip` against `estimate FILE --json` (one process each,
  so imports count), and the readable form, which settles twice for the packet's data.
- Page: what a rerun of Estimate my cost pays for its Reproduce object and downloads (the packet
  is deferred: built only on a click) against the page's own estimate; and what one click costs
  without the PNG and with it (kaleido driving Chromium), against the estimate.
Figures, not pass/fail: `python -m bench evidence`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "employer_spravato_two_bills.yaml"
REPEATS = 7


def _median_s(work: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _cli(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "pricing", *args], cwd=ROOT, env=env, capture_output=True, check=True
    )


def cli() -> None:
    with tempfile.TemporaryDirectory() as folder:
        packet = str(Path(folder) / "p.zip")
        base = _median_s(lambda: _cli("estimate", str(EXAMPLE), "--json"))
        json_packet = _median_s(
            lambda: _cli("estimate", str(EXAMPLE), "--json", "--evidence", packet)
        )
        text_packet = _median_s(lambda: _cli("estimate", str(EXAMPLE), "--evidence", packet))
        size = Path(packet).stat().st_size
    print(
        f"CLI estimate --json: {base:.2f} s; with --evidence {json_packet:.2f} s "
        f"({json_packet / base:.2f}x); readable form with --evidence (settles twice) "
        f"{text_packet:.2f} s ({text_packet / base:.2f}x); packet {size / 1024:.0f} KiB"
    )


def page() -> None:
    from pricing.estimate import estimate
    from pricing.scenario import load_file
    from ui import charts
    from ui import evidence as page_evidence

    scenario = load_file(EXAMPLE)
    est = estimate(scenario)
    base = _median_s(lambda: estimate(scenario))
    per_run = _median_s(lambda: page_evidence.for_estimate(est.scenario, est), repeats=51)
    cum = est.cumulative()
    fig = charts.cumulative_chart(cum, est.events(), "What you have paid so far")
    rep = page_evidence.for_estimate(est.scenario, est)

    def no_picture(_: object) -> tuple[None, str]:
        return None, "bench"

    click = _median_s(
        lambda: page_evidence.packet_bytes(rep, "cumulative", "t", cum, fig, no_picture)
    )
    started = time.perf_counter()
    png, why = page_evidence.chart_png(fig)
    drawn = time.perf_counter() - started
    print(
        f"Page rerun: Reproduce object {1000 * per_run:.2f} ms beside the estimate's "
        f"{1000 * base:.1f} ms ({100 * per_run / base:.1f}%); downloads are built on click only"
    )
    print(
        f"Click: packet without PNG {1000 * click:.0f} ms ({click / base:.1f}x the estimate); "
        + (
            f"PNG through kaleido + Chromium {drawn:.1f} s (one draw, browser start included)"
            if png is not None
            else f"no PNG here ({why})"
        )
    )


def run() -> None:
    cli()
    page()
