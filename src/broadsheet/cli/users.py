"""`broadsheet users …`: accounts from the command line (the first admin, scripted installs)."""

from __future__ import annotations

import sys

import typer

from broadsheet.auth.passwords import MIN_PASSWORD_LENGTH, hash_password
from broadsheet.cli.common import err_console, settings_from_env, store_for
from broadsheet.store.users import UserExistsError

users_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)


@users_app.command("add")
def add(
    name: str,
    admin: bool = typer.Option(False, "--admin", help="Make the account an administrator."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    db: str | None = typer.Option(None, "--db", help="Store URL."),
) -> None:
    """Create an account; the web app and the reader-app APIs then accept it."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        err_console.print(
            f"[red]The password must have at least {MIN_PASSWORD_LENGTH} characters.[/red]"
        )
        raise typer.Exit(2)
    store = store_for(settings_from_env(db))
    try:
        user = store.create_user(name, hash_password(password), is_admin=admin)
    except UserExistsError as exc:
        err_console.print(f"[red]Cannot add {name}:[/red] {exc}")
        raise typer.Exit(1) from exc
    typer.echo(f"Added {'admin ' if user.is_admin else ''}user {user.name} (id {user.id})")


@users_app.command("list")
def list_users(db: str | None = typer.Option(None, "--db", help="Store URL.")) -> None:
    """Show every account."""
    for user in store_for(settings_from_env(db)).list_users():
        flags = ",".join(
            f for f, on in (("admin", user.is_admin), ("banned", user.is_banned)) if on
        )
        typer.echo(f"{user.id}\t{user.name}\t{flags}")


@users_app.command("app-password")
def app_password(
    name: str,
    label: str = typer.Option("reader app", help="What the password is for (shown in lists)."),
    db: str | None = typer.Option(None, "--db", help="Store URL."),
) -> None:
    """Create an app password for reader apps (Google Reader API, Fever); shown once."""
    from broadsheet.web.rest.credentials import issue_app_password

    store = store_for(settings_from_env(db))
    user = store.get_user_by_name(name)
    if user is None:
        err_console.print(f"[red]No user named {name!r}.[/red]")
        raise typer.Exit(1)
    record, password = issue_app_password(store, user, label)
    typer.echo(f"App password {record.id} for {user.name} ({label}): {password}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
