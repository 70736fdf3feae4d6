"""Issue 17 item 3: the HTML report carries both outcomes (approved and refused), the state and
every price used, in words (no codes such as `in_network`)."""

from __future__ import annotations

import html
import re

from pricing.estimate import estimate
from pricing.explain.estimate import approval_pair, headline
from pricing.explain.walkthrough import walkthrough
from pricing.scenario import from_dict
from ui import share

SPRAVATO_IN_TEXAS = {
    "version": 1,
    "modality": "spravato",
    "state": "TX",
    "insurance": {"kind": "commercial"},
    "treatment": {
        "price": {"low": 250, "high": 250},
        "drug": {"price": {"low": 900, "high": 1100}},
    },
    "therapy": {"sessions": 2, "price": {"low": 150, "high": 200}},
}


def report_text(scenario: dict) -> str:
    est = estimate(from_dict(scenario), draws=200)
    page = share.html_report(est, headline(est), [], walkthrough(est))
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return " ".join(text.split())


def test_both_outcomes_the_state_and_every_price_in_words() -> None:
    text = report_text(SPRAVATO_IN_TEXAS)
    est = estimate(from_dict(SPRAVATO_IN_TEXAS), draws=200)
    pair = approval_pair(est)
    assert pair is not None
    _, approved, refused = pair
    assert f"If your plan approves {approved.likely}" in text
    assert f"If it refuses {refused.likely}" in text
    assert "Where you live Texas" in text
    assert "The clinic's visit, per session $250 " in text  # equal ends: one figure
    assert "The drug, per session $900 to $1,100" in text
    assert "Therapy sessions 2 at $150 to $200 each" in text
    assert "Intake visit $" in text
    before_sources = text.split(" Sources ")[0]  # source titles are their publishers' words
    for code in ("in_network", "out_of_network", "not_covered", "commercial", "medigap_"):
        assert code not in before_sources, code


def test_without_prior_authorisation_or_state_the_report_says_so() -> None:
    text = report_text({"version": 1, "modality": "iv_ketamine"})
    assert "If it refuses" not in text
    assert "Where you live Not given: national figures are used" in text
    assert "Insurance No insurance (self-pay)" in text
