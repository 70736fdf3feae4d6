"""The pricing engine: what ketamine-assisted therapy costs, and who can get it.

Pure Python over numpy, pandas, pydantic and PyYAML; never imports streamlit or plotly. The Python
API is described in docs/api.md; the command line is `python -m pricing ...` (or `ketamine-cost ...`
once installed with `pip install .`).
"""

__version__ = "0.3.0"
