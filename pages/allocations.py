"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("allocations")
st.title("allocations")
st.write(ctx.filters)
