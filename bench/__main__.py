"""Run every bench module that has a `run()` function and print its figures.

Modules are found by file name (bench/*.py), so an area adds its benchmark by dropping a module
with `run()` here. Names on the command line pick modules (`python -m bench engine pages`).
A module that fails is reported and the others still run; the exit status is 1 if any failed.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def module_names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))


def main(argv: list[str]) -> int:
    available = module_names()
    chosen = argv or available
    unknown = [name for name in chosen if name not in available]
    if unknown:
        sys.stderr.write(
            f"unknown bench module(s): {', '.join(unknown)}; have {', '.join(available)}\n"
        )
        return 2
    failed = []
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "run", None)
        if not callable(run):
            continue
        print(f"== bench.{name} ==", flush=True)
        started = time.perf_counter()
        try:
            run()
        except Exception:  # noqa: BLE001 - one area's failure must not hide the others' figures
            failed.append(name)
            traceback.print_exc()
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
