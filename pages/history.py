"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("history")
st.title("history")
st.write(ctx.filters)
