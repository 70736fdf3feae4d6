"""Estimate works out its answer from the inputs' state before drawing their widgets again
(issue 17: the headline reaches the browser before the form). Should drawing the form change
that state (as a widget does when it corrects a value no longer among its options), the page
runs again, so the headline is always the form's."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.estimate import estimate
from pricing.explain.estimate import headline as headline_of
from ui import inputs, session
from ui.convert import scenario_from_state
from ui.forms import PREFIX

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
pytestmark = pytest.mark.xdist_group("apptest")


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


def test_a_value_changed_while_the_form_is_drawn_is_the_one_behind_the_headline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    before = headline(at)
    draw_treatment = inputs.render_treatment
    changed: list[float] = []

    def correcting() -> None:  # once, as a widget correcting its stored value would
        if not changed:
            changed.append(st.session_state[PREFIX + "price_high"] + 500)
            st.session_state[PREFIX + "price_high"] = changed[0]
        draw_treatment()

    monkeypatch.setattr(inputs, "render_treatment", correcting)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.number_input(key=PREFIX + "price_high").value == changed[0]
    state = {
        k[len(PREFIX) :]: at.session_state[k] for k in at.session_state if k.startswith(PREFIX)
    }
    assert headline(at) == f"### {headline_of(estimate(scenario_from_state(state)))}" != before


def test_a_form_that_always_changes_an_input_runs_the_page_again_once_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    draw_treatment = inputs.render_treatment
    runs: list[int] = []

    def changing() -> None:  # on every run: no second run could ever settle it
        runs.append(1)
        st.session_state[PREFIX + "price_high"] = st.session_state[PREFIX + "price_high"] + 5
        draw_treatment()

    monkeypatch.setattr(inputs, "render_treatment", changing)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(runs) == 2  # the run, and one more; never a loop


def test_the_run_again_keeps_the_message_the_cut_run_showed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The browser test that uploads a file lost "Loaded ..." now and then: the upload changed an
    # input as the form was drawn, the page ran again, and the message (shown once, then
    # dropped) was on the run that was cut short.
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    draw_treatment = inputs.render_treatment
    changed: list[int] = []

    def correcting() -> None:
        if not changed:
            changed.append(1)
            st.session_state[PREFIX + "price_high"] = st.session_state[PREFIX + "price_high"] + 1
        draw_treatment()

    monkeypatch.setattr(inputs, "render_treatment", correcting)
    at.session_state[session.FLASH] = ("success", "Loaded my_file.yaml: my scenario")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert changed  # the page did run again
    assert [s.value for s in at.success] == ["Loaded my_file.yaml: my scenario"]


def test_a_files_message_stays_until_the_person_changes_an_input() -> None:
    # The upload browser test lost "Loaded ..." under a loaded CI now and then: a message shown
    # on one run only is gone if any other run follows before the browser draws it.
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.session_state[session.FLASH] = ("success", "Loaded my_file.yaml: my scenario")
    at.run()
    at.run()  # a run nobody asked for: the inputs are the same, the message stays
    assert [s.value for s in at.success] == ["Loaded my_file.yaml: my scenario"]
    at.number_input(key=PREFIX + "price_high").set_value(900).run()
    assert not at.success  # the person's change clears it
    at.run()
    assert not at.success


def test_the_answer_is_handed_over_before_the_form_is_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 17: the page gives the server's sending thread the interpreter once its answer is
    # drawn (ui.process.hand_over), so the headline leaves before the form and the detail.
    from ui import process

    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    events: list[str] = []
    draw_treatment = inputs.render_treatment
    monkeypatch.setattr(process, "hand_over", lambda: events.append("answer handed over"))
    monkeypatch.setattr(
        inputs, "render_treatment", lambda: (events.append("form"), draw_treatment())
    )
    at.number_input(key=PREFIX + "price_high").set_value(900).run()
    assert not at.exception, [e.message for e in at.exception]
    assert events == ["answer handed over", "form"]
    assert "$" in headline(at)
