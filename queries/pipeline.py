"""Lead follow-up (线索跟进): a `FollowUp` node per company and region, its steps as
`FollowUpStep` nodes (the history), the stage, owner, next date and the reason a lead was lost.

Every change is one statement that also creates its `AuditEntry` (queries/audit.py), and every
change checks the actor's role first (`graph.users.require`): the check sits in the function
that writes, so a page that forgot to hide a button still cannot write for a viewer.
已签约 creates or links an Agreement (party: the company; signed in: the region), so the
backtest (`kg leads-eval`) learns from real outcomes.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict

from graph.errors import InputError
from graph.users import require
from queries import audit
from queries.audit import Actor
from queries.leads.fetch import resolve_region
from queries.leads.followup import ABANDONED, followed

STAGES = ("待接触", "已接触", "有意向", "洽谈中", "已签约", "已落地", "已放弃")
SIGNED = "已签约"
COLUMNS = ["company", "region", "stage", "owner", "next_date", "overdue", "lost_reason",
           "updated", "company_id", "region_code"]

COMPANY_BY_ID = "MATCH (c:Company {id: $q}) RETURN c.id AS id, c.name AS name"
COMPANY_BY_NAME = "MATCH (c:Company {name: $q}) RETURN c.id AS id, c.name AS name LIMIT 2"
COMPANY_LIKE = "MATCH (c:Company) WHERE c.name CONTAINS $q RETURN c.name AS name LIMIT 5"
STEP = ("CREATE (s:FollowUpStep {id: $step.id, at: $step.at, by: $step.by, "
        "action: $step.action, stage: $step.stage, from_stage: $step.from_stage, "
        "note: $step.note}) CREATE (f)-[:HAS_STEP]->(s) ")
ADD = ("MATCH (c:Company {id: $company}) MATCH (r:Region {code: $region}) "
       "CREATE (f:FollowUp {id: $id, company_id: c.id, company_name: c.name, "
       "region_code: r.code, region_name: r.name, stage: $stage, owner: $owner, "
       "next_date: $next_date, created: $step.at, created_by: $step.by, updated: $step.at}) "
       "CREATE (f)-[:FOLLOWS]->(c) CREATE (f)-[:FOR_REGION]->(r) WITH f "
       + STEP + "WITH f " + audit.CREATE_ENTRY + " RETURN f.id")
MOVE = ("MATCH (f:FollowUp {id: $id}) "
        "SET f.stage = $step.stage, f.updated = $step.at, "
        "f.lost_reason = CASE WHEN $step.stage = '已放弃' THEN $lost_reason ELSE null END, "
        "f.abandoned = CASE WHEN $step.stage = '已放弃' THEN $today ELSE null END, "
        "f.next_date = coalesce($next_date, f.next_date) WITH f "
        + STEP + "WITH f " + audit.CREATE_ENTRY + " RETURN f.id")
NOTE = ("MATCH (f:FollowUp {id: $id}) SET f.updated = $step.at, "
        "f.owner = coalesce($owner, f.owner), f.next_date = coalesce($next_date, f.next_date) "
        "WITH f " + STEP + "WITH f " + audit.CREATE_ENTRY + " RETURN f.id")
GET = "MATCH (f:FollowUp {id: $id}) RETURN f.stage AS stage"
LIST = """MATCH (f:FollowUp) WHERE $region = '' OR f.region_code IN $scope
OPTIONAL MATCH (f)-[:HAS_STEP]->(s:FollowUpStep)
WITH f, s ORDER BY s.at
WITH f, collect({at: s.at, by: s.by, action: s.action, stage: s.stage,
                 from_stage: s.from_stage, note: s.note}) AS history
RETURN f.company_name AS company, f.region_name AS region, f.stage AS stage, f.owner AS owner,
       f.next_date AS next_date, f.lost_reason AS lost_reason, f.updated AS updated,
       f.created AS created, f.company_id AS company_id, f.region_code AS region_code,
       f.id AS id, history"""
# 已签约: an agreement of the company signed in the region since the follow-up began, else a
# new one; either way linked to the follow-up.
FIND_AGREEMENT = """MATCH (c:Company {id: $company})-[:PARTY_TO]->(a:Agreement)-[:SIGNED_IN]->
      (r:Region {code: $region})
WHERE coalesce(a.date, '') >= $since RETURN a.id AS id ORDER BY a.date LIMIT 1"""
SIGN = """MATCH (f:FollowUp {id: $id})-[:FOLLOWS]->(c:Company) MATCH (f)-[:FOR_REGION]->(r:Region)
MERGE (a:Agreement {id: $agreement})
ON CREATE SET a.title = c.name + '与' + r.name + '签约', a.date = $today, a.status = '已签约',
              a.type = '线索跟进', a.source_ids = [$source]
MERGE (c)-[p:PARTY_TO]->(a) ON CREATE SET p.source_ids = [$source]
SET c.derived_stale = true
MERGE (a)-[s:SIGNED_IN]->(r) ON CREATE SET s.source_ids = [$source]
MERGE (f)-[:RESULTED_IN]->(a) RETURN a.id"""


def followup_id(company_id: str, region_code: str) -> str:
    return f"FU:{company_id}@{region_code}"


def resolve_company(store, q: str) -> tuple[str, str]:
    """(id, name) of a company given by id or exact name; else the closest names."""
    q = (q or "").strip()
    rows = store.read(COMPANY_BY_ID, {"q": q}).records() or \
        store.read(COMPANY_BY_NAME, {"q": q}).records()
    if len(rows) == 1:
        return rows[0]["id"], rows[0]["name"]
    if len(rows) > 1:
        raise InputError(f"两家企业同名 two companies are named {q!r}",
                         hint="give the company id (kg search NAME shows it)")
    close = [r["name"] for r in store.read(COMPANY_LIKE, {"q": q[:4]}).records()]
    raise InputError(f"未找到企业 unknown company {q!r}; 最接近 closest: "
                     f"{'、'.join(n for n in close if n) or '-'}",
                     hint="give a company name as the graph holds it, or its id")


def _date(text: str | None) -> str | None:
    if text in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(text)).isoformat()
    except ValueError:
        raise InputError(f"next follow-up date {text!r}: expected YYYY-MM-DD") from None


def _step(actor: Actor, action: str, stage: str | None, from_stage: str | None,
          note: str | None) -> dict:
    return {"id": uuid.uuid4().hex, "at": audit.now(), "by": actor.user, "action": action,
            "stage": stage, "from_stage": from_stage, "note": note or None}


def _target(store, company: str, region: str) -> tuple[str, str, str, str]:
    cid, cname = resolve_company(store, company)
    reg = resolve_region(store, region)
    return cid, cname, reg.code, reg.name


def _existing(store, company: str, region: str) -> tuple:
    """(company id, name, region code, name, follow-up id, stage) of a lead in follow-up."""
    cid, cname, rcode, rname = _target(store, company, region)
    fid = followup_id(cid, rcode)
    rows = store.read(GET, {"id": fid}).records()
    if not rows:
        raise InputError(f"{cname} 不在 {rname} 的跟进中 is not in follow-up",
                         hint="kg pipeline add COMPANY --region REGION first")
    return cid, cname, rcode, rname, fid, rows[0]["stage"]


def add(store, actor: Actor, company: str, region: str, *, owner: str | None = None,
        next_date: str | None = None, note: str | None = None) -> dict:
    """Take a lead into follow-up at 待接触. A company already followed there: InputError."""
    require(actor.role, "editor", "taking a lead into follow-up")
    cid, cname, rcode, rname = _target(store, company, region)
    fid = followup_id(cid, rcode)
    if store.read(GET, {"id": fid}).rows:
        raise InputError(f"{cname} 已在 {rname} 的跟进中 is already in follow-up",
                         hint="kg pipeline move / note change it")
    step = _step(actor, "add", STAGES[0], None, note)
    store.write(ADD, {"company": cid, "region": rcode, "id": fid, "stage": STAGES[0],
                      "owner": owner or actor.user, "next_date": _date(next_date), "step": step,
                      "audit": audit.params(actor, "pipeline.add", f"{cname} @ {rname}",
                                            {"stage": STAGES[0]})})
    return {"id": fid, "company": cname, "region": rname, "stage": STAGES[0]}


def move(store, actor: Actor, company: str, region: str, stage: str, *,
         note: str | None = None, lost_reason: str | None = None,
         next_date: str | None = None) -> dict:
    """Move a lead to `stage`; 已放弃 needs a reason; 已签约 creates or links the agreement."""
    require(actor.role, "editor", "changing a follow-up")
    if stage not in STAGES:
        raise InputError(f"stage {stage!r}: expected one of {'、'.join(STAGES)}")
    if stage == ABANDONED and not (lost_reason or note):
        raise InputError("已放弃 needs the reason the lead was lost (--note / lost reason)")
    cid, cname, rcode, rname, fid, before = _existing(store, company, region)
    today = dt.date.today().isoformat()
    store.write(MOVE, {"id": fid, "today": today, "lost_reason": lost_reason or note,
                       "next_date": _date(next_date),
                       "step": _step(actor, "move", stage, before, note),
                       "audit": audit.params(actor, "pipeline.move", f"{cname} @ {rname}",
                                             {"from": before, "to": stage})})
    out = {"id": fid, "company": cname, "region": rname, "from": before, "stage": stage}
    if stage == SIGNED:
        out["agreement"] = _sign(store, actor, fid, cid, rcode)
    return out


def _sign(store, actor: Actor, fid: str, cid: str, rcode: str) -> str:
    since = (store.read("MATCH (f:FollowUp {id: $id}) RETURN f.created", {"id": fid})
             .scalar("") or "")[:10]
    found = store.read(FIND_AGREEMENT, {"company": cid, "region": rcode,
                                        "since": since}).records()
    agreement = found[0]["id"] if found else f"AG:{fid}"
    store.write(SIGN, {"id": fid, "agreement": agreement, "today": dt.date.today().isoformat(),
                       "source": f"followup:{fid}"})
    audit.record(store, actor, "pipeline.sign", agreement,
                 {"linked": 1 if found else 0, "created": 0 if found else 1})
    return agreement


def add_note(store, actor: Actor, company: str, region: str, note: str, *,
             owner: str | None = None, next_date: str | None = None) -> dict:
    """A note (and optionally a new owner or next date) in the lead's history."""
    require(actor.role, "editor", "adding a follow-up note")
    if not (note or "").strip():
        raise InputError("the note is empty")
    cid, cname, rcode, rname, fid, stage = _existing(store, company, region)
    store.write(NOTE, {"id": fid, "owner": owner or None, "next_date": _date(next_date),
                       "step": _step(actor, "note", stage, None, note),
                       "audit": audit.params(actor, "pipeline.note", f"{cname} @ {rname}",
                                             {"notes": 1})})
    return {"id": fid, "company": cname, "region": rname, "stage": stage}


def leads(store, region: str | None = None, *, stage: str | None = None,
          owner: str | None = None, today: dt.date | None = None) -> list[dict]:
    """Leads in follow-up (a region includes its sub-regions), overdue first, then by next
    date; each with its `history` (oldest step first) and `overdue`."""
    scope = list(resolve_region(store, region).scope) if region else []
    rows = store.read(LIST, {"region": region or "", "scope": scope}).records()
    day = (today or dt.date.today()).isoformat()
    out = []
    for r in rows:
        if (stage and r["stage"] != stage) or (owner and r["owner"] != owner):
            continue
        r["history"] = [h for h in r["history"] if h.get("at")]
        open_ = r["stage"] not in (ABANDONED, "已落地")
        r["overdue"] = bool(open_ and r["next_date"] and r["next_date"] < day)
        out.append(r)
    out.sort(key=lambda r: (not r["overdue"], r["next_date"] or "9999", r["company"] or ""))
    return out


def funnel(rows: list[dict], period: str = "month") -> list[dict]:
    """Per region and period (the month or quarter the follow-up began): how many leads
    reached each stage (a lead at 洽谈中 counts for 待接触 … 洽谈中; 已放弃 counts where it
    stopped, as lost)."""
    out: dict[tuple, Counter] = defaultdict(Counter)
    for r in rows:
        start = (r.get("created") or "")[:10]
        key = (r["region"], _period(start, period))
        reached = _reached(r)
        for s in STAGES[:-1]:
            out[key][s] += int(s in reached)
        out[key][ABANDONED] += int(r["stage"] == ABANDONED)
        out[key]["total"] += 1
    return [{"region": k[0], "period": k[1], **{s: c[s] for s in (*STAGES, "total")}}
            for k, c in sorted(out.items())]


def _reached(r: dict) -> set:
    """The stages of the ladder a lead reached (its furthest stage and all before it)."""
    seen = {h.get("stage") for h in r["history"]} | {r["stage"]}
    ladder = STAGES[:-1]
    top = max((ladder.index(s) for s in seen if s in ladder), default=0)
    return set(ladder[:top + 1])


def _period(day: str, period: str) -> str:
    if len(day) < 7:
        return "?"
    if period == "quarter":
        return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"
    return day[:7]


def marks(store, region_code: str) -> tuple[set, set]:
    """(in follow-up, recently abandoned) company ids for a region: the lead list marks them."""
    return followed(store, region_code)
