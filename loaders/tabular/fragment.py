"""What one input row becomes: nodes and relationships, or a RowError saying why not."""
from __future__ import annotations

from dataclasses import dataclass, field


class RowError(Exception):
    def __init__(self, field: str, value, reason: str):
        self.field, self.value, self.reason = field, value, reason
        super().__init__(f"{field}={value!r}: {reason}")


@dataclass
class Fragment:
    nodes: list[tuple[str, dict]] = field(default_factory=list)            # (label, props)
    rels: list[tuple[str, str, str, str, dict]] = field(default_factory=list)
    # rel: (type, start label, end label, ...) packed as (type, (sl, sk), (el, ek), props)

    def node(self, label: str, props: dict) -> None:
        self.nodes.append((label, {k: v for k, v in props.items() if v not in (None, "", [])}))

    def rel(self, rtype: str, start: tuple[str, str], end: tuple[str, str], **props) -> None:
        self.rels.append((rtype, start, end, {k: v for k, v in props.items() if v is not None}))
