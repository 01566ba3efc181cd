"""Network pictures: graph data from query results -> self-contained, offline pyvis HTML.

- vis-network is inlined (pyvis `cdn_resources="in_line"`); the Bootstrap CDN tags that pyvis's
  template adds in every mode are removed, so the HTML loads nothing from anywhere.
- At most `cap` nodes are drawn (nearest first, in the order given); `GraphData.total` says how
  many there were, so the page can show a "show more" note.
- Physics runs once to lay the graph out (bounded iterations), then is switched off.
- Colours, captions and legend come from the schema.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from graph.schema import load_schema

DEFAULT_CAP = 400
_BOOTSTRAP = re.compile(r"<link[^>]*bootstrap[^>]*/?>|<script[^>]*bootstrap[^>]*>\s*</script>",
                        re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
_DEAD_COMMENT = re.compile(r"<!--[^>]*node_modules.*?-->", re.S)
_PHYSICS_OFF = """<script type="text/javascript">
(function () {
  if (typeof network === "undefined" || !network) { return; }
  var off = function () {
    network.setOptions({physics: false}); network.fit(); window.kgLaidOut = true;
  };
  network.once("stabilizationIterationsDone", off);
  network.once("stabilized", off);
  setTimeout(off, 8000);
})();
</script>
</body>"""


@dataclass
class GraphData:
    nodes: dict = field(default_factory=dict)   # key -> {"label", "name", "props"}
    edges: list = field(default_factory=list)   # (source key, target key, type)
    total: int = 0                              # nodes before the cap

    def add_node(self, key, label: str, name: str, props: dict | None = None) -> None:
        if key is None:
            return
        if key not in self.nodes:
            self.nodes[key] = {"label": label or "?", "name": name or str(key),
                               "props": props or {}}
        self.total = max(self.total, len(self.nodes))

    def add_edge(self, source, target, rel_type: str) -> None:
        edge = (source, target, rel_type)
        if source is not None and target is not None and edge not in self.edges:
            self.edges.append(edge)

    def labels(self) -> list[str]:
        return sorted({n["label"] for n in self.nodes.values()})

    def capped(self, cap: int, keep=None) -> "GraphData":
        """The first `cap` nodes (plus `keep`) and the edges among them; total is kept."""
        keys = list(self.nodes)[:cap]
        if keep is not None and keep in self.nodes and keep not in keys:
            keys = [keep] + keys[:cap - 1]
        chosen = set(keys)
        out = GraphData({k: self.nodes[k] for k in keys},
                        [e for e in self.edges if e[0] in chosen and e[1] in chosen],
                        max(self.total, len(self.nodes)))
        return out


def from_neighbourhood(records: list[dict], center=None) -> GraphData:
    """Rows of the `neighbourhood` query (source/target label, key, name, type)."""
    g = GraphData()
    for r in records:
        g.add_node(r["source"], r["source_label"], r["source_name"])
        g.add_node(r["target"], r["target_label"], r["target_name"])
        g.add_edge(r["source"], r["target"], r["type"])
    if center is not None and center in g.nodes:  # centre first: never capped away
        g.nodes = {center: g.nodes[center], **g.nodes}
    return g


def from_paths(paths: list[list], names: dict | None = None, labels: dict | None = None,
               types: list[list] | None = None) -> GraphData:
    """Evidence paths given as lists of node keys (optionally with relationship types)."""
    g = GraphData()
    names, labels = names or {}, labels or {}
    for i, path in enumerate(paths):
        for k in path:
            g.add_node(k, labels.get(k, "?"), names.get(k, str(k)))
        for j, (a, b) in enumerate(zip(path, path[1:])):
            rel = types[i][j] if types and i < len(types) and j < len(types[i]) else ""
            g.add_edge(a, b, rel)
    return g


def from_values(values) -> GraphData | None:
    """Nodes, relationships and paths found anywhere in query result cells (store dicts)."""
    g = GraphData()
    pending: list[dict] = []

    def visit(v):
        if isinstance(v, dict) and v.get("_path"):
            for x in v.get("nodes", []) + v.get("relationships", []):
                visit(x)
        elif isinstance(v, dict) and "_labels" in v:
            label = (v.get("_labels") or ["?"])[0]
            g.add_node(v.get("_id"), label, caption(label, v), v)
        elif isinstance(v, dict) and "_type" in v:
            pending.append(v)
        elif isinstance(v, (list, tuple)):
            for x in v:
                visit(x)

    for v in values:
        visit(v)
    for r in pending:  # relationships whose ends are both drawn
        if r.get("_start") in g.nodes and r.get("_end") in g.nodes:
            g.add_edge(r["_start"], r["_end"], r["_type"])
    return g if g.nodes else None


def caption(label: str, props: dict) -> str:
    node = load_schema().nodes.get(label)
    prop = node.caption if node else "name"
    return str(props.get(prop) or props.get("name") or props.get("title") or props.get("_id", ""))


def color(label: str) -> str:
    node = load_schema().nodes.get(label)
    return node.color if node else "#999999"


def _safe(text) -> str:
    """Text placed into the page's inline JSON: no markup can break out of the script."""
    return str(text).replace("<", "＜").replace(">", "＞").replace("&", "＆")


def _tooltip(key, n: dict, label_name) -> str:
    lines = [f"{label_name(n['label'])}: {n['name']}", str(key)]
    for k, v in list(n["props"].items())[:8]:
        if not k.startswith("_") and k not in ("name", "pinyin", "initials", "name_norm"):
            lines.append(f"{k}: {str(v)[:80]}")
    return _safe("\n".join(lines))


def to_html(g: GraphData, *, center=None, cap: int = DEFAULT_CAP, height: int = 560,
            label_name=lambda s: s, rel_name=lambda s: s) -> str:
    """Self-contained HTML (no external URL) drawing at most `cap` nodes of `g`."""
    from pyvis.network import Network
    shown = g.capped(cap, keep=center)
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    for key, n in shown.nodes.items():
        net.add_node(str(key), label=_safe(n["name"])[:24], title=_tooltip(key, n, label_name),
                     color=color(n["label"]), shape="dot",
                     size=26 if key == center else 14, borderWidth=3 if key == center else 1)
    few = len(shown.edges) <= 80
    for a, b, rel in shown.edges:
        name = _safe(rel_name(rel)) if rel else ""
        net.add_edge(str(a), str(b), title=name, label=name if few else "")
    net.options = _options(len(shown.nodes))
    return clean_html(net.generate_html())


def _options(n: int) -> dict:
    return {
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110},
                    "stabilization": {"enabled": True, "iterations": 150 if n > 200 else 300,
                                      "updateInterval": 25, "fit": True}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 10, "align": "middle"}, "color": {"color": "#9aa0a6"},
                  "smooth": False},
        "nodes": {"font": {"size": 13, "face": "Noto Sans CJK SC, sans-serif"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    }


def clean_html(page: str) -> str:
    """Drop pyvis's CDN tags and empty heading; switch physics off once laid out."""
    page = _BOOTSTRAP.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    return page.replace("</body>", _PHYSICS_OFF, 1)


def legend_html(labels: list[str], rels: list[str] = (), label_name=lambda s: s,
                rel_name=lambda s: s) -> str:
    """A small HTML legend: one coloured dot per label (and relationship names)."""
    items = [f'<span style="display:inline-block;margin-right:14px">'
             f'<span style="display:inline-block;width:11px;height:11px;border-radius:50%;'
             f'background:{color(lb)};margin-right:4px"></span>{html.escape(label_name(lb))}'
             f'</span>' for lb in labels]
    if rels:
        items.append('<span style="color:#666">→ ' +
                     "、".join(html.escape(rel_name(r)) for r in rels) + "</span>")
    return "<div>" + "".join(items) + "</div>"
