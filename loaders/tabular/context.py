"""What a loader knows while it converts rows: regions, industries, and existing entities."""
from __future__ import annotations

import re

from graph.store import GraphStore
from loaders.reference.regions import resolve_region
from loaders.resolve.enrich import looks_like_organization, name_id, normalize_name, search_keys
from loaders.tabular.fragment import Fragment, RowError

_GBT_CODE = re.compile(r"^[A-T](\d{2}(\d{1,2})?)?$")


class LoadContext:
    def __init__(self, store: GraphStore | None, source_id: str):
        self.store = store
        self.source_id = source_id
        self._entities: dict[str, tuple[str, str]] = {}   # name_norm -> (label, id)
        self._industries: dict[str, str] | None = None    # code or name -> code
        self._pending: list[str] = []                      # entities this row added

    MAX_REMEMBERED = 100_000

    def trim(self) -> None:
        """After a batch is written: forget remembered names beyond a bound, so memory does not
        grow with the file (1M rows); the next batch looks its names up again (prefetch)."""
        if len(self._entities) > self.MAX_REMEMBERED:
            self._entities.clear()

    def begin_row(self) -> None:
        self._pending = []

    def reject_row(self) -> None:
        """Forget entities the rejected row introduced: they will not be written."""
        for norm in self._pending:
            self._entities.pop(norm, None)
        self._pending = []

    # --- regions -------------------------------------------------------------------------
    def region(self, *, province="", city="", county="", text="", field="region") -> str | None:
        code = None
        for part, fname in ((province, "province"), (city, "city"), (county, "county"),
                            (text, field)):
            part = str(part or "").strip()
            if not part:
                continue
            found = resolve_region(part, within=code) if code else resolve_region(part)
            if not found:
                raise RowError(fname, part, "not a recognised Chinese region name or code "
                                            "(expected e.g. 江苏省 / 徐州市 / 云龙区 / 320303)")
            code = found
        return code

    # --- industries ----------------------------------------------------------------------
    def industry(self, value: str, frag: Fragment, scheme: str = "自定义") -> str:
        """An Industry code for a GB/T code, a known industry name, or a new tag industry."""
        value = str(value).strip()
        known = self._known_industries()
        key = value.upper() if _GBT_CODE.match(value.upper()) else normalize_name(value)
        for cand in (key, f"GB4754:{key}"):
            if cand in known:
                return known[cand]
        code = f"tag:{scheme}:{normalize_name(value)}"
        frag.node("Industry", {"code": code, "name": value, "scheme": scheme, "level": 0,
                               **search_keys(value), "source_ids": [self.source_id]})
        return code

    def _known_industries(self) -> dict[str, str]:
        if self._industries is None:
            self._industries = {}
            if self.store is not None:
                for code, name in self.store.read(
                        "MATCH (i:Industry) RETURN i.code, i.name").rows:
                    self._industries[code] = code
                    if name:
                        self._industries.setdefault(normalize_name(name), code)
        return self._industries

    # --- parties (companies and organizations named in a row) ------------------------------
    def prefetch(self, names: list[str]) -> None:
        """Look up in the store, in one query, the entities these names may refer to."""
        norms = sorted({normalize_name(n) for n in names if n} - set(self._entities))
        if not norms or self.store is None:
            return
        for label in ("Company", "Organization"):
            rows = self.store.read(f"MATCH (n:{label}) WHERE n.name_norm IN $names "
                                   f"RETURN n.name_norm, n.id", {"names": norms}).rows
            for norm, nid in rows:
                self._entities.setdefault(norm, (label, nid))

    def party(self, name: str, frag: Fragment, field: str, *, label: str | None = None,
              **extra) -> tuple[str, str]:
        """(label, id) of the entity called `name`; a new node goes into the fragment."""
        name = str(name or "").strip()
        if len(normalize_name(name)) < 2:
            raise RowError(field, name, "an entity name of at least 2 characters is required")
        norm = normalize_name(name)
        if norm in self._entities and (label is None or self._entities[norm][0] == label):
            return self._entities[norm]
        label = label or ("Organization" if looks_like_organization(name) else "Company")
        nid = name_id(name)
        frag.node(label, {"id": nid, "name": name, **search_keys(name),
                          "source_ids": [self.source_id], **extra})
        self._entities[norm] = (label, nid)
        self._pending.append(norm)
        return label, nid

    def remember(self, name: str, label: str, nid: str) -> None:
        self._entities[normalize_name(name)] = (label, nid)
