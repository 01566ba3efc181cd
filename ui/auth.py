"""Sign-in and roles for the app: streamlit-authenticator over the users file (graph/users.py).

`gate()` runs first on every page run (app.py): it returns the signed-in `Actor` or draws the
sign-in form and stops the script, so an anonymous visitor reaches no page. The role is read
from the users file on every run (a removed or demoted user loses access at the next click).
Writes check the role again where they happen (`graph.users.require`, called by
`ui.upload.load_upload` and `queries.pipeline`), not only by hiding buttons.

Without a users file the app runs open as one local user, only on 127.0.0.1 (`kg serve`'s
default); bound to another address it shows how to create users and nothing else.
Failed sign-ins are throttled per user name and per client address (`graph.users.Throttle`).
"""
from __future__ import annotations

import getpass
import os
import secrets
import time

import bcrypt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities.exceptions import LoginError

from graph.users import ROLE_ZH, Throttle, allows, cookie_key, read_users, users_file
from queries.audit import Actor
from ui.data import store_target
from ui.i18n import t

COOKIE = "kg_session"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
USER_FREE, ADDRESS_FREE = 3, 20  # failures before the lock starts (per name, per address)


@st.cache_resource(show_spinner=False)
def _throttles() -> tuple[Throttle, Throttle]:
    base = float(os.environ.get("KG_SIGNIN_LOCK_S") or 5)  # the first lock, in seconds
    return Throttle(USER_FREE, base=base), Throttle(ADDRESS_FREE, base=base)


@st.cache_resource(show_spinner=False)
def _process_secrets() -> dict:
    """A random cookie key when none is configured (sessions then end with the process) and
    the hash a locked user's password is checked against (never matches)."""
    return {"cookie": secrets.token_urlsafe(48),
            "locked": bcrypt.hashpw(secrets.token_bytes(32), bcrypt.gensalt()).decode()}


def bind_address() -> str:
    return os.environ.get("KG_BIND_ADDRESS") or "127.0.0.1"


def actor() -> Actor:
    """The signed-in user (set by `gate`); pages pass it to every write."""
    return st.session_state["kg_actor"]


def can(needed: str) -> bool:
    return allows(st.session_state.get("kg_actor", Actor("", "", "")).role, needed)


def gate() -> Actor:
    path = users_file(store_target())
    users = read_users(path)
    if not users:
        return _open_mode(path)
    return _sign_in(users)


def _open_mode(path) -> Actor:
    if bind_address() not in LOOPBACK:
        st.title(t("app_title"))
        st.error(t("no_users_lan", path=str(path)))
        st.code(f"kg users add NAME --role admin    # {path}", language="bash")
        st.stop()
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = "local"
    who = Actor(name, "admin", "app")
    st.session_state["kg_actor"] = who
    with st.sidebar:
        st.warning(t("open_mode"))
        st.caption(t("open_mode_how", path=str(path)))
    return who


def _client() -> str:
    return f"addr:{st.context.ip_address or 'unknown'}"


def _sign_in(users: dict) -> Actor:
    by_user, by_address = _throttles()
    now = time.time()
    wait = by_address.wait(_client(), now)
    if wait > 0:
        st.title(t("app_title"))
        st.error(t("throttled", s=int(wait) + 1))
        st.stop()
    locked = _process_secrets()["locked"]
    creds = {"usernames": {
        name: {"name": u.get("display") or name, "email": "", "roles": [u["role"]],
               "password": locked if by_user.wait(f"user:{name}", now) > 0 else u["password"]}
        for name, u in users.items()}}
    auth = stauth.Authenticate(creds, COOKIE, cookie_key() or _process_secrets()["cookie"],
                               float(os.environ.get("KG_SESSION_DAYS", "1")), auto_hash=False)
    if not st.session_state.get("authentication_status"):
        st.title(t("app_title"))
        # False stays in the session across reruns: reset it, so that False below means
        # "a password was checked and refused in this run" (counted once)
        st.session_state["authentication_status"] = None
    try:
        auth.login(location="main", key="kg_login",
                   fields={"Form name": t("sign_in"), "Username": t("username"),
                           "Password": t("password"), "Login": t("sign_in_button")})
    except LoginError:  # e.g. a cookie for a user who has since been removed
        st.session_state["authentication_status"] = None
    status = st.session_state.get("authentication_status")
    name = st.session_state.get("username")
    if status and name in users:
        by_user.clear(f"user:{name}")
        st.session_state.pop("kg_login_msg", None)
        who = Actor(name, users[name]["role"], "app")
        st.session_state["kg_actor"] = who
        with st.sidebar:
            st.caption(t("signed_in_as", name=users[name].get("display") or name,
                         role=ROLE_ZH[who.role]))
            auth.logout(t("sign_out"), location="sidebar", key="kg_logout")
        return who
    st.session_state.pop("kg_actor", None)
    if status is False:
        tried = [n for n, u in creds["usernames"].items() if u.get("failed_login_attempts")]
        by_address.fail(_client(), now)
        for n in tried:
            by_user.fail(f"user:{n}", now)
        wait = max([by_user.wait(f"user:{n}", now) for n in tried] + [0])
        st.session_state["kg_login_msg"] = t("throttled", s=int(wait) + 1) if wait > 0 \
            else t("bad_login")
    if st.session_state.get("kg_login_msg"):  # kept until the next attempt (reruns redraw)
        st.error(st.session_state["kg_login_msg"])
    st.stop()
