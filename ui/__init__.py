"""Surfaces' picture builders: maps, charts and the briefing deck (no Streamlit imports here)."""
