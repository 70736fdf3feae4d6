"""Streamlit and Plotly helpers shared by the pages. Pure chart builders live in ui.charts."""
