"""The users file: who may sign in to the app, with which role (bcrypt-hashed passwords).

`kg users add/passwd/remove/list` edit it; the app (`ui/auth.py`, streamlit-authenticator)
reads it. It lives beside the store by default (`users_file`), so both agree without flags.
Passwords are hashed with bcrypt here and nowhere else kept; nothing in this module prints
or logs a password or a hash.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import bcrypt
import yaml
from filelock import FileLock

from graph.errors import InputError, PermissionDenied

# Ordered from least to most allowed; each role may do what the roles before it may.
ROLES = ("viewer", "analyst", "editor", "admin")
ROLE_ZH = {"viewer": "访客", "analyst": "分析员", "editor": "编辑", "admin": "管理员"}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 8


def users_file(store_target: str) -> Path:
    """KG_USERS_FILE, else `<embedded store path>.users.yaml` (beside the store), else (a Neo4j
    store) `kg-users.yaml` in the working directory."""
    env = os.environ.get("KG_USERS_FILE")
    if env:
        return Path(env).expanduser().resolve()
    if store_target.startswith("embedded:"):
        path = Path(store_target.removeprefix("embedded:"))
        return path.with_name(path.name + ".users.yaml")
    return Path("kg-users.yaml").resolve()


def allows(role: str | None, needed: str) -> bool:
    """Does `role` include the rights of `needed`? (admin > editor > analyst > viewer)"""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def require(role: str | None, needed: str, what: str) -> None:
    """Raise PermissionDenied unless `role` allows `needed` (the check writes call first)."""
    if not allows(role, needed):
        raise PermissionDenied(f"{what}: needs the role {needed} ({ROLE_ZH[needed]}); "
                               f"the current role is {role or 'none'}")


def read_users(path: Path) -> dict[str, dict]:
    """{name: {"role", "password" (bcrypt hash), "display"}}; {} when the file is absent."""
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    users = raw.get("users") or {}
    for name, u in users.items():
        if u.get("role") not in ROLES or not str(u.get("password", "")).startswith("$2"):
            raise InputError(f"{path}: user {name!r}: expected a role in {ROLES} and a bcrypt "
                             "hash", hint="fix the file or re-add the user with kg users add")
    return users


def _write(path: Path, users: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("# kg users: bcrypt-hashed passwords; edit with `kg users`.\n"
                   + yaml.safe_dump({"users": users}, allow_unicode=True, sort_keys=True),
                   encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _check_password(password: str) -> bytes:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password is shorter than {MIN_PASSWORD} characters")
    if password != password.strip():
        raise InputError("the password starts or ends with spaces (the sign-in form strips "
                         "them)")
    data = password.encode("utf-8")
    if len(data) > 72:
        raise InputError("the password is longer than 72 bytes (bcrypt's limit)")
    return data


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_check_password(password), bcrypt.gensalt()).decode("ascii")


def add_user(path: Path, name: str, role: str, password: str, display: str = "") -> None:
    if not NAME_RE.match(name):
        raise InputError(f"user name {name!r}: use 2-32 lower-case letters, digits, . _ -")
    if role not in ROLES:
        raise InputError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    with FileLock(str(path) + ".lock"):
        users = read_users(path)
        if name in users:
            raise InputError(f"user {name!r} exists", hint="kg users passwd NAME changes the "
                             "password; kg users remove NAME, then add, changes the role")
        users[name] = {"role": role, "password": hash_password(password),
                       "display": display or name}
        _write(path, users)


def set_password(path: Path, name: str, password: str) -> None:
    with FileLock(str(path) + ".lock"):
        users = read_users(path)
        if name not in users:
            raise InputError(f"no user {name!r} in {path}")
        users[name]["password"] = hash_password(password)
        _write(path, users)


def remove_user(path: Path, name: str) -> None:
    with FileLock(str(path) + ".lock"):
        users = read_users(path)
        if name not in users:
            raise InputError(f"no user {name!r} in {path}")
        del users[name]
        _write(path, users)


def cookie_key() -> str | None:
    """The key signing the sign-in cookie: KG_COOKIE_KEY, else the file KG_COOKIE_KEY_FILE
    (e.g. a Docker secret). Never in the repository; None when neither is set."""
    key = os.environ.get("KG_COOKIE_KEY")
    if not key and os.environ.get("KG_COOKIE_KEY_FILE"):
        key = Path(os.environ["KG_COOKIE_KEY_FILE"]).read_text(encoding="utf-8").strip()
    if key and len(key) < 32:
        raise InputError("the cookie key is shorter than 32 characters",
                         hint="python -c 'import secrets; print(secrets.token_urlsafe(48))'")
    return key or None


class Throttle:
    """Failed sign-ins slow down: past `free` failures within `window` seconds a key (a user
    name, a client address) is locked for `base` s, doubling with each further failure, at
    most `cap` s. One instance per app process (shared by every session)."""

    def __init__(self, free: int = 3, window: float = 900.0, cap: float = 300.0,
                 base: float = 5.0):
        import threading
        self.free, self.window, self.cap, self.base = free, window, cap, base
        self._fails: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str, now: float) -> float:
        """Seconds until `key` may try again (0: now)."""
        with self._lock:
            fails = [t for t in self._fails.get(key, []) if now - t < self.window]
            self._fails[key] = fails
            extra = len(fails) - self.free - 1
            if extra < 0:
                return 0.0
            return max(0.0, fails[-1] + min(self.cap, self.base * 2 ** extra) - now)

    def fail(self, key: str, now: float) -> None:
        with self._lock:
            self._fails.setdefault(key, []).append(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)
