"""docker-compose.yml is valid (where the docker client exists) and wires the app to Neo4j."""
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_file_wires_app_to_neo4j():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo = spec["services"]["neo4j"]
    assert neo["image"].startswith("neo4j:5.26")
    assert "healthcheck" in neo and "neo4j-data" in spec["volumes"]
    assert "${NEO4J_PASSWORD" in neo["environment"]["NEO4J_AUTH"]  # from the environment
    app = spec["services"]["app"]
    assert app["environment"]["KG_STORE"].startswith("bolt://neo4j")
    # on the LAN behind sign-in: address and port from the environment, the cookie key too
    # (never in the repository), the users file on a volume
    assert app["ports"] == ["${KG_BIND_ADDRESS:-0.0.0.0}:${KG_PORT:-8501}:8501"]
    assert app["environment"]["KG_COOKIE_KEY"].startswith("${KG_COOKIE_KEY:?")
    assert app["environment"]["KG_USERS_FILE"].startswith("/var/lib/kg/")
    assert "kg-users:/var/lib/kg" in app["volumes"] and "kg-users" in spec["volumes"]
    docker = (ROOT / "Dockerfile").read_text()
    packages = ("graph", "loaders", "queries", "cli", "ui", "bench", "app_pages")
    assert all(f"COPY {p} ./{p}" in docker for p in packages)  # every package the image needs


def _compose_command():
    """`docker compose` when the plugin is installed, else Debian's `docker-compose`."""
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"],
                                                 capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker client on this machine")
def test_docker_compose_config_validates():
    cmd = _compose_command()
    assert cmd, "the docker client is here but no compose: scripts/setup.sh --test installs it"
    env = {"NEO4J_PASSWORD": "test-only", "KG_COOKIE_KEY": "k" * 48, "KG_PORT": "8600",
           "PATH": "/usr/bin:/bin:/usr/local/bin"}
    proc = subprocess.run([*cmd, "config", "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    shown = subprocess.run([*cmd, "config"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "8600" in shown.stdout and "0.0.0.0" in shown.stdout  # the port from KG_PORT
    missing = subprocess.run([*cmd, "config", "-q"], cwd=ROOT, capture_output=True, text=True,
                             env={k: v for k, v in env.items() if k != "KG_COOKIE_KEY"})
    assert missing.returncode != 0 and "KG_COOKIE_KEY" in missing.stderr
