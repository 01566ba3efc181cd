"""`kg users add/passwd/remove/list`: the app's sign-in users (graph/users.py). The password
comes from standard input (asked twice, hidden, on a terminal); it is never echoed or logged."""
from __future__ import annotations

import sys

import click

from cli.common import store_from, store_target, table
from graph.users import (ROLE_ZH, ROLES, add_user, read_users, remove_user, set_password,
                         users_file)
from queries import audit


def _file(ctx):
    return users_file(store_target(ctx))


def _password() -> str:
    if sys.stdin.isatty():
        return click.prompt("密码 password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _audit(ctx, action: str, name: str, counts: dict) -> None:
    """User changes go to the audit trail (in the store) with the OS user."""
    with store_from(ctx) as st:
        audit.record(st, audit.cli_actor(), action, name, counts)


@click.group("users")
def users_cmd():
    """Who may sign in to the app, with which role (the users file beside the store).

    Example: echo 's3cret-pass' | kg users add wang --role editor
    """


@users_cmd.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="viewer 访客 / analyst 分析员 / editor 编辑 / admin 管理员.")
@click.option("--display", default="", help="Name shown in the app (default: NAME).")
@click.pass_context
def users_add_cmd(ctx, name, role, display):
    """Add a user; the password (8+ characters) is read from standard input.

    Example: echo 's3cret-pass' | kg users add wang --role editor --display 王科长
    """
    path = _file(ctx)
    add_user(path, name, role, _password(), display)
    _audit(ctx, "users.add", name, {"role": role})
    click.echo(f"added {name} ({role} {ROLE_ZH[role]}) to {path}")


@users_cmd.command("passwd")
@click.argument("name")
@click.pass_context
def users_passwd_cmd(ctx, name):
    """Set a user's password (from standard input).

    Example: echo 'new-pass-123' | kg users passwd wang
    """
    path = _file(ctx)
    set_password(path, name, _password())
    _audit(ctx, "users.passwd", name, {})
    click.echo(f"password of {name} changed in {path}")


@users_cmd.command("remove")
@click.argument("name")
@click.pass_context
def users_remove_cmd(ctx, name):
    """Remove a user (a signed-in session of theirs ends at its next action).

    Example: kg users remove wang
    """
    path = _file(ctx)
    remove_user(path, name)
    _audit(ctx, "users.remove", name, {})
    click.echo(f"removed {name} from {path}")


@users_cmd.command("list")
@click.pass_context
def users_list_cmd(ctx):
    """The users and their roles (never the password hashes).

    Example: kg users list
    """
    path = _file(ctx)
    users = read_users(path)
    if not users:
        click.echo(f"no users in {path}: the app runs open (127.0.0.1 only). "
                   "Add one: kg users add NAME --role admin", err=True)
        return
    click.echo(table(["user", "role", "角色", "display"],
                     [[n, u["role"], ROLE_ZH[u["role"]], u.get("display", "")]
                      for n, u in sorted(users.items())]))
    click.echo(f"({path})", err=True)
