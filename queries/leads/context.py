"""Everything read from the store for one ranking, the candidate pools and each candidate's
signals (docs/leads.md: focus rule, risk screen, signals)."""
from __future__ import annotations

import datetime as dt
import math

import networkx as nx

from graph import derived
from queries.leads import fetch, focus as fc, followup, pool as gp, risk as rk, timing, words
from queries.leads.region_facts import region_facts
from queries.leads import signals as sg

NO_DATED_FACTS = ("近期扩张、竞争城市：图谱中候选企业在{since}之后没有带日期的外地签约、项目或投资记录，"
                  "这两项信号为0——这是数据缺失，不代表企业没有活动")


# Companies reached only through an industry (or a source region) differ from each other by
# their scale and their own dated facts, so a ranking of `top` leads needs at most the largest
# of each industry; per_code(top) fetches twice `top` plus a margin for the excluded ones
# (local, engaged or risky companies among the largest).
def per_code(top: int) -> int:
    return 2 * max(top, 1) + 20


def describe(f: dict) -> dict:
    """A company's facts plus what a strategist reads: full name, location name."""
    full = [a for a in f.get("aliases") or [] if a.endswith(("公司", "集团", "企业", "厂"))]
    names = sorted(f.get("region_names") or [], key=len)
    return {**f, "full_name": (sorted(full, key=len, reverse=True) or [None])[0],
            "location": names[-1] if names else None}


class Context:
    """Everything read from the store for one ranking, and the projections built from it."""

    @classmethod
    def load(cls, store, region, industries, source_regions, asof, hidden,
             top: int = 20, show_risky: bool = False, weights: dict | None = None,
             limit: int | None = None) -> "Context":
        """With `weights` and `limit`: only the `limit` group companies of highest score bound
        (pool.py; `group_floors` the bound of those left out per list, None where none was);
        else every
        company within four ownership hops of an engaged one (the backtest's full ranking)."""
        self = cls()
        self.weights, self.limit = weights, limit
        self.group_floors = {"fit": None, "group": None}
        self.store, self.detailed = store, set()
        derived.refresh_stale(store)  # companies written since their values were computed
        self.per_code, self.asof, self.show_risky, self.notes = per_code(top), asof, show_risky, []
        self.today = timing.parse_day(asof) or dt.date.today()
        self.region = fetch.resolve_region(store, region)
        self._industries(store)
        self.focus = self._focus(store, industries)
        self.sources = fetch.scope_of(store, [fetch.resolve_region(store, s).code
                                              for s in source_regions]) if source_regions else {}
        # what the region gives, whatever the question (region_facts.py: kept between
        # rankings while the store is not written)
        self.facts = f = region_facts(store, self.region, asof, hidden)
        self.agreements, self.local_orgs, self.visits = f.agreements, f.local_orgs, f.visits
        self.covered, self.engaged, self.seeds = f.covered, f.engaged, f.seeds
        self._region_notes = list(self.notes)
        self._pools(store)
        return self

    def widen(self, limit: int) -> None:
        """Read the group pool again with a larger `limit`; what the region gives (agreements,
        visits, industries) is kept."""
        self.limit, self.notes = limit, list(self._region_notes)
        for cache in ("_depths", "_owners", "_nearest", "_matches"):
            self.__dict__.pop(cache, None)
        self._pools(self.store)

    def _pools(self, store) -> None:
        self._candidates(store)
        self._activity(store)
        self._projection()
        self._names(store)

    # ------------------------------------------------------------------ industries and focus
    def _industries(self, store):
        rows = fetch.read_all(store, fetch.INDUSTRIES)
        self.ind = {r["code"]: r for r in rows}
        self.classes, self.chain = nx.DiGraph(), nx.DiGraph()
        for e in fetch.read_all(store, fetch.INDUSTRY_EDGES):
            (self.classes if e["type"] == "SUBCLASS_OF" else self.chain).add_edge(e["a"], e["b"])
        self.strict = fc.strict_classes(self.classes, {c: r["scheme"] for c, r in self.ind.items()})
        by_name: dict[str, list] = {}
        for c, r in self.ind.items():
            if r["scheme"] == "自定义":
                by_name.setdefault(r["name"], []).append(c)
        self.links = fc.links_by_code(fc.read_fit_table(), by_name)

    def _focus(self, store, industries) -> set:
        self.priorities = {r["code"] for r in fetch.read_all(store, fetch.PRIORITIES,
                                                            code=self.region.code)}
        if not industries:
            return set(self.priorities)
        out = set()
        for q in industries:
            codes, note = words.resolve(q, self.ind)
            out |= set(codes)
            if note:
                self.notes.append(note)
        return out

    def industry_name(self, code):
        return (self.ind.get(code) or {}).get("name") or code

    def node_name(self, key) -> str:
        """A node of an evidence path by name (a company, owner, industry, chain segment,
        region, agreement title, organisation); the key itself only when the graph gives none."""
        return str(self.names.get(key) or self.industry_name(key))

    def fit(self, inds) -> fc.Match | None:
        key = ("fit", frozenset(inds))
        cache = self.__dict__.setdefault("_fit_cache", {})
        if key not in cache:
            cache[key] = fc.match(self.strict, self.chain, self.links, set(inds), self.focus)
        return cache[key]

    def fit_to(self, inds, targets) -> fc.Match | None:
        """A fit to `targets` without chain neighbours (the chain-gap signal)."""
        key = (frozenset(inds), frozenset(targets))
        cache = self.__dict__.setdefault("_fit_cache", {})
        if key not in cache:
            m = fc.match(self.strict, nx.DiGraph(), self.links, set(inds), set(targets))
            cache[key] = m if m and m.kind != "neighbour" else None
        return cache[key]

    # ------------------------------------------------------------------ candidates
    def _candidates(self, store):
        self.gaps = self._gaps()
        codes = sorted(fc.fitting_codes(self.strict, self.chain, self.links, self.ind, self.focus))
        self.fitting = codes
        found = set(self._by_industry(store, codes))
        bounded = self._bounded_group(store)
        if bounded is None:
            self.owns_rows = fetch.read_all(store, fetch.GROUP_EDGES, ids=sorted(self.engaged))
            self.owns = nx.DiGraph((r["a"], r["b"]) for r in self.owns_rows)
            found |= set(self.owns)
        else:
            found |= bounded
        found |= {v["company"] for v in self.visits}
        # the engaged companies are never candidates: their names come with the agreements.
        # Facts read before at this state of the store (an earlier pass, an earlier ranking of
        # the region: region_facts.py) are not read again.
        read = self.facts.companies
        need = sorted(found - self.engaged)
        for f in fetch.read_all(store, fetch.FACTS, ids=[c for c in need if c not in read]):
            read[f["id"]] = describe({"aliases": [], "sources": [], "region_names": [], **f})
        self.companies = {c: read[c] for c in need if c in read}
        # per company, once per ranking: located in the region, risk flags, industry fit
        seen = self.__dict__.setdefault("_per_company", {})
        for c in self.companies.keys() - seen.keys():
            f = self.companies[c]
            seen[c] = (not self.region.scope.keys().isdisjoint(f["regions"]),
                       rk.risk_flags(f["name"], f["status"], f["risk_flags"]),
                       self.fit(f["industries"]))
        local = {c for c in self.companies if seen[c][0]}
        self.excluded = self.engaged | local
        pool = sorted(c for c in found if c in self.companies and c not in self.excluded)
        # follow-up (queries/leads/followup.py): leads abandoned recently stay out
        if "abandoned" not in self.__dict__:  # read once per ranking, not once per pass
            _, self.abandoned = followup.followed(store, self.region.code)
        pool = followup.drop_abandoned(pool, self.abandoned)
        known = set(self.owns.edges)
        more = [r for r in self.facts.owners(fetch.OWNERS, 3).read(store, pool)
                if (r["a"], r["b"]) not in known]
        self.owns_rows += more
        self.owns.add_edges_from((r["a"], r["b"]) for r in more)
        self.risks = {c: seen[c][1] for c in pool if seen[c][1]}
        self.matches = {c: seen[c][2] for c in pool}
        tied = {c for c in pool if c in self.owns and self.group_match(c)[1] is not None}
        if self.by_root is not None:  # as the full pool: four hops through a common owner
            tied = {c for c in tied if c not in self.by_root or self.group_match(c)[0] <= 4}
        self.candidates = [c for c in pool if self.matches[c]]
        self.group_pool = [c for c in pool if not self.matches[c] and c in tied]
        self.excluded_risky = self._screen()
        if not codes or not any(self.companies[c]["industries"] for c in self.candidates):
            names = "、".join(self.industry_name(c) for c in sorted(self.focus))
            if not self.candidates:
                self.notes.append(f"行业“{names}”在图谱中存在，但没有企业属于它或其细分行业、"
                                  f"产业链环节（数据缺失或分类未细分到企业）")

    def _by_industry(self, store, codes: list) -> list:
        """The largest companies of each fitting industry (and of each within the source
        regions): what the question asks, whatever the pool's limit, so read once per
        ranking."""
        if "_largest" not in self.__dict__:
            top = {"codes": codes, "per_code": self.per_code, "listed_factor": sg.LISTED_FACTOR}
            self._largest = [r["id"] for r in fetch.read_all(store, fetch.TOP_BY_INDUSTRY, **top)]
            if self.sources:
                self._largest += [r["id"] for r in fetch.read_all(
                    store, fetch.TOP_BY_INDUSTRY_WITHIN, within=sorted(self.sources), **top)]
        return self._largest

    def _bounded_group(self, store) -> set | None:
        """The group companies of highest score bound and the ownership above them and above
        the engaged companies (pool.py); None: read the whole pool (no limit asked, or the
        whole pool fits in it)."""
        self.by_root = None
        if self.limit is None or self.weights is None:
            return None
        ids, self.group_floors = gp.bounded_group(store, self, self.weights, self.limit)
        if all(f is None for f in self.group_floors.values()):
            return None
        self.by_root = set(ids)
        # read once per company and state of the store (queries/leads/owners.py)
        self.owns_rows = self.facts.owners(gp.OWNERS_UP, 4).read(store, self.by_root | self.engaged)
        self.owns = nx.DiGraph((r["a"], r["b"]) for r in self.owns_rows)
        return self.by_root

    def _screen(self) -> dict:
        """Drop risky companies from both pools (unless show_risky); count them by reason."""
        risky = [c for c in self.candidates + self.group_pool if c in self.risks]
        by_reason: dict[str, int] = {}
        for c in risky:
            for key in dict.fromkeys(k for k, _ in self.risks[c]):
                label = rk.REASON[key]
                by_reason[label] = by_reason.get(label, 0) + 1
        if not self.show_risky:
            self.candidates = [c for c in self.candidates if c not in self.risks]
            self.group_pool = [c for c in self.group_pool if c not in self.risks]
        return {"count": len(risky), "by_reason": by_reason, "shown": self.show_risky}

    def _gaps(self) -> set:
        """Chain segments at or below the focus that no local company reaches (strict or
        through an audited `in` link)."""
        segs = {c for c in sg.closure_down(self.strict, self.focus)
                if str((self.ind.get(c) or {}).get("scheme") or "").startswith("chain:")
                and not c.endswith(("upstream", "midstream", "downstream"))}
        covered = sg.closure_up(self.strict, self.covered)
        covered |= {t for i in self.covered for t, v, _ in self.links.get(i, ()) if v == "in"}
        return {s for s in segs if s not in covered}

    # ------------------------------------------------------------------ dated facts
    def _activity(self, store):
        # only companies with a dated fact at all (activity_count, loaders/derived.py)
        ids = sorted(c for c in set(self.candidates) | set(self.group_pool)
                     if self.companies[c]["activity_count"])
        rows = [r for r in self.facts.activity(store, ids) if r["region"] not in self.region.scope]
        regions = sorted({r["region"] for r in rows if r["region"]} | {self.region.code})
        clusters: dict[str, set] = {}
        for r in fetch.read_all(store, fetch.CLUSTERS, codes=regions):
            clusters.setdefault(r["region"], set()).add(r["cluster"])
        mine = clusters.get(self.region.code, set())
        names = [self.industry_name(c) for c in self.focus]
        same_pri = {r["region"] for r in fetch.read_all(store, fetch.PEER_PRIORITIES, names=names)}
        self.activity: dict[str, list] = {}
        for r in rows:
            peer = timing.is_peer(r["region"] or "", self.region.code,
                                  bool(clusters.get(r["region"], set()) & mine),
                                  r["region"] in same_pri)
            self.activity.setdefault(r["company"], []).append({**r, "peer": peer})
        since = (self.today - dt.timedelta(days=round(timing.WINDOW_MONTHS * 30.4375))).isoformat()
        if not any(timing.recent_expansion(f, self.today)[0] for f in self.activity.values()):
            self.notes.append(NO_DATED_FACTS.format(since=since))

    def newest_fact(self, cid) -> str:
        """The newest dated fact behind a candidate (its own, or its group tie's agreement)."""
        dates = [str(f["date"]) for f in self.activity.get(cid, []) if f.get("date")]
        e = self.group_match(cid)[1]
        if e:
            dates += [a["date"] for a in self.by_party(e) if a["date"]]
        return max(dates, default="")

    # ------------------------------------------------------------------ projection, groups
    def _projection(self):
        """Proximity flows only through facts between entities (agreements, ownership,
        visits), never through a region or an industry hub."""
        # The graph: agreements, visits and the ownership links near the engaged companies.
        # Proximity is relative to the closest owner or company in the ownership links, the
        # engaged and visited ones aside (signals.proximity): the same whatever the pool.
        # No lead list, no graph and no PageRank (region_facts.py keeps them once made).
        if self.candidates:
            self.graph, self.ppr, self.ppr_top = self.facts.projection(self.store)
        else:
            self.graph, self.ppr, self.ppr_top = nx.Graph(), {}, 0.0

    def _names(self, store):
        ids = {s for r in self.owns_rows for s in r["sources"]} | \
            {s for v in self.visits for s in v["sources"]}
        ids |= {s for c in self.companies.values() for s in c["sources"]}
        ids |= {s for fs in self.activity.values() for f in fs for s in f["sources"]}
        rows = fetch.read_all(store, fetch.SOURCES, ids=sorted(ids))
        self.source_titles = {r["id"]: r["title"] for r in rows}
        self.source_uris = {r["id"]: r["uri"] for r in rows}
        names = {c: r["name"] for c, r in self.ind.items()}
        names.update({**self.region.scope, **self.sources})
        names.update({r["a"]: r["a_name"] for r in self.owns_rows})
        names.update({x["id"]: x["name"] for x in self.local_orgs})
        names.update({a["id"]: a["title"] for a in self.agreements})
        names.update({a["party"]: a["party_name"] for a in self.agreements})
        names.update({v["org"]: v["org_name"] for v in self.visits})
        names.update({c: f["name"] for c, f in self.companies.items()})
        self.names = names

    def add_details(self, ids) -> None:
        """Read what a shown lead needs (full name, sources, stock code ...) for `ids`: only
        the leads on the list, not every candidate scored."""
        ids = sorted(set(ids) - self.detailed)
        if not ids:
            return
        for f in fetch.read_all(self.store, fetch.DETAILS, ids=ids):
            self.companies[f["id"]] = describe({**self.companies[f["id"]], **f})
        self.detailed |= set(ids)
        missing = sorted({s for c in ids for s in self.companies[c]["sources"]}
                         - self.source_titles.keys())
        for r in fetch.read_all(self.store, fetch.SOURCES, ids=missing):
            self.source_titles[r["id"]], self.source_uris[r["id"]] = r["title"], r["uri"]

    def agreement_sources(self, agreement: dict) -> list:
        """The sources of one agreement row (its party's link, the signing place, the
        documents that mention it), read when a reason cites it, with their titles."""
        cache = self.__dict__.setdefault("_agreement_sources", {})
        read = self.__dict__.setdefault("_agreements_read", set())
        if agreement["id"] not in read:
            read.add(agreement["id"])
            for r in fetch.read_all(self.store, fetch.AGREEMENT_SOURCES, ids=[agreement["id"]]):
                cache[(r["id"], r["party"])] = r["sources"]
            missing = sorted({s for v in cache.values() for s in v} - self.source_titles.keys())
            for r in fetch.read_all(self.store, fetch.SOURCES, ids=missing):
                self.source_titles[r["id"]], self.source_uris[r["id"]] = r["title"], r["uri"]
        return cache.get((agreement["id"], agreement["party"]), [])

    def group_of(self, cid) -> str | None:
        """The top owner of a company's group as far as the graph's ownership reaches."""
        if cid not in self.owns:
            return None
        depths = self._owner_depths(cid)
        return max(depths, key=lambda o: (depths[o], str(o)))

    def group_name(self, cid) -> str | None:
        g = self.group_of(cid)
        return self.names.get(g, g) if g else None

    def group_match(self, cid):
        """(distance, nearest engaged company) through common owners; computed once per
        company per pass (the ownership read changes with the pool: Context.widen)."""
        cache = self.__dict__.setdefault("_matches", {})
        if cid not in cache:
            cache[cid] = self._group_match(cid)
        return cache[cid]

    def _group_match(self, cid):
        best = (math.inf, None)
        if cid not in self.owns:
            return best
        if cid in self.engaged:
            return (0, cid)
        nearest = self._nearest_engaged()
        for owner, up in self._owner_depths(cid).items():
            if owner in nearest:
                d, e = nearest[owner]
                best = min(best, (up + d, e), key=lambda x: (x[0], x[1]))
        return best

    def _nearest_engaged(self) -> dict:
        """{owner: (hops down to the nearest engaged company, that company)}, built once, so
        a candidate costs its own owners, not (its owners x every engaged company)."""
        if "_nearest" not in self.__dict__:
            self._nearest = {}
            for e in sorted(self.engaged & set(self.owns)):
                for owner, d in self._owner_depths(e).items():
                    if owner not in self._nearest or (d, e) < self._nearest[owner]:
                        self._nearest[owner] = (d, e)
        return self._nearest

    def _owner_depths(self, node) -> dict:
        """Owners of a node with their distance, computed once per node per ranking."""
        cache = self.__dict__.setdefault("_depths", {})
        if node not in cache:
            if "_owners" not in self.__dict__:
                # a view, not a copy (a copy deep-copied every edge's attributes: 0.5 s at 1M)
                self._owners = self.owns.reverse(copy=False)
            cache[node] = sg.owner_depths(self._owners, node)
        return cache[node]

    def by_agreement(self, agreement_id) -> list:
        """The party rows of one agreement."""
        return self._agreement_index("id").get(agreement_id, [])

    def by_party(self, party) -> list:
        """The agreements one party signed."""
        return self._agreement_index("party").get(party, [])

    def _agreement_index(self, key: str) -> dict:
        """The agreement rows by one column, built once per region's facts."""
        cache = self.__dict__.setdefault("_by", {})  # without the facts' lock on every call
        if key not in cache:
            cache[key] = self.facts.by(key)
        return cache[key]

    def tie_agreement(self, cid) -> dict | None:
        """The engaged group member's earliest agreement with the region (the group tie)."""
        e = self.group_match(cid)[1]
        cache = self.__dict__.setdefault("_ties", {})  # by engaged company: the facts' own
        if e not in cache:
            cache[e] = min(self.by_party(e), key=lambda a: (a["date"] or "", a["id"]),
                           default=None)
        return cache[e]

    # ------------------------------------------------------------------ signals
    def signals(self, cid) -> dict:
        c = self.companies[cid]
        m = self.matches.get(cid) or self.fit(c["industries"])
        facts = self.activity.get(cid, [])
        tie = self.tie_agreement(cid)
        group = sg.group_affinity(self.group_match(cid)[0])
        if group and tie:
            group = round(group * timing.freshness(tie["date"], self.today), 6)
        gap = self.fit_to(c["industries"], self.gaps) if self.gaps else None
        return {"industry": m.value if m else 0.0,
                "group": group,
                "chain_gap": gap.value if gap else 0.0,
                "proximity": round(sg.proximity(self.ppr, cid, self.ppr_top), 6),
                "expansion": timing.recent_expansion(facts, self.today)[0],
                "peer": timing.peer_momentum(facts, self.today)[0],
                "source_region": sg.source_region(set(c["regions"]), set(self.sources)),
                "scale": sg.scale(c["capital"], c["listed"])}
