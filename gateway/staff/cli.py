"""`flask --app gateway staff create NAME --role admin`: make the first admin from the server."""

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..errors import AccountError
from ..services import current_services
from ..store.staff import ROLES, create_staff

staff = AppGroup("staff", help="Staff accounts for the console.")


@staff.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="petugas", show_default=True)
@click.password_option(help="Asked twice when not given; at least 10 characters.")
def create(username: str, role: str, password: str) -> None:
    """Create a console account (the first one should be an admin)."""
    try:
        with Session(current_services().database) as session, session.begin():
            create_staff(session, username, password, role)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {role} {username.strip().lower()}; log in at /staff/login")
