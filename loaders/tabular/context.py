"""What a loader knows while it converts rows: regions, industries, and existing entities."""
from __future__ import annotations

import re

from graph.store import GraphStore
from loaders.reference.industries import GB_PREFIX, division_codes
from loaders.reference.regions import resolve_region
from loaders.resolve import companies as R
from loaders.resolve.enrich import looks_like_organization, name_id, normalize_name, search_keys
from loaders.tabular.fragment import Fragment, RowError
from loaders.tabular.lookups import lookups_for

_GBT_CODE = re.compile(r"^[A-T](\d{2}(\d{1,2})?)?$")
_GBT_CLASS = re.compile(r"^([A-T])?(\d{3,4})$")
# A development zone, park or town named where a district is expected: not an administrative
# region code; the company is located at the city and the text kept as `district`.
_ZONE = re.compile(r"(开发区|高新区|新区|园区|试验区|片区|保税|港区|产业区|新城|新站区|街道|镇|乡)$")


_NONE = ()  # looked up, no company: one shared value, not a new list per key (75k a batch)


class LoadContext:
    def __init__(self, store: GraphStore | None, source_id: str):
        self.store = store
        self.lookups = lookups_for(store) if store is not None else None
        self.source_id = source_id
        self._entities: dict[str, tuple[str, str]] = {}   # name_norm -> (label, id)
        self._industries: dict[str, str] | None = None    # code or name -> code
        self._pending: list[str] = []                      # entities this row added
        self._known: dict[str, list[R.Known] | tuple] = {}  # identity key -> companies
        self.errors: list[RowError] = []                   # this row's problems, all of them
        self.notes: list[str] = []                         # things a user should check
        self._pending_ids: set[str] = set()                # companies this row added
        self._regions: dict[tuple, tuple] = {}             # region_detail's arguments -> answer
        self._industry_answers: dict = {}                  # known_industry's value -> answer

    MAX_REMEMBERED = 100_000

    def trim(self) -> None:
        """After a batch is written: forget remembered names beyond a bound, so memory does not
        grow with the file (1M rows); the next batch looks its names up again (prefetch)."""
        if len(self._entities) > self.MAX_REMEMBERED:
            self._entities.clear()
        if len(self._known) > self.MAX_REMEMBERED:
            self._known.clear()
        if len(self._regions) > self.MAX_REMEMBERED:
            self._regions.clear()
        if len(self._industry_answers) > self.MAX_REMEMBERED:
            self._industry_answers.clear()

    def begin_row(self) -> None:
        self._pending = []
        self._pending_ids: set[str] = set()
        self.errors = []

    def fail(self, field: str, value, reason: str) -> None:
        """Record a problem of this row and go on, so the rejects file lists all of them."""
        self.errors.append(RowError(field, value, reason))

    def reject_row(self) -> None:
        """Forget entities the rejected row introduced: they will not be written."""
        ids = {self._entities[n][1] for n in self._pending if n in self._entities}
        ids |= self._pending_ids
        for norm in self._pending:
            self._entities.pop(norm, None)
        for key, bucket in self._known.items():
            if any(k.id in ids for k in bucket):
                self._known[key] = [k for k in bucket if k.id not in ids]
        self._pending, self._pending_ids = [], set()

    # --- regions -------------------------------------------------------------------------
    def region(self, *, province="", city="", county="", text="", field="region") -> str | None:
        return self.region_detail(province=province, city=city, county=county, text=text,
                                  field=field)[0]

    def region_detail(self, *, province="", city="", county="", text="",
                      field="region") -> tuple[str | None, str | None]:
        """(finest region code, a zone named as the district that has no code of its own).
        A name that is not a region is recorded as this row's problem. Cached per load: the
        same few thousand place names repeat on every row (the problems are replayed)."""
        key = (province, city, county, text, field)
        try:
            hit = self._regions.get(key)
        except TypeError:  # a cell value that cannot be a key (not from CSV or XLSX): no cache
            key, hit = None, None
        if hit is None:
            errors, self.errors = self.errors, []
            try:
                found = self._region_detail(province, city, county, text, field)
                hit = (*found, self.errors)
                if key is not None:
                    self._regions[key] = hit
            finally:
                self.errors = errors
        self.errors.extend(hit[2])
        return hit[0], hit[1]

    def _region_detail(self, province, city, county, text, field):
        code, zone = None, None
        for part, fname in ((province, "province"), (city, "city"), (county, "county"),
                            (text, field)):
            part = str(part or "").strip()
            if not part:
                continue
            found = resolve_region(part, within=code) if code else resolve_region(part)
            if not found and fname == "county" and code and _ZONE.search(part):
                zone = part
                continue
            if not found:
                self.fail(fname, part, "not a recognised Chinese region name or code "
                                       "(expected e.g. 江苏省 / 徐州市 / 云龙区 / 320303)")
                return code, zone
            code = found
        return code, zone

    # --- industries ----------------------------------------------------------------------
    def industry(self, value: str, frag: Fragment, scheme: str = "自定义") -> str:
        """An Industry code for a GB/T code, a known industry name, or a new tag industry."""
        value = str(value).strip()
        found = self.known_industry(value)
        if found:
            return found
        code = f"tag:{scheme}:{normalize_name(value)}"
        frag.node("Industry", {"code": code, "name": value, "scheme": scheme, "level": 0,
                               **search_keys(value), "source_ids": [self.source_id]})
        return code

    def known_industry(self, value: str) -> str | None:
        """The Industry code for a GB/T code or name the graph holds, else None. Remembered
        per value: the industries the graph holds are read once per load."""
        try:
            return self._industry_answers[value]
        except KeyError:
            pass
        except TypeError:  # a cell value that cannot be a key
            return self._known_industry(value)
        found = self._industry_answers[value] = self._known_industry(value)
        return found

    def _known_industry(self, value: str) -> str | None:
        value = str(value).strip()
        known = self._known_industries()
        key = value.upper() if _GBT_CODE.match(value.upper()) else normalize_name(value)
        for cand in (key, f"GB4754:{key}", *self._gbt_class(value)):
            if cand in known:
                return known[cand]
        return None

    @staticmethod
    def _gbt_class(value: str) -> list[str]:
        """A GB/T group or class code (358, 3825, C3825): itself when the graph holds the full
        tree, else its division (GB4754:C38)."""
        m = _GBT_CLASS.match(value.upper())
        div = division_codes().get(m[2][:2]) if m else None
        if not div:
            return []
        return list(dict.fromkeys([div + m[2][2:], div + m[2][2:3], div]))

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
    def prefetch(self, names: list[str], codes: tuple[list, list] = ([], [])) -> None:
        """Look up in the store, in one query per label, the entities these names may refer
        to: their identity keys (other legal forms) and, for full names, the short names they
        may have (loaders/resolve/companies.py); `codes`: credit codes and listed codes."""
        keys: set[str] = set()
        for n in {n for n in names if n}:
            keys.update(R.identity_keys(n))
            keys.update(R.short_name_keys(n))
        keys = keys.difference(self._known)  # one C loop over the keys
        usccs, stocks = codes
        if self.store is None or not (keys or usccs or stocks):
            return
        self._known.update(dict.fromkeys(keys, _NONE))
        norms = {normalize_name(n) for n in set(names) if n}
        shorts = sorted(n for n in norms if not R.is_full_name(n) and len(n) >= R.SHORT_MIN
                        and f"full:{n}" not in self._known)
        found = self._known_rows(self.lookups.companies_by_identity(
            list(keys), list(set(usccs)), list(set(stocks))))
        for k in found:
            self._file(k, [k.norm])
        if shorts:  # full names in the graph a short name may abbreviate (an index range)
            for k in self._known_rows(self.lookups.companies_by_prefix(shorts), unwind=True):
                self._file(k, [f"full:{k.unwound}"])
            for s_ in shorts:
                self._known.setdefault(f"full:{s_}", _NONE)
        norms = sorted(norms - self._entities.keys())
        if norms:
            for norm, nid in self.lookups.organizations(norms):
                self._entities.setdefault(norm, ("Organization", nid))

    @staticmethod
    def _known_rows(rows: list, unwind: bool = False) -> list[R.Known]:
        """Company rows of `loaders.tabular.lookups` as `Known` entries."""
        out = []
        for row in rows:
            norm, nid, aliases, uscc, stock, regions, inds = row[:7]
            k = R.Known(nid, norm or "", "Company", list(aliases or []), uscc, stock,
                        list(regions), R.division_codes_of(inds))
            k.unwound = row[8] if unwind else None
            k.short = row[7]
            out.append(k)
        return out

    def _file(self, k: R.Known, keys: list) -> None:
        for key in {*keys, k.uscc and f"uscc:{k.uscc}", k.stock_code and f"stock:{k.stock_code}",
                    getattr(k, "short", None),
                    *(normalize_name(a) for a in k.aliases)} - {None, ""}:
            bucket = self._known.get(key, _NONE)
            if all(b.id != k.id for b in bucket):
                self._known[key] = [*bucket, k]
        self._entities.setdefault(k.norm, ("Company", k.id))

    def find_company(self, name: str, others=(), *, uscc=None, stock_code=None, region=None,
                     industries=()) -> R.Decision | None:
        """The company in the graph (or earlier in this file) this row's company is, linked,
        or proposed for review; None: a new company."""
        cands: dict[str, R.Known] = {}
        for key in ([f"uscc:{uscc}"] if uscc else []) + \
                ([f"stock:{stock_code}"] if stock_code else []):
            for k in self._known.get(key, []):
                cands[k.id] = k
        for n in (name, *others):
            for key in [*R.identity_keys(n), *(R.short_name_keys(n) if n == name else ()),
                        f"full:{normalize_name(n)}"]:
                for k in self._known.get(key, []):
                    cands.setdefault(k.id, k)
        if not cands:
            return None
        decision = R.best(name, list(cands.values()), uscc=uscc, stock_code=stock_code,
                          region=region, industries=R.division_codes_of(industries))
        if decision is None:
            for n in others:  # a short name or alias the row itself gives: the same company
                for k in self._known.get(normalize_name(n), []):
                    if not (uscc and k.uscc and k.uscc != uscc):
                        return R.Decision(k, True, 0.97, "简称/别名一致")
        return decision

    def learn_company(self, name: str, others, nid: str, *, uscc=None, stock_code=None,
                      region=None, industries=(), aliases=(), new: bool = True) -> None:
        """Remember a company this file writes, under all its identity keys."""
        if new:
            self._pending_ids.add(nid)
        known = R.Known(nid, normalize_name(name), "Company", list(aliases), uscc, stock_code,
                        [region] if region else [], R.division_codes_of(industries))
        keys = {normalize_name(name), *(normalize_name(o) for o in others)}
        keys |= {f"uscc:{uscc}"} if uscc else set()
        keys |= {f"stock:{stock_code}"} if stock_code else set()
        for key in keys - {""}:
            self._known[key] = [k for k in self._known.get(key, _NONE) if k.id != nid] + [known]
        for n in (name, *others):
            self._entities[normalize_name(n)] = ("Company", nid)

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
        if label == "Company":
            decision = self.find_company(name)
            if decision and decision.linked:
                self._alias(frag, decision.known, name)
                self._entities[norm] = ("Company", decision.known.id)
                return "Company", decision.known.id
        nid = name_id(name)
        frag.node(label, {"id": nid, "name": name, **search_keys(name),
                          "source_ids": [self.source_id], **extra})
        self._entities[norm] = (label, nid)
        self._pending.append(norm)
        if label == "Company":
            if decision:
                self.propose(frag, nid, decision)
            self.learn_company(name, (), nid)
        return label, nid

    def _alias(self, frag: Fragment, known: R.Known, name: str) -> None:
        """The name this row uses becomes an alias of the company it resolved to."""
        if normalize_name(name) == known.norm or name in known.aliases:
            return
        known.aliases = list(dict.fromkeys(known.aliases + [name]))
        frag.node("Company", {"id": known.id, "aliases": known.aliases,
                              "source_ids": [self.source_id]})

    def propose(self, frag: Fragment, nid: str, decision: R.Decision,
                kind: str = "same_company") -> None:
        frag.rel("PROPOSED_LINK", ("Company", nid), ("Company", decision.known.id), kind=kind,
                 id=R.proposal_id(kind, nid, decision.known.id),
                 confidence=decision.confidence, rule=decision.rule, status="proposed",
                 source_ids=[self.source_id])

    def remember(self, name: str, label: str, nid: str) -> None:
        self._entities[normalize_name(name)] = (label, nid)
