"""Which plans cover a treatment and approve it: the coverage rules by insurance kind and
component, the share of plans covering, and the chance a prior-authorisation request is approved
(rule 13: refusals come through the approval chance), each as the levers change them."""

from __future__ import annotations

import numpy as np

from pricing import course as courses
from pricing import defaults
from pricing.course import COMPONENTS
from pricing.defaults import population as params
from pricing.defaults import spravato as spravato_defaults
from pricing.equity.population import KIND_CODE, KINDS, FloatArray, IntArray
from pricing.equity.reforms import MEDICAID_IV_TREATMENT, MEDICAID_LEVER_TREATMENT, Reforms
from pricing.equity.uncertainty import CENTRAL, ParameterDraw
from pricing.ledger import COVERAGE_CODES


def covering_share(modality: str, kind: str) -> float:
    """Share of plans of `kind` that cover `modality` (the coverage rule's share; Medicaid
    covers Spravato as an outpatient drug, its refusals come through the approval chance)."""
    return defaults.plans_covering_share(modality, kind)


APPROVAL = "spravato_billing.spravato_billing"


def approval_chance(modality: str, kind: str, draw: ParameterDraw = CENTRAL) -> float | None:
    """The defaults' chance that a plan of `kind` approves `modality` (prior authorisation),
    as `draw` has it; None where there is no approval step."""
    chance = spravato_defaults.approval_chance(kind, modality)
    if chance is None:
        return None
    path = (
        f"{APPROVAL}.approval_chance"
        if modality == MEDICAID_LEVER_TREATMENT
        else f"{APPROVAL}.off_label_approval_chance"
    )
    key = f"{path}#{kind}" if modality == MEDICAID_LEVER_TREATMENT else path
    return draw.scaled(key, chance, share=True)


def coverage_rules(
    modality: str, reforms: Reforms, draw: ParameterDraw = CENTRAL
) -> tuple[IntArray, FloatArray, FloatArray]:
    """(4, 4) coverage codes by kind and component, (4,) share of plans covering and (4,)
    chance a request is approved, by kind (1 where there is no approval step)."""
    source = modality
    if reforms.coverage_parity and modality in params.parity_treatments():
        source = params.parity_covered_like()
    codes = np.zeros((len(KINDS), len(COMPONENTS)), dtype=np.int64)
    share = np.ones(len(KINDS))
    approve = np.ones(len(KINDS))
    for code, kind in enumerate(KINDS):
        rule_modality = source if kind != "none" else modality
        rule = defaults.coverage(rule_modality, kind)
        codes[code] = [COVERAGE_CODES[rule[courses.COVERED_AS[c]]] for c in COMPONENTS]
        share[code] = covering_share(rule_modality, kind)
        chance = approval_chance(rule_modality, kind, draw)
        approve[code] = 1.0 if chance is None else chance
    medicaid = KIND_CODE["medicaid"]
    if reforms.medicaid_covers_spravato and source == MEDICAID_LEVER_TREATMENT:
        share[medicaid] = 1.0
        approve[medicaid] = 1.0
    if reforms.medicaid_covers_iv and modality == MEDICAID_IV_TREATMENT and source == modality:
        # Medicaid covers the infusion, intake and therapy in network, with the defaults'
        # approval chance for a plan that covers IV ketamine.
        codes[medicaid] = COVERAGE_CODES["in_network"]
        share[medicaid] = 1.0
        chance = approval_chance(modality, "medicaid", draw)
        approve[medicaid] = 1.0 if chance is None else chance
    return codes, share, approve
