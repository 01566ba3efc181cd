"""Shared fixtures. `store` runs a test against both backends: the embedded FalkorDB store and
a real Neo4j 5 server (NEO4J_URI if set, else one started from Maven artefacts for the session).
"""
from __future__ import annotations

import os
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))


def shared_file(rel: str) -> Path:
    """A file from ../shared/data; fails (never skips) when it is missing."""
    path = SHARED_DATA / rel
    if not path.exists():
        pytest.fail(f"test data missing: {path} (the project reads ../shared/data/, see "
                    f"docs/testing.md)")
    return path


@contextmanager
def http_trap(body: bytes = b""):
    """A local HTTP server answering `body` and logging every request path: yields (port,
    paths). Nothing the product does may make a database or a browser ask it anything."""
    import http.server
    import threading
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield srv.server_address[1], hits
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="session")
def neo4j_uri():
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    try:
        import server as neo4j_server  # tests/neo4j_server/server.py
        srv = neo4j_server.start()
    except Exception as exc:  # noqa: BLE001 - reported loudly below
        msg = f"NO NEO4J: could not start the Neo4j test server: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        print("\n" + "!" * 70 + "\n" + msg + "\n" + "!" * 70, file=sys.stderr)
        pytest.skip(msg)
    print(f"\n[neo4j test server] {srv.uri} started in {srv.startup_seconds:.1f}s", file=sys.stderr)
    yield srv.uri
    srv.stop()


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, tmp_path):
    """An empty store of each kind; the schema is set up."""
    from graph.settings import load_settings
    from graph.stores import open_store
    if request.param == "embedded":
        st = open_store(f"embedded:{tmp_path / 'kg'}")
    else:
        uri = request.getfixturevalue("neo4j_uri")
        st = open_store(uri, load_settings(uri))
        st.clear()
    st.setup_schema()
    yield st
    if request.param == "neo4j":
        st.clear()
    st.close()


@pytest.fixture
def embedded_dir(tmp_path):
    return tmp_path / "kg"


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


def pytest_sessionfinish(session, exitstatus):
    """Stop embedded servers left behind by processes the tests killed (a killed client leaves
    its server running on purpose: see graph/embedded_server.py)."""
    import json
    import signal
    base = session.config._tmp_path_factory.getbasetemp() if hasattr(
        session.config, "_tmp_path_factory") else None
    if base is None:
        return
    for info in Path(base).rglob("server.json"):
        try:
            os.kill(json.loads(info.read_text())["pid"], signal.SIGTERM)
        except (OSError, ValueError, KeyError):
            pass


@pytest.fixture
def load_generated():
    """Load `kg generate`'s five files into a store (the reference data first), in load
    order: `load(store, out_dir, companies, seed)` -> (the files by kind, the city with the
    most agreements)."""
    import csv
    from collections import Counter

    from bench.generate import generate, write
    from bench.records import ordered
    from loaders.load import load_path
    from loaders.reference.load import load_reference

    def load(store, out: Path, companies: int, seed: int) -> tuple[dict, str]:
        paths = write(generate(companies, seed=seed), out)
        with paths["agreements"].open(encoding="utf-8") as fh:
            city = Counter(r["place"] for r in csv.DictReader(fh)).most_common(1)[0][0]
        load_reference(store)
        for path in ordered(list(paths.values())):
            load_path(store, path, setup=False)
        return paths, city
    return load
