"""Keep, share, export: share links (query parameters), YAML/CSV downloads and the HTML report.

A share link carries the whole scenario as base64url-encoded JSON in one query parameter, read
back through the same validation as a scenario file. Household income is left out unless the
person asks for it to be included.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from typing import Any

import plotly.graph_objects as go

from pricing import defaults
from pricing.estimate import Estimate
from pricing.explain import paying as pay_words
from pricing.explain import report as report_words
from pricing.report import money
from pricing.scenario import (
    MAX_DEPTH,
    Scenario,
    ScenarioError,
    from_dict,
    to_dict,
)
from pricing.scenario.errors import echo
from ui import us_states

QUERY_KEY = "scenario"
# Longest share-link token the app reads or writes (issue 11, defect 6). The server's HTTP parser
# (h11 under uvicorn) refuses a request head that arrives in pieces once it passes 16 KiB, and
# the browser repeats the page's address in each asset request's Referer, so a token must stay
# well below that for the app's own message to show. The longest scenario the form can make is
# about 5,400 characters (24 phases with 80-character names, a 200-character name).
MAX_LINK_CHARS = 12_000
TOO_LONG = f"This scenario is too long to share as a link (over {MAX_LINK_CHARS:,} characters)."


def encode_for_link(scenario: Scenario, include_income: bool = False) -> str:
    data = to_dict(scenario)
    if not include_income:
        data["household"]["income"] = None
        if data.get("tax"):  # adjusted gross income is income too; without it, no itemising
            data["tax"].pop("agi", None)
            data["tax"]["itemizes"] = False
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode_link(token: str) -> Scenario:
    """A scenario from a share-link token; ScenarioError (field 'link') when it is damaged."""
    if len(token) > MAX_LINK_CHARS:
        raise ScenarioError("link", f"too long (over {MAX_LINK_CHARS:,} characters)")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_repeated_keys)
    except _RepeatedKey as err:
        raise ScenarioError("link", f"'{echo(err)}' appears twice in one mapping") from None
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise ScenarioError("link", "the shared scenario in this link is damaged") from None
    if _depth(data) > MAX_DEPTH:
        raise ScenarioError("link", "nested deeper than the scenario format allows")
    return from_dict(data)


# A page's own widget values in one link parameter (Clinic pricing): {name: value} as
# base64url-encoded JSON, read back under the same length limit and refusals as a scenario, and
# only as flat names and plain values; each value is checked again against its widget's options
# and bounds before it is used (ui.links).
MAX_STATE_ENTRIES = 600
MAX_STATE_TEXT = 100
STATE_NAME = re.compile(r"[a-z0-9_]{1,80}")


def encode_state(values: dict[str, Any]) -> str:
    text = json.dumps(values, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode_state(token: str) -> dict[str, Any]:
    """Widget values from a link; ScenarioError (field 'link') when damaged or not plain."""
    if len(token) > MAX_LINK_CHARS:
        raise ScenarioError("link", f"too long (over {MAX_LINK_CHARS:,} characters)")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(
            raw.decode("utf-8"), object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant
        )
    except _RepeatedKey as err:
        raise ScenarioError("link", f"'{echo(err)}' appears twice in one mapping") from None
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise ScenarioError("link", "the values in this link are damaged") from None
    if not isinstance(data, dict) or len(data) > MAX_STATE_ENTRIES:
        raise ScenarioError("link", "the values in this link are damaged")
    for name, value in data.items():
        if not STATE_NAME.fullmatch(name) or not _plain(value):
            raise ScenarioError("link", f"'{echo(name)}' is not a value this page has")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not numbers a form holds


def _plain(value: Any) -> bool:
    if isinstance(value, list):
        return len(value) <= 20 and all(_plain(v) and not isinstance(v, list) for v in value)
    if isinstance(value, str):
        return len(value) <= MAX_STATE_TEXT
    return isinstance(value, bool | int | float) and abs(value) < 1e15


class _RepeatedKey(Exception):
    """A key written twice in one JSON object (the YAML reader refuses the same, issue 20)."""


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _RepeatedKey(key)
        data[key] = value
    return data


def _depth(node: Any) -> int:
    """Nesting depth of decoded JSON, stopping early once past what the format allows."""
    stack = [(node, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        stack.extend((child, level + 1) for child in children)
    return deepest


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def assumptions(scenario: Scenario) -> list[tuple[str, str]]:
    """The scenario's inputs and every price, in words, for the report (pricing.explain.report)."""
    state = None if scenario.state is None else us_states.NAMES.get(scenario.state)
    return report_words.inputs(scenario, state)


def outcomes_html(estimate: Estimate) -> str:
    """Both outcomes when the plan must approve it first (rule 13), or nothing."""
    found = report_words.outcomes(estimate)
    if found is None:
        return ""
    said, rows = found
    return (
        f"<h2>If your plan approves it, and if it refuses</h2>\n<p>{html.escape(said)}</p>\n"
        f"{_table(rows)}"
    )


def html_report(
    estimate: Estimate, headline: str, figures: list[go.Figure], walkthrough: list[str]
) -> str:
    """A self-contained HTML page (plotly.js inlined once): opens with no network."""
    s = estimate.scenario
    charts = []
    for i, fig in enumerate(figures):
        charts.append(
            fig.to_html(
                full_html=False,
                include_plotlyjs="inline" if i == 0 else False,
                config={"displaylogo": False},
            )
        )
    used = {e.get("source") for e in _entries_used(s)} | set(pay_words.sources_used(estimate))
    sources = [defaults.sources()[sid] for sid in sorted(x for x in used if x)]
    source_items = "".join(
        f"<li>{html.escape(src['title'])}"
        + (
            f' — <a href="{html.escape(src["url"])}">{html.escape(src["url"])}</a>'
            if src.get("url")
            else ""
        )
        + "</li>"
        for src in sources
    )
    steps = "".join(f"<li>{html.escape(line)}</li>" for line in walkthrough)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(s.name)}: cost estimate</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; line-height: 1.5; }}
table {{ border-collapse: collapse; }} th, td {{ text-align: left; padding: .25rem .75rem;
       border-bottom: 1px solid #ddd; vertical-align: top; }}
.headline {{ font-size: 1.4rem; font-weight: 600; }}
.note {{ color: #555; font-size: .9rem; }}
</style></head><body>
<h1>{html.escape(s.name)}</h1>
<p class="headline">{html.escape(headline)}</p>
<p>{html.escape(pay_words.by_year_line(estimate.paying))}</p>
{outcomes_html(estimate)}
<p class="note">An estimate from published prices and your plan's rules, not a quote, and not
medical or financial advice. Data as of {defaults.poverty_year()}.</p>
<h2>Your inputs</h2>
{_table(assumptions(s))}
<h2>Charts</h2>
{"".join(charts)}
<h2>How the first sessions are paid</h2>
<ol>{steps}</ol>
{paying_html(estimate)}
<h2>Sources</h2>
<ul>{source_items}</ul>
</body></html>
"""


def _grid(rows: list[dict[str, Any]]) -> str:
    """A table of rows (money as whole dollars), every cell escaped."""
    if not rows:
        return ""
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])

    def cell(v: Any) -> str:
        return money(v) if isinstance(v, float) else ("" if v is None else str(v))

    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell(v))}</td>" for v in row.values()) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def paying_html(estimate: Estimate) -> str:
    """Rules 15-17 in the report: the ways to pay, warnings, tax beside the bill, routes."""
    p = estimate.paying
    ways = [{k: v for k, v in r.items() if k != "method"} for r in pay_words.ways_rows(p)]
    notes = "".join(f"<p><strong>{html.escape(w)}</strong></p>" for w in pay_words.ways_warnings(p))
    tax = "".join(f"<li>{html.escape(line)}</li>" for line in pay_words.tax_sentences(estimate))
    routes = "".join(
        f"<li><strong>{html.escape(r.title)}.</strong> {html.escape(r.text)}</li>"
        for r in pay_words.routes(estimate)
    )
    return f"""<h2>Ways to pay</h2>
<p>{html.escape(pay_words.ways_intro(p))}</p>
{_grid(ways)}
<p class="note">{html.escape(pay_words.ways_summary(p))}</p>
{notes}<p class="note">{html.escape(pay_words.cliff_summary(p))}</p>
<h2>Tax, and paying from an HSA or FSA</h2>
{_grid(pay_words.tax_rows(p))}
<ul>{tax}</ul>
<h2>Free or cheaper routes</h2>
<ul>{routes}</ul>
"""


def _entries_used(scenario: Scenario) -> list[dict[str, Any]]:
    """The defaults entries behind a scenario's treatment and plan (for the report's sources)."""
    info = defaults.modality(scenario.modality)
    entries = [
        info["treatment_price"],
        info["intake_price"],
        info["therapy_price"],
        defaults.course(info["course"]),
    ]
    plan = defaults.plans()[defaults.plan_for_kind(scenario.insurance.kind)]
    entries += list(plan["terms"].values())
    return [e for e in entries if isinstance(e, dict)]
