"""The lead engine's result: a documented structure the CLI, the app, the exports, the chain
page and the backtest read (docs/leads.md, "The result").

    LeadReport
      region        {"code", "name"}            the target region
      industries    [name]                      the focus industries (names, never codes)
      leads         [Lead]                      leads that fit the focus, best first
      group_leads   [Lead]                      关联集团线索: group ties outside the focus
      excluded      {"count", "by_reason": {reason: n}}   risky companies left out (风险企业)
      elapsed_ms    int                         the ranking's own time
      notes         [str]                       what the data lacks (e.g. no dated facts)
      params, candidates, created               the parameters, candidate count, creation time

    Lead
      rank, id, name, full_name, location (name), industries [name], stock_code, group (name),
      score, contributions {signal: weighted value}, reasons [Reason], risk [flag text],
      signals {signal: raw 0..1}, tie_break (the criterion that decided its place, or "")

    Reason
      signal, text, grade ('强'|'中'|'弱'), date (ISO or None), source (title or None),
      source_uri (or None), path [node ids] (the evidence the app draws),
      path_names [the same nodes by name] (what a strategist reads: exports, never the ids)

`str(reason)` is its text, so code that joins reasons as text keeps working.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

GRADES = ("强", "中", "弱")


@dataclass
class Reason:
    signal: str
    text: str
    grade: str
    date: str | None = None
    source: str | None = None
    source_uri: str | None = None
    path: list = field(default_factory=list)
    path_names: list = field(default_factory=list)

    def __post_init__(self):
        if self.grade not in GRADES:
            raise ValueError(f"grade must be one of {GRADES}, not {self.grade!r}")

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Lead:
    rank: int
    id: str
    name: str
    score: float
    contributions: dict
    signals: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)       # [Reason]
    full_name: str | None = None
    location: str | None = None
    industries: list = field(default_factory=list)
    stock_code: str | None = None
    group: str | None = None
    risk: list = field(default_factory=list)
    tie_break: str = ""

    @property
    def evidence(self) -> list[dict]:
        """The reasons as {reason, sentence, path, sources} (the older evidence rows)."""
        return [{"reason": i, "sentence": r.text, "path": r.path,
                 "sources": r.source.split("、") if r.source else [], "grade": r.grade, "date": r.date}
                for i, r in enumerate(self.reasons)]

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["reasons"] = [r.to_dict() for r in self.reasons]
        return d


@dataclass
class LeadReport:
    region: dict
    params: dict
    leads: list
    candidates: int
    industries: list = field(default_factory=list)
    group_leads: list = field(default_factory=list)
    excluded: dict = field(default_factory=lambda: {"count": 0, "by_reason": {}})
    elapsed_ms: int = 0
    notes: list = field(default_factory=list)
    created: str = ""

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["leads"] = [l.to_dict() for l in self.leads]
        d["group_leads"] = [l.to_dict() for l in self.group_leads]
        return d
