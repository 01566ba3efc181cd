"""How a query result's values read as text: the CLI's tables and CSV, the app's tables."""
from __future__ import annotations

import json


def cell_text(v) -> str:
    """A node as `(Label name)`, a relationship as `[:TYPE]`, other maps and lists as JSON."""
    if isinstance(v, dict):
        if "_labels" in v:
            return f"({':'.join(v['_labels'])} {v.get('name') or v.get('title') or v.get('_id')})"
        if "_type" in v:
            return f"[:{v['_type']}]"
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False, default=str)
    return "" if v is None else str(v)
