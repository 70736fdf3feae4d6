"""Reading a defaults file fast: libyaml's safe loader, and the parsed data kept as JSON.

Parsing the defaults was most of what one CLI estimate cost (PyYAML's pure-Python parser: about
165 ms for the files one estimate reads). Two things make it cheap, neither changing the data:
- libyaml's C parser (`yaml.CSafeLoader`) when PyYAML was built with it, else the pure-Python
  `yaml.SafeLoader`; both build the same Python objects (tests/pricing/defaults/test_parsed.py);
- the parsed data of each file kept as JSON in the package's `__pycache__` folder, beside the
  bytecode Python already writes there (and, like it, not written when Python is told not to
  write bytecode, nor where the folder cannot be written). The copy is used only when it names
  the file's SHA-256: any change to the YAML, or a copy not in the shape this module writes
  (another format, another file's, half written, an untagged object), is refused and the YAML
  is parsed again. JSON is data only; nothing in it runs.
  Like the bytecode beside it, a copy that names the right hash is taken to be what this module
  wrote (whoever can change it could change the bytecode too).

JSON has no dates and only text keys, so values are written tagged, one shape each:
a mapping is `{"m": [[key, value], ...]}` (keys of any type, in order), a date `{"d": "ISO"}`,
a list a list, and text, numbers, booleans and null as themselves. Anything else (a value no
defaults file holds) is not cached. User scenario files never come here: they keep the strict
loader of pricing/scenario/yaml_io.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FORMAT = 1  # bump when the encoding below changes: older copies are then refused


class Refused(ValueError):
    """A cached copy that is not exactly what `encode` writes."""


def parse(text: str) -> Any:
    """YAML text to Python data with the fastest safe loader available."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader: plain data only


def encode(node: Any) -> Any:
    """Parsed YAML to tagged JSON-ready data; TypeError for anything a defaults file cannot hold."""
    if isinstance(node, dict):
        return {"m": [[encode(k), encode(v)] for k, v in node.items()]}
    if isinstance(node, list):
        return [encode(v) for v in node]
    if type(node) is dt.date:
        return {"d": node.isoformat()}
    if node is None or isinstance(node, str | bool | int | float):
        return node
    raise TypeError(f"cannot cache a {type(node).__name__}")


def _object(pairs: list[tuple[str, Any]]) -> Any:
    """One JSON object back to a mapping or a date; anything else is refused."""
    if len(pairs) == 1:
        tag, body = pairs[0]
        if tag == "m" and isinstance(body, list):
            if not all(isinstance(p, list) and len(p) == 2 for p in body):
                raise Refused("a mapping entry is not a [key, value] pair")
            return {key: value for key, value in body}
        if tag == "d" and isinstance(body, str):
            return dt.date.fromisoformat(body)
    raise Refused("an object that is neither a tagged mapping nor a date")


def decode(text: str, name: str, digest: str) -> Any:
    """The data in a cached copy written for file `name` with content hash `digest`."""
    try:
        found = json.loads(text, object_pairs_hook=_object)
    except (ValueError, TypeError) as err:  # bad JSON, a bad date, an unhashable key
        raise Refused(str(err)) from err
    if not (isinstance(found, list) and len(found) == 4):
        raise Refused("not a [format, file, sha256, data] list")
    if found[:3] != [FORMAT, name, digest]:
        raise Refused("written for another format, file or content")
    return found[3]


def cache_path(path: Path) -> Path:
    return path.parent / "__pycache__" / f"{path.stem}.yaml.json"


def read(path: Path, *, write: bool | None = None) -> Any:
    """The data of one defaults file: from its cached copy when that is for these very bytes,
    else parsed, and the copy rewritten if `write` (default: when Python may write bytecode)."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    copy = cache_path(path)
    try:
        return decode(copy.read_text(encoding="utf-8"), path.stem, digest)
    except (OSError, UnicodeDecodeError, Refused):
        pass
    data = parse(raw.decode("utf-8"))
    if (not sys.dont_write_bytecode) if write is None else write:
        _write(copy, [FORMAT, path.stem, digest, data])
    return data


def _write(copy: Path, record: list[Any]) -> None:
    """Write the copy atomically (a reader never sees half a file); give up quietly when the
    data cannot be encoded or the folder cannot be written."""
    temporary = copy.with_name(f"{copy.name}.{os.getpid()}.tmp")
    try:
        text = json.dumps([*record[:3], encode(record[3])], separators=(",", ":"))
        copy.parent.mkdir(exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, copy)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
