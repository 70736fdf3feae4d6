"""Scenario file v1: the user-facing format (docs/method.md, "Scenario file").

Public surface, in reading order:
- `errors`: ScenarioError (one line: field and problem), `first_error` for pydantic errors;
- `base`, `models`, `clinic_section`, `equity_section`: the pydantic models of a file;
- `fill`: a file's fields laid over the defaults for its treatment and insurance, then validated;
- `yaml_io`: strict safe YAML in (size cap, UTF-8; no aliases, tags, complex or duplicate keys,
  or ambiguous YAML 1.1 numbers) and out.
Everything a caller needs is re-exported here; the modules behind it are the one place each rule
lives.
"""

from pricing.scenario.base import (
    MAX_COURSE_WEEKS,
    MAX_THERAPY_SESSIONS,
    MAX_TREATMENT_SESSIONS,
    MONEY_MAX,
    Phase,
    PriceRange,
)
from pricing.scenario.clinic_section import (
    ClinicSection,
    Offering,
    offering_defaults,
    section_defaults,
)
from pricing.scenario.equity_section import EquitySection
from pricing.scenario.errors import ScenarioError, ScenarioLevelError
from pricing.scenario.fill import default_scenario_dict, first_error, from_dict, to_dict
from pricing.scenario.models import Scenario
from pricing.scenario.yaml_io import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    decode,
    default_scenario,
    dump_yaml,
    load_file,
    loads,
    parse_yaml,
    read_file,
)

__all__ = [
    "MAX_COURSE_WEEKS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_THERAPY_SESSIONS",
    "MAX_TREATMENT_SESSIONS",
    "MONEY_MAX",
    "ClinicSection",
    "EquitySection",
    "Offering",
    "Phase",
    "PriceRange",
    "Scenario",
    "ScenarioError",
    "ScenarioLevelError",
    "decode",
    "default_scenario",
    "default_scenario_dict",
    "dump_yaml",
    "first_error",
    "from_dict",
    "load_file",
    "loads",
    "offering_defaults",
    "parse_yaml",
    "section_defaults",
    "read_file",
    "to_dict",
]
