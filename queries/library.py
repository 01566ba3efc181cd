"""The named query library: every `queries/*.cypher` file is one query with a header.

Header lines come first, each a `//` comment::

    // title_zh: 企业画像
    // title_en: Company profile
    // description: 集团、子公司、总部…… / group, subsidiaries, ...
    // param id: 企业标识 company id | example: name:招商局集团

then one Cypher statement using the declared `$parameters`. The CLI (`kg query NAME`) and the
app build their forms from the header, so adding a query needs no code.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import BadParameters, InputError

QUERY_DIR = Path(__file__).resolve().parent
# What the app's free Cypher editor starts with.
EXAMPLE_CYPHER = "MATCH (c:Company)-[:OWNS]->(s:Company)\nRETURN c, s LIMIT 25"
_HEADER = re.compile(r"^//\s*(title_zh|title_en|description|param)\s*([^:]*):\s*(.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def param_value(text: str):
    """A parameter typed as text: an int or a float when it reads as one, else the text
    (`kg query -p limit=5`, the console's forms, the examples in query headers)."""
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


@dataclass(frozen=True)
class Param:
    name: str
    meaning: str
    example: str = ""

    def example_value(self):
        """The example as int or float when it looks numeric, else the string."""
        return param_value(self.example)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title_zh: str
    title_en: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: Path | None = None

    def defaults(self) -> dict:
        """{param: example value}, numbers converted: runs the query as documented."""
        return {p.name: p.example_value() for p in self.params}

    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def check_params(self, given: dict) -> None:
        """Refuse a parameter this query does not have (`-p idd=…` would otherwise run with
        the example value of $id and show its answer as if it were the user's)."""
        unknown = sorted(set(given) - set(self.param_names()))
        if unknown:
            known = ", ".join(f"${n}" for n in self.param_names()) or "none"
            raise BadParameters(f"query {self.name!r} has no parameter "
                                f"{', '.join('$' + u for u in unknown)}; its parameters: {known}",
                                hint=f"kg query {self.name} -p NAME=VALUE with one of: {known}")


def parse_query(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Parse one `.cypher` file's text. Raises InputError on a missing title or on a
    `$parameter` used in the statement but not declared in the header."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip()) if not body else None
        if m:
            _header_line(m, meta, params)
        elif body or (line.strip() and not line.strip().startswith("//")):
            body.append(line)
    return _checked(name, meta, params, "\n".join(body).strip(), path)


def _header_line(m: re.Match, meta: dict, params: list) -> None:
    key, arg, value = m.group(1), m.group(2).strip(), m.group(3).strip()
    if key != "param":
        meta[key] = value
        return
    meaning, _, example = value.partition("| example:")
    params.append(Param(arg, meaning.strip(), example.strip()))


def _checked(name, meta, params, body, path) -> NamedQuery:
    missing = [k for k in ("title_zh", "title_en") if not meta.get(k)]
    if missing or not body:
        raise InputError(f"query {name!r}: header lacks {missing or 'a statement'}",
                         hint="see docs/queries.md for the header format")
    used = set(_PARAM_USE.findall(body))
    undeclared = used - {p.name for p in params}
    if undeclared:
        raise InputError(f"query {name!r} uses undeclared parameters {sorted(undeclared)}",
                         hint="add a `// param NAME: meaning | example: value` line")
    return NamedQuery(name, meta["title_zh"], meta["title_en"], meta.get("description", ""),
                      body, tuple(params), path)


def list_queries(directory: Path = QUERY_DIR) -> list[NamedQuery]:
    """Every query in the library, sorted by name."""
    return [parse_query(p.read_text(encoding="utf-8"), p.stem, p)
            for p in sorted(directory.glob("*.cypher"))]


def get_query(name: str, directory: Path = QUERY_DIR) -> NamedQuery:
    """The query named `name` (file stem); an unknown name lists the closest names."""
    path = directory / f"{name}.cypher"
    if path.exists():
        return parse_query(path.read_text(encoding="utf-8"), name, path)
    names = [p.stem for p in sorted(directory.glob("*.cypher"))]
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.3)
    raise InputError(f"no saved query {name!r}; closest: {', '.join(close) or '-'}",
                     hint=f"kg query --list shows all {len(names)} queries")
