"""Embedded store safety: concurrent openers share one server; a SIGKILL loses no finished load."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import graph.embedded_server as es
from graph.errors import StoreUnavailable
from graph.stores import open_store

WRITER = r"""
import os, sys, time
from graph.stores import open_store
path, tag, start_at, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
while time.time() < start_at:
    pass
st = open_store("embedded:" + path)
for i in range(n):   # one write call per row: many chances to interleave
    st.write("MERGE (c:Company {id: $id}) SET c.name = $name", {"id": f"{tag}-{i}", "name": tag})
st.close()
print("done", tag)
"""

KILLER = r"""
import os, signal, sys
from graph.stores import open_store
st = open_store("embedded:" + sys.argv[1])
st.setup_schema()
rows = [{"id": f"K{i}", "name": f"企业{i}"} for i in range(int(sys.argv[2]))]
st.upsert_nodes("Company", rows, batch_size=500)
print("loaded", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _python(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])


def _wait_for(path, seconds: float = 20) -> None:
    """Until a child's socket file exists."""
    deadline = time.time() + seconds
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.05)


def _count(path) -> int:
    with open_store(f"embedded:{path}") as st:
        return st.read("MATCH (c:Company) RETURN count(c)").scalar()


def _server_pid(path):
    info = Path(path) / "server.json"
    return json.loads(info.read_text())["pid"] if info.exists() else None


def test_two_processes_opening_at_the_same_moment_lose_no_writes(tmp_path):
    for round_ in range(3):
        path = tmp_path / f"kg{round_}"
        start_at = time.time() + 1.5
        procs = [_python(WRITER, path, tag, start_at, 200) for tag in ("a", "b", "c")]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        assert _count(path) == 600, f"round {round_}: writes were lost"
        assert _server_pid(path) is None, "the last process out should stop the server"


def test_sigkill_after_a_completed_load_loses_nothing(tmp_path):
    path = tmp_path / "kg"
    p = _python(KILLER, path, 3000)
    out, err = p.communicate(timeout=120)
    assert "loaded" in out, err
    assert p.returncode == -signal.SIGKILL
    # Worst case: the orphaned server dies too, without a chance to save.
    pid = _server_pid(path)
    assert pid, "the server should have outlived its killed client"
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.3)
    assert _count(path) == 3000


def test_a_second_opener_reuses_the_running_server(tmp_path):
    path = tmp_path / "kg"
    a = open_store(f"embedded:{path}")
    pid = _server_pid(path)
    b = open_store(f"embedded:{path}")
    assert _server_pid(path) == pid
    a.write("CREATE (:Company {id: 'x', name: 'x'})")
    a.close()
    assert b.read("MATCH (c:Company) RETURN count(c)").scalar() == 1  # still up for b
    b.close()
    assert _server_pid(path) is None


SILENT = r"""
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(8)
time.sleep(120)   # accepts connections (the kernel's backlog) and never answers
"""


def test_a_server_that_does_not_answer_is_never_doubled(tmp_path, monkeypatch):
    """A server that is alive but does not answer (loading a large store) makes the opener
    fail with a clear error; it must not start a second server on the same files."""
    store = tmp_path / "kg"
    store.mkdir()
    sock = str(store / "silent.sock")
    silent = _python(SILENT, sock)
    try:
        _wait_for(sock)
        (store / "server.json").write_text(json.dumps({"pid": silent.pid, "socket": sock}))
        monkeypatch.setattr(es, "START_TIMEOUT_S", 3)
        with pytest.raises(StoreUnavailable, match="does not answer") as err:
            open_store(f"embedded:{store}")
        assert str(silent.pid) in err.value.hint
        assert not (store / "server.pid").exists(), "a second server was started"
    finally:
        silent.kill()


LOADING = r"""
import socket, sys, threading, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(8)
ready = time.time() + float(sys.argv[2])   # answers LOADING until then, as a server reading its data

def commands(buf):
    # complete RESP arrays in buf: ([[arg, ...], ...], rest)
    out = []
    while buf.startswith(b"*") and b"\r\n" in buf:
        head, rest = buf.split(b"\r\n", 1)
        args = []
        for _ in range(int(head[1:])):
            if b"\r\n" not in rest:
                return out, buf
            size, rest = rest.split(b"\r\n", 1)
            n = int(size[1:])
            if len(rest) < n + 2:
                return out, buf
            args.append(rest[:n]); rest = rest[n + 2:]
        out.append(args); buf = rest
    return out, buf

def reply(args):
    name = args[0].upper()
    if name == b"HELLO":   # allowed while loading, as on a real server
        return b"%1\r\n+proto\r\n:3\r\n" if args[1:] == [b"3"] else b"*2\r\n$5\r\nproto\r\n:2\r\n"
    if name == b"SHUTDOWN":
        sys.exit(0)
    if time.time() < ready:
        return b"-LOADING Redis is loading the dataset in memory\r\n"
    return b"+PONG\r\n" if name == b"PING" else b"+OK\r\n"

def serve(conn):
    buf = b""
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            cmds, buf = commands(buf + data)
            for args in cmds:
                conn.sendall(reply(args))

while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
"""


def test_a_server_still_loading_is_waited_for_past_the_silence_limit(tmp_path, monkeypatch,
                                                                     capsys):
    """A server that answers LOADING (a large store being read: 184 s at 1M on a loaded machine)
    is making progress: it is waited for past START_TIMEOUT_S, with progress on stderr, and
    still never doubled. (Before, the open failed after 120 s.)"""
    store = tmp_path / "kg"
    store.mkdir()
    sock = str(store / "loading.sock")
    loading = _python(LOADING, sock, 6)
    try:
        _wait_for(sock)
        (store / "server.json").write_text(json.dumps({"pid": loading.pid, "socket": sock}))
        monkeypatch.setattr(es, "START_TIMEOUT_S", 2)
        server = es.EmbeddedServer(store)
        t0 = time.monotonic()
        assert server.acquire() == sock
        assert time.monotonic() - t0 >= 4          # waited past the 2 s limit for silence
        assert "loading the store" in capsys.readouterr().err
        assert not (store / "server.pid").exists(), "a second server was started"
        monkeypatch.setattr(es, "LOADING_MAX_S", 1)  # a load that never ends is given up
        other = es.EmbeddedServer(store)
        stuck = _python(LOADING, str(store / "stuck.sock"), 60)
        _wait_for(store / "stuck.sock")
        assert other._ping(str(store / "stuck.sock"), wait=0.5) is False
        stuck.kill()
        server.release()
    finally:
        loading.kill()
