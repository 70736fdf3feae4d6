"""`python -m pricing ...`: the command line lives in pricing/cli/."""

from __future__ import annotations

from pricing.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
