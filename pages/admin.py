"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("admin")
st.title("admin")
st.write(ctx.filters)
