"""Reading the defaults fast gives the same data (pricing/defaults/parsed.py).

- libyaml's loader and PyYAML's pure-Python SafeLoader build the same objects from every
  defaults file, type for type (`repr` tells 1 from 1.0 from True, and a date from its text);
- the JSON copy reads back the same objects, and is used only when it is in the shape written
  for these bytes: a changed YAML file, another format, another file's copy, a tampered or
  half-written copy, or a tag that is not ours are all refused, and the YAML is parsed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pricing.defaults import DEFAULTS_DIR, files, parsed

NAMES = files()


def _plain(name: str) -> Any:
    """The reference: PyYAML's pure-Python safe loader, as the defaults were read before."""
    return yaml.load(  # noqa: S506 - SafeLoader
        (DEFAULTS_DIR / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader
    )


@pytest.mark.parametrize("name", NAMES)
def test_fast_loader_gives_the_same_objects_as_the_pure_python_one(name: str) -> None:
    text = (DEFAULTS_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert repr(parsed.parse(text)) == repr(_plain(name))


@pytest.mark.parametrize("name", NAMES)
def test_cached_copy_reads_back_the_same_objects(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    shutil.copy(DEFAULTS_DIR / f"{name}.yaml", path)
    first = parsed.read(path, write=True)
    assert parsed.cache_path(path).exists()
    second = parsed.read(path, write=True)  # from the copy
    assert repr(first) == repr(second) == repr(_plain(name))


def _copy_of(tmp_path: Path, text: str = "a: {value: 1, as_of: 2026-01-01}\n") -> Path:
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    parsed.read(path, write=True)
    return path


def _record(path: Path) -> list[Any]:
    found: list[Any] = json.loads(parsed.cache_path(path).read_text(encoding="utf-8"))
    return found


def test_the_copy_is_tagged_json(tmp_path: Path) -> None:
    path = _copy_of(tmp_path)
    digest = _record(path)[2]
    # {"a": {"value": 1, "as_of": date(2026, 1, 1)}}: a mapping of one mapping, a date tagged.
    assert _record(path) == [
        parsed.FORMAT,
        "example",
        digest,
        {"m": [["a", {"m": [["value", 1], ["as_of", {"d": "2026-01-01"}]]}]]},
    ]


def test_a_changed_yaml_file_is_parsed_again(tmp_path: Path) -> None:
    path = _copy_of(tmp_path)
    path.write_text("a: {value: 2}\n", encoding="utf-8")  # the copy now names other bytes
    assert parsed.read(path, write=False) == {"a": {"value": 2}}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: [2, *r[1:]],  # another format
        lambda r: [r[0], "other", *r[2:]],  # another file's copy
        lambda r: [*r[:2], "0" * 64, r[3]],  # another content hash
        lambda r: r[:3],  # no data
        lambda r: {"m": r},  # not a list
        lambda r: [*r[:3], {"m": [["a", {"x": 1}]]}],  # an untagged object
        lambda r: [*r[:3], {"m": [["a", 1, 2]]}],  # not a pair
        lambda r: [*r[:3], {"m": [[["k"], 1]]}],  # an unhashable key
        lambda r: [*r[:3], {"d": "2026-13-45"}],  # an impossible date
        lambda r: [*r[:3], {"m": [["a", 1]], "d": "2026-01-01"}],  # two tags
    ],
)
def test_a_copy_not_exactly_as_written_is_refused(tmp_path: Path, tamper: Any) -> None:
    path = _copy_of(tmp_path)
    copy = parsed.cache_path(path)
    copy.write_text(json.dumps(tamper(_record(path))), encoding="utf-8")
    with pytest.raises(parsed.Refused):
        parsed.decode(copy.read_text(encoding="utf-8"), "example", parsed_digest(path))
    assert parsed.read(path, write=False) == {"a": {"value": 1, "as_of": dt.date(2026, 1, 1)}}


def parsed_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_half_written_or_unreadable_copy_is_refused(tmp_path: Path) -> None:
    path = _copy_of(tmp_path)
    copy = parsed.cache_path(path)
    copy.write_bytes(copy.read_bytes()[:20])
    assert parsed.read(path, write=False) == {"a": {"value": 1, "as_of": dt.date(2026, 1, 1)}}
    copy.write_bytes(b"\xff\xfe not utf-8")
    assert parsed.read(path, write=False) == {"a": {"value": 1, "as_of": dt.date(2026, 1, 1)}}


def test_a_tampered_copy_with_the_right_hash_is_still_only_data(tmp_path: Path) -> None:
    """JSON cannot name a constructor: a copy asking for one is refused, never run."""
    path = _copy_of(tmp_path)
    record = _record(path)
    record[3] = {"!!python/object/apply:os.system": ["true"]}
    parsed.cache_path(path).write_text(json.dumps(record), encoding="utf-8")
    assert parsed.read(path, write=False) == {"a": {"value": 1, "as_of": dt.date(2026, 1, 1)}}


def test_nothing_is_written_when_told_not_to(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert parsed.read(path, write=False) == {"a": 1}
    assert not parsed.cache_path(path).parent.exists()


def test_an_unwritable_folder_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    parsed.cache_path(path).parent.write_text("a file where the folder would be")
    assert parsed.read(path, write=True) == {"a": 1}


def test_a_value_json_cannot_hold_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text("a: 2026-01-01 10:00:00\n", encoding="utf-8")  # a datetime, not a date
    assert parsed.read(path, write=True) == {"a": dt.datetime(2026, 1, 1, 10, 0)}
    assert not parsed.cache_path(path).exists()


_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.dates()
)
_keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.dates()
_data = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@given(_data)
def test_encode_then_decode_gives_the_same_objects(data: Any) -> None:
    text = json.dumps([parsed.FORMAT, "x", "h", parsed.encode(data)])
    assert repr(parsed.decode(text, "x", "h")) == repr(data)
