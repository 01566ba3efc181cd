"""Issue 12, item 9: uploads go to a private temporary directory, follow no planted symlink and
are removed after loading; the embedded store's files and its server log are private, and the
log does not carry row data."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import redis

from ui import upload


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_upload_is_private_follows_no_symlink_and_is_removed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = Path(tempfile.gettempdir()) / "kg-uploads"  # where uploads used to go
    planted.mkdir(exist_ok=True)
    link = planted / "victim.csv"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(victim)
    try:
        with upload.saved("victim.csv", b"name\nx\n") as path:
            assert path.name == "victim.csv"
            assert path.read_bytes() == b"name\nx\n" and not path.is_symlink()
            assert _private(path.parent) and _private(path)
            assert path.parent != planted
        assert victim.read_text() == "precious"
        assert not path.exists() and not path.parent.exists()
    finally:
        link.unlink()


def test_upload_name_is_a_bare_file_name():
    with upload.saved("../../evil.csv", b"a\n") as path:
        assert path.name == "evil.csv" and path.parent.parent == Path(tempfile.gettempdir())


def test_embedded_store_files_and_log_are_private(tmp_path):
    from graph.stores import open_store
    with open_store(f"embedded:{tmp_path / 'kg'}") as st:
        st.setup_schema()
        st.upsert_nodes("Company", [{"id": "c1", "name": "行数据公司"}])
        d = tmp_path / "kg"
        assert _private(d), oct(d.stat().st_mode)
        assert _private(d / "server.log"), oct((d / "server.log").stat().st_mode)
        conn = redis.Redis(unix_socket_path=st.server.socket)
        # a crash report names the command but not its arguments (the rows of a batch)
        assert conn.config_get("hide-user-data-from-log") == {"hide-user-data-from-log": "yes"}
        conn.close()
