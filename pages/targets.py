"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("targets")
st.title("targets")
st.write(ctx.filters)
