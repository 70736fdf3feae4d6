"""The evidence packet behind a figure (DESIGN, "Every command takes `--evidence FILE.zip`").

A packet is one zip: the scenario file, what the command printed, the printed data as CSV (one row
per figure: its path, value and unit; for `ledger`, the ledger itself), `metadata.json` (the full
filled scenario, a hash of the defaults, the sourced defaults the figures rest on, the version
and the command that prints the same output when run in the unpacked folder), a README saying
what each file and column means, and a citation line. A page adds a chart's own files.

Pure: values in, bytes out. The same packet gives the same bytes (fixed timestamps, sorted
names, fixed compression), so two runs on one day give identical zips. The date a packet names
is an input (`packet_date` reads it from SOURCE_DATE_EPOCH, else today).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shlex
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pricing
from pricing import defaults
from pricing.report import csv_safe
from pricing.scenario import Scenario
from pricing.scenario.dated_terms import plan_id_for
from pricing.scenario.errors import one_line

TOOL = "ketamine-cost"
# The earliest time a zip entry can carry: every entry gets it, so the bytes never depend on
# when or where a packet was made.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 9
SCENARIO_FILE = "scenario.yaml"

# --- the defaults' fingerprint ------------------------------------------------------------------


def defaults_files() -> dict[str, str]:
    """sha256 of each defaults file's bytes, by file name."""
    return {
        f"{name}.yaml": hashlib.sha256(
            (defaults.DEFAULTS_DIR / f"{name}.yaml").read_bytes()
        ).hexdigest()
        for name in defaults.files()
    }


def defaults_sha256() -> str:
    """One hash of every defaults file: sha256 over, in name order, each file's name, a NUL byte,
    its bytes and a NUL byte (the README says the same, so anyone can recompute it)."""
    digest = hashlib.sha256()
    for name in defaults.files():
        digest.update(f"{name}.yaml".encode() + b"\0")
        digest.update((defaults.DEFAULTS_DIR / f"{name}.yaml").read_bytes() + b"\0")
    return digest.hexdigest()


# --- the sourced defaults a result rests on ---------------------------------------------------

# Which defaults each command reads, as entry prefixes (`file:figure.path`, `*` a whole file).
# The scenario-level commands read the files named by the scenario (its treatment, plan and
# programmes: `_scenario_prefixes`); clinic and equity read their whole tables.
_WHOLE = {
    "clinic": (
        "clinic:*",
        "modalities:*",
        "courses:*",
        "insurance:*",
        "population:*",
        "poverty:*",
        "spravato_billing:*",
        "assistance:*",
        "scenario:*",
    ),
    "equity": tuple(f"{name}:*" for name in defaults.files() if name not in ("clinic", "sources")),
    "sources": tuple(f"{name}:*" for name in defaults.files() if name != "sources"),
}


def _scenario_prefixes(scenario: Scenario, modalities: Sequence[str]) -> list[str]:
    """The defaults behind one person's estimate for each treatment in `modalities`."""
    ins = scenario.insurance
    supplement = ins.medicare.supplement if ins.medicare else None
    found = ["scenario:scenario", "insurance:plan_common"]
    found.append(f"insurance:plans.{plan_id_for(ins.kind, supplement)}")
    for modality in modalities:
        found += [
            f"modalities:modalities.{modality}",
            f"courses:courses.{defaults.modality(modality)['course']}",
            f"insurance:coverage_rules.{modality}",
        ]
        if defaults.programme_exists(modality):
            found.append("assistance:manufacturer_programmes")
    if "spravato" in modalities:
        found.append("spravato_billing:*")
    if ins.kind == "medicare":
        found.append("medicare:*")
    if ins.kind == "medicaid":
        found.append("medicaid:*")
    if scenario.household.income is not None:
        found.append("poverty:*")
    if scenario.payment.pretax_account:
        found.append("assistance:payment")
    if scenario.payment.method is not None:  # rule 15's typical terms
        found.append("finance:paying")
    if scenario.tax is not None:  # rule 16's floor, rule 6's account limits
        found += ["finance:tax", "finance:accounts"]
    return found


def _matches(entry: Mapping[str, Any], prefix: str) -> bool:
    file, _, path = prefix.partition(":")
    if entry["file"] != file:
        return False
    figure = str(entry["figure"])
    return path == "*" or figure == path or figure.startswith(path + ".")


def sources_used(
    command: str, scenario: Scenario | None, modalities: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Each sourced default the command's figures rest on: figure (file: path), value, unit,
    as_of, source title, URL and whether it is marked uncertain."""
    if command in _WHOLE or scenario is None:
        prefixes = list(_WHOLE.get(command, _WHOLE["equity"]))
    else:
        prefixes = _scenario_prefixes(scenario, list(modalities) or [scenario.modality])
    return [
        {
            "figure": f"{e['file']}: {e['figure']}",
            "value": e["value"] if isinstance(e["value"], int | float | str) else str(e["value"]),
            "unit": e["unit"],
            "as_of": e["as_of"],
            "title": e["source"],
            "url": e["url"],
            "uncertain": e["uncertain"],
        }
        for e in defaults.entries()
        if any(_matches(e, p) for p in prefixes)
    ]


# --- the printed data, one row per figure --------------------------------------------------------

# The unit of a figure, by the name of the figure or of the nearest group it sits in (read from
# the figure's own name up). Names not listed have no unit written (a label, a date, a count of
# something named by its path).
_USD = "USD"
_SHARE = "share (0 to 1)"
UNITS: dict[str, str] = {
    "billed": _USD,
    "out_of_pocket": _USD,
    "insurer_pays": _USD,
    "assistance_pays": _USD,
    "write_off": _USD,
    "after_tax_out_of_pocket": _USD,
    "time_and_travel": _USD,
    "household_income": _USD,
    "median_out_of_pocket": _USD,
    "by_year": _USD,
    "interest_paid": _USD,
    "total_paid": _USD,
    "deferred_interest_charged": _USD,
    "deduction": _USD,
    "saving": _USD,
    "drug_stock": _USD,
    "fixed_costs_per_month": "USD per month",
    "monthly_revenue": "USD per month",
    "monthly_direct_costs": "USD per month",
    "monthly_profit": "USD per month",
    "self_pay_price": "USD per session",
    "price_paid_per_session": "USD per session",
    "cost": "USD per year",
    "share_of_income": "share of household income (0 to 1)",
    "poverty_percent": "% of the poverty guideline",
    "approval_chance": _SHARE,
    "priced_out": "share of households (0 to 1)",
    "reach": "share of households (0 to 1)",
    "share": _SHARE,
    "share_of_sessions": _SHARE,
    "threshold": _SHARE,
    "utilisation_at_booked": "share of capacity (0 to 1)",
    "utilisation_to_break_even": "share of capacity (0 to 1)",
    "visits": "visits",
    "course_sessions": "sessions",
    "room_minutes": "minutes per session",
    "drug_stock_months": "months",
    "months": "months",
    "months_to_pay_off": "months",
    "households": "households",
    "households_represented": "households",
    "count": "simulated households",
    "no_longer_affordable": "simulated households",
    "newly_affordable_people": "people",
    "draws": "simulated courses",
}
# Families of names: the unit follows the name's ending.
_UNIT_ENDINGS = (
    ("_per_session", "USD per session"),
    ("_per_course", "USD per course"),
    ("sessions_per_month", "sessions per month"),
    ("_per_session_by_payer", "USD per session"),
)


def unit_of(path: Sequence[str]) -> str:
    """The unit of the figure at `path` (keys from the top), or '' where none is known."""
    for key in reversed(path):
        if key in UNITS:
            return UNITS[key]
        for ending, unit in _UNIT_ENDINGS:
            if key.endswith(ending):
                return unit
    return ""


def flatten(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str, str]]:
    """(path, value, unit) for every figure in a printed object: `out_of_pocket.p10`,
    `by_treatment[0].margin_per_session`; values as the JSON prints them (text as itself, an
    empty list or mapping as [] or {})."""
    keys = [k for k in path if not k.startswith("[")]
    if isinstance(data, Mapping) and data:
        for key, value in data.items():
            yield from flatten(value, (*path, str(key)))
    elif isinstance(data, list) and data:
        for i, value in enumerate(data):
            yield from flatten(value, (*path, f"[{i}]"))
    else:
        text = data if isinstance(data, str) else json.dumps(data)
        yield _dotted(path), text, unit_of(keys)


def _dotted(path: Sequence[str]) -> str:
    return "".join(k if k.startswith("[") or i == 0 else f".{k}" for i, k in enumerate(path))


def figures_csv(data: Any) -> str:
    """The printed data as CSV: a header `path,value,unit`, then one row per figure (text cells
    neutralised against spreadsheet formulas)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("path", "value", "unit"))
    for row in flatten(data):
        writer.writerow([csv_safe(cell) for cell in row])
    return buffer.getvalue()


# --- the packet ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extra:
    """A file a page adds to its packet (a chart's data, figure or picture) and what it is."""

    name: str
    content: bytes
    about: str


@dataclass(frozen=True)
class Packet:
    """Everything one packet holds, as values (`build` turns it into zip bytes)."""

    commands: Sequence[Sequence[str]]  # each after `python -m pricing`, naming packet files
    output_name: str  # output.json / output.txt / output.csv: what the commands print
    output: str
    data_csv: str  # the printed data as CSV (figures_csv, or the ledger's own CSV)
    data_about: str  # what data.csv's rows and columns are (README)
    scenario_files: Mapping[str, bytes]  # the files the commands read, as given, by name
    scenario: dict[str, Any] | None  # the full filled scenario (or section) the command used
    name: str  # the scenario's name, for the citation
    sources: list[dict[str, Any]]
    made_on: dt.date
    extras: tuple[Extra, ...] = ()
    notes: tuple[str, ...] = field(default=())  # README lines said once (e.g. "no PNG")


def command_line(command: Sequence[str]) -> str:
    """One command as a person types it (quoted where a shell needs it)."""
    return shlex.join(["python", "-m", "pricing", *command])


def command_text(commands: Sequence[Sequence[str]]) -> str:
    """The reproducing line: the commands one after another (a shell's `&&`), whose output one
    after another is what the packet's output file holds."""
    return " && ".join(command_line(c) for c in commands)


def packet_date() -> dt.date:
    """The date a packet is made: SOURCE_DATE_EPOCH's when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if re.fullmatch(r"\d{1,12}", epoch):
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def metadata(packet: Packet) -> dict[str, Any]:
    return {
        "tool": TOOL,
        "version": pricing.__version__,
        "made_on": packet.made_on.isoformat(),
        "command": command_text(packet.commands),
        "output_file": packet.output_name,
        "scenario_files": sorted(packet.scenario_files),
        "defaults_sha256": defaults_sha256(),
        "defaults_files": defaults_files(),
        "sources": packet.sources,
        "scenario": packet.scenario,
    }


def citation(packet: Packet) -> str:
    """One line to cite the figures by (no repository address is published: the tool and its
    version stand in for it)."""
    return (
        f"{TOOL} {pricing.__version__} ({packet.made_on.isoformat()}). "
        f'"{one_line(packet.name)}". Figures from `{command_text(packet.commands)}`; '
        f"defaults sha256 {defaults_sha256()}.\n"
    )


def readme(packet: Packet) -> str:
    """What each file and column in the packet means (Markdown)."""
    files = [
        (packet.output_name, "exactly what the command printed"),
        ("data.csv", "the printed data as CSV (its columns are below)"),
        ("metadata.json", _METADATA_ABOUT),
        ("CITATION.txt", "one line to cite these figures by"),
        ("README.md", "this file"),
    ]
    files += [(name, "a scenario file the command reads") for name in packet.scenario_files]
    files += [(e.name, e.about) for e in packet.extras]
    listed = "\n".join(f"- `{name}`: {about}" for name, about in sorted(files))
    notes = "".join(f"\n{note}\n" for note in packet.notes)
    return f"""# Evidence packet: {one_line(packet.name)}

Made by {TOOL} {pricing.__version__} on {packet.made_on.isoformat()}. Estimates from published prices
and plan rules; not medical or financial advice.

## Reproduce

In this folder, with the same version installed (`pip install .` in the tool's checkout gives
`python -m pricing` and the same command as `ketamine-cost`):

    {command_text(packet.commands)}

prints `{packet.output_name}` byte for byte. A newer version or changed defaults can move the
figures: `metadata.json` names the version and the hash of the defaults used.

## Files

{listed}
{notes}
## Columns of data.csv

{packet.data_about}

## metadata.json

- `command`: the line above; `output_file`: the file it reproduces; `scenario_files`: the files
  it reads.
- `scenario`: every field of the scenario after filling from the defaults (what the command used).
- `defaults_sha256`: sha256 over the defaults files (pricing/defaults/*.yaml) in name order, each
  as its name, a NUL byte, its bytes and a NUL byte; `defaults_files`: each file's own sha256.
- `sources`: each sourced default the figures rest on: `figure` (file: path in the file),
  `value`, `unit`, `as_of` (when the figure applied), `title` and `url` of the source, and
  `uncertain` (true where the figure comes from a secondary or modelled source).
- `version`, `made_on`, `tool`: who made the packet and when.
"""


_METADATA_ABOUT = (
    "the scenario as used, the defaults' hash, the sources of the defaults behind the figures, "
    "the version and the reproducing command"
)
FIGURES_ABOUT = (
    "One row per printed figure: `path` (where it sits in the printed JSON: keys joined by dots, "
    "list positions as [0]), `value` (as printed: money in USD to the cent, shares from 0 to 1) "
    "and `unit` (blank where the figure is a label or its unit is its path's name)"
)


def files_of(packet: Packet) -> dict[str, bytes]:
    """Every file of the packet, by name."""
    files = {
        packet.output_name: packet.output.encode(),
        "data.csv": packet.data_csv.encode(),
        "metadata.json": (json.dumps(metadata(packet), indent=2) + "\n").encode(),
        "README.md": readme(packet).encode(),
        "CITATION.txt": citation(packet).encode(),
    }
    files.update(packet.scenario_files)
    for extra in packet.extras:
        files[extra.name] = extra.content
    return files


def build(packet: Packet) -> bytes:
    """The packet as zip bytes: the same packet always gives the same bytes."""
    return zip_files(files_of(packet))


def zip_files(files: Mapping[str, bytes]) -> bytes:
    """A zip of `files` in name order, every entry with the same time, mode and compression."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # rw-r--r--, whoever unpacks it
            info.create_system = 3  # Unix, on every platform (it decides how the mode is read)
            archive.writestr(info, files[name], compresslevel=ZIP_LEVEL)
    return buffer.getvalue()
