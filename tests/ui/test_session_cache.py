"""The shared result caches are bounded by bytes (issue 11, defect 2): the longest course the
format allows, plus 8 price changes, keeps the server's memory within the bound."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.estimate import Estimate, estimate
from pricing.scenario import MAX_THERAPY_SESSIONS, MAX_TREATMENT_SESSIONS, from_dict
from ui import session, share
from ui.session import Sized

pytestmark = pytest.mark.xdist_group("apptest")
# 24 phases of 25 sessions = 600 sessions (MAX_TREATMENT_SESSIONS) over 24 x 10 = 240 weeks
# (at most MAX_COURSE_WEEKS = 260), with 500 therapy sessions: the most claims a file can ask.
LONGEST = {
    "version": 1,
    "modality": "spravato",
    "name": "x" * 200,
    "insurance": {"kind": "commercial"},
    "treatment": {"phases": [{"name": "p" * 80, "sessions": 25, "weeks": 10}] * 24},
    "therapy": {"sessions": MAX_THERAPY_SESSIONS, "price": 100},
}
BOUND = 12 * 2**20
ROOT = Path(__file__).resolve().parents[2]


def test_the_longest_course_is_the_formats_limit() -> None:
    scenario = from_dict(LONGEST)
    assert sum(p.session_count for p in scenario.treatment.phases) == MAX_TREATMENT_SESSIONS


def test_cache_evicts_least_recently_used_past_its_bytes() -> None:
    cache = session.ByteBoundedCache(max_bytes=1)
    small = estimate(from_dict({"version": 1, "modality": "iv_ketamine"}), draws=10)
    assert cache.get("a", lambda: small) is small
    assert cache.get("b", lambda: small) is small
    assert len(cache) == 1, "over the bound: only the newest stays"
    cache.max_bytes = 10 * session.size_of(small)
    for key in "cdef":
        cache.get(key, lambda: small)
    assert cache.get("c", lambda: pytest.fail("c was still cached")) is small  # c is now newest
    assert len(cache) == 5 and cache.total_bytes() <= cache.max_bytes


def script() -> None:
    from ui import inputs, session

    session.start()
    inputs.render_treatment()
    scenario, _ = session.current_scenario()
    est = session.cached_estimate(scenario)
    est.ledger  # noqa: B018 - what the page builds: the ledger and the cumulative table
    est.cumulative()


def test_longest_course_and_eight_price_changes_stay_within_the_bound() -> None:
    cache = session.estimate_cache()
    cache.clear()
    saved, cache.max_bytes = cache.max_bytes, BOUND
    made: list[weakref.ref[Sized]] = []
    try:
        at = AppTest.from_function(script, default_timeout=120)
        at.query_params[share.QUERY_KEY] = share.encode_for_link(from_dict(LONGEST))
        at.run()
        made.append(weakref.ref(next(reversed(cache._items.values()))))
        for price in range(300, 700, 50):  # 8 price changes: 8 more of the longest estimate
            next(w for w in at.number_input if w.key == "in_price_high").set_value(price).run()
            made.append(weakref.ref(next(reversed(cache._items.values()))))
        assert not at.exception
        gc.collect()
        alive = [ref() for ref in made if ref() is not None]
        # About 1.4 MB each and 4.4 MB of charts by the bound (ui.session.size_of): 9 estimates
        # would hold about 50 MB; the cache keeps 12 MiB's worth, and the ones it dropped are
        # gone from memory (nothing else holds them).
        assert len(made) == 9 and min(session.size_of(e) for e in alive) > 1_000_000
        assert cache.total_bytes() <= BOUND
        assert len(alive) == len(cache) < 9
        assert sum(session.size_of(e) for e in alive) <= BOUND
    finally:
        cache.max_bytes = saved
        cache.clear()


def test_each_entry_is_measured_once_at_insertion(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: the cache re-measured every entry on every insertion (most of the Estimate
    rerun's own time); now one measurement per inserted result, none on a hit."""
    small = estimate(from_dict({"version": 1, "modality": "iv_ketamine"}), draws=10)
    measured: list[object] = []

    def counting(value: Sized) -> int:
        measured.append(value)
        return 1000

    monkeypatch.setattr(session, "size_of", counting)
    cache = session.ByteBoundedCache(max_bytes=10_000)
    for key in "abcdefgh":
        cache.get(key, lambda: small)
    cache.get("h", lambda: pytest.fail("h was cached"))
    assert len(measured) == 8
    assert cache.total_bytes() == 8000 and len(cache) == 8
    for key in "ijk":  # past the bound: the oldest go, and the total follows
        cache.get(key, lambda: small)
    assert len(cache) == 10 and cache.total_bytes() == 10_000 and len(measured) == 11


def test_the_chart_bound_covers_the_estimate_pages_charts() -> None:
    """size_of counts the charts drawn() keeps: for the default course and the longest one, the
    three charts of the Estimate page take less than the bound (tracemalloc)."""
    import tracemalloc

    from pricing.explain import paying as pay_words
    from ui import charts
    from ui.paying_charts import cliff_chart

    def draw(est: Estimate) -> list[object]:
        paying = est.paying
        way = pay_words.cliff_way(paying)
        assert way.promo_end is not None
        cum, events = est.cumulative(), est.events()
        return [
            charts.cumulative_chart(cum, events, "t"),
            charts.breakdown_chart(est.by_component(), "t", True),
            cliff_chart(pay_words.cliff_rows(paying), way.promo_end, "t"),
        ]

    for data in ({"version": 1, "modality": "iv_ketamine"}, LONGEST):
        est = estimate(from_dict(data))
        draw(est)  # the tables, and Plotly's validators (made once per process)
        tracemalloc.start()
        try:
            kept = draw(est)
            held, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert kept
        claims = len(est.visits)
        assert held <= session.CHART_BYTES + session.CHART_BYTES_PER_CLAIM * claims, (claims, held)


def test_charts_are_drawn_once_per_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: a rerun with the same scenario reuses the Estimate page's charts."""
    from ui import charts

    made: list[str] = []
    real = charts.cumulative_chart

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append("cumulative")
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "cumulative_chart", counting)
    session.estimate_cache().clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    at.run()  # the same inputs again
    assert not at.exception and len(made) == 1
    next(w for w in at.number_input if w.key == "in_price_high").set_value(987.0).run()
    assert len(made) == 2  # a new scenario: a new chart
    session.estimate_cache().clear()
