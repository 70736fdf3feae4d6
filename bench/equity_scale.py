"""Equity at scale (issue 15): the chunked runner in process, on local processes and on a Dask
LocalCluster, and what a national run costs. Figures, not pass/fail: `python -m bench equity_scale`.

Targets: all 51 jurisdictions x 20,000 households x 2 treatments x 10 parameter draws x (baseline +
1 reform) on 2 local workers under 2 minutes, the whole process tree under 3 GiB; one state with
20,000 households and 4 treatments, no draws, under 1 s (the page's budget). The three runners are
compared on one smaller workload in the same run (serial is the baseline), and the full US (about
131 million households) is extrapolated from the measured time per household course.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import psutil

from pricing.defaults import states
from pricing.equity import lever, run_settings
from pricing.equity.runner import work
from pricing.equity.study import plan_of
from pricing.equity.study import run as run_study
from pricing.report import rounded

TARGET_SECONDS = 120.0
TARGET_GIB = 3.0
PAGE_TARGET_SECONDS = 1.0
# The issue's workload. The reform is one that re-settles every household (coverage parity),
# not one the runner can answer from the baseline's settlement (an out-of-pocket cap).
TREATMENTS = ("spravato", "iv_ketamine")
LAST_CPU = 0.0  # CPU seconds of the last timed() call's process tree
REFORM = "coverage_parity"


def _settings(households: int, draws: int, state_codes: tuple[str, ...]) -> Any:
    settings = run_settings(None, households)
    settings.states = state_codes
    settings.treatments = TREATMENTS
    settings.reforms = {REFORM: lever(REFORM)}
    settings.uncertainty = draws
    return settings


class TreeMemory:
    """Peak resident memory of this process and all its children, and the CPU seconds they
    used (sampled every 0.1 s: a child's last sample before it exits)."""

    def __init__(self) -> None:
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self._start = psutil.Process(os.getpid()).cpu_times()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = psutil.Process(os.getpid())
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
            self.peak = max(self.peak, total)
            self._stop.wait(0.1)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        me = psutil.Process(os.getpid())
        now = me.cpu_times()
        self.cpu[me.pid] = (now.user + now.system) - (self._start.user + self._start.system)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall s, peak GiB of the process tree, result); prints the tree's CPU seconds, which
    show the work when other jobs share the machine (kept in LAST_CPU)."""
    global LAST_CPU
    with TreeMemory() as memory:
        started = time.perf_counter()
        result = call()
        wall = time.perf_counter() - started
    LAST_CPU = memory.cpu_seconds
    print(f"      (process tree CPU {LAST_CPU:.1f} s in {wall:.1f} s wall)")
    return wall, memory.peak / 2**30, result


def runners() -> None:
    """Serial, 2 local processes and a Dask LocalCluster on one workload: same JSON, speed."""
    settings = _settings(2_000, 2, states.STATE_CODES)
    courses = work(plan_of(settings))
    print(
        f"runners: 51 states x 2,000 households x 2 treatments x 3 runs x 2 scenarios = "
        f"{courses:,} household courses"
    )
    serial_s, serial_gib, serial = timed(lambda: run_study(settings))
    text = json.dumps(rounded(serial))
    procs_s, procs_gib, procs = timed(lambda: run_study(settings, workers=2))
    from distributed import LocalCluster

    started = time.perf_counter()
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        up = time.perf_counter() - started
        dask_s, dask_gib, on_dask = timed(
            lambda: run_study(settings, scheduler=cluster.scheduler_address)
        )
    print("   runner            wall s   x serial   peak GiB (tree)   same JSON")
    print(f"   serial          {serial_s:8.1f}   {1.0:8.2f}   {serial_gib:15.2f}   (baseline)")
    print(
        f"   --workers 2     {procs_s:8.1f}   {procs_s / serial_s:8.2f}   {procs_gib:15.2f}   "
        f"{json.dumps(rounded(procs)) == text}"
    )
    print(
        f"   Dask, 2 workers {dask_s:8.1f}   {dask_s / serial_s:8.2f}   {dask_gib:15.2f}   "
        f"{json.dumps(rounded(on_dask)) == text}   (cluster start {up:.1f} s apart)"
    )
    print(f"   serial: {1e6 * serial_s / courses:.1f} us per household course")


def issue_workload() -> float:
    """The issue's run on 2 local workers; returns CPU seconds per household course."""
    settings = _settings(20_000, 10, states.STATE_CODES)
    courses = work(plan_of(settings))
    wall, gib, _ = timed(lambda: run_study(settings, workers=2))
    print(
        f"issue 15 workload: 51 x 20,000 households x 2 treatments x 11 runs x 2 scenarios = "
        f"{courses:,} household courses on 2 local workers"
    )
    print(
        f"   {wall:.1f} s (target < {TARGET_SECONDS:g} s); peak process tree {gib:.2f} GiB "
        f"(target < {TARGET_GIB:g} GiB); {LAST_CPU:.1f} CPU s, about {LAST_CPU / 2:.0f} s on 2 "
        f"idle cores; {1e6 * LAST_CPU / courses:.2f} CPU us per household course"
    )
    return LAST_CPU / courses


def extrapolate(per_course: float) -> None:
    """The full US: every household, the same treatments, scenarios and runs."""
    households = states.national_households()
    courses = households * len(TREATMENTS) * 2 * 11
    cpu = per_course * courses  # CPU seconds: the work, whatever else the machine runs
    print(
        f"full US: {households:,} households x 2 treatments x 2 scenarios x 11 runs = "
        f"{courses / 1e9:.1f} billion household courses"
    )
    print(
        f"   about {cpu / 3600:.1f} CPU hours: {minutes(cpu / 2)} on this 2-core machine, "
        f"{minutes(cpu / 64)} on a 64-core Dask cluster (same per-core speed)"
    )
    print(f"   without draws (central run only): {cpu / 11 / 3600:.2f} CPU hours")


def minutes(seconds: float) -> str:
    """A duration in whole minutes (at least 1), or hours with one decimal past two hours."""
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{max(1, round(seconds / 60))} min"


def page_budget() -> None:
    """One state, 20,000 households, 4 treatments, no draws (the page's overview)."""
    settings = run_settings(None, 20_000)
    settings.states = ("TX",)
    settings.treatments = ("spravato", "iv_ketamine", "kap_lozenge", "at_home_ketamine")
    run_study(settings)  # warm-up: defaults, course claims
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        run_study(settings)
        samples.append(time.perf_counter() - started)
    print(
        f"page: TX, 20,000 households x 4 treatments, no draws: best {min(samples):.2f} s, "
        f"worst {max(samples):.2f} s (target < {PAGE_TARGET_SECONDS:g} s)"
    )


def run() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    page_budget()
    runners()
    extrapolate(issue_workload())
