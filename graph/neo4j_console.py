"""User Cypher on Neo4j runs in a worker process whose memory and time are bounded.

Neo4j bounds what a query computes (`db.memory.transaction.max`, the transaction timeout), not
what it sends: `RETURN range(1, 50000000)` is a lazy list inside the memory limit, and the
server streams the one 50-million-element record to the client, which buffers the whole Bolt
message before it can unpack it (no setting bounds a record's size, and the driver offers no
hook on the bytes it reads). So the client bounds it where the bytes arrive: the console's
query runs in a worker process with an address-space limit (`RLIMIT_AS`,
`KG_CONSOLE_MEMORY_MB`), and the parent waits for its answer no longer than the time limit
plus a grace period. A worker that runs out of memory exits (`QueryTooLarge`); one past its
time is killed (`QueryTimeout`); either way its connection closes and Neo4j rolls the
transaction back. Workers are pooled: a normal query pays a pipe round trip, not a process.

Frames on the pipes: an 8-byte length, then a pickle. The first frame to a worker holds the
URI and the settings (the password travels on the pipe, never on a command line).
"""
from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from graph import errors
from graph.errors import KGError, QueryTimeout, QueryTooLarge, StoreUnavailable
from graph.settings import Settings
from graph.store import QueryResult

EXIT_OUT_OF_MEMORY = 86
GRACE_S = 5.0  # past the time limit: the server's own timeout answers first, this is the backstop
MAX_IDLE = 2  # idle workers kept per store
_ROOT = str(Path(__file__).resolve().parents[1])
_HEADER = struct.Struct(">Q")
_BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); "
         "from graph.neo4j_console import worker_main; worker_main()")


def too_large(limit_mb: int, store: str) -> QueryTooLarge:
    return QueryTooLarge(
        f"查询结果太大：超过了控制台进程的内存上限 {limit_mb} MB，已停止并回滚。"
        f" / The result is too large: the console's process passed its memory limit "
        f"({limit_mb} MB, KG_CONSOLE_MEMORY_MB); the query was stopped and rolled back.",
        store=store)


class ConsolePool:
    """Pooled worker processes, each with its own driver, running `run_readonly`."""

    def __init__(self, uri: str, settings: Settings, description: str):
        self.uri, self.settings, self.description = uri, settings, description
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def run(self, cypher, params, timeout: float, cap: int) -> QueryResult:
        worker = self._take()
        try:
            reply = worker.call((cypher, params or {}, timeout, cap), timeout + GRACE_S)
        except OSError as exc:  # its pipe broke: the worker is gone
            worker.stop()
            raise StoreUnavailable(f"the console's worker process stopped: {exc}",
                                   store=self.description) from None
        except BaseException:
            worker.stop()
            raise
        self._give_back(worker)
        if reply[0] == "error":
            raise _rebuild(*reply[1:])
        return reply[1]

    def close(self) -> None:
        with self._lock:
            self._closed, idle, self._idle = True, self._idle, []
        for w in idle:
            w.stop()

    def _take(self) -> "_Worker":
        with self._lock:
            while self._idle:
                w = self._idle.pop()
                if w.alive():
                    return w
                w.stop()
        return _Worker(self)

    def _give_back(self, worker: "_Worker") -> None:
        with self._lock:
            if not self._closed and len(self._idle) < MAX_IDLE:
                self._idle.append(worker)
                return
        worker.stop()


class _Worker:
    def __init__(self, pool: ConsolePool):
        self.pool = pool
        self.proc = subprocess.Popen([sys.executable, "-c", _BOOT, _ROOT],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     close_fds=True)
        s = pool.settings
        try:
            _send(self.proc.stdin, (pool.uri, s, s.console_memory_mb))
            reply = self._read(30.0 + 2 * s.connect_timeout_s)
        except (_Late, OSError) as exc:
            self.stop()
            raise StoreUnavailable(f"the console's worker process did not start "
                                   f"({exc or 'not in time'})", store=pool.description) from None
        except BaseException:
            self.stop()
            raise
        if reply[0] == "error":
            self.stop()
            raise _rebuild(*reply[1:])

    def alive(self) -> bool:
        return self.proc.poll() is None

    def call(self, request, seconds: float):
        _send(self.proc.stdin, request)
        try:
            return self._read(seconds)
        except _Late:
            raise QueryTimeout(f"查询超时：超过了时间上限 {request[2]:g} 秒，已停止并回滚。 / The query "
                               f"ran past its time limit ({request[2]:g} s); it was stopped and "
                               f"rolled back.", store=self.pool.description) from None

    def _read(self, seconds: float):
        """The next frame; `_Late` (the worker is killed) past `seconds`, or why it ended."""
        deadline = time.monotonic() + seconds
        fd = self.proc.stdout.fileno()
        data, need = bytearray(), _HEADER.size
        while len(data) < need:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.stop()
                raise _Late()
            chunk = os.read(fd, min(need - len(data), 1 << 20))
            if not chunk:
                raise self._ended()
            data += chunk
            if need == _HEADER.size and len(data) == need:
                need += _HEADER.unpack(data)[0]
        return pickle.loads(memoryview(data)[_HEADER.size:])

    def _ended(self) -> KGError:
        try:
            code = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            code = None
        self.stop()
        if code == EXIT_OUT_OF_MEMORY:
            return too_large(self.pool.settings.console_memory_mb, self.pool.description)
        return StoreUnavailable(f"the console's worker process ended (exit code {code})",
                                store=self.pool.description)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()  # its connection closes: Neo4j rolls the transaction back
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


class _Late(Exception):
    """No answer in time."""


def _dumps(obj) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _write(stream, data: bytes) -> None:
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _send(stream, obj) -> None:
    _write(stream, _dumps(obj))


def _recv(stream):
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    return pickle.loads(stream.read(_HEADER.unpack(head)[0]))


def _rebuild(kind: str, message: str, store: str, hint: str) -> KGError:
    cls = getattr(errors, kind, KGError)
    cls = cls if isinstance(cls, type) and issubclass(cls, KGError) else KGError
    return cls(message, store=store, hint=hint)


def _error(exc: KGError):
    return ("error", type(exc).__name__, exc.message, exc.store, exc.hint)


def _die_with_parent() -> None:
    """Linux: the kernel kills the worker when its parent dies (a killed `kg query` or app
    must not leave a worker streaming a huge record); elsewhere the closed stdin ends it."""
    parent = os.getppid()
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the prctl
        os._exit(1)


def worker_main() -> None:
    """The worker: set its memory limit, connect, then answer requests until stdin closes."""
    import resource
    _die_with_parent()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the frames
    inp = sys.stdin.buffer
    uri, settings, limit_mb = _recv(inp)
    for optional in ("numpy", "pandas", "pyarrow"):  # the driver imports them if present:
        sys.modules[optional] = None  # 330 MB of address space and 1 s the console never uses
    limit = limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import logging
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # the parent reports what failed
    from graph.neo4j_store import Neo4jStore
    try:
        try:
            store = Neo4jStore(uri, settings, in_worker=True)
        except KGError as exc:
            _send(out, _error(exc))
            return
        _send(out, ("ready",))
        while (request := _recv(inp)) is not None:
            cypher, params, timeout, cap = request
            try:
                data = _dumps(("ok", store.run_readonly(cypher, params, timeout=timeout,
                                                        row_cap=cap)))
            except KGError as exc:
                data = _dumps(_error(exc))
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                data = _dumps(_error(errors.CypherError(
                    f"a value in the result cannot be shown: {exc}", store=store.description)))
            _write(out, data)
    except MemoryError:
        os._exit(EXIT_OUT_OF_MEMORY)  # at once: the connection closes mid-message
