"""Page speed, each figure a ratio against a bare page measured in the same run.

- AppTest (each script compiled once, as a server does): each page's rerun after an input
  change (wall time and the process's CPU time, plus
  the `gc.collect(2)` Streamlit's server runs after every script run, which AppTest skips),
  against a bare one-input page (the issue-17 target: server CPU per Estimate rerun at most
  1.5x) and a bare page with one Plotly chart.
- A profile of each page's rerun (`python -m bench.pages --profile [page ...]`): the functions
  with the most cumulative time inside the script thread, so a regression names its cause.
- Chromium: the time from typing a new price to the updated headline, against the same for the
  bare one-input page (target: at most 1.3x).
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 11
# Changes typed in Chromium per page: the browser's medians moved by 0.1-0.3x between runs of 11.
BROWSER_REPEATS = 31
T = TypeVar("T")

BARE_ONE_INPUT = """
import streamlit as st
x = st.number_input("x", value=1.0)
st.markdown(f"### Twice x is {2 * x}")
"""

BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st
x = st.number_input("x", value=1.0)
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, x, 2 * x])))
"""


@dataclass
class Rerun:
    wall: float  # seconds, median
    cpu: float  # seconds of process CPU, median (the script thread; the test thread waits)
    gc: float  # seconds, median, of the gc.collect(2) the server runs after each script run

    @property
    def server_cpu(self) -> float:
        return self.cpu + self.gc


def _median_rerun(at, change: Callable[[object, int], None]) -> Rerun:  # type: ignore[no-untyped-def]
    walls, cpus, gcs = [], [], []
    for i in range(REPEATS):
        change(at, i)
        started, cpu_started = time.perf_counter(), time.process_time()
        at.run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
        gc_started = time.process_time()
        gc.collect(2)
        gcs.append(time.process_time() - gc_started)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    return Rerun(statistics.median(walls), statistics.median(cpus), statistics.median(gcs))


def _number_input(key: str | None, base: float) -> Callable[[object, int], None]:
    def change(at, i: int) -> None:  # type: ignore[no-untyped-def]
        widgets = [
            w
            for w in at.number_input
            if (key is None or w.key == key) and not getattr(w, "disabled", False)
        ]
        widgets[0].set_value(base + 5 * (i + 1))  # a new value each time: no cache hit

    return change


def _compare_change(at, i: int) -> None:  # type: ignore[no-untyped-def]
    at.select_slider[0].set_value([6, 12][i % 2])


def _first_checkbox(at, i: int) -> None:  # type: ignore[no-untyped-def]
    at.checkbox[0].set_value(i % 2 == 0)


PAGES: dict[str, Callable[[object, int], None]] = {
    "estimate": _number_input("in_price_high", 800.0),
    "compare": _compare_change,
    "sources": _first_checkbox,
    "clinic": _number_input(None, 600.0),
    "equity": _first_checkbox,  # its first checkbox: a policy lever
}


def _one_script_cache() -> None:
    """Compile each script once, as the server does (its ScriptCache lives as long as the
    process); AppTest makes a new cache per run, so each rerun would count the compile and
    Streamlit's AST rewrite of the page ("magic"), which a served page never pays again."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    for module in (app_test, local_script_runner):
        module.ScriptCache = lambda: shared  # type: ignore[attr-defined,assignment,misc]


def _page(name: str):  # type: ignore[no-untyped-def]
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    return at


def _bare(source: str) -> Rerun:
    from streamlit.testing.v1 import AppTest

    bare = AppTest.from_string(source, default_timeout=60)
    bare.run()
    return _median_rerun(bare, lambda at, i: at.number_input[0].set_value(float(i + 2)))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def apptest_figures() -> None:
    _one_script_cache()
    one = _bare(BARE_ONE_INPUT)
    chart = _bare(BARE_PAGE)
    print(
        f"   bare one-input page: rerun {_ms(one.wall)}, server CPU {_ms(one.server_cpu)} "
        f"(script {_ms(one.cpu)} + post-run GC {_ms(one.gc)})"
    )
    print(
        f"   bare page with one Plotly chart: rerun {_ms(chart.wall)}, server CPU {_ms(chart.server_cpu)}"
    )
    for name, change in PAGES.items():
        at = _page(name)
        try:
            page = _median_rerun(at, change)
        except (IndexError, RuntimeError) as err:
            print(f"   {name}: not measured ({err})")
            continue
        print(
            f"   {name}: rerun {_ms(page.wall)} = {page.wall / one.wall:.1f}x; server CPU "
            f"{_ms(page.server_cpu)} (script {_ms(page.cpu)} + GC {_ms(page.gc)}) = "
            f"{page.server_cpu / one.server_cpu:.1f}x the bare one-input page "
            f"({page.server_cpu / chart.server_cpu:.1f}x the one-chart page)"
        )


@contextmanager
def _profiled_script_thread(profile: cProfile.Profile) -> Iterator[None]:
    """Profile AppTest's script thread (cProfile sees only the thread that enables it)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def run_profiled(self) -> None:  # type: ignore[no-untyped-def]
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()

    LocalScriptRunner._run_script_thread = run_profiled  # type: ignore[method-assign]
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = original  # type: ignore[method-assign]


def profile_pages(names: list[str], top: int = 25) -> None:
    """Each page's reruns after an input change, profiled: the top functions by cumulative
    time (the first run, which fills caches, is not counted)."""
    _one_script_cache()
    for name in names or list(PAGES):
        at = _page(name)
        PAGES[name](at, 0)
        at.run()
        profile = cProfile.Profile()
        with _profiled_script_thread(profile):
            for i in range(1, 6):
                PAGES[name](at, i)
                at.run()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(top)
        print(f"== {name}: 5 reruns ==")
        print(out.getvalue())


def _server_cpu() -> float:
    """CPU seconds (user + system) used so far by the Streamlit server this process started."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and b"streamlit" in cmdline:  # ppid: our child
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _typed_to_headline(
    url: str, box_label: str, headline: str, base: float
) -> tuple[list[float], float]:
    """Seconds from pressing Enter on a new number to the changed headline, per change, and the
    server's CPU seconds per change."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1200})
        page.goto(url)
        selector = f"h3:has-text('{headline}')"
        page.wait_for_selector(selector, timeout=60_000)
        box = page.locator(f"input[aria-label='{box_label}']")
        times = []
        cpu_started = 0.0
        for i in range(BROWSER_REPEATS + 1):
            if i == 1:  # the first change also warms caches
                cpu_started = _server_cpu()
            before = page.locator(selector).inner_text()
            box.fill(str(base + 50 * i))
            started = time.perf_counter()
            box.press("Enter")
            page.wait_for_function(
                "([b, t]) => { const h = [...document.querySelectorAll('h3')].find(e => "
                "e.innerText.startsWith(t)); return h && h.innerText !== b; }",
                arg=[before, headline],
                timeout=20_000,
                polling="raf",
            )
            times.append(time.perf_counter() - started)
        time.sleep(0.5)  # the server's clean-up after the last run (its GC) counts too
        cpu = (_server_cpu() - cpu_started) / BROWSER_REPEATS
        browser.close()
    return times[1:], cpu


def bare_then_estimate(measure: Callable[[str, str, str, float], T]) -> tuple[T, T]:
    """`measure(url, box label, headline, first number)` on the bare one-input page, then on
    Estimate (its highest price), each served by its own `streamlit run` in this process's
    environment."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from tests.conftest import serve_dashboard

    with tempfile.TemporaryDirectory() as folder:
        bare_script = Path(folder) / "bare.py"
        bare_script.write_text(BARE_ONE_INPUT)
        server = serve_dashboard(bare_script)
        try:
            bare = measure(next(server), "x", "Twice x is", 10.0)
        finally:
            server.close()
    server = serve_dashboard()  # the tests' own server start-up: waits until it answers
    try:
        page = measure(
            next(server), "Price per session, highest quote ($)", "You would likely pay", 900.0
        )
    finally:
        server.close()  # runs the generator's clean-up: terminate the server
    return bare, page


def browser_figures() -> None:
    """Time from typing a price (and pressing Enter) to the new headline, in Chromium, against
    the same on the bare one-input page."""
    if not Path("/usr/bin/chromium").exists():
        print("   browser: skipped (no /usr/bin/chromium)")
        return
    (bare, bare_cpu), (warm, cpu) = bare_then_estimate(_typed_to_headline)
    b, e = statistics.median(bare), statistics.median(warm)
    print(
        f"   browser: bare one-input page, typed number to headline median {_ms(b)}, "
        f"server CPU {_ms(bare_cpu)} per change"
    )
    print(
        f"   browser: Estimate, typed price to headline median {_ms(e)} = {e / b:.2f}x the bare "
        f"page (min {_ms(min(warm))}, max {_ms(max(warm))}; target <= 1.3x); server CPU "
        f"{_ms(cpu)} per change = {cpu / bare_cpu:.1f}x the bare page (target <= 1.5x)"
    )


def run() -> None:
    apptest_figures()
    browser_figures()


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--profile"]:
        profile_pages(args[1:])
    else:
        run()
