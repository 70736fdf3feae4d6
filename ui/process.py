"""Once per server process: move the objects of the imported libraries out of the garbage
collector's way (issue 17).

Streamlit's server runs a full collection (`gc.collect(2)`) after every script run
(`runner.postScriptGC`). A full collection walks every tracked object, and after pandas, Plotly,
NumPy and the engine are imported that is about 140,000 objects: 55-70 ms of CPU on every rerun
of every page, for every person, more than the Estimate page's own work (bench/pages.py). Those
objects live as long as the process anyway, so after the first import they are frozen
(`gc.freeze()`: kept, never scanned again) and each collection walks only what the sessions
made since, under 3 ms. Garbage made by the sessions is still collected after every run, so the
server's memory behaves as before.
"""

from __future__ import annotations

import gc
import threading
import time

_lock = threading.Lock()
_frozen = False


def freeze_imports() -> bool:
    """Import the libraries every page uses, collect once, then freeze what exists (the first
    call in the process only; later calls return False at once)."""
    global _frozen
    if _frozen:
        return False
    with _lock:
        if _frozen:
            return False
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import plotly.graph_objects  # noqa: F401

        import pricing.compare  # noqa: F401
        import pricing.estimate  # noqa: F401
        import ui.charts  # noqa: F401
        import ui.session  # noqa: F401

        gc.collect()
        gc.freeze()
        _frozen = True
        return True


# Seconds the script gives up the interpreter once its answer is drawn (issue 17). Streamlit's
# server sends a run's messages from its event-loop thread, which needs the interpreter lock the
# script thread holds while it works out the rest of the page: measured in Chromium, the headline
# sat in the server's queue until the page's later parts were done (typed price to headline
# 146-166 ms, the headline's message arriving 50-100 ms after the change). A short sleep lets the
# loop send everything drawn so far and the browser paint it (107-124 ms); the rest of the page
# follows, at no cost in CPU. 30 ms rather than 10: the browser redraws the whole page when a run
# starts (bench/browser_work.py), and the headline's own redraw waits behind it; with 10 ms the
# form's messages often arrived first and were drawn in the same pass. Change sent to headline in
# the DOM, median of 41 changes: 67-74 ms at 10 ms, 56-63 at 20, 52-55 at 30, 50-53 at 40-50.
HAND_OVER_SECONDS = 0.03


def hand_over() -> None:
    """Let the server send what the page has drawn so far before the script goes on."""
    time.sleep(HAND_OVER_SECONDS)
