"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("login")
st.title("login")
st.write(ctx.filters)
