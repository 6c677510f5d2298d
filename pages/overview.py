"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("overview")
st.title("overview")
st.write(ctx.filters)
