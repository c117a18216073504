"""Streamlit page scripts (run by st.navigation from app.py; a package only so that the type checker names them app_pages.*)."""
