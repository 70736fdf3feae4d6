"""Placeholder until its issue lands."""

import streamlit as st

st.title("Coming soon")
