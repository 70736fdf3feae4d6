"""Page speed: AppTest rerun after an input change for every page, against a bare page with one
Plotly chart measured in the same run (target: at most 5x), and in a real Chromium the time from
typing a new price to the updated headline (target: under 300 ms).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 11

BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st
x = st.number_input("x", value=1.0)
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, x, 2 * x])))
"""


def _median_rerun(at, change: Callable[[object, int], None]) -> float:  # type: ignore[no-untyped-def]
    times = []
    for i in range(REPEATS):
        started = time.perf_counter()
        change(at, i)
        at.run()
        times.append(time.perf_counter() - started)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    return statistics.median(times)


def _number_input(key: str | None, base: float) -> Callable[[object, int], None]:
    def change(at, i: int) -> None:  # type: ignore[no-untyped-def]
        widgets = [
            w
            for w in at.number_input
            if (key is None or w.key == key) and not getattr(w, "disabled", False)
        ]
        widgets[0].set_value(base + 5 * (i + 1))  # a new value each time: no cache hit

    return change


def apptest_figures() -> None:
    from streamlit.testing.v1 import AppTest

    bare = AppTest.from_string(BARE_PAGE, default_timeout=60)
    bare.run()
    bare_time = _median_rerun(bare, lambda at, i: at.number_input[0].set_value(float(i + 2)))

    def compare_change(at, i: int) -> None:  # type: ignore[no-untyped-def]
        at.select_slider[0].set_value([6, 12][i % 2])

    def sources_change(at, i: int) -> None:  # type: ignore[no-untyped-def]
        at.checkbox[0].set_value(i % 2 == 0)

    pages = {
        "estimate": _number_input("in_price_high", 800.0),
        "compare": compare_change,
        "sources": sources_change,
        "clinic": _number_input(None, 600.0),
        "equity": sources_change,  # its first checkbox: a policy lever
    }
    print(f"   bare page, one Plotly chart: median rerun {bare_time * 1000:.0f} ms")
    for name, change in pages.items():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        at.switch_page(f"app_pages/{name}.py").run()
        try:
            page_time = _median_rerun(at, change)
        except (IndexError, RuntimeError) as err:
            print(f"   {name}: not measured ({err})")
            continue
        print(
            f"   {name}: median rerun after an input change {page_time * 1000:.0f} ms = "
            f"{page_time / bare_time:.1f}x the bare page (target <= 5x)"
        )


def browser_figures() -> None:
    """Time from typing a price (and pressing Enter) to the new headline, in Chromium."""
    if not Path("/usr/bin/chromium").exists():
        print("   browser: skipped (no /usr/bin/chromium)")
        return
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.conftest import CHROMIUM_ARGS, serve_dashboard

    server = serve_dashboard()  # the tests' own server start-up: waits until it answers
    url = next(server)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1200})
            page.goto(url)
            headline = "h3:has-text('You would likely pay')"
            page.wait_for_selector(headline, timeout=60_000)
            box = page.locator("input[aria-label='Price per session, highest quote ($)']")
            times = []
            for i in range(REPEATS + 1):
                before = page.locator(headline).inner_text()
                box.fill(str(900 + 50 * i))
                started = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(
                    "b => { const h = [...document.querySelectorAll('h3')].find(e => "
                    "e.innerText.startsWith('You would likely pay')); "
                    "return h && h.innerText !== b; }",
                    arg=before,
                    timeout=20_000,
                    polling="raf",
                )
                times.append(time.perf_counter() - started)
            browser.close()
        warm = times[1:]  # the first change also warms caches
        print(
            f"   browser: price change to updated headline median {statistics.median(warm) * 1000:.0f} ms "
            f"(min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}; target < 300 ms)"
        )
    finally:
        server.close()  # runs the generator's clean-up: terminate the server


def run() -> None:
    apptest_figures()
    browser_figures()
