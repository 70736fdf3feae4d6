"""Entry point: a thin router over app_pages/ (run with `make run`).

The pages live in app_pages/, not pages/: with a folder named pages/ beside this script,
Streamlit starts a fresh server in its old automatic multipage mode, so a first visit to a deep
link (say /compare) bypassed this router, its layout and its grouped navigation.

The default page is served at the root, so Streamlit does not answer its own `url_path`: hidden
entries for the same script make /estimate, /home and /index open it too (issue 11, defect 5),
and each page answers its name capitalised as well (/Estimate, /COMPARE: issue 20, defect 11).
An address with a folder in it (/app_pages/estimate) cannot be answered by Streamlit itself (its
frontend takes the folder for the app's base path); behind `make serve` nginx redirects it.
"""

import streamlit as st

from ui import access, process

st.set_page_config(
    page_title="Ketamine therapy: cost and access",
    page_icon=":material/calculate:",
    layout="wide",
)

# (script, title, icon, url_path) per group; the first page is the default, served at "/".
GROUPS = {
    "For you": [
        ("app_pages/estimate.py", "Estimate my cost", ":material/calculate:", "estimate"),
        ("app_pages/compare.py", "Compare options", ":material/compare_arrows:", "compare"),
    ],
    "For clinics": [
        ("app_pages/clinic.py", "Clinic pricing", ":material/storefront:", "clinic"),
    ],
    "For advocates": [
        ("app_pages/equity.py", "Access & equity", ":material/diversity_3:", "equity"),
    ],
    "About": [
        ("app_pages/sources.py", "Sources & method", ":material/menu_book:", "sources"),
    ],
}
# Addresses people type or keep that Streamlit would answer with "Page not found": the default
# page's own name, and each page's name capitalised (Streamlit matches paths case-sensitively).
HOME_ALIASES = ("home", "Home", "index")


def pages() -> dict[str, list[st.Page]]:
    """The visible pages by group, then the hidden aliases (issue 20: /home, /Estimate)."""
    out: dict[str, list[st.Page]] = {}
    aliases: list[st.Page] = []
    first = True
    for group, entries in GROUPS.items():
        out[group] = []
        for script, title, icon, path in entries:
            # The default page is served at the root; Streamlit does not answer its own
            # url_path, so it gets one nobody types and its real name is an alias.
            own = "start" if first else path
            out[group].append(st.Page(script, title=title, icon=icon, url_path=own, default=first))
            names = [path, *HOME_ALIASES] if first else []
            names += [path.capitalize(), path.upper()]
            aliases += [
                st.Page(script, title=title, icon=icon, url_path=name, visibility="hidden")
                for name in names
            ]
            first = False
    out["About"] += aliases
    return out


process.freeze_imports()  # once per process: the libraries out of each rerun's GC
access.tap_targets()  # every control at least 24 px, on every page
st.navigation(pages()).run()
