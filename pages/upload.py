"""Placeholder."""

import streamlit as st

from ui import frame

ctx = frame.page("upload")
st.title("upload")
st.write(ctx.filters)
