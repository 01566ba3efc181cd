"""The layering (docs/architecture.md), checked by import-linter's contracts in pyproject.toml.

How it fails: add an upward import, e.g. `from ui import data` at the top of graph/settings.py,
and `test_the_contracts_hold` fails with lint-imports' report:

    Surfaces on queries on loaders on graph: every import points down BROKEN
    graph.settings -> ui.data (l.9)

`test_an_upward_import_breaks_a_contract` does exactly that on a copy of the packages, so the
test proves it can fail. The other tests here keep the rules that are not imports: no Cypher
in the app's pages and components, plain imports in the CLI, no fallbacks around the
project's own modules.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["graph", "loaders", "queries", "cli", "ui", "bench"]
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())", "--no-cache"]


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(LINT, cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_the_contracts_cover_the_layers():
    layers = next(c for c in _contracts() if c["id"] == "layers")["layers"]
    flat = [set(x.strip() for x in layer.split("|")) for layer in layers]
    assert flat[-1] == {"graph"}                                   # the ground floor
    below = [i for i, layer in enumerate(flat) if layer & {"loaders", "queries"}]
    above = [i for i, layer in enumerate(flat) if layer & {"cli", "ui", "bench"}]
    assert max(above) < min(below)                                 # surfaces on top
    assert set().union(*flat) == set(PACKAGES)


def test_the_contracts_hold():
    res = _lint(ROOT)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert f"Contracts: {len(_contracts())} kept, 0 broken" in res.stdout


def test_an_upward_import_breaks_a_contract(tmp_path):
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, tmp_path / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    settings = tmp_path / "graph" / "settings.py"
    settings.write_text(settings.read_text().replace(
        "from graph.errors import InputError\n",
        "from graph.errors import InputError\nfrom ui import data  # upward\n"))
    res = _lint(tmp_path)
    assert res.returncode != 0
    assert "BROKEN" in res.stdout and "graph.settings -> ui.data" in res.stdout


def _sources(*folders: str):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|DETACH DELETE)\b.*\b(RETURN|SET|DELETE)\b",
                    re.S)


def test_no_cypher_in_the_app():
    found = [f"{p.relative_to(ROOT)}:{n.lineno}" for p, tree in _sources("app_pages", "ui")
             for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and CYPHER.search(n.value)]
    assert not found, f"Cypher belongs in queries/ or graph/: {found}"


def test_plain_imports_and_no_fallbacks_around_our_modules():
    for path, tree in _sources(*PACKAGES, "app_pages"):
        for node in ast.walk(tree):
            if path.parts[-2] == "cli" and isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                assert "importlib" not in names, f"{path}: importlib in the CLI"
            if isinstance(node, ast.Try):
                caught = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
                if any("ImportError" in c for c in caught):
                    imported = [m for n in ast.walk(node) if isinstance(n, ast.ImportFrom)
                                for m in [n.module or ""]]
                    assert not any(m.split(".")[0] in PACKAGES for m in imported), \
                        f"{path}:{node.lineno}: an ImportError fallback around our own module"


def test_nothing_imports_the_app_scripts():
    for path, tree in _sources(*PACKAGES):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in ("app", "app_pages"), path
