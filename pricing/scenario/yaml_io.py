"""Strict YAML reading and writing of scenario files.

A scenario file is plain data, never code. It is read after a size cap and a strict UTF-8
decode, with a SafeLoader narrowed further, at compose time (before any Python object exists):
- no aliases or anchors, and a nesting limit (an alias bomb or a deep list is refused at once);
- no explicit tags at all (`!!int`, `!!set`, `!!timestamp`, `!!python/...`, `!foo`): every value's
  type comes from how it is written, so no tag can reach a constructor that raises;
- keys are plain scalars (a list or mapping as a key, `? [a, b]`, is refused), written once;
- no YAML 1.1 number that few people mean: `6:00` (base 60, read as 360), `0x258`, `0o1130`,
  `0b1001011000` and `01130` (hex, octal, binary) are refused as ambiguous; plain decimals,
  `1_000` and `1e3` are numbers as everyone reads them;
- dates stay text (pydantic then names the field of an impossible date), `<<` and `=` are text;
- true and false are the only booleans (YAML 1.2): `yes`, `no`, `on`, `off`, `y` and `n` are text.
Writing uses the same rules plus YAML 1.1's, so a name such as `1e3`, `0o7`, `on` or `2026-01-01`
is quoted and reads back as the same text in this tool and in any other YAML reader.
Whatever a constructor still raises (an integer of more digits than Python converts) becomes a
one-line ScenarioError naming the field and the line: `loads` returns a Scenario or raises a
ScenarioError, nothing else.
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

_YAML_TAG = "tag:yaml.org,2002:"
_AMBIGUOUS_TAG = "tag:ketamine-cost,2026:ambiguous-number"


def dump_yaml(scenario: Scenario) -> str:
    """YAML text that loads back to an equal scenario."""
    return yaml.dump(  # noqa: S506 - a SafeDumper: plain data only
        to_dict(scenario), Dumper=_QuotingDumper, sort_keys=False, allow_unicode=True, width=100
    )


# ---------------------------------------------------------------------------------------------
# Strict YAML reading.

_KeyPath = tuple[str | int, ...]


def _field(path: _KeyPath) -> str:
    """A path of keys and list indexes as the scenario errors write it: `a.b[0].c`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, anchors, tags, complex keys or ambiguous numbers."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._path: _KeyPath = ()  # the keys and indexes leading to the node being composed
        self._fields: dict[int, tuple[str, int]] = {}  # id(node) -> (field, line)

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401 - PyYAML hook
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 0
        where = f"line {line}" if line else "file"
        if isinstance(event, yaml.AliasEvent):
            raise ScenarioError(where, "YAML aliases (*name) are not allowed")
        if isinstance(event, yaml.NodeEvent) and getattr(event, "anchor", None):
            raise ScenarioError(where, "YAML anchors (&name) are not allowed")
        is_key = isinstance(parent, yaml.MappingNode) and index is None
        path = self._path
        if parent is not None and not is_key:
            path = (*path, index if isinstance(index, int) else echo(index.value))
        field = _field(path) or where
        at = f" (line {line})" if field != where else ""
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
            raise ScenarioError(
                field, f"the tag {echo(shown)} is not allowed{at}: scenario files are plain data"
            )
        if is_key and not isinstance(event, yaml.ScalarEvent):
            raise ScenarioError(field, f"a key must be plain text, not a list or mapping{at}")
        self._depth += 1
        outer, self._path = self._path, path
        try:
            if self._depth > MAX_DEPTH + 1:
                raise ScenarioError(
                    where, f"nested deeper than the scenario format allows ({MAX_DEPTH} levels)"
                )
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._path = outer
        # Where each node sits, for errors raised later while constructing it.
        self._fields[id(node)] = (_field(path), line)
        return node

    def _where(self, node: Any) -> tuple[str, str]:
        """(field, " (line N)") of a composed node; ("line N", "") at the top of the file."""
        field, line = self._fields.get(id(node), ("", node.start_mark.line + 1))
        return (field, f" (line {line})") if field else (f"line {line}", "")

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Any failure of a constructor (ValueError, TypeError, ...) is one line, not a traceback."""
        try:
            return super().construct_object(node, deep=deep)
        except (ScenarioError, RecursionError, MemoryError):
            raise
        except Exception as err:  # a constructor may raise anything; the caller gets one type
            field, at = self._where(node)
            value = f"'{echo(node.value)}'" if isinstance(node, yaml.ScalarNode) else "this value"
            raise ScenarioError(
                field, f"{value} cannot be read{at}: too large or malformed ({type(err).__name__})"
            ) from None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A key written twice is an error, not 'the last one wins' (a typo must not hide)."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = key_node.value  # a scalar's text: compose_node refused any other key
            if key in seen:
                line = key_node.start_mark.line + 1
                raise ScenarioError(f"line {line}", f"'{echo(key)}' appears twice in one mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_ambiguous(self, node: Any) -> Any:
        """Refuse a number YAML 1.1 reads in base 60, 16, 8 or 2, saying what it would be."""
        field, at = self._where(node)
        try:
            value = self.construct_yaml_int(node)
        except (ValueError, TypeError):  # 1:30.5 or too many digits: no reading worth showing
            value = None
        as_read = f" (YAML reads it as {value})" if value is not None and abs(value) < 1e15 else ""
        raise ScenarioError(
            field,
            f"'{echo(node.value)}' is ambiguous{as_read}{at}: write the number in plain decimal "
            "(or quote it if it is text)",
        )


# The implicit types a plain (unquoted, untagged) value can take. YAML 1.1's int and float are
# narrowed to plain decimals; its base-60, hex, octal and binary forms resolve to a tag whose
# constructor refuses them; timestamps, merge keys (<<) and value keys (=) are left as text.
_DROPPED = {
    f"{_YAML_TAG}{t}" for t in ("timestamp", "merge", "value", "yaml", "int", "float", "bool")
}
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_NUMBER_START = list("-+0123456789")
_StrictLoader.add_implicit_resolver(
    _AMBIGUOUS_TAG,
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o[0-7_]+
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?0[0-7_]+
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$""",
        re.X,
    ),
    _NUMBER_START,
)
_StrictLoader.add_implicit_resolver(
    f"{_YAML_TAG}int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), _NUMBER_START
)
_StrictLoader.add_implicit_resolver(
    f"{_YAML_TAG}float",
    re.compile(
        r"""^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    [*_NUMBER_START, "."],
)
_StrictLoader.add_implicit_resolver(
    f"{_YAML_TAG}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_constructor(_AMBIGUOUS_TAG, _StrictLoader.construct_ambiguous)


class _QuotingDumper(yaml.SafeDumper):
    """SafeDumper that quotes any text this tool's reader or a YAML 1.1 reader would take for
    something else (a number such as `1e3`, `0o7`, a boolean such as `on`, a date)."""


_QuotingDumper.yaml_implicit_resolvers = {
    first: [
        *_StrictLoader.yaml_implicit_resolvers.get(first, []),
        *yaml.SafeDumper.yaml_implicit_resolvers.get(first, []),
    ]
    for first in {*_StrictLoader.yaml_implicit_resolvers, *yaml.SafeDumper.yaml_implicit_resolvers}
}


def parse_yaml(text: str) -> Any:
    """Parse YAML text with the strict loader; every error is a one-line ScenarioError."""
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise ScenarioError("file", f"larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except ScenarioError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise ScenarioError(line, f"not valid YAML: {err.problem or err.context}") from None
    except yaml.reader.ReaderError as err:
        # A control character the YAML reader refuses (its own message spans two lines).
        code = f"#x{err.character:04x}" if isinstance(err.character, int) else "character"
        raise ScenarioError(
            "file", f"not valid YAML: special character {code} at position {err.position}"
        ) from None
    except yaml.YAMLError as err:
        raise ScenarioError("file", f"not valid YAML: {' '.join(str(err).split())}") from None
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


def read_file(path: str | Path) -> str:
    """The text of a scenario file, reading at most one byte past the size cap."""
    file = Path(path)
    try:
        with file.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScenarioError("file", f"cannot read {file}: {err.strerror}") from None
    return decode(data)


def load_file(path: str | Path) -> Scenario:
    """A scenario from a file path."""
    return loads(read_file(path))


def default_scenario(modality: str = "iv_ketamine", kind: str = "none") -> Scenario:
    return from_dict({"version": 1, "modality": modality, "insurance": {"kind": kind}})
