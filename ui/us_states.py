"""Names of the places a scenario's `state` may hold (US postal codes: 50 states and DC), for the
"Where do you live?" picker. The codes themselves come from the scenario model."""

from __future__ import annotations

import typing

from pricing.scenario.models import StateCode

NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
CODES: tuple[str, ...] = typing.get_args(StateCode)
NOT_SAID = "Prefer not to say (national figures)"


NOT_SAID_CODE = ""  # the picker's value for "not said"; the scenario holds null


def options() -> dict[str, str]:
    """The picker's options in the model's order: not said first, then every code by name."""
    return {NOT_SAID_CODE: NOT_SAID, **{code: NAMES[code] for code in CODES}}
