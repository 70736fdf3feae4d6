"""Load: N people changing inputs at once on one dashboard process, against the same crowd on a
bare one-input page in the same run (issue 17's targets: one process, 10 people p95 under 1 s,
20 people p95 under 3 s), 40 people behind `make serve N=4` (p95 under 1.5 s; nginx on loopback),
and each page's first result on a fresh visit to a warm server (target: under 2 s).

Each simulated person is a Streamlit session spoken to over its own websocket, as a browser
does (BackMsg out, ForwardMsg back; no browser, so the client costs almost nothing and the
figures are the server's): it opens the page, then changes the highest price (the bare page:
its one number) CHANGES times, waiting THINK seconds after each result, as a person would
between two edits. A change's time runs from sending it to the server's "script finished".

Bounded and local: the server listens on 127.0.0.1 only, at most MAX_PEOPLE sessions, every
wait has a timeout, and the server is stopped at the end (`python -m bench load`).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CROWDS = (1, 10, 20)
MAX_PEOPLE = 40
SERVED = (4, 40)  # `make serve N=4` (deploy/serve.py on loopback), people at once
CHANGES = 6
THINK = 0.5  # seconds a person waits after seeing a result before the next edit
TIMEOUT = 60.0  # seconds: the longest any one answer may take before the bench gives up
PRICE_KEY = "in_price_high"
PAGES = ("", "compare", "clinic", "equity", "sources")  # each page's address (not the aliases)

BARE_ONE_INPUT = """
import streamlit as st
x = st.number_input("x", value=1.0, key="x")
st.markdown(f"### Twice x is {2 * x}")
"""


@dataclass
class Visit:
    """What a session learns from its first run: the pages and the number box's widget id."""

    seconds: float
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    box_id: str | None = None
    page_hash: str = ""


async def _until_finished(ws, key: str | None) -> Visit:  # type: ignore[no-untyped-def]
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = time.perf_counter()
    visit = Visit(0.0)
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), TIMEOUT))
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            visit.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            visit.page_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            box = element.number_input if element.WhichOneof("type") == "number_input" else None
            if box is not None and key is not None and box.id.endswith(f"-{key}"):
                visit.box_id = box.id
        elif kind == "script_finished":
            visit.seconds = time.perf_counter() - started
            return visit


def _rerun(page_hash: str, box_id: str | None = None, value: float | None = None) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.page_script_hash = page_hash
    if box_id is not None and value is not None:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = box_id
        state.double_value = value
    return bytes(msg.SerializeToString())


async def _open(url: str, page_hash: str = "", key: str | None = PRICE_KEY):  # type: ignore[no-untyped-def]
    import websockets

    ws = await websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        max_size=2**26,
    )
    await ws.send(_rerun(page_hash))
    return ws, await _until_finished(ws, key)


async def _person(url: str, key: str, base: float, person: int) -> list[float]:
    ws, visit = await _open(url, key=key)
    try:
        assert visit.box_id is not None, f"no number box with the key {key}"
        times = []
        for change in range(CHANGES):
            value = base + 10 * person + 5 * change  # a new value each time: no cache hit
            started = time.perf_counter()
            await ws.send(_rerun(visit.page_hash, visit.box_id, value))
            await _until_finished(ws, None)
            times.append(time.perf_counter() - started)
            await asyncio.sleep(THINK)
        return times
    finally:
        await ws.close()


async def _crowd(url: str, people: int, key: str, base: float) -> list[float]:
    people = min(people, MAX_PEOPLE)
    results = await asyncio.gather(*(_person(url, key, base, p) for p in range(people)))
    return [t for times in results for t in times]


def _p(times: list[float], q: int) -> float:
    return (
        statistics.quantiles(times, n=100, method="inclusive")[q - 1]
        if len(times) > 1
        else times[0]
    )


def _served(script: Path | None = None):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from tests.conftest import serve_dashboard

    return serve_dashboard() if script is None else serve_dashboard(script)


def crowds() -> dict[int, tuple[list[float], list[float]]]:
    """Each crowd's change times on the bare page and on Estimate (seconds)."""
    out: dict[int, tuple[list[float], list[float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        bare_script = Path(folder) / "bare.py"
        bare_script.write_text(BARE_ONE_INPUT)
        server = _served(bare_script)
        try:
            url = next(server)
            bare = {n: asyncio.run(_crowd(url, n, "x", 10.0)) for n in CROWDS}
        finally:
            server.close()
    server = _served()
    try:
        url = next(server)
        asyncio.run(_crowd(url, 1, PRICE_KEY, 900.0))  # warm the server once
        for n in CROWDS:
            out[n] = (bare[n], asyncio.run(_crowd(url, n, PRICE_KEY, 900.0)))
    finally:
        server.close()
    return out


def fresh_visits() -> dict[str, tuple[float, float]]:
    """Per page, seconds from opening it in a new session to its first finished run: the first
    visit after the server starts (cold caches), then a later one (warm server)."""

    async def visit_all(url: str) -> dict[str, tuple[float, float]]:
        ws, home = await _open(url)
        await ws.close()
        pages = {path: home.pages[path] for path in PAGES}  # Estimate is served at "/"
        seconds = {}
        for path, page_hash in pages.items():
            ws, cold = await _open(url, page_hash)
            await ws.close()
            ws, warm = await _open(url, page_hash)
            await ws.close()
            seconds[path] = (cold.seconds, warm.seconds)
        return seconds

    server = _served()
    try:
        return asyncio.run(visit_all(next(server)))
    finally:
        server.close()


def served_crowd() -> list[float] | None:
    """The crowd's change times behind `deploy/serve.py --n 4` (nginx on loopback, as `make
    serve N=4` runs it), or None without Debian's nginx."""
    if not Path("/usr/sbin/nginx").exists():
        return None
    sys.path.insert(0, str(ROOT))
    from tests.browser.test_serving import _start, _stop

    backends, people = SERVED
    with tempfile.TemporaryDirectory() as folder:
        served = _start(backends, Path(folder) / "serve.log")
        try:
            asyncio.run(_crowd(served.url, 2 * backends, PRICE_KEY, 900.0))  # warm each backend
            return asyncio.run(_crowd(served.url, people, PRICE_KEY, 900.0))
        finally:
            _stop(served)


def run() -> None:
    for n, (bare, page) in crowds().items():
        b50, b95, e50, e95 = _p(bare, 50), _p(bare, 95), _p(page, 50), _p(page, 95)
        print(
            f"   {n} at once, one process: Estimate change to finished rerun p50 "
            f"{e50 * 1000:.0f} ms, p95 {e95 * 1000:.0f} ms; bare one-input page p50 "
            f"{b50 * 1000:.0f} ms, p95 {b95 * 1000:.0f} ms (p95 {e95 / b95:.1f}x; "
            f"{len(page)} changes)"
        )
    times = served_crowd()
    if times is None:
        print("   make serve N=4: skipped (no /usr/sbin/nginx)")
    else:
        backends, people = SERVED
        print(
            f"   {people} at once behind nginx with {backends} processes: Estimate change to "
            f"finished rerun p50 {_p(times, 50) * 1000:.0f} ms, p95 {_p(times, 95) * 1000:.0f} ms "
            f"(target p95 < 1.5 s; {len(times)} changes)"
        )
    for path, (cold, warm) in fresh_visits().items():
        print(
            f"   /{path}: first result {cold:.2f} s on the first visit after start-up, "
            f"{warm:.2f} s on a fresh visit to the warm server (target < 2 s)"
        )


if __name__ == "__main__":
    run()
