"""The equity run's figures from merged tallies: shares priced out, people newly able to afford a
course, each payer's dollars a year, the stacked reforms, by state, and p10-p90 bands.

Everything here is arithmetic on pricing.equity.tally.Totals (people and dollars of the real
population the sample stands for); the JSON the CLI prints is summarise()'s dict, rounded there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pricing.equity.population import KINDS, band_labels
from pricing.equity.tally import INSURERS, PAYER, PAYERS, Totals, weighted_median

NAN = float("nan")
HALF_CENT = 0.005


@dataclass(frozen=True)
class Layout:
    """Which scenario index is which: 0 the baseline, then each reform alone, then the stack's
    steps from the second on (its first step is the first reform alone)."""

    treatments: tuple[str, ...]
    reforms: tuple[str, ...]

    def alone(self, r: int) -> int:
        return 1 + r

    def step(self, i: int) -> int:
        """Scenario of the stack's step i (0-based): the first i + 1 reforms together."""
        return self.alone(0) if i == 0 else 1 + len(self.reforms) + (i - 1)

    @property
    def scenarios(self) -> int:
        n = len(self.reforms)
        return 1 + n + max(n - 1, 0)


def _share(num: float, den: float) -> float:
    return float(num / den) if den > 0 else NAN


def _per(num: float, den: float) -> float:
    return float(num / den) if den > 0 else NAN


def priced_out(tot: Totals, s: int, t: int) -> dict[str, float]:
    """{band: share priced out, ..., "all": share} of people."""
    assert tot.priced_band is not None and tot.band_people is not None
    out = {
        band: _share(tot.priced_band[s, t, i], tot.band_people[i])
        for i, band in enumerate(band_labels())
    }
    out["all"] = _share(tot.priced_band[s, t].sum(), tot.people)
    return out


def priced_out_by_kind(tot: Totals, s: int, t: int) -> dict[str, float]:
    assert tot.priced_kind is not None and tot.kind_people is not None
    out = {
        kind: _share(tot.priced_kind[s, t, i], tot.kind_people[i]) for i, kind in enumerate(KINDS)
    }
    out["all"] = _share(tot.priced_kind[s, t].sum(), tot.people)
    return out


def _dollars(x: float) -> float:
    """Dollars, with what is below half a cent (float rounding of sums) as 0."""
    return float(x) if abs(x) >= HALF_CENT else 0.0


def payer_dollars(values: np.ndarray) -> dict[str, float]:
    """{payer: dollars, ..., "total": their sum} from a (P,) array."""
    out = {name: _dollars(values[PAYER[name]]) for name in PAYERS}
    out["total"] = _dollars(values.sum())
    return out


def newly_affordable(tot: Totals, s: int, t: int) -> dict[str, Any]:
    """The reform's people newly able to afford the course, and what it costs (the first
    edition's keys, now in people and dollars a year; `count` stays sample households)."""
    assert tot.newly_band is not None and tot.newly_count is not None
    assert tot.payers is not None and tot.payers_newly is not None
    assert tot.band_people is not None and tot.kind_people is not None
    assert tot.newly_kind is not None and tot.lost_count is not None
    assert tot.newly_band_count is not None and tot.newly_kind_count is not None
    people = float(tot.newly_band[s, t].sum())
    delta = tot.payers[s, t] - tot.payers[0, t]
    insurers = [PAYER[p] for p in INSURERS]
    on_newly = float(tot.payers_newly[s, t, insurers].sum())
    return {
        "count": int(tot.newly_count[s, t]),
        "share": _share(people, tot.people),
        "no_longer_affordable": int(tot.lost_count[s, t]),
        "people": people,
        "by_band": {
            band: {
                "count": int(tot.newly_band_count[s, t, i]),
                "share": _share(tot.newly_band[s, t, i], tot.band_people[i]),
            }
            for i, band in enumerate(band_labels())
        },
        "by_kind": {
            kind: {
                "count": int(tot.newly_kind_count[s, t, i]),
                "share": _share(tot.newly_kind[s, t, i], tot.kind_people[i]),
            }
            for i, kind in enumerate(KINDS)
        },
        # Dollars a year for the real population (insurers: commercial, Medicare, Medicaid).
        "extra_insurer_spending": float(delta[insurers].sum()),
        "extra_assistance_spending": float(delta[PAYER["manufacturer"]]),
        # What insurers spend on the courses of the people newly reached, per person reached.
        "extra_insurer_per_newly_reached": _per(on_newly, people),
    }


def cost_breakdown(tot: Totals, s: int, t: int) -> dict[str, dict[str, float]]:
    """The change in each payer's dollars a year, split by whom it is spent on: the people newly
    able to afford the course (their whole course), those who could already afford it (the
    change in who pays), and those no longer able (their baseline course, which stops)."""
    assert tot.payers is not None and tot.payers_newly is not None
    assert tot.payers_lost is not None
    delta = tot.payers[s, t] - tot.payers[0, t]
    newly = tot.payers_newly[s, t]
    lost = -tot.payers_lost[s, t]
    return {
        "newly_able": payer_dollars(newly),
        "already_able": payer_dollars(delta - newly - lost),
        "no_longer_able": payer_dollars(lost),
    }


def reform_figures(tot: Totals, s: int, t: int) -> dict[str, Any]:
    """One reform's figures for one treatment (people and dollars a year)."""
    assert tot.payers is not None and tot.payers_newly is not None and tot.newly_band is not None
    people = float(tot.newly_band[s, t].sum())
    return {
        "priced_out": priced_out(tot, s, t),
        "newly_affordable": newly_affordable(tot, s, t),
        "newly_affordable_people": people,
        "cost": payer_dollars(tot.payers[s, t] - tot.payers[0, t]),
        "cost_per_person_reached": {
            name: _per(float(value), people)
            for name, value in payer_dollars(tot.payers_newly[s, t]).items()
        },
        "cost_breakdown": cost_breakdown(tot, s, t),
    }


def stack(tot: Totals, layout: Layout, levers: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """The reforms stacked in order: each step's marginal effect (against the step before) and
    the running total (against the baseline), per treatment."""
    assert tot.takers is not None and tot.payers is not None
    steps = []
    before = 0
    for i, name in enumerate(layout.reforms):
        s = layout.step(i)
        row: dict[str, Any] = {
            "reform": name,
            "levers": levers[name],
            "priced_out": {},
            "newly_affordable_people": {},
            "cost": {},
            "total_newly_affordable_people": {},
            "total_cost": {},
        }
        for t, treatment in enumerate(layout.treatments):
            row["priced_out"][treatment] = priced_out(tot, s, t)["all"]
            row["newly_affordable_people"][treatment] = float(
                tot.takers[s, t] - tot.takers[before, t]
            )
            row["cost"][treatment] = payer_dollars(tot.payers[s, t] - tot.payers[before, t])
            row["total_newly_affordable_people"][treatment] = float(
                tot.takers[s, t] - tot.takers[0, t]
            )
            row["total_cost"][treatment] = payer_dollars(tot.payers[s, t] - tot.payers[0, t])
        steps.append(row)
        before = s
    return steps


def ranking(
    reforms: Mapping[str, Mapping[str, Any]], treatments: Sequence[str]
) -> dict[str, list[str]]:
    """Reforms by people newly able to afford each treatment, most first; ties by lower cost."""
    out = {}
    for t in treatments:
        out[t] = sorted(
            reforms,
            key=lambda name: (
                -reforms[name]["newly_affordable_people"][t],
                reforms[name]["cost"][t]["total"],
                name,
            ),
        )
    return out


def summarise(
    tot: Totals,
    layout: Layout,
    levers: Mapping[str, list[str]],
    by_state: Mapping[str, tuple[int, Totals]] | None = None,
) -> dict[str, Any]:
    """The figures of one run (central or one parameter draw), unrounded."""
    treatments = layout.treatments
    reforms: dict[str, Any] = {}
    for r, name in enumerate(layout.reforms):
        s = layout.alone(r)
        per = {t: reform_figures(tot, s, i) for i, t in enumerate(treatments)}
        reforms[name] = {
            "levers": levers[name],
            "priced_out": {t: per[t]["priced_out"] for t in treatments},
            "newly_affordable": {t: per[t]["newly_affordable"] for t in treatments},
            "newly_affordable_people": {t: per[t]["newly_affordable_people"] for t in treatments},
            "cost": {t: per[t]["cost"] for t in treatments},
            "cost_per_person_reached": {t: per[t]["cost_per_person_reached"] for t in treatments},
            "cost_breakdown": {t: per[t]["cost_breakdown"] for t in treatments},
        }
    out: dict[str, Any] = {
        "people_represented": tot.people,
        "median_out_of_pocket": {t: weighted_median(tot.hist[i]) for i, t in enumerate(treatments)},
        "priced_out": {t: priced_out(tot, 0, i) for i, t in enumerate(treatments)},
        "priced_out_by_kind": {t: priced_out_by_kind(tot, 0, i) for i, t in enumerate(treatments)},
        "spending": {t: payer_dollars(tot.payers[0, i]) for i, t in enumerate(treatments)},  # type: ignore[index]
        "reforms": reforms,
    }
    if len(layout.reforms) >= 2:
        out["stack"] = stack(tot, layout, levers)
    if layout.reforms:
        out["ranking"] = ranking(reforms, treatments)
    if by_state is not None:
        out["by_state"] = {
            code: {
                "households_represented": households,
                "people_represented": state.people,
                "priced_out": {t: priced_out(state, 0, i) for i, t in enumerate(treatments)},
            }
            for code, (households, state) in by_state.items()
        }
    return out


# --- p10-p90 bands across parameter draws -------------------------------------------------------

# Where the headline figures sit in summarise()'s dict: (path, the key whose value gets a band).
# "*" matches every key at that level; a band goes beside its figure as `<key>_band`.
BANDED: tuple[tuple[str, ...], ...] = (
    ("median_out_of_pocket",),
    ("priced_out",),
    ("priced_out_by_kind",),
    ("spending",),
    ("reforms", "*", "priced_out"),
    ("reforms", "*", "newly_affordable_people"),
    ("reforms", "*", "cost"),
    ("reforms", "*", "cost_per_person_reached"),
    ("stack", "*", "priced_out"),
    ("stack", "*", "newly_affordable_people"),
    ("stack", "*", "cost"),
    ("stack", "*", "total_newly_affordable_people"),
    ("stack", "*", "total_cost"),
    ("by_state", "*", "priced_out"),
)


def _band_of(values: Sequence[Any]) -> Any:
    """{p10, p90} of numbers, or the same structure of bands for nested dicts."""
    first = values[0]
    if isinstance(first, dict):
        return {k: _band_of([v[k] for v in values]) for k in first}
    numbers = np.array([float(v) for v in values])
    finite = numbers[np.isfinite(numbers)]
    if finite.size == 0:
        return {"p10": NAN, "p90": NAN}
    p10, p90 = np.percentile(finite, [10, 90])
    return {"p10": float(p10), "p90": float(p90)}


def _walk(
    central: Any, draws: Sequence[Any], path: tuple[str, ...], visit: Callable[..., None]
) -> None:
    head, rest = path[0], path[1:]
    keys = (
        list(range(len(central)))
        if head == "*" and isinstance(central, list)
        else (list(central) if head == "*" else [head])
    )
    for key in keys:
        if isinstance(central, dict) and key not in central:
            continue
        if not rest:
            visit(central, key, [d[key] for d in draws])
        else:
            _walk(central[key], [d[key] for d in draws], rest, visit)


def add_bands(central: dict[str, Any], draws: Sequence[dict[str, Any]]) -> None:
    """Put `<key>_band: {... p10, p90}` beside every headline figure of `central`, from the
    same figures of each parameter draw."""

    def visit(parent: dict[str, Any], key: str, values: list[Any]) -> None:
        parent[f"{key}_band"] = _band_of(values)

    for path in BANDED:
        _walk(central, draws, path, visit)
