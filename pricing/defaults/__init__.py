"""Sourced default parameters: the YAML files beside this module, read once.

Each number in those files sits in an entry with `value` (or `low`/`high`), `unit`, `source`
(an id in sources.yaml) and `as_of`. This module hands out the bare values to the engine and
the whole entries to the Sources page, so a figure lives in exactly one place.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from pricing.defaults import dated, parsed

DEFAULTS_DIR = Path(__file__).resolve().parent

# Also the claim components' settlement order, which pricing.course.COMPONENTS names for the
# engine (course sits above this module, which needs the names for the coverage rules).
COMPONENTS = ("intake", "treatment", "therapy")
MODALITIES = ("spravato", "iv_ketamine", "im_ketamine", "kap_lozenge", "at_home_ketamine")
INSURANCE_KINDS = ("none", "commercial", "medicare", "medicaid")


@cache
def load(name: str) -> dict[str, Any]:
    """One defaults file, parsed (trusted project data, still read with a safe loader; kept as
    JSON between runs: pricing/defaults/parsed.py)."""
    data = parsed.read(DEFAULTS_DIR / f"{name}.yaml")
    if not isinstance(data, dict):
        raise ValueError(f"defaults file {name}.yaml is not a mapping")
    return data


def files() -> list[str]:
    """Names of every defaults file, without the .yaml suffix."""
    return sorted(p.stem for p in DEFAULTS_DIR.glob("*.yaml"))


def value(entry: Any) -> Any:
    """The bare value of a sourced entry: `value`, {low, high} for a range, or the newest of
    dated `values` (pricing/defaults/dated.py picks the one in force on a date)."""
    if isinstance(entry, dict):
        if isinstance(entry.get("values"), list):
            return dated.newest(entry)
        if "value" in entry:
            return entry["value"]
        if "low" in entry and "high" in entry:
            return {"low": entry["low"], "high": entry["high"]}
    return entry


def value_on(entry: Any, day: dt.date) -> Any:
    """The bare value of a sourced entry in force on `day`: a dated entry's value on that day
    (rule 14; pricing/defaults/dated.py), any other entry's one value."""
    if dated.is_dated(entry):
        return dated.value_on(entry, day)[0]
    return value(entry)


def sources() -> dict[str, dict[str, Any]]:
    return dict(load("sources")["sources"])


def modality(name: str) -> dict[str, Any]:
    return dict(load("modalities")["modalities"][name])


def modality_label(name: str) -> str:
    return str(modality(name)["label"])


def modality_short(name: str) -> str:
    """The treatment's short name ("IV ketamine"), as tables and sentences name it."""
    return str(modality(name)["short"])


def course(name: str) -> dict[str, Any]:
    return dict(load("courses")["courses"][name])


def plans() -> dict[str, dict[str, Any]]:
    return dict(load("insurance")["plans"])


def plan_for_kind(kind: str) -> str:
    """Id of the plan template a bare `insurance: {kind: ...}` takes."""
    for plan_id, plan in plans().items():
        if plan["kind"] == kind and plan.get("default_for_kind"):
            return plan_id
    raise KeyError(kind)


def dated_terms(plan_id: str, on: dt.date) -> dict[str, tuple[Any, bool]]:
    """A plan template's terms in force on `on`: {term: (value, projected past its last value)}."""
    found: dict[str, tuple[Any, bool]] = {}
    for key, entry in plans()[plan_id]["terms"].items():
        found[key] = dated.value_on(entry, on) if dated.is_dated(entry) else (value(entry), False)
    return found


def plan_terms(plan_id: str, on: dt.date | None = None) -> dict[str, Any]:
    """A plan template as scenario `insurance` fields (bare values, no coverage), with the
    values in force on `on` (default: the default start date)."""
    plan = plans()[plan_id]
    common = load("insurance")["plan_common"]
    oon = plan.get("out_of_network", common["out_of_network_none"])
    terms = dated_terms(plan_id, default_start_date() if on is None else on)
    return {
        "kind": plan["kind"],
        "plan_year_start_month": value(common["plan_year_start_month"]),
        **{key: found for key, (found, _) in terms.items()},
        "met_this_year": {"deductible": 0, "oop": 0},
        "allowed_share": value(common["allowed_share"]),
        "out_of_network": {key: value(entry) for key, entry in oon.items()},
    }


def coverage(modality_name: str, kind: str) -> dict[str, str]:
    rule = load("insurance")["coverage_rules"][modality_name][kind]
    return {part: str(rule[part]) for part in COMPONENTS}


def plans_covering_share(modality_name: str, kind: str) -> float:
    """Share of plans of this kind that cover the treatment as the rule says (1.0 unless sourced)."""
    rule = load("insurance")["coverage_rules"][modality_name][kind]
    return float(value(rule.get("plans_covering_share", 1.0)))


def manufacturer_programme(modality_name: str) -> dict[str, Any] | None:
    for programme in load("assistance")["manufacturer_programmes"].values():
        if programme["modality"] == modality_name:
            return dict(programme)
    return None


def programme_eligible_kinds(modality_name: str) -> tuple[str, ...]:
    """Insurance kinds the treatment's manufacturer programme helps (none without a programme)."""
    programme = manufacturer_programme(modality_name)
    return () if programme is None else tuple(str(k) for k in programme["eligible_kinds"])


def programme_exists(modality_name: str) -> bool:
    """Whether the treatment has a manufacturer programme at all (for any insurance kind)."""
    return manufacturer_programme(modality_name) is not None


def marginal_tax_rate() -> float:
    return float(value(load("assistance")["payment"]["marginal_tax_rate"]))


def scenario_setting(key: str) -> Any:
    """A scenario-level default by key; code should prefer the named accessors below."""
    return value(load("scenario")["scenario"][key])


def monte_carlo_draws() -> int:
    """Simulated courses behind one estimate's percentiles."""
    return int(scenario_setting("monte_carlo_draws"))


def default_seed() -> int:
    """Seed of the Monte Carlo's random generator (an estimate is reproducible)."""
    return int(scenario_setting("monte_carlo_seed"))


def max_monte_carlo_draws() -> int:
    """The most draws an estimate accepts (bounds its memory; the CLI's --draws limit)."""
    return int(scenario_setting("monte_carlo_max_draws"))


def compare_monte_carlo_draws() -> int:
    """Simulated courses per treatment on Compare (fewer than one estimate's: five at once)."""
    return int(scenario_setting("compare_monte_carlo_draws"))


def compare_horizons_months() -> tuple[int, ...]:
    """Months at which Compare names the cheapest treatment."""
    return tuple(int(m) for m in scenario_setting("compare_horizons_months"))


def compare_period_options_months() -> tuple[int, ...]:
    """Periods (months) a person can compare treatments over."""
    return tuple(int(m) for m in scenario_setting("compare_period_options_months"))


def compare_default_period_months() -> int:
    return int(scenario_setting("compare_default_period_months"))


def good_faith_estimate_dispute_threshold() -> float:
    """USD above a Good Faith Estimate from which a self-paying patient may dispute the bill."""
    return float(scenario_setting("good_faith_estimate_dispute_threshold"))


def default_start_date() -> dt.date:
    start = scenario_setting("start_date")
    return start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))


def poverty_guideline(
    household_size: int, year: int | None = None, state: str | None = None
) -> float:
    """HHS poverty guideline for a household, for `year` or the newest year: the 48 states and
    DC, or Alaska's and Hawaii's own (rule 12)."""
    table = load("poverty").get("poverty_guidelines_by_state", {}).get(state)
    if table is None:
        table = load("poverty")["poverty_guidelines"]
    chosen = max(table) if year is None or year not in table else year
    row = table[chosen]
    return float(value(row["first_person"]) + value(row["each_additional"]) * (household_size - 1))


def poverty_year() -> int:
    return int(max(load("poverty")["poverty_guidelines"]))


# Keys that make an entry a table (states by postal code, income groups, bands): the Sources
# page shows a one-line summary instead of the whole table.
_TABLE_KEYS = frozenset({"by_state", "groups", "shares", "edges", "values_by_year"})


def _table_summary(entry: dict[str, Any], file: str) -> str:
    if "by_state" in entry:
        rows = len(entry["by_state"] or {})
        return f"{rows} states, one row each ({file}.yaml)" if rows else "none (see the note)"
    if "groups" in entry:
        return f"{len(entry['groups'])} groups ({file}.yaml)"
    if "values_by_year" in entry:
        return ", ".join(f"{year}: {v:,}" for year, v in entry["values_by_year"].items())
    if "shares" in entry:
        return f"shares {entry['shares']} at edges {entry.get('edges', [])}"
    return f"bands at edges {entry['edges']} ({file}.yaml)"


def entries() -> list[dict[str, Any]]:
    """Every sourced entry in every defaults file, flattened for the Sources page.

    An entry is a mapping with a `source` key; its path says where it sits (file: a.b.c)."""
    found: list[dict[str, Any]] = []
    catalogue = sources()

    def walk(node: Any, path: list[str], file: str) -> None:
        if isinstance(node, dict):
            if "source" in node and file != "sources":
                src = catalogue.get(node["source"], {})
                shown = value(node)
                if isinstance(shown, dict) and {"low", "high"} <= shown.keys():
                    shown = f"{shown['low']:,} to {shown['high']:,}"
                elif isinstance(shown, dict) and _TABLE_KEYS & shown.keys():
                    shown = _table_summary(shown, file)
                elif isinstance(shown, dict | list):
                    shown = str(shown)
                elif "phases" in node or "induction" in node:
                    shown = node.get("label", "course template")
                elif shown is node:
                    shown = ", ".join(
                        f"{k}: {v}" for k, v in node.items() if k in COMPONENTS
                    ) or node.get("label", "")
                found.append(
                    {
                        "file": file,
                        "figure": ".".join(path),
                        "value": shown,
                        "unit": node.get("unit", ""),
                        "as_of": str(node.get("as_of", "")),
                        "source": src.get("title", node["source"]),
                        "url": src.get("url"),
                        "uncertain": bool(node.get("uncertain", False)),
                        "note": node.get("note", ""),
                    }
                )
            for key, child in node.items():
                walk(child, [*path, str(key)], file)
        elif isinstance(node, list):
            for i, child in enumerate(node):
                walk(child, [*path, str(i)], file)

    for name in files():
        walk(load(name), [], name)
    return found
