"""Console log-in: argon2 hashes, lockout, CSRF, roles, cookies and security headers."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.staff import AuditEntry, StaffUser
from tests.support.staff import PASSWORD, csrf, log_in, make_staff, post_form


def test_pages_need_a_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_a_right_password_logs_in_and_the_hash_is_argon2(app, client, database):
    make_staff(app)
    assert log_in(client).status_code == 302
    assert client.get("/staff/").status_code == 200
    with Session(database) as db:
        assert db.scalar(select(StaffUser.password_hash)).startswith("$argon2id$")


def test_a_wrong_password_is_refused_and_recorded(app, client, database):
    make_staff(app)
    response = log_in(client, password="wrong password!")
    assert response.status_code == 401 and "salah" in response.text
    with Session(database) as db:
        assert db.scalar(select(AuditEntry.action)) == "login_bad"


def test_five_failures_lock_the_account_even_for_the_right_password(app, client):
    make_staff(app)
    for _ in range(5):
        log_in(client, password="wrong password!")
    response = log_in(client)
    assert response.status_code == 401 and "dikunci" in response.text


def test_a_form_without_the_csrf_token_is_refused(app, client):
    make_staff(app)
    response = client.post("/staff/login", data={"username": "petugas1", "password": PASSWORD})
    assert response.status_code == 400 and "form expired" in response.text
    log_in(client)
    assert client.post("/staff/logout").status_code == 400
    assert client.post("/staff/logout", data={"csrf_token": "forged"}).status_code == 400


def test_admin_pages_are_refused_to_petugas(app, client):
    make_staff(app)
    log_in(client)
    assert client.get("/staff/admin/users").status_code == 403
    assert client.get("/staff/admin/audit").status_code == 403


def test_session_cookie_and_security_headers(app_with):
    app = app_with(SAPA_ENV="production", SMS_PROVIDER="africastalking", AT_USERNAME="u", AT_API_KEY="k",
                   CALLBACK_TOKEN="t" * 16)
    make_staff(app)
    client = app.test_client()
    response = log_in(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    page = client.get("/staff/login")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


def test_a_deactivated_account_is_logged_out(app, client, database):
    make_staff(app)
    log_in(client)
    with Session(database) as db, db.begin():
        db.scalar(select(StaffUser)).active = False
    assert client.get("/staff/").status_code == 302


def test_the_first_admin_is_created_with_a_command(app, database):
    result = app.test_cli_runner().invoke(args=["staff", "create", "Lurah", "--role", "admin"],
                                          input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0 and "created admin lurah" in result.output
    weak = app.test_cli_runner().invoke(args=["staff", "create", "x2x", "--password", "short"])
    assert weak.exit_code != 0 and "at least 10 characters" in weak.output


def test_the_console_speaks_english_on_request(app, client):
    make_staff(app)
    log_in(client)
    post_form(client, "/staff/language", {"back": "/staff/"})
    assert "Applications" in client.get("/staff/").text
    assert csrf(client, "/staff/")


def test_an_admin_reads_the_catalog_in_force(app, client):
    make_staff(app, "lurah", "admin")
    log_in(client, "lurah")
    page = client.get("/staff/admin/catalog").text
    assert "Syarat SKTM (1/3)" in page and "catalog check" in page  # its USSD screens, and how it is checked
