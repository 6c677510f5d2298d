"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("whatif")
st.title("whatif")
st.write(ctx.filters)
