"""The audit trail: every write (load, upload, follow-up change, user change) as an
`AuditEntry` node in the graph store, created and never updated (append-only).

Why in the graph store and not a file: on a shared Neo4j deployment the CLI (on an analyst's
machine or in the container) and the app write to the same database but not to the same disk;
the store is the one place every writer reaches, and a follow-up change and its entry are
created by one statement (`queries/pipeline.py`), so neither exists without the other.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import uuid
from dataclasses import dataclass

# Appended to a follow-up statement (same transaction); `$audit` is `audit.params(...)`.
CREATE_ENTRY = "CREATE (:AuditEntry {id: $audit.id, at: $audit.at, user: $audit.user, " \
               "via: $audit.via, action: $audit.action, target: $audit.target, " \
               "counts: $audit.counts})"
RECORD = "WITH 1 AS one " + CREATE_ENTRY + " RETURN 1"
LIST = """MATCH (e:AuditEntry)
WHERE ($user = '' OR e.user = $user) AND ($action = '' OR e.action = $action)
RETURN e.at AS at, e.user AS user, e.via AS via, e.action AS action, e.target AS target,
       e.counts AS counts, e.id AS id
ORDER BY at DESC, id DESC LIMIT $limit"""
COLUMNS = ["at", "user", "via", "action", "target", "counts"]


@dataclass(frozen=True)
class Actor:
    """Who writes: a signed-in app user (with a role) or the OS user running `kg`."""
    user: str
    role: str
    via: str  # "app" or "cli"


def cli_actor() -> Actor:
    """The command line: whoever runs `kg` can reach the store directly, so the role is admin;
    the entry records the OS user."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = "unknown"
    return Actor(name, "admin", "cli")


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


def params(actor: Actor, action: str, target: str, counts: dict | None = None) -> dict:
    return {"id": uuid.uuid4().hex, "at": now(), "user": actor.user, "via": actor.via,
            "action": action, "target": target,
            "counts": json.dumps(counts or {}, ensure_ascii=False, sort_keys=True)}


def record(store, actor: Actor, action: str, target: str, counts: dict | None = None) -> dict:
    """Append one entry (a load, an upload, a user change) and return it."""
    entry = params(actor, action, target, counts)
    store.write(RECORD, {"audit": entry})
    return entry


def entries(store, *, limit: int = 200, user: str = "", action: str = "") -> list[dict]:
    """The log, newest first; counts decoded."""
    rows = store.read(LIST, {"limit": int(limit), "user": user, "action": action}).records()
    for r in rows:
        try:
            r["counts"] = json.loads(r["counts"] or "{}")
        except ValueError:
            pass
    return rows


def load_counts(reports: list) -> dict:
    """What a load wrote: rows read, loaded, unchanged, rejected over its reports."""
    out = {"read": 0, "loaded": 0, "unchanged": 0, "rejected": 0}
    for rep in reports:
        for k in out:
            out[k] += int(getattr(rep, k, 0) or 0)
    return out
