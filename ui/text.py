"""Data shown as text, never as Markdown.

Streamlit renders st.markdown, st.caption, st.subheader, st.info/error/... as Markdown (images,
links, bold, `:red[...]` colours, `$...$` maths). A company name such as
`![x](http://host/x.png)` would make the browser fetch that URL. Every value from the graph,
a file or the user goes through `md` before it is put into such an element; the escaped text
reads exactly as the value.

Escaping is not enough for URLs: GitHub-flavoured Markdown (Streamlit's renderer) turns
`http://…`, `www.…` and `name@host.cn` in plain text into live links after the escapes are
read. An invisible WORD JOINER (U+2060) before `http`/`www` and after `@` stops that (a
literal link needs whitespace or punctuation before it, and a host right after `@`); the text
looks the same."""
from __future__ import annotations

import re

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_LINK_START = re.compile(r"(?i)(https?\\:|www\\\.)")  # after escaping: http\: www\.
JOINER = "\u2060"


def md(value) -> str:
    """`value` as Markdown that renders literally: every ASCII punctuation character is
    backslash-escaped (CommonMark allows this for all of them) and line breaks are kept."""
    text = _ASCII_PUNCT.sub(r"\\\1", "" if value is None else str(value))
    return _LINK_START.sub(JOINER + r"\1", text).replace("\\@", "\\@" + JOINER)
