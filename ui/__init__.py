"""Shared Streamlit helpers used by app.py and the pages."""
