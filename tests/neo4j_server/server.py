"""A real Neo4j 5.26 Community server for the test suite, without Docker.

Neo4j runs embedded (``DatabaseManagementServiceBuilder``) in a separate JVM launched
from ``TestServer.java``; all jars come from Maven Central via ``pom.xml``.  Bolt listens on
127.0.0.1:<free port>, auth is disabled.  Stdlib only.

    from tests.neo4j_server.server import start
    with start() as srv:          # builds with Maven on first use
        driver = neo4j.GraphDatabase.driver(srv.uri, auth=None)

Command line::

    python tests/neo4j_server/server.py build [--force]
    python tests/neo4j_server/server.py run [--data-dir DIR] [--port N] [--no-stdin]

Environment: KG_NEO4J_HEAP (JVM -Xmx, default 1g), KG_NEO4J_PAGECACHE (default 256m),
KG_NEO4J_KEEP_DATA=1 (keep auto-created temp data dirs), JAVA_HOME (optional).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path
from types import TracebackType

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
SOURCE = HERE / "src" / "main" / "java" / "kg" / "testserver" / "TestServer.java"
TARGET = HERE / "target"
CLASSES = TARGET / "classes"
LIB = TARGET / "lib"
MAIN_CLASS = "kg.testserver.TestServer"
LOG_NAME = "neo4j-testserver.log"
READY_RE = re.compile(r"^READY (bolt://127\.0\.0\.1:(\d+))\s*$", re.MULTILINE)

# JVM options from Neo4j 5.26's default neo4j.conf (server.jvm.additional) that matter for an
# embedded DBMS.  The three --add-opens are also what Neo4j's own build passes to its tests
# (jdk.custom.options in org.neo4j:parent:5.26.x).
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:-RestrictContended",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dfile.encoding=UTF-8",
)

STOP_GRACE_SECONDS = 15.0


class Neo4jServerError(RuntimeError):
    """Building or starting the test server failed."""

    def __init__(self, message: str, data_dir: Path | None = None) -> None:
        super().__init__(message)
        self.data_dir = data_dir  # kept (not removed) so its logs can be inspected


def _log(msg: str) -> None:
    print(f"[neo4j_server] {msg}", file=sys.stderr, flush=True)


def neo4j_version() -> str:
    m = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text(encoding="utf-8"))
    if not m:
        raise Neo4jServerError(f"cannot find <neo4j.version> in {POM}")
    return m.group(1).strip()


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise Neo4jServerError(
            "`java` not found on PATH: install a Java 17+ runtime/JDK "
            "(e.g. `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME"
        )
    return found


def _mvn() -> str:
    found = shutil.which("mvn")
    if not found:
        raise Neo4jServerError(
            "`mvn` not found on PATH: install Apache Maven 3.8+ (e.g. `apt-get install maven`); "
            f"it is needed once to download Neo4j {neo4j_version()} from Maven Central"
        )
    return found


def is_built() -> bool:
    """True if the launcher class is compiled (and up to date) and the Neo4j jars are copied."""
    cls = CLASSES / "kg" / "testserver" / "TestServer.class"
    if not cls.is_file():
        return False
    if cls.stat().st_mtime < max(SOURCE.stat().st_mtime, POM.stat().st_mtime):
        return False
    return (LIB / f"neo4j-{neo4j_version()}.jar").is_file()


def build(force: bool = False) -> None:
    """Compile TestServer and copy the Neo4j jars to target/lib (runs Maven only if needed)."""
    if not force and is_built():
        return
    mvn = _mvn()
    _java()
    TARGET.mkdir(exist_ok=True)
    with open(TARGET / ".build.lock", "w") as lock:
        try:
            import fcntl  # POSIX only; serialises concurrent builds (e.g. pytest-xdist)

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:
            pass
        if not force and is_built():  # another process built it while we waited
            return
        cmd = [mvn, "-B", "-q", "-Dstyle.color=never", "package"]
        if os.environ.get("KG_MVN_OFFLINE"):
            cmd.insert(1, "-o")
        _log(
            f"building Neo4j {neo4j_version()} test server: {' '.join(cmd)} in {HERE} "
            "(first run downloads ~125 MB from Maven Central)"
        )
        t0 = time.monotonic()
        proc = subprocess.run(
            cmd, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
        )
        if proc.returncode != 0 or not is_built():
            tail = "\n".join(proc.stdout.splitlines()[-40:])
            raise Neo4jServerError(f"Maven build failed (exit {proc.returncode}):\n{tail}")
        _log(f"build finished in {time.monotonic() - t0:.1f} s ({len(list(LIB.glob('*.jar')))} jars)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 40) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(deque(f, maxlen=n))
    except OSError as e:
        return f"<cannot read {path}: {e}>"


def _can_connect(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


class Neo4jTestServer:
    """A running embedded Neo4j JVM.  Use ``start()`` to create one."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        port: int,
        data_dir: Path,
        log_path: Path,
        remove_data_dir: bool,
    ) -> None:
        self.process = process
        self.port = port
        self.uri = f"bolt://127.0.0.1:{port}"
        self.data_dir = data_dir
        self.log_path = log_path
        self.startup_seconds: float = float("nan")
        self._remove_data_dir = remove_data_dir
        self._lock = threading.Lock()
        self._stopped = False
        atexit.register(self.stop)

    @property
    def pid(self) -> int:
        return self.process.pid

    def is_running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> int | None:
        """Shut the server down (stdin EOF + SIGTERM, SIGKILL after 15 s). Idempotent.

        Returns the JVM exit code."""
        with self._lock:
            if self._stopped:
                return self.process.returncode
            self._stopped = True
        atexit.unregister(self.stop)
        proc = self.process
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                if proc.stdin:
                    proc.stdin.close()  # the JVM's stdin watcher shuts down on EOF
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()  # SIGTERM -> shutdown hook
            try:
                proc.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                _log(f"JVM {proc.pid} did not stop within {STOP_GRACE_SECONDS:.0f} s: killing it")
                proc.kill()
                proc.wait()
        elif proc.stdin:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        if self._remove_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        return proc.returncode

    def __enter__(self) -> Neo4jTestServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running() else f"exited({self.process.returncode})"
        return f"<Neo4jTestServer {self.uri} pid={self.pid} {state} data_dir={self.data_dir}>"


def start(
    data_dir: str | os.PathLike[str] | None = None,
    port: int | None = None,
    timeout: float = 120,
    *,
    heap: str | None = None,
    pagecache: str | None = None,
    extra_config: dict[str, str] | None = None,
) -> Neo4jTestServer:
    """Start Neo4j on 127.0.0.1 and return once Bolt accepts connections.

    ``data_dir`` is the Neo4j home (databases under ``data/``, Neo4j logs under ``logs/``, JVM
    output in ``neo4j-testserver.log``); a temp dir is created (and removed on stop) if None.
    ``extra_config`` holds raw Neo4j settings, e.g. ``{"db.logs.query.enabled": "OFF"}``.
    """
    build()
    attempts = 1 if port else 3  # an auto-picked free port can be grabbed by someone else
    for attempt in range(1, attempts + 1):
        try:
            return _start_once(
                data_dir, port or _free_port(), timeout, heap, pagecache, extra_config
            )
        except Neo4jServerError as e:
            if attempt == attempts or "Address already in use" not in str(e):
                raise
            if data_dir is None and e.data_dir is not None:
                shutil.rmtree(e.data_dir, ignore_errors=True)
            _log(f"port clash, retrying ({attempt}/{attempts})")
    raise AssertionError("unreachable")


def _start_once(
    data_dir: str | os.PathLike[str] | None,
    port: int,
    timeout: float,
    heap: str | None,
    pagecache: str | None,
    extra_config: dict[str, str] | None,
) -> Neo4jTestServer:
    java = _java()
    remove = data_dir is None
    home = Path(data_dir) if data_dir is not None else Path(tempfile.mkdtemp(prefix="kg-neo4j-"))
    if remove and os.environ.get("KG_NEO4J_KEEP_DATA"):
        remove = False
    home = home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / LOG_NAME

    heap = heap or os.environ.get("KG_NEO4J_HEAP") or "1g"
    pagecache = pagecache or os.environ.get("KG_NEO4J_PAGECACHE") or "256m"
    cmd = [
        java,
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        f"{CLASSES}{os.pathsep}{LIB / '*'}",
        MAIN_CLASS,
        "--home",
        str(home),
        "--port",
        str(port),
        "--pagecache",
        pagecache,
    ]
    for key, value in (extra_config or {}).items():
        cmd += ["--conf", f"{key}={value}"]

    t0 = time.monotonic()
    with open(log_path, "ab") as log:
        offset = log.tell()
        log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(cmd)}\n".encode())
        log.flush()
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,  # kept open; EOF (we exit/die) makes the JVM shut down
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=home,
            start_new_session=True,  # Ctrl-C goes to Python, which then stops the JVM cleanly
        )
    server = Neo4jTestServer(proc, port, home, log_path, remove)

    def fail(reason: str) -> Neo4jServerError:
        server._remove_data_dir = False  # keep the evidence
        server.stop()
        return Neo4jServerError(
            f"Neo4j test server {reason} (pid {proc.pid}, data dir {home}).\n"
            f"Last 40 lines of {log_path}:\n{_tail(log_path)}",
            data_dir=home,
        )

    deadline = t0 + timeout
    ready = False
    try:
        while True:
            if not ready:
                with open(log_path, "rb") as f:
                    f.seek(offset)
                    text = f.read().decode("utf-8", errors="replace")
                ready = any(int(m.group(2)) == port for m in READY_RE.finditer(text))
            if ready and _can_connect(port):
                break
            if proc.poll() is not None:
                raise fail(f"exited with code {proc.returncode} during start-up")
            if time.monotonic() > deadline:
                raise fail(f"not ready within {timeout:.0f} s")
            time.sleep(0.1)
    except BaseException as e:
        if not isinstance(e, Neo4jServerError):
            server.stop()
        raise
    server.startup_seconds = time.monotonic() - t0
    return server


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="compile the launcher and fetch the Neo4j jars")
    p_build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p_run = sub.add_parser("run", help="start a server and keep it up until Ctrl-C / stdin EOF")
    p_run.add_argument("--data-dir", help="Neo4j home dir (default: a temp dir, removed on exit)")
    p_run.add_argument("--port", type=int, help="Bolt port (default: a free port)")
    p_run.add_argument("--timeout", type=float, default=120)
    p_run.add_argument(
        "--no-stdin", action="store_true", help="ignore stdin; stop only on Ctrl-C / SIGTERM"
    )
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            build(force=args.force)
            _log(f"ready: Neo4j {neo4j_version()}, classes in {CLASSES}, jars in {LIB}")
            return 0

        stop_event = threading.Event()

        def on_signal(signum: int, _frame: object) -> None:
            stop_event.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        server = start(args.data_dir, args.port, args.timeout)
    except Neo4jServerError as e:
        _log(f"ERROR: {e}")
        return 1

    with server:
        _log(
            f"Neo4j {neo4j_version()} up in {server.startup_seconds:.1f} s "
            f"(pid {server.pid}, data dir {server.data_dir}, log {server.log_path})"
        )
        print(f"NEO4J_URI={server.uri}", flush=True)
        if not args.no_stdin:

            def watch_stdin() -> None:
                with contextlib.suppress(Exception):
                    while sys.stdin.buffer.read1(4096):
                        pass
                stop_event.set()

            threading.Thread(target=watch_stdin, daemon=True).start()
        while not stop_event.is_set():
            if not server.is_running():
                _log(f"JVM exited unexpectedly (code {server.process.returncode}); see {server.log_path}")
                server._remove_data_dir = False
                return 1
            stop_event.wait(0.5)
        _log("stopping")
    _log(f"stopped (exit code {server.process.returncode})")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
