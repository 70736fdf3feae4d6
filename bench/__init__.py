"""Benchmarks: figures, not pass/fail. `python -m bench` (or `make bench`) runs every module here
that has a `run()` function; `python -m bench engine clinic` runs only the ones named."""
