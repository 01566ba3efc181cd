"""Typed access to `schema.yaml`: the single definition of labels, keys, properties and types."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")
TYPES = {"string", "int", "float", "bool", "date", "list"}


@dataclass(frozen=True)
class Prop:
    name: str
    type: str
    zh: str
    en: str
    required: bool = False
    index: bool = False


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    zh: str
    en: str
    color: str
    caption: str
    properties: dict[str, Prop]
    fulltext: tuple[str, ...] = ()
    workflow: bool = False  # a record of work (follow-up, audit), not a fact of the graph

    def display(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class RelType:
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    zh: str
    en: str
    properties: dict[str, Prop]

    def display(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Schema:
    nodes: dict[str, NodeType]
    relationships: dict[str, RelType]

    def node(self, label: str) -> NodeType:
        try:
            return self.nodes[label]
        except KeyError:
            raise InputError(f"unknown node label {label!r}; expected one of {sorted(self.nodes)}")

    def rel(self, rel_type: str) -> RelType:
        try:
            return self.relationships[rel_type]
        except KeyError:
            raise InputError(f"unknown relationship type {rel_type!r}; "
                             f"expected one of {sorted(self.relationships)}")

    def key_of(self, label: str) -> str:
        return self.node(label).key

    def facts(self) -> list[str]:
        """The labels of facts (the workflow records excluded)."""
        return [label for label, n in self.nodes.items() if not n.workflow]

    def indexed(self) -> list[tuple[str, str]]:
        """(label, property) pairs that get an exact-match index (keys excluded)."""
        return [(n.label, p.name) for n in self.nodes.values() for p in n.properties.values()
                if p.index and p.name != n.key]


def _props(raw: dict[str, Any], where: str) -> dict[str, Prop]:
    out = {}
    for name, spec in (raw or {}).items():
        if spec.get("type") not in TYPES:
            raise InputError(f"{SCHEMA_FILE}: {where}.{name}: type {spec.get('type')!r} "
                             f"is not one of {sorted(TYPES)}")
        out[name] = Prop(name, spec["type"], spec.get("zh", name), spec.get("en", name),
                         bool(spec.get("required")), bool(spec.get("index")))
    return out


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    raw = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    common_n = _props(raw["common"]["node"], "common.node")
    common_r = _props(raw["common"]["relationship"], "common.relationship")
    nodes = {}
    for label, spec in raw["nodes"].items():
        props = {**common_n, **_props(spec["properties"], label)}
        if spec["key"] not in props:
            raise InputError(f"{SCHEMA_FILE}: {label}: key {spec['key']!r} is not a property")
        nodes[label] = NodeType(label, spec["key"], spec["zh"], spec["en"], spec["color"],
                                spec["caption"], props, tuple(spec.get("fulltext", ())),
                                bool(spec.get("workflow")))
    rels = {}
    for rtype, spec in raw["relationships"].items():
        for end in spec["from"] + spec["to"]:
            if end not in nodes:
                raise InputError(f"{SCHEMA_FILE}: {rtype}: endpoint {end!r} is not a node label")
        rels[rtype] = RelType(rtype, tuple(spec["from"]), tuple(spec["to"]), spec["zh"],
                              spec["en"], {**common_r, **_props(spec.get("properties"), rtype)})
    return Schema(nodes, rels)
