"""`kg serve`: start the Streamlit app, bound to 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from graph.settings import resolve_store

APP = Path(__file__).resolve().parents[1] / "app.py"


def serve_command(host: str, port: int, app: Path = APP) -> list[str]:
    """The `streamlit run` command line: headless, no usage statistics, no file watcher."""
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--global.developmentMode", "false"]


def serve_env(store: str | None) -> dict:
    """The app's environment: KG_STORE set to the store `kg` resolved (so the app opens the
    same store as every other command, NEO4J_URI included)."""
    env = dict(os.environ)
    env["KG_STORE"] = resolve_store(store)
    return env


@click.command("serve")
@click.option("--host", default=None, metavar="ADDRESS",
              help="Address to bind (default 127.0.0.1, or env KG_BIND_ADDRESS).")
@click.option("--port", default=8501, show_default=True, type=int, help="Port to listen on.")
@click.pass_context
def serve_cmd(ctx, host, port):
    """Start the web app (Streamlit) on the store given by --store / KG_STORE / NEO4J_URI.

    Example: kg --store embedded:.kg serve --port 8501
    """
    host = host or os.environ.get("KG_BIND_ADDRESS") or "127.0.0.1"
    env = serve_env(ctx.obj.get("store") if ctx.obj else None)
    click.echo(f"招商引资知识图谱: http://{host}:{port}  (store: {env['KG_STORE']})")
    sys.exit(run_child(serve_command(host, port), env=env, cwd=str(APP.parent)))


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
