"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("burndown")
st.title("burndown")
st.write(ctx.filters)
