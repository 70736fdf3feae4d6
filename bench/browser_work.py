"""The browser's own work on the way to a new headline, from a Chrome trace (issue 17).

bench/pages.py times a typed price to the new headline from outside the page; its medians move
by about 0.06x between runs, as much as a change to the page is worth. This bench looks inside:
for each typed change, the time from the page sending the change to the new headline in the DOM,
and how much of it the browser's main thread spent working (the sum of its tasks in that window,
from Chromium's trace). The bare one-input page of bench/pages.py is measured in the same run.

Why it matters: Streamlit's frontend redraws every element on the page when a run is asked for,
again when it starts, and again when it ends (each element reads the run's state), so the
browser's work before the headline grows with the page's elements; the server's share is small.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHANGES = 21

# Marks the moment the page sends a message to the server, and the first animation frame that
# shows a new headline (the headline's text is read once per frame, as bench/pages.py waits).
MARKS = """
(() => {
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Socket(...args);
    const send = ws.send.bind(ws);
    ws.send = (data) => { performance.mark('sent'); return send(data); };
    return ws;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
  let last = null;
  const poll = () => {
    const h = [...document.querySelectorAll('h3')].find(e => e.textContent.startsWith(HEADLINE));
    if (h && h.textContent !== last) { last = h.textContent; performance.mark('headline'); }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""


@dataclass
class Work:
    to_headline: float  # ms, median: the change sent to the new headline in the DOM
    busy: float  # ms, median: the main thread's tasks in that window


def _window_work(events: list[dict[str, Any]]) -> Work:
    names = {
        (e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"
    }
    marks: dict[str, list[float]] = {}
    pid = None
    for e in events:
        if "user_timing" in e.get("cat", "") and e.get("name") in ("sent", "headline", "typed"):
            marks.setdefault(e["name"], []).append(e["ts"])
            pid = e["pid"]
    main = next(k for k, v in names.items() if v == "CrRendererMain" and k[0] == pid)
    tasks = [
        (e["ts"], e["dur"])
        for e in events
        if (e["pid"], e["tid"]) == main and e.get("ph") == "X" and e.get("name") == "RunTask"
    ]
    spans, busy = [], []
    for typed in marks["typed"]:
        sent = min((t for t in marks.get("sent", []) if t > typed), default=None)
        shown = min((t for t in marks.get("headline", []) if t > typed), default=None)
        if sent is None or shown is None or shown < sent:
            continue
        spans.append((shown - sent) / 1000)
        busy.append(sum(min(d, shown - s) for s, d in tasks if sent <= s < shown) / 1000)
    return Work(statistics.median(spans), statistics.median(busy))


def measure(url: str, box_label: str, headline: str, base: float) -> Work:
    """Type CHANGES new numbers into the box labelled `box_label` (Enter each time) while
    Chromium traces the page; the medians of the window from each change to its headline."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    trace = Path(tempfile.mkdtemp()) / "trace.json"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1200})
        page.add_init_script(MARKS.replace("HEADLINE", json.dumps(headline)))
        page.goto(url)
        page.wait_for_selector(f"h3:has-text('{headline}')", timeout=60_000)
        box = page.locator(f"input[aria-label='{box_label}']")
        for i in range(CHANGES + 3):
            if i == 3:  # the first changes warm the caches
                browser.start_tracing(
                    page=page,
                    path=str(trace),
                    categories=["blink.user_timing", "disabled-by-default-devtools.timeline"],
                )
            box.fill(str(base + 50 * i))
            page.evaluate("performance.mark('typed')")
            box.press("Enter")
            time.sleep(0.5)  # the run is over: the next change starts from a quiet page
        browser.stop_tracing()
        browser.close()
    data = json.loads(trace.read_text())
    trace.unlink()
    return _window_work(data["traceEvents"] if isinstance(data, dict) else data)


def run() -> None:
    if not Path("/usr/bin/chromium").exists():
        print("   skipped (no /usr/bin/chromium)")
        return
    from bench.pages import bare_then_estimate

    bare, page = bare_then_estimate(measure)
    for name, work in (("bare one-input page", bare), ("Estimate", page)):
        print(
            f"   {name}: change sent to new headline {work.to_headline:.0f} ms, "
            f"the browser busy {work.busy:.0f} ms of it (median of {CHANGES})"
        )
    print(
        f"   Estimate's browser work before the headline: {page.busy / bare.busy:.1f}x the bare page"
    )


if __name__ == "__main__":
    run()
