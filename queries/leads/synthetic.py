"""A generated graph with planted structure for the backtest. Everything is flagged
`synthetic: true` and every code/id starts with `SYN` so it never mixes with real data.

Planted structure: company groups expand region by region (once one subsidiary of a group has
signed with a region, sister companies sign there later), and industries follow chains (a
region's later signers tend to sit in its priority chain, next to segments it already has).
Agreements before 2021 are the "past"; those dated 2021 are what the backtest hides.
"""
from __future__ import annotations

import random

SEGMENTS = 6  # per chain; segment k is upstream of segment k+1


def generate(store, n_companies: int = 600, n_regions: int = 4, chains: int = 3,
             seed: int = 7) -> dict:
    """Write the graph into `store`; returns {"regions": [codes], "source": cluster code}."""
    rng = random.Random(seed)
    spec = _plan(rng, n_companies, n_regions, chains)
    _write(store, spec)
    return {"regions": [r["code"] for r in spec["targets"]], "source": "SYN-GBA"}


def _plan(rng, n, n_regions, chains) -> dict:
    segs = [f"SYN:I:{c}:{k}" for c in range(chains) for k in range(SEGMENTS)]
    targets = [{"code": f"SYN-R{i}", "name": f"合成市{i}", "chain": i % chains}
               for i in range(n_regions)]
    sources = [f"SYN-S{i}" for i in range(3)]
    companies, owns = [], []
    groups = max(4, n // 12)
    for g in range(groups):
        parent = f"SYN-G{g}"
        chain = rng.randrange(chains)
        companies.append(_co(parent, f"合成集团{g}", rng.choice(sources), rng.choice(segs), 1e10))
        for k in range(rng.randint(3, 8)):
            sid = f"{parent}-{k}"
            seg = f"SYN:I:{chain}:{rng.randrange(SEGMENTS)}" if rng.random() < 0.7 else rng.choice(segs)
            companies.append(_co(sid, f"合成集团{g}子公司{k}", rng.choice(sources), seg, 1e8))
            owns.append({"start": parent, "end": sid, "share": round(rng.uniform(0.3, 1.0), 2)})
    for i in range(max(0, n - len(companies))):
        place = rng.choice(sources + [t["code"] for t in targets] + ["SYN-O"])
        companies.append(_co(f"SYN-C{i}", f"合成企业{i}", place, rng.choice(segs),
                             10 ** rng.uniform(6, 10)))
    ags, parties = _agreements(rng, companies, owns, targets)
    return {"segs": segs, "targets": targets, "sources": sources, "companies": companies,
            "owns": owns, "agreements": ags, "parties": parties}


def _co(cid, name, region, industry, capital):
    return {"id": cid, "name": name, "region": region, "industry": industry,
            "reg_capital_cny": round(capital), "synthetic": True}


def _agreements(rng, companies, owns, targets):
    by_parent: dict[str, list[str]] = {}
    for o in owns:
        by_parent.setdefault(o["start"], []).append(o["end"])
    non_local = [c for c in companies if not c["region"].startswith("SYN-R")]
    ags, parties = [], []
    for t in targets:
        signed = set()
        for parent in rng.sample(sorted(by_parent), k=min(3, len(by_parent))):
            kids = rng.sample(by_parent[parent], k=len(by_parent[parent]))
            _sign(ags, parties, t, kids[0], "2019-06-01", signed)
            for kid in kids[1:3]:
                if rng.random() < 0.6:
                    _sign(ags, parties, t, kid, "2021-06-01", signed)  # the group expands
        chain_cos = [c["id"] for c in non_local if c["industry"].startswith(f"SYN:I:{t['chain']}:")]
        for cid in rng.sample(chain_cos, k=min(3, len(chain_cos))):
            _sign(ags, parties, t, cid, "2021-03-01", signed)  # industries follow the chain
        for c in rng.sample(non_local, k=3):
            _sign(ags, parties, t, c["id"], rng.choice(["2019-01-01", "2021-09-01"]), signed)
    return ags, parties


def _sign(ags, parties, target, cid, date, signed):
    if cid in signed:
        return
    signed.add(cid)
    aid = f"SYN-A{len(ags)}"
    ags.append({"id": aid, "title": f"{target['name']}合作协议{len(ags)}", "type": "合作协议",
                "date": date, "synthetic": True, "region": target["code"] + "-D"})
    parties += [{"start": cid, "end": aid, "label": "Company", "synthetic": True},
                {"start": f"SYN-GOV-{target['code']}", "end": aid, "label": "Organization",
                 "synthetic": True}]


def _write(store, spec) -> None:
    regions = [{"code": t["code"], "name": t["name"], "level": "prefecture"} for t in spec["targets"]]
    regions += [{"code": t["code"] + "-D", "name": t["name"] + "新区", "level": "county"}
                for t in spec["targets"]]
    regions += [{"code": s, "name": f"合成源城市{s[-1]}", "level": "prefecture"} for s in spec["sources"]]
    regions += [{"code": "SYN-GBA", "name": "合成湾区", "level": "cluster"},
                {"code": "SYN-O", "name": "合成其他市", "level": "prefecture"}]
    store.upsert_nodes("Region", [{**r, "synthetic": True} for r in regions])
    store.upsert_relationships("PART_OF", "Region", "Region",
                               [{"start": t["code"] + "-D", "end": t["code"]} for t in spec["targets"]])
    store.upsert_relationships("MEMBER_OF", "Region", "Region",
                               [{"start": s, "end": "SYN-GBA"} for s in spec["sources"]])
    _write_industries(store, spec)
    _write_companies(store, spec)


def _write_industries(store, spec) -> None:
    chains = sorted({s.rsplit(":", 1)[0] for s in spec["segs"]})
    store.upsert_nodes("Industry", [{"code": c, "name": f"合成产业链{c[-1]}", "scheme": "synthetic",
                                     "synthetic": True} for c in chains])
    store.upsert_nodes("Industry", [{"code": s, "name": f"合成环节{s[6:]}", "scheme": "chain:synthetic",
                                     "synthetic": True} for s in spec["segs"]])
    store.upsert_relationships("SUBCLASS_OF", "Industry", "Industry",
                               [{"start": s, "end": s.rsplit(":", 1)[0]} for s in spec["segs"]])
    store.upsert_relationships("UPSTREAM_OF", "Industry", "Industry",
                               [{"start": s, "end": s[:-1] + str(int(s[-1]) + 1)}
                                for s in spec["segs"] if int(s[-1]) < SEGMENTS - 1])
    store.upsert_relationships("PRIORITIZES", "Region", "Industry",
                               [{"start": t["code"], "end": f"SYN:I:{t['chain']}"} for t in spec["targets"]])


def _write_companies(store, spec) -> None:
    cos = spec["companies"]
    store.upsert_nodes("Company", [{k: v for k, v in c.items() if k not in ("region", "industry")}
                                   for c in cos])
    store.upsert_relationships("LOCATED_IN", "Company", "Region",
                               [{"start": c["id"], "end": c["region"]} for c in cos])
    store.upsert_relationships("IN_INDUSTRY", "Company", "Industry",
                               [{"start": c["id"], "end": c["industry"]} for c in cos])
    store.upsert_relationships("OWNS", "Company", "Company", [{**o, "synthetic": True} for o in spec["owns"]])
    govs = [{"id": f"SYN-GOV-{t['code']}", "name": f"{t['name']}人民政府", "synthetic": True}
            for t in spec["targets"]]
    store.upsert_nodes("Organization", govs)
    store.upsert_relationships("LOCATED_IN", "Organization", "Region",
                               [{"start": g["id"], "end": g["id"][8:]} for g in govs])
    store.upsert_nodes("Agreement", [{k: v for k, v in a.items() if k != "region"} for a in spec["agreements"]])
    store.upsert_relationships("SIGNED_IN", "Agreement", "Region",
                               [{"start": a["id"], "end": a["region"]} for a in spec["agreements"]])
    for label in ("Company", "Organization"):
        store.upsert_relationships("PARTY_TO", label, "Agreement",
                                   [{k: v for k, v in p.items() if k != "label"}
                                    for p in spec["parties"] if p["label"] == label])
