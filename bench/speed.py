"""Engine speed (issue 19): each figure beside its baseline, measured in the same run.

The baseline is the engine as it was before issue 19 (commit BASELINE, read from git into a
temporary folder); both are timed in fresh processes, turn about, so a busy neighbour on this
shared machine slows both alike. Three figures, and the issue's targets:
- CLI: `python -m pricing estimate <the typical Spravato year>` (a readable table, one process),
  less its import floor: a process importing every module that run imported and doing nothing
  else (wall time, and the processes' own CPU time, steadier on a busy machine). Python may
  write bytecode and the defaults' parsed copy, as on a user's machine, and one warm-up run of
  each comes first. Target: under 30 ms above a floor under 0.5 s.
- In process: one 12-month Spravato scenario, 2,000 draws, billed as one claim and as drug +
  visit (bench/engine.py's scenarios), median of 21. Target: two bills under 10 ms.
- Population: 10^6 households x 5 treatments, first-year course (bench/equity.py's run), the
  settle alone, best of 2, and the process's peak resident memory. Target: under 2.5 s, 1 GiB.
Figures, not pass/fail: `python -m bench speed`. Without git (an installed copy) the baseline
column says so and only the figures are printed.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "1c640663099757ee6420966ba66f185ea54d1253"  # main when issue 19 was taken up
EXAMPLE = ROOT / "scenarios" / "spravato_typical_course.yaml"
CLI_ROUNDS = 11
HOUSEHOLDS = 1_000_000

PROBE_IMPORTS = """
import sys
from pricing.cli import main
sys.stdout = open("/dev/null", "w")
main(["estimate", sys.argv[1]])
sys.stderr.write("\\n".join(sorted(m for m in sys.modules if m != "__main__")))
"""
# The floor: import what the command imported, in the order Python would, and nothing else.
FLOOR = """
import importlib, sys
for name in sys.argv[1].split(","):
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""
IN_PROCESS = """
import json, statistics, sys, time
from pricing.estimate import estimate
from pricing.scenario import from_dict
one, two = (from_dict(d) for d in json.loads(sys.argv[1]))
times = {"one": [], "two": []}
for round_no in range(22):
    for name, s in (("one", one), ("two", two)):
        started = time.perf_counter()
        estimate(s, draws=2000)
        if round_no:
            times[name].append(time.perf_counter() - started)
print(json.dumps({k: 1000 * statistics.median(v) for k, v in times.items()}))
"""
POPULATION = """
import json, resource, sys, time
from pricing.defaults import population as params
from pricing.equity import TREATMENTS, make_population, out_of_pocket, priced_out_table
for t in TREATMENTS:
    out_of_pocket(make_population(1_000, 1), t)
population = make_population(int(sys.argv[1]), params.default_seed())
started, cpu = time.perf_counter(), time.process_time()
table = priced_out_table(population, {t: out_of_pocket(population, t) for t in TREATMENTS})
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
print(json.dumps({"wall": wall, "cpu": cpu, "rss_gib": rss}))
"""


def _env(code: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(code)}


def _run(code: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=code,
        env=_env(code),
        capture_output=True,
        text=True,
        check=True,
    )


def _seconds(code: Path, *args: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child process) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    _run(code, *args)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def baseline_copy(folder: Path) -> Path | None:
    """The baseline's pricing/ package in `folder`, or None without git or the commit."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", BASELINE, "pricing"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        try:
            tar.extractall(folder, filter="data")
        except TypeError:  # Python before 3.11.4: no filter (our own repository's files)
            tar.extractall(folder)  # noqa: S202
    return folder


def cli(codes: dict[str, Path]) -> dict[str, dict[str, float]]:
    """Median seconds of the command, its import floor and the bare interpreter, per code."""
    floors = {}
    for name, code in codes.items():
        _run(code, "-m", "pricing", "estimate", str(EXAMPLE))  # warm-up: bytecode, caches
        modules = _run(code, "-c", PROBE_IMPORTS, str(EXAMPLE)).stderr.split()
        floors[name] = ",".join(modules)
    samples: dict[str, dict[str, list[float]]] = {
        name: {what: [] for what in ("command", "floor", "python", "command_cpu", "floor_cpu")}
        for name in codes
    }
    for _ in range(CLI_ROUNDS):
        for name, code in codes.items():
            got = samples[name]
            wall, cpu = _seconds(code, "-m", "pricing", "estimate", str(EXAMPLE))
            got["command"].append(wall)
            got["command_cpu"].append(cpu)
            wall, cpu = _seconds(code, "-c", FLOOR, floors[name])
            got["floor"].append(wall)
            got["floor_cpu"].append(cpu)
            got["python"].append(_seconds(code, "-c", "pass")[0])
    return {
        name: {what: statistics.median(values) for what, values in got.items()}
        for name, got in samples.items()
    }


def in_process(codes: dict[str, Path]) -> dict[str, dict[str, float]]:
    sys.path.insert(0, str(ROOT))
    from bench.engine import twelve_month_scenario, two_bill_scenario

    scenarios = json.dumps(
        [s.model_dump(mode="json") for s in (twelve_month_scenario(), two_bill_scenario())]
    )
    return {
        name: json.loads(_run(code, "-c", IN_PROCESS, scenarios).stdout)
        for name, code in codes.items()
    }


def population(codes: dict[str, Path]) -> dict[str, dict[str, float]]:
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in codes}
    for _ in range(2):
        for name, code in codes.items():
            runs[name].append(json.loads(_run(code, "-c", POPULATION, str(HOUSEHOLDS)).stdout))
    return {name: min(found, key=lambda r: r["wall"]) for name, found in runs.items()}


def _beside(now: float, before: float | None, unit: str, digits: int = 0) -> str:
    if before is None:
        return f"{now:.{digits}f} {unit}   (no baseline)"
    return f"{now:.{digits}f} {unit}   baseline {before:.{digits}f} {unit}   ({before / now:.1f}x faster)"


def run() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        codes = {"now": ROOT}
        old = baseline_copy(Path(folder))
        if old is not None:
            codes["baseline"] = old
        else:
            print("   baseline: not measured (no git checkout with commit BASELINE)")
        times = cli(codes)
        mc = in_process(codes)
        pop = population(codes)
    before = "baseline" in codes
    now, was = times["now"], times.get("baseline")

    def above(t: dict[str, float], cpu: str = "") -> float:
        return 1000 * (t[f"command{cpu}"] - t[f"floor{cpu}"])

    print(f"CLI `estimate {EXAMPLE.name}`, median of {CLI_ROUNDS} processes each:")
    print(
        f"   command            {_beside(1000 * now['command'], 1000 * was['command'] if was else None, 'ms')}"
    )
    print(
        f"   import floor       {_beside(1000 * now['floor'], 1000 * was['floor'] if was else None, 'ms')}   (target < 500 ms)"
    )
    print(
        f"   above the floor    {_beside(above(now), above(was) if was else None, 'ms')}   (target < 30 ms)"
    )
    print(
        f"   above, CPU time    {_beside(above(now, '_cpu'), above(was, '_cpu') if was else None, 'ms')}"
        "   (the processes' own CPU: steadier than wall time on a busy machine)"
    )
    print(f"   bare interpreter   {1000 * now['python']:.0f} ms")
    print("In process, one 12-month Spravato scenario, 2,000 draws, median of 21:")
    for key, label in (("one", "one bundled bill"), ("two", "drug + visit bills")):
        target = "   (target < 10 ms)" if key == "two" else ""
        old_ms = mc["baseline"][key] if before else None
        print(f"   {label:<18} {_beside(mc['now'][key], old_ms, 'ms', 2)}{target}")
    print(f"Population, {HOUSEHOLDS:,} households x 5 treatments (settle, best of 2):")
    old_pop = pop.get("baseline")
    print(
        f"   wall               {_beside(pop['now']['wall'], old_pop['wall'] if old_pop else None, 's', 2)}   (target < 2.5 s)"
    )
    print(
        f"   CPU                {_beside(pop['now']['cpu'], old_pop['cpu'] if old_pop else None, 's', 2)}"
    )
    print(
        f"   peak RSS           {pop['now']['rss_gib']:.2f} GiB"
        + (f"   baseline {old_pop['rss_gib']:.2f} GiB" if old_pop else "")
        + "   (target < 1 GiB)"
    )
