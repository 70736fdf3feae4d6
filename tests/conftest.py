"""Shared fixtures: a live `streamlit run` server and a headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        default=str(ROOT / "artifacts" / "screenshots"),
        help="folder for browser-test screenshots",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def streamlit_url() -> Iterator[str]:
    """`streamlit run dashboard.py` on 127.0.0.1 at a free port, for the whole session."""
    yield from serve_dashboard()


@pytest.fixture
def fresh_streamlit_url() -> Iterator[str]:
    """A server of its own that no browser has visited yet (for first-visit behaviour)."""
    yield from serve_dashboard()


def serve_dashboard(script: Path = ROOT / "dashboard.py") -> Iterator[str]:
    """`streamlit run SCRIPT` from the project folder (its .streamlit/config.toml applies) on a
    free loopback port; stopped when the generator is closed."""
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("streamlit exited: " + proc.stdout.read().decode()) from None
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start within 60 s")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:  # also when the generator is closed early (bench/pages.py)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium under Playwright. Skipped locally without it; required in CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs /usr/bin/chromium (installed by .ci/run)")
        pytest.skip("no /usr/bin/chromium on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    folder = Path(request.config.getoption("--screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
