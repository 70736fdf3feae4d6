"""Entry point: a thin router over pages/ (run with `make run`)."""

import streamlit as st

st.set_page_config(
    page_title="Ketamine therapy: cost and access",
    page_icon=":material/calculate:",
    layout="wide",
)

PAGES = {
    "For you": [
        st.Page(
            "pages/estimate.py",
            title="Estimate my cost",
            icon=":material/calculate:",
            default=True,
            url_path="estimate",
        ),
        st.Page(
            "pages/compare.py",
            title="Compare options",
            icon=":material/compare_arrows:",
            url_path="compare",
        ),
    ],
    "For clinics": [
        st.Page(
            "pages/clinic.py",
            title="Clinic pricing",
            icon=":material/storefront:",
            url_path="clinic",
        ),
    ],
    "For advocates": [
        st.Page(
            "pages/equity.py",
            title="Access & equity",
            icon=":material/diversity_3:",
            url_path="equity",
        ),
    ],
    "About": [
        st.Page(
            "pages/sources.py",
            title="Sources & method",
            icon=":material/menu_book:",
            url_path="sources",
        ),
    ],
}

st.navigation(PAGES).run()
