"""Streamlit plumbing shared by the client's pages: cached estimates, the current scenario with
its error, uploads and share links. Everything here calls pricing; nothing computes a cost."""

from __future__ import annotations

import functools
import json

import streamlit as st

from pricing.compare import Comparison, compare
from pricing.estimate import Estimate, estimate
from pricing.report import ledger_csv
from pricing.scenario import Scenario, ScenarioError, default_scenario, dump_yaml, loads, to_dict
from ui import inputs, share
from ui.safe_text import md

LAST_GOOD = "last_good_scenario"
FLASH = "flash_message"
LINK_READ = "share_link_read"


def scenario_key(scenario: Scenario) -> str:
    """A cache key that identifies a scenario (its full content as compact JSON)."""
    return json.dumps(to_dict(scenario), sort_keys=True, separators=(",", ":"))


@st.cache_resource(max_entries=64, show_spinner=False)
def _estimate(key: str, _scenario: Scenario) -> Estimate:
    return estimate(_scenario)


def cached_estimate(scenario: Scenario) -> Estimate:
    return _estimate(scenario_key(scenario), scenario)


@st.cache_resource(max_entries=32, show_spinner=False)
def _compare(key: str, _scenario: Scenario, modalities: tuple[str, ...], months: int) -> Comparison:
    return compare(_scenario, modalities, horizon_months=months)


def cached_compare(scenario: Scenario, modalities: tuple[str, ...], months: int) -> Comparison:
    return _compare(scenario_key(scenario), scenario, modalities, months)


def start() -> None:
    """Run at the top of every client page: defaults, then a share link once per session."""
    inputs.ensure_defaults(st.session_state)
    if not st.session_state.get(LINK_READ):
        st.session_state[LINK_READ] = True
        token = st.query_params.get(share.QUERY_KEY)
        if token:
            try:
                inputs.load_into_session(share.decode_link(token))
                inputs.save(st.session_state)
                st.session_state[FLASH] = ("success", "Loaded the scenario from the shared link.")
            except ScenarioError as err:
                st.session_state[FLASH] = ("error", f"Could not use the shared link: {md(err)}")


def show_flash() -> None:
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        (st.success if kind == "success" else st.error)(text)


def current_scenario() -> tuple[Scenario, str | None]:
    """The scenario the widgets describe, or the last valid one with the error that stopped it."""
    try:
        scenario = inputs.scenario_from_state(inputs.values(st.session_state))
    except ScenarioError as err:
        fallback = st.session_state.get(LAST_GOOD) or default_scenario()
        return fallback, str(err)
    st.session_state[LAST_GOOD] = scenario
    inputs.save(st.session_state)
    return scenario, None


def on_upload() -> None:
    """Load an uploaded scenario file; a bad file leaves every input as it was."""
    uploaded = st.session_state.get("scenario_upload")
    if uploaded is None:
        return
    try:
        scenario = loads(uploaded.getvalue())
    except ScenarioError as err:
        st.session_state[FLASH] = ("error", f"{md(uploaded.name, 80)} was not loaded. {md(err)}")
        return
    inputs.load_into_session(scenario)
    inputs.save(st.session_state)
    st.session_state[FLASH] = ("success", f"Loaded {md(uploaded.name, 80)}: {md(scenario.name)}")


def keep_and_share(est: Estimate, report_html: functools.partial[str]) -> None:
    """Downloads (YAML, CSV, HTML report), upload, and the share link."""
    scenario = est.scenario
    a, b, c = st.columns(3)
    with a:
        st.download_button(
            "Download scenario (YAML)",
            functools.partial(dump_yaml, scenario),
            file_name="ketamine-cost-scenario.yaml",
            mime="application/yaml",
            on_click="ignore",
        )
    with b:
        st.download_button(
            "Download ledger (CSV)",
            functools.partial(ledger_csv, est.ledger),
            file_name="ketamine-cost-ledger.csv",
            mime="text/csv",
            on_click="ignore",
        )
    with c:
        st.download_button(
            "Download report (HTML)",
            report_html,
            file_name="ketamine-cost-report.html",
            mime="text/html",
            on_click="ignore",
        )
    st.file_uploader(
        "Load a scenario file (YAML, up to 256 KiB)",
        type=["yaml", "yml"],
        key="scenario_upload",
        on_change=on_upload,
    )
    include = st.checkbox("Include my household income in the share link", key="share_income")
    token = share.encode_for_link(scenario, include_income=include)
    base = str(st.context.url or "").split("?")[0]
    st.text_input(
        "Share link (copy it; it holds your inputs, not your identity)",
        f"{base}?{share.QUERY_KEY}={token}",
        key="share_link_text",
    )
