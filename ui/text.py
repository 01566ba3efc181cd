"""Data shown as text, never as Markdown.

Streamlit renders st.markdown, st.caption, st.subheader, st.info/error/... as Markdown (images,
links, bold, `:red[...]` colours, `$...$` maths). A company name such as
`![x](http://host/x.png)` would make the browser fetch that URL. Every value from the graph,
a file or the user goes through `md` before it is put into such an element; the escaped text
reads exactly as the value."""
from __future__ import annotations

import re

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md(value) -> str:
    """`value` as Markdown that renders literally: every ASCII punctuation character is
    backslash-escaped (CommonMark allows this for all of them) and line breaks are kept."""
    return _ASCII_PUNCT.sub(r"\\\1", "" if value is None else str(value))
