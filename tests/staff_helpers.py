"""Log in to the console as a browser would: fetch a form, carry its CSRF token, post."""

import re

from sqlalchemy.orm import Session

from gateway.staff_accounts import create_staff

PASSWORD = "correct horse battery"


def make_staff(app, username: str = "petugas1", role: str = "petugas") -> None:
    with Session(app.extensions["sapa"].database) as db, db.begin():
        create_staff(db, username, PASSWORD, role)


def csrf(client, path: str = "/staff/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def log_in(client, username: str = "petugas1", password: str = PASSWORD):
    return client.post("/staff/login", data={"username": username, "password": password,
                                             "csrf_token": csrf(client)})


def post_form(client, path: str, data: dict, page: str = "/staff/"):
    """Post a console form with the session's CSRF token, as the page would."""
    return client.post(path, data={**data, "csrf_token": csrf(client, page)})
