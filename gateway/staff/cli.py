"""`flask --app gateway staff ...`: make the first admin, and let the server's technician unlock an
account or reset its password when no admin can log in."""

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import AccountError
from ..services import current_services
from ..store.staff import ROLES, StaffUser, audit, create_staff, set_password

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


@staff.command("unlock")
@click.argument("username")
def unlock(username: str) -> None:
    """Lift an account's lock after failed log-ins."""
    with Session(current_services().database) as session, session.begin():
        user = _user(session, username)
        user.locked_until, user.failed_logins, name = None, 0, user.username
        audit(session, "server", "unlock_staff", name)
    click.echo(f"unlocked {name}")


@staff.command("reset-password")
@click.argument("username")
@click.password_option(help="Asked twice when not given; at least 10 characters.")
def reset_password(username: str, password: str) -> None:
    """Give an account a new password and end all its console sessions."""
    services = current_services()
    try:
        with Session(services.database) as session, session.begin():
            user = _user(session, username)
            set_password(user, password)
            user_id, name = user.id, user.username
            audit(session, "server", "password_staff", name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    ended = services.logins.end_all(user_id)
    click.echo(f"new password for {name}; {ended} session(s) ended")


def _user(session: Session, username: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account {username!r}")
    return user
