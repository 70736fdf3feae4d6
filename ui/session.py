"""Streamlit plumbing shared by the client's pages: cached estimates, the current scenario with
its error, uploads and share links. Everything here calls pricing; nothing computes a cost."""

from __future__ import annotations

import functools
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import NoReturn, TypeVar

import streamlit as st

from pricing.compare import Comparison, compare
from pricing.estimate import Estimate, estimate
from pricing.report import ledger_csv
from pricing.scenario import (
    MAX_FILE_BYTES,
    Scenario,
    ScenarioError,
    default_scenario,
    dump_yaml,
    loads,
    to_dict,
)
from ui import convert, forms, links, share
from ui.safe_text import md

LAST_GOOD = "last_good_scenario"
FLASH = "flash_message"
FLASH_INPUTS = "flash_inputs"  # the inputs when the message was first shown
SHOWN = "flash_shown"  # the messages this run showed (ui.session.rerun)
SHARE_INCOME = "share_income"  # the checkbox: the income goes into the link
SHARE_INCOME_KEPT = "share_income_kept"
UPLOAD_LIMIT_TESTID = "stFileUploaderDropzoneInstructions"


def scenario_key(scenario: Scenario) -> str:
    """A cache key that identifies a scenario (its full content as compact JSON)."""
    return json.dumps(to_dict(scenario), sort_keys=True, separators=(",", ":"))


# Server memory for results shared by every session (issue 11, defect 2): an estimate holds the
# per-claim bounds and tables the pages draw (about 0.1 MB for the default course, 1.4 MB for
# the longest one the format allows), never per-claim arrays of every draw.
ESTIMATE_CACHE_BYTES = 32 * 2**20
COMPARE_CACHE_BYTES = 32 * 2**20
Sized = Estimate | Comparison
T = TypeVar("T")


# The Estimate page's charts, drawn once per cached estimate (drawn()): at most this many bytes
# for a chart set, plus this many per claim (measured with tracemalloc: 120 KB for the default
# course's 12 claims, 3.3 MB for the longest course's 1,701; tests/ui/test_session_cache.py).
CHART_BYTES = 160_000
CHART_BYTES_PER_CLAIM = 2_500


def size_of(value: Sized) -> int:
    """Bytes a result may hold once the pages have built its tables and charts (measured once,
    at insertion: Estimate.memory_bytes_bound counts the tables not built yet by a bound, and
    the charts drawn() keeps for an estimate are bounded by its claim count, so nothing built
    later pushes the cache past its bytes)."""
    if isinstance(value, Comparison):
        return sum(e.memory_bytes_bound() for e in value.estimates.values())
    return value.memory_bytes_bound() + CHART_BYTES + CHART_BYTES_PER_CLAIM * len(value.visits)


_drawn: dict[int, dict[str, object]] = {}
_drawn_lock = threading.Lock()


def drawn(result: Estimate, name: str, draw: Callable[[], T]) -> T:
    """What `draw` makes from a cached estimate (a chart and its summary), made once and kept as
    long as the estimate lives: a rerun with the same scenario, or another person's, reuses it
    (issue 17). Its bytes are in the cache's bound (size_of)."""
    key = id(result)
    with _drawn_lock:
        kept = _drawn.get(key)
        if kept is None:
            kept = _drawn[key] = {}
            weakref.finalize(result, _drawn.pop, key, None)
        if name in kept:
            return kept[name]  # type: ignore[return-value]
    value = draw()  # outside the lock: drawing must not stall other sessions
    with _drawn_lock:
        kept[name] = value
    return value


class ByteBoundedCache:
    """Least-recently-used results, evicted once their bytes pass `max_bytes` (the newest is
    always kept). Each entry's size is recorded once, when it is inserted (issue 17: measuring
    every entry again on every insertion was most of the Estimate page's own time); the size is
    an upper bound that already counts the tables a page builds afterwards (size_of)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Sized] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: str, make: Callable[[], Sized]) -> Sized:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: one slow estimate must not stall other sessions
        size = size_of(value)  # outside the lock too, and once
        with self._lock:
            self._total -= self._sizes.get(key, 0)  # another session made the same key
            self._items[key] = value
            self._items.move_to_end(key)
            self._sizes[key] = size
            self._total += size
            while len(self._items) > 1 and self._total > self.max_bytes:
                old, _ = self._items.popitem(last=False)
                self._total -= self._sizes.pop(old)
        return value

    def total_bytes(self) -> int:
        """The recorded sizes' sum (each an upper bound for its entry)."""
        return self._total

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._sizes.clear()
            self._total = 0


@st.cache_resource(show_spinner=False)
def estimate_cache() -> ByteBoundedCache:
    return ByteBoundedCache(ESTIMATE_CACHE_BYTES)


@st.cache_resource(show_spinner=False)
def compare_cache() -> ByteBoundedCache:
    return ByteBoundedCache(COMPARE_CACHE_BYTES)


def cached_estimate(scenario: Scenario) -> Estimate:
    found = estimate_cache().get(scenario_key(scenario), lambda: estimate(scenario))
    assert isinstance(found, Estimate)
    return found


def cached_compare(scenario: Scenario, modalities: tuple[str, ...], months: int) -> Comparison:
    key = json.dumps([scenario_key(scenario), modalities, months])
    found = compare_cache().get(key, lambda: compare(scenario, modalities, horizon_months=months))
    assert isinstance(found, Comparison)
    return found


def start() -> None:
    """Run at the top of every client page: defaults, then the scenario in the address when this
    session did not put it there (a shared link, a bookmark, a reload, back/forward, or a browser
    that reconnected to a restarted server as a fresh session: issue 20), with a notice."""
    kept = links.browser_kept()
    forms.ensure_defaults(st.session_state, kept)
    # The income choice outlives pages that do not draw its checkbox (Streamlit drops it there).
    income = st.session_state.get(SHARE_INCOME, st.session_state.get(SHARE_INCOME_KEPT, False))
    links.put(SHARE_INCOME, bool(income))
    token = links.incoming(share.QUERY_KEY)
    if token is None:
        return
    try:
        scenario = share.decode_link(token)
    except ScenarioError as err:
        links.flash(("error", f"Could not use the shared link: {md(err)}"))
        return
    forms.load_into_session(scenario, kept)
    forms.save(st.session_state)
    # A link that carries the income keeps carrying it (else the next address would drop it).
    links.put(SHARE_INCOME, scenario.household.income is not None)
    links.flash(links.restored())


def show_flash() -> None:
    # What this run shows, kept until the run ends, so `rerun` can show it again.
    st.session_state[SHOWN] = (st.session_state.get(links.FLASH), st.session_state.get(FLASH))
    links.notice()
    box = st.container()  # on every run, as the notice's: the page below keeps its place
    flash = st.session_state.get(FLASH)
    if not flash:
        return
    # A file's message stays while the inputs are the ones it left (a run nobody asked for, such
    # as the page's own run-again, keeps it); the person's next change clears it.
    now = forms.values(st.session_state)
    if st.session_state.setdefault(FLASH_INPUTS, now) != now:
        st.session_state.pop(FLASH, None)
        st.session_state.pop(FLASH_INPUTS, None)
        return
    kind, text = flash
    (box.success if kind == "success" else box.error)(text)


def rerun() -> NoReturn:
    """Run the page again at once, with the messages this run showed ("Loaded ...", a restored
    link): they are shown once per change, and a run cut short has not been seen."""
    restore, own = st.session_state.pop(SHOWN, (None, None))
    if restore:
        links.flash(restore)
    if own:
        st.session_state[FLASH] = own
        # The page's own correction is not the person's change: the message stays with it.
        st.session_state[FLASH_INPUTS] = forms.values(st.session_state)
    st.rerun()


def link_params(scenario: Scenario) -> dict[str, str | None]:
    """The person's scenario as the address carries it (income only when they ask); left out
    when it is too long for a link."""
    include = bool(st.session_state.get(SHARE_INCOME, False))
    st.session_state[SHARE_INCOME_KEPT] = include
    token = share.encode_for_link(scenario, include_income=include)
    return {share.QUERY_KEY: token if len(token) <= share.MAX_LINK_CHARS else None}


def publish(
    page: str, scenario: Scenario, own: dict[str, str | None] | None = None
) -> dict[str, str | None]:
    """The address follows the scenario (and the page's own choices), on every run; the
    parameters written."""
    params = {**link_params(scenario), **(own or {})}
    links.write(page, params, tuple(own or ()))
    return params


def current_scenario() -> tuple[Scenario, str | None]:
    """The scenario the widgets describe, or the last valid one with the error that stopped it."""
    try:
        scenario = convert.scenario_from_state(forms.values(st.session_state))
    except ScenarioError as err:
        fallback = st.session_state.get(LAST_GOOD) or default_scenario()
        return fallback, str(err)
    st.session_state[LAST_GOOD] = scenario
    forms.save(st.session_state)
    return scenario, None


def on_upload() -> None:
    """Load an uploaded scenario file; a bad file leaves every input as it was."""
    uploaded = st.session_state.get("scenario_upload")
    if uploaded is None:
        return
    st.session_state.pop(FLASH_INPUTS, None)  # a new message, shown with the inputs it leaves
    try:
        scenario = loads(uploaded.getvalue())
    except ScenarioError as err:
        st.session_state[FLASH] = (
            "error",
            f"Check this input: {md(err)}. {md(uploaded.name, 80)} was not loaded; your inputs "
            "are as they were.",
        )
        return
    forms.load_into_session(scenario)
    forms.save(st.session_state)
    st.session_state[FLASH] = ("success", f"Loaded {md(uploaded.name, 80)}: {md(scenario.name)}")


def keep_and_share(est: Estimate, report_html: Callable[[], str], address: links.Params) -> None:
    """Downloads (YAML, CSV, HTML report), upload, and the share link: `address`, the page's
    parameters as published (the scenario, and the open tab)."""
    scenario = est.scenario
    with st.container(horizontal=True):  # one row, wrapping on a phone
        st.download_button(
            "Scenario (YAML)",
            functools.partial(dump_yaml, scenario),
            file_name="ketamine-cost-scenario.yaml",
            mime="application/yaml",
            on_click="ignore",
            icon=":material/download:",
            help=(
                "Download these inputs as a scenario file, to load here again or to run with "
                "`python -m pricing`."
            ),
        )
        st.download_button(
            "Ledger (CSV)",
            functools.partial(ledger_csv, est.ledger),
            file_name="ketamine-cost-ledger.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            help="Download every claim: who pays what, visit by visit.",
        )
        st.download_button(
            "Report (HTML)",
            report_html,
            file_name="ketamine-cost-report.html",
            mime="text/html",
            on_click="ignore",
            icon=":material/download:",
            help="Download a report of this estimate to print or keep.",
        )
    # One limit, said once: the engine's (pricing.scenario.MAX_FILE_BYTES) in the label; the
    # widget's own "1MB per file" line (whole megabytes only) is hidden.
    st.html(f"<style>[data-testid='{UPLOAD_LIMIT_TESTID}'] {{display: none}}</style>")
    st.file_uploader(
        f"Load a scenario file (YAML, up to {MAX_FILE_BYTES // 1024} KiB)",
        type=["yaml", "yml"],
        key="scenario_upload",
        on_change=on_upload,
    )
    st.checkbox(
        "Include my income in the share link",  # short: not cut off on a phone
        key=SHARE_INCOME,
        help="Your household income and adjusted gross income stay out of the link unless ticked.",
    )
    if address.get(share.QUERY_KEY) is None:
        st.info(share.TOO_LONG + " Download the scenario file to keep or send it.")
        return
    links.share_box(
        "estimate", address, "Share link (copy it; it holds your inputs, not your identity)"
    )
