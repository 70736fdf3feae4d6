"""Entry point: a thin router over app_pages/ (run with `make run`).

The pages live in app_pages/, not pages/: with a folder named pages/ beside this script,
Streamlit starts a fresh server in its old automatic multipage mode, so a first visit to a deep
link (say /compare) bypassed this router, its layout and its grouped navigation.

The default page is served at the root, so Streamlit does not answer its own `url_path`: a
hidden second entry for the same script makes /estimate open it too (issue 11, defect 5).
"""

import streamlit as st

st.set_page_config(
    page_title="Ketamine therapy: cost and access",
    page_icon=":material/calculate:",
    layout="wide",
)

PAGES = {
    "For you": [
        st.Page(
            "app_pages/estimate.py",
            title="Estimate my cost",
            icon=":material/calculate:",
            default=True,
            url_path="home",
        ),
        st.Page(
            "app_pages/estimate.py",
            title="Estimate my cost",
            icon=":material/calculate:",
            url_path="estimate",
            visibility="hidden",
        ),
        st.Page(
            "app_pages/compare.py",
            title="Compare options",
            icon=":material/compare_arrows:",
            url_path="compare",
        ),
    ],
    "For clinics": [
        st.Page(
            "app_pages/clinic.py",
            title="Clinic pricing",
            icon=":material/storefront:",
            url_path="clinic",
        ),
    ],
    "For advocates": [
        st.Page(
            "app_pages/equity.py",
            title="Access & equity",
            icon=":material/diversity_3:",
            url_path="equity",
        ),
    ],
    "About": [
        st.Page(
            "app_pages/sources.py",
            title="Sources & method",
            icon=":material/menu_book:",
            url_path="sources",
        ),
    ],
}

st.navigation(PAGES).run()
