"""One root exception and a few meaningful subclasses. Messages name the store and what to do."""


class KGError(Exception):
    """Root of every error the project raises on purpose."""

    hint = ""

    def __init__(self, message: str, *, store: str = "", hint: str = ""):
        self.message = message
        self.store = store
        self.hint = hint or self.hint
        parts = [f"[{store}] {message}" if store else message]
        if self.hint:
            parts.append(f"What to do: {self.hint}")
        super().__init__("\n".join(parts))


class StoreUnavailable(KGError):
    hint = "check that the store is running and that --store / KG_STORE points at it"


class QueryTimeout(KGError):
    hint = ("请加 LIMIT、先绑定起点，或调大 --timeout / narrow the query (add LIMIT, bind start "
            "nodes) or raise --timeout")


class QueryTooLarge(KGError):
    hint = ("请加 LIMIT、先绑定起点，或只返回更少、更小的值 / add LIMIT, bind start nodes, or "
            "return fewer and smaller values")


class WriteRefused(KGError):
    hint = "queries run read-only; load data with `kg load` instead of writing Cypher"


class CypherError(KGError):
    hint = "check the Cypher syntax; queries must run on both FalkorDB and Neo4j (docs/stores.md)"


class BadParameters(KGError):
    hint = "pass every $parameter the query uses, e.g. --param name=招商局集团"


class InputError(KGError):
    """Bad input data or arguments (file, row, field, what was expected)."""
    hint = "fix the input and run again"


class PermissionDenied(KGError):
    """The signed-in user's role does not allow this write (checked where the write happens)."""
    hint = "ask an administrator for a role that allows it (kg users add NAME --role editor)"


class QueryRefused(WriteRefused):
    """The console refused a statement that is not a read of the graph (LOAD CSV, SHOW / TERMINATE
    TRANSACTIONS, administration, procedures outside the read list)."""
    hint = ("the console only reads the graph: no LOAD CSV, no SHOW / TERMINATE, no "
            "administration or procedures other than db.labels, db.relationshipTypes, "
            "db.propertyKeys and the full-text search")


class StoreBusy(KGError):
    """The database did not answer a write in time (a stopped or overloaded server)."""
    hint = ("check that the database server is running and not stopped or overloaded; then "
            "run the same command again: a load re-run writes no duplicates")
