"""Capacity of one Streamlit process: how many people can one `streamlit run` serve?

One server (tests.conftest.serve_dashboard, as bench/pages.py uses) and Debian's Chromium:
(a) server CPU seconds per rerun, for every page: the server process's own utime+stime from
    /proc/<pid>/stat before and after RERUNS input changes (Chromium's cost is in other processes
    and does not count); a rerun is over when its `script_finished` message arrives on the
    page's WebSocket;
(b) reruns per second one process can serve: 1 / (a), if it did nothing else;
(c) p50/p95 of "type a new price -> updated headline" with 1, 5 and 10 browser contexts changing
    the price back to back at once (one async Playwright loop, loopback only, a fixed number of
    changes each). Chromium runs on the same cores as the server, so this is a pessimistic figure;
(d) RSS per session: the server's resident memory growth while the 10 contexts are open,
    divided by 10.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
RERUNS = 5  # measured input changes per page, after one warm-up change
CHANGES = {1: 6, 5: 3, 10: 2}  # concurrent contexts -> changes each
HEADLINE = "h3:has-text('You would likely pay')"
HIGH = "input[aria-label='Price per session, highest quote ($)']"
PAGES = ["estimate", "compare", "clinic", "equity", "sources"]
CHANGED_JS = (
    "b => { const h = [...document.querySelectorAll('h3')].find(e => "
    "e.innerText.startsWith('You would likely pay')); return h && h.innerText !== b; }"
)
TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _server_pid(port: int) -> int:
    """The `streamlit run` child of this process serving `port`."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if ppid == me and str(port).encode() in argv:
            return int(entry.name)
    raise RuntimeError(f"no server process for port {port}")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- (a), (b): server CPU per rerun, every page ------------------------------------------------


def _change(page: Any, name: str, i: int) -> None:  # noqa: ANN401 - Playwright page
    main = page.locator("[data-testid='stMain']")
    if name == "estimate":
        page.locator(HIGH).fill(str(900 + 10 * (i + 1)))
        page.locator(HIGH).press("Enter")
    elif name == "compare":
        thumb = main.locator("[data-testid='stSlider'] input[type=range]").first
        thumb.focus(timeout=15_000)
        thumb.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
    elif name == "clinic":
        box = main.locator("input[type=number]:not([disabled])").first
        box.fill(str(float(box.input_value() or 0) + 5))
        box.press("Enter")
    else:  # equity's first checkbox (the p10-p90 bands); sources has one filter checkbox
        box = main.locator("[data-testid='stCheckbox'] label").first
        if not box.is_visible():  # equity's sits in its settings expander: open it once
            holder = main.locator("[data-testid='stExpander']").filter(
                has=page.locator("[data-testid='stCheckbox']")
            )
            holder.first.locator("summary").click()
        box.click()


def cpu_per_rerun(url: str, pid: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    finished = [0]

    def on_frame(payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            try:
                if ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
                    finished[0] += 1
            except Exception:  # noqa: BLE001, S110 - not every frame need parse
                pass

    def wait_rerun(page: Any, seen: int) -> None:  # noqa: ANN401
        deadline = time.monotonic() + 30
        while finished[0] <= seen:
            if time.monotonic() > deadline:
                raise RuntimeError("no script_finished within 30 s")
            page.wait_for_timeout(5)

    results: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=_chromium_args())
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        page.set_default_timeout(60_000)
        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        for name in PAGES:
            seen = finished[0]
            # The default page lives at the root (/estimate answers "Page not found").
            page.goto(url if name == "estimate" else f"{url}/{name}")
            page.wait_for_selector("h1", timeout=60_000)
            wait_rerun(page, seen)
            page.wait_for_timeout(300)  # let the first render's follow-up requests settle
            seen = finished[0]
            _change(page, name, 0)  # warm-up: caches, first widget state
            wait_rerun(page, seen)
            before = _cpu_seconds(pid)
            for i in range(1, RERUNS + 1):
                seen = finished[0]
                _change(page, name, i)
                wait_rerun(page, seen)
            results[name] = (_cpu_seconds(pid) - before) / RERUNS
        browser.close()
    return results


# --- (c), (d): latency with concurrent contexts, RSS per session -------------------------------


async def _one_person(
    browser: Any, url: str, index: int, changes: int, ready: Any, go: Any, done: Any, close: Any
) -> list[float]:
    context = await browser.new_context(viewport={"width": 1280, "height": 1200})
    try:
        page = await context.new_page()
        page.set_default_timeout(120_000)
        await page.goto(url)
        await page.wait_for_selector(HEADLINE, timeout=120_000)
        ready.release()
        await go.wait()
        times = []
        for i in range(changes):
            before = await page.locator(HEADLINE).inner_text()
            await page.locator(HIGH).fill(str(1000 + 100 * index + 7 * (i + 1)))
            started = time.perf_counter()
            await page.locator(HIGH).press("Enter")
            await page.wait_for_function(CHANGED_JS, arg=before, polling="raf", timeout=120_000)
            times.append(time.perf_counter() - started)
        done.release()
        await close.wait()  # the session stays open until every RSS reading is taken
        return times
    finally:
        await context.close()


async def _crowd(url: str, pid: int, people: int, changes: int) -> tuple[list[float], float]:
    """Latencies of `people` contexts changing the price at once; RSS growth with all of them
    open after their changes (from just before the first one opened)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=_chromium_args())
        try:
            rss_before = _rss_mib(pid)
            ready, done = asyncio.Semaphore(0), asyncio.Semaphore(0)
            go, close = asyncio.Event(), asyncio.Event()
            tasks = [
                asyncio.create_task(_one_person(browser, url, i, changes, ready, go, done, close))
                for i in range(people)
            ]
            try:
                for _ in range(people):
                    await asyncio.wait_for(ready.acquire(), timeout=180)
                go.set()
                for _ in range(people):
                    await asyncio.wait_for(done.acquire(), timeout=300)
                rss_growth = _rss_mib(pid) - rss_before
            finally:
                go.set()
                close.set()
            results = await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)
        finally:
            await browser.close()
    return [t for person in results for t in person], rss_growth


def _chromium_args() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests.conftest import CHROMIUM_ARGS

    return list(CHROMIUM_ARGS)


def run() -> None:
    if not Path(CHROMIUM).exists():
        print("   capacity: skipped (no /usr/bin/chromium)")
        return
    sys.path.insert(0, str(ROOT))
    from tests.conftest import serve_dashboard

    server = serve_dashboard()
    url = next(server)
    try:
        pid = _server_pid(int(url.rsplit(":", 1)[1]))
        rss_start = _rss_mib(pid)
        cpu = cpu_per_rerun(url, pid)
        print(f"   (a, b) server CPU per rerun after an input change ({RERUNS} reruns a page)")
        print("   page        CPU ms/rerun   reruns/s one process")
        for name, seconds in cpu.items():
            rate = f"{1 / seconds:8.1f}" if seconds > 0 else "     n/a"
            print(f"   {name:<10} {seconds * 1000:10.0f}   {rate}")
        print("   (c) type a price -> headline updated, contexts changing at once, back to back")
        print("   contexts  changes    p50 ms    p95 ms    max ms")
        growth = {}
        for people, changes in CHANGES.items():
            times, growth[people] = asyncio.run(_crowd(url, pid, people, changes))
            print(
                f"   {people:8d}  {len(times):7d}  {statistics.median(times) * 1000:8.0f}  "
                f"{_pct(times, 0.95) * 1000:8.0f}  {max(times) * 1000:8.0f}"
            )
        most = max(CHANGES)
        print(
            f"   (d) server RSS {rss_start:.0f} MiB after start, {_rss_mib(pid):.0f} MiB at the end; "
            f"{growth[most]:.1f} MiB growth with {most} sessions open = "
            f"{growth[most] / most:.1f} MiB per session"
        )
    finally:
        server.close()
