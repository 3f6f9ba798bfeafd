"""Placeholder."""
import streamlit as st

st.title("project_data")
