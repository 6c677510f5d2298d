"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("map")
st.title("map")
st.write(ctx.filters)
