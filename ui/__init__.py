"""Streamlit glue shared by the pages: strings, cached data, filters, the page frame, widgets."""
