"""Log in to the console as a browser would: fetch a form, carry its CSRF token, post."""

import re

from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.staff import create_staff

PASSWORD = "correct horse battery"


def make_staff(app, username: str = "petugas1", role: str = "petugas") -> None:
    with Session(services_of(app).database) as db, db.begin():
        create_staff(db, username, PASSWORD, role)


def csrf(client, path: str = "/staff/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def log_in(client, username: str = "petugas1", password: str = PASSWORD):
    return client.post("/staff/login", data={"username": username, "password": password,
                                             "csrf_token": csrf(client)})


def post_form(client, path: str, data: dict, page: str = "/staff/"):
    """Post a console form with the session's CSRF token, as the page would."""
    return client.post(path, data={**data, "csrf_token": csrf(client, page)})


def signed_in(app, role: str = "petugas"):
    """A test client logged in as a new member with this role (named petugas1 or admin1)."""
    make_staff(app, f"{role}1", role)
    client = app.test_client()
    log_in(client, f"{role}1")
    return client
