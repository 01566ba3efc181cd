"""The Streamlit UI's helpers: strings (i18n), store access (data), pictures (network)."""
