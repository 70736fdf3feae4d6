"""Strict YAML reading and writing of scenario files.

A scenario file is data, never code. It is read with a SafeLoader that also refuses aliases,
deep nesting and timestamps-as-objects (dates are validated by pydantic so a bad date names its
field), after a size cap and a strict UTF-8 decode.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from pricing.scenario.errors import ScenarioError, echo
from pricing.scenario.fill import from_dict, to_dict
from pricing.scenario.models import Scenario

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 6  # scenario v1 nests at most 5 levels (e.g. clinic.offerings[0].price.low)


def dump_yaml(scenario: Scenario) -> str:
    """YAML text that loads back to an equal scenario."""
    return yaml.safe_dump(to_dict(scenario), sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------------------------------------
# Strict YAML reading.


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, without timestamp objects and with a nesting limit."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ScenarioError(
                f"line {event.start_mark.line + 1}", "YAML aliases (*name) are not allowed"
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        where = f"line {event.start_mark.line + 1}" if event.start_mark else "file"
        if isinstance(event, yaml.NodeEvent) and getattr(event, "anchor", None):
            raise ScenarioError(where, "YAML anchors (&name) are not allowed")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise ScenarioError(
                    where, f"nested deeper than the scenario format allows ({MAX_DEPTH} levels)"
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A key written twice is an error, not 'the last one wins' (a typo must not hide)."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                line = key_node.start_mark.line + 1
                raise ScenarioError(f"line {line}", f"'{echo(key)}' appears twice in one mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Keep dates as text: pydantic then reports an impossible date against its field.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# YAML 1.1 reads 1e3 (no decimal point) as text; people mean the number.
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def parse_yaml(text: str) -> Any:
    """Parse YAML text with the strict loader; errors become one-line ScenarioErrors."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise ScenarioError("file", f"larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except ScenarioError:
        raise
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        line = f"line {mark.line + 1}" if mark is not None else "file"
        tag = (
            (err.problem or "").split("tag", 1)[-1].strip(" '!").replace("tag:yaml.org,2002:", "!!")
        )
        raise ScenarioError(
            line, f"the tag {tag} is not allowed: scenario files are plain data"
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise ScenarioError(line, f"not valid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise ScenarioError("file", f"not valid YAML: {err}") from None
    except RecursionError:
        raise ScenarioError("file", "nested deeper than the scenario format allows") from None


def decode(data: bytes) -> str:
    """Bytes of a scenario file as text: size-capped, strict UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError("file", f"larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError("file", f"not UTF-8 text (bad byte at position {err.start})") from None


def loads(data: bytes | str) -> Scenario:
    """A scenario from the bytes or text of a scenario file."""
    text = decode(data) if isinstance(data, bytes) else data
    if "\x00" in text:
        raise ScenarioError("file", "contains a NUL byte; not a text file")
    return from_dict(parse_yaml(text))


def load_file(path: str | Path) -> Scenario:
    """A scenario from a file path, reading at most one byte past the size cap."""
    file = Path(path)
    try:
        with file.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScenarioError("file", f"cannot read {file}: {err.strerror}") from None
    return loads(data)


def default_scenario(modality: str = "iv_ketamine", kind: str = "none") -> Scenario:
    return from_dict({"version": 1, "modality": modality, "insurance": {"kind": kind}})
