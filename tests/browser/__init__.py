"""Real-browser tests: the app served by `streamlit run`, driven by Playwright in chromium."""
