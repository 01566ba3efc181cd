"""The lead engine's derived company values (graph/derived.py) computed on the converted graph
in memory, before the import: what `refresh_derived` would compute on the database after it,
from the same facts (each company's industries, regions, dated facts and ownership links, read
here from the capture's tables instead of by Cypher), so a bulk load need not read and write
every company again (docs/loading.md, "Derived values in the bulk path")."""
from __future__ import annotations

from graph import derived


def facts_of(nodes: dict, rels: dict) -> tuple[dict, dict, set]:
    """({company id: FACTS' columns}, {company: its owners' keys}, every key in a link), as
    `derived.refresh` reads them: `coalesce(a.date, '')` for agreements and projects, an owned
    company's date as `coalesce(o.date, s.founded)` when not empty, an owner's key as
    `coalesce(o.id, o.name)`."""
    companies = nodes.get("Company", {})
    facts = {k: {"id": k, "capital": p.get("reg_capital_cny"), "listed": p.get("listed"),
                 "industry_codes": [], "regions": [], "dates": []} for k, p in companies.items()}
    owners: dict[str, set] = {}
    linked: set = set()
    regions, dated = nodes.get("Region", {}), {"Agreement": nodes.get("Agreement", {}),
                                               "Project": nodes.get("Project", {})}
    for (rtype, sl, el), table in rels.items():
        if rtype == "OWNS" and el == "Company":
            starts = nodes.get(sl, {})
            for (s, e), props in table.items():
                start = starts.get(s, {})
                a = start.get("id", start.get("name"))
                owners.setdefault(e, set()).add(a)
                linked.update((a, e))
                if sl == "Company":
                    day = props.get("date")
                    day = companies.get(e, {}).get("founded") if day is None else day
                    if day not in (None, ""):
                        facts[s]["dates"].append(day)
        if sl != "Company":
            continue
        if rtype == "IN_INDUSTRY" and el == "Industry":
            for s, e in table:
                facts[s]["industry_codes"].append(e)
        elif rtype == "LOCATED_IN" and el == "Region":
            for s, e in table:
                facts[s]["regions"].append([e, regions.get(e, {}).get("name")])
        elif (rtype, el) in (("PARTY_TO", "Agreement"), ("INVESTS_IN", "Project")):
            for s, e in table:
                day = dated[el].get(e, {}).get("date")
                facts[s]["dates"].append("" if day is None else day)
    return facts, owners, linked


def derive_captured(nodes: dict, rels: dict) -> int:
    """Set every captured company's derived values on its node (a value that is None stays
    absent, as `SET c.x = null` leaves it); returns how many are in an ownership group."""
    facts, owners, linked = facts_of(nodes, rels)
    companies = nodes.get("Company", {})
    in_groups = 0
    for cid, f in facts.items():
        values = derived.company_values(f, owners, linked)
        in_groups += values["group_root"] is not None
        companies[cid].update({k: v for k, v in values.items() if k != "id" and v is not None})
    return in_groups
