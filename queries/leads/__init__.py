"""The lead engine: ranked, explained investment leads for a target region.

`engine.rank_leads(store, region, ...)` -> `LeadReport`; `export.write_xlsx` / `write_csv`;
`backtest.evaluate` for `kg leads-eval`. Signals are small pure functions in `signals.py`.
"""
from queries.leads.engine import DEFAULT_WEIGHTS, rank_leads
from queries.leads.result import Lead, LeadReport, Reason

__all__ = ["DEFAULT_WEIGHTS", "Lead", "LeadReport", "Reason", "rank_leads"]
