"""`kg serve`: start the Streamlit app, bound to 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from graph.settings import resolve_store
from graph.users import cookie_key, read_users, users_file

APP = Path(__file__).resolve().parents[1] / "app.py"


def serve_command(host: str, port: int, app: Path = APP) -> list[str]:
    """The `streamlit run` command line: headless, no usage statistics, no file watcher."""
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--global.developmentMode", "false"]


def serve_env(store: str | None, host: str = "127.0.0.1", users: str | None = None) -> dict:
    """The app's environment: KG_STORE set to the store `kg` resolved (so the app opens the
    same store as every other command, NEO4J_URI included), KG_BIND_ADDRESS to the address
    (the app runs open without users only on 127.0.0.1), KG_USERS_FILE when given."""
    env = dict(os.environ)
    env["KG_STORE"] = resolve_store(store)
    env["KG_BIND_ADDRESS"] = host
    if users:
        env["KG_USERS_FILE"] = str(Path(users).resolve())
    return env


@click.command("serve")
@click.option("--host", default=None, metavar="ADDRESS",
              help="Address to bind (default 127.0.0.1, or env KG_BIND_ADDRESS; 0.0.0.0: the "
                   "LAN, behind sign-in).")
@click.option("--port", default=None, type=int,
              help="Port to listen on (default 8501, or env KG_PORT).")
@click.option("--users-file", default=None, metavar="FILE",
              help="The users file (default: env KG_USERS_FILE, else beside the store).")
@click.pass_context
def serve_cmd(ctx, host, port, **kw):
    """Start the web app (Streamlit) on the store given by --store / KG_STORE / NEO4J_URI.

    With a users file (kg users add) everyone signs in; without one the app is open on
    127.0.0.1 only. The sign-in cookie's key comes from KG_COOKIE_KEY or KG_COOKIE_KEY_FILE.

    Example: kg --store embedded:.kg serve --host 0.0.0.0 --port 8501
    """
    host = host or os.environ.get("KG_BIND_ADDRESS") or "127.0.0.1"
    port = port or int(os.environ.get("KG_PORT") or 8501)
    env = serve_env(ctx.obj.get("store") if ctx.obj else None, host, kw.get("users_file"))
    click.echo(f"招商引资知识图谱: http://{host}:{port}  (store: {env['KG_STORE']})")
    _explain_access(env)
    sys.exit(run_child(serve_command(host, port), env=env, cwd=str(APP.parent)))


def _explain_access(env: dict) -> None:
    """One line on who can get in (never a password or a key)."""
    path = Path(env["KG_USERS_FILE"]) if env.get("KG_USERS_FILE") else \
        users_file(env["KG_STORE"])
    users = read_users(path)
    if users:
        key = "set" if cookie_key() else "not set: sessions end when the app restarts"
        click.echo(f"sign-in: {len(users)} users in {path}; cookie key {key}")
    elif env["KG_BIND_ADDRESS"] in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"no users ({path}): open single-user mode on this machine only")
    else:
        click.echo(f"no users ({path}): the app shows only how to create them "
                   "(kg users add NAME --role admin)", err=True)


def run_child(cmd: list[str], **kwargs) -> int:
    """Run the app and pass SIGTERM / SIGINT on to it: stopping `kg serve` stops Streamlit,
    which closes the store (the embedded server stops with its last client)."""
    child = subprocess.Popen(cmd, **kwargs)

    def forward(signum, _frame):
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    old = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                code = child.wait(timeout=30 if child.returncode is None else None)
                break
            except subprocess.TimeoutExpired:
                continue
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    return 0 if code in (-signal.SIGTERM, -signal.SIGINT) else code
