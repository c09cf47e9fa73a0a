"""Log-in under attack: one answer for every failure, an atomic failure count that locks after
exactly five even under 40 parallel attempts (over real HTTP), and a limit per address."""

import re
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from gateway.store.staff import MAX_FAILURES, AuditEntry, StaffUser
from tests.support.staff import PASSWORD, csrf, log_in, make_staff

PARALLEL = 40


@pytest.fixture
def served(app_with):
    """An app with a generous per-address limit, served over real HTTP by a threaded server."""
    app = app_with(LOGIN_LIMIT="1000 per minute")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


def form_token(browser: requests.Session, base: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(f"{base}/staff/login").text).group(1)


def outcomes(database) -> Counter:
    with Session(database) as db:
        return Counter(db.scalars(select(AuditEntry.action).where(AuditEntry.action.startswith("login_"))))


def test_forty_parallel_wrong_passwords_lock_the_account_after_exactly_five(served, database):
    app, base = served
    make_staff(app)
    browsers = []
    for _ in range(PARALLEL):  # each attacker first fetches the form, as a browser would
        browser = requests.Session()
        browsers.append((browser, form_token(browser, base)))
    start, answers = threading.Barrier(PARALLEL), []

    def attack(browser, token):
        start.wait()
        answers.append(browser.post(f"{base}/staff/login", data={
            "username": "petugas1", "password": "guess guess guess", "csrf_token": token}, timeout=60))

    threads = [threading.Thread(target=attack, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == PARALLEL and {a.status_code for a in answers} == {401}
    assert outcomes(database) == {"login_bad": MAX_FAILURES - 1, "login_locked": PARALLEL - MAX_FAILURES + 1}
    with Session(database) as db:
        user = db.scalar(select(StaffUser))
        assert user.locked_until > datetime.now(UTC) and user.failed_logins == 0
    right = requests.Session()
    refused = right.post(f"{base}/staff/login", allow_redirects=False, data={
        "username": "petugas1", "password": PASSWORD, "csrf_token": form_token(right, base)})
    assert refused.status_code == 401


def test_every_failure_gets_the_same_answer_and_the_log_keeps_the_real_one(app, database):
    make_staff(app, "locked1")
    make_staff(app, "retired1")
    make_staff(app, "petugas1")
    with Session(database) as db, db.begin():
        db.execute(update(StaffUser).where(StaffUser.username == "retired1").values(active=False))
    for _ in range(MAX_FAILURES):
        log_in(app.test_client(), "locked1", "wrong password!")
    tries = [("petugas1", "wrong password!"), ("locked1", PASSWORD), ("nobody9", PASSWORD),
             ("retired1", PASSWORD)]
    answers = [log_in(app.test_client(), name, password) for name, password in tries]
    pages = {(a.status_code, re.sub(r'name="csrf_token" value="[^"]+"', "", a.text)) for a in answers}
    assert len(pages) == 1
    assert answers[0].status_code == 401
    with Session(database) as db:
        last = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(4)).all()
    assert last[::-1] == ["login_bad", "login_locked", "login_unknown", "login_inactive"]


def test_an_address_past_its_limit_gets_a_polite_page_and_others_still_log_in(app_with, database):
    app = app_with(LOGIN_LIMIT="3 per minute")
    make_staff(app)
    make_staff(app, "petugas2")
    noisy = app.test_client()
    noisy.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for n in range(3):
        assert log_in(noisy, f"nobody{n}", "wrong password!").status_code == 401
    refused = log_in(noisy, "petugas1", PASSWORD)
    assert refused.status_code == 429 and "Terlalu banyak percobaan" in refused.text
    assert "<form" in refused.text  # the console's page, not a bare error
    with Session(database) as db:
        assert db.scalar(select(StaffUser).where(StaffUser.username == "petugas1")).failed_logins == 0
    office = app.test_client()
    office.environ_base["REMOTE_ADDR"] = "198.51.100.4"
    assert log_in(office, "petugas2").status_code == 302


def test_right_passwords_do_not_count_against_the_address(app_with):
    app = app_with(LOGIN_LIMIT="2 per minute")
    make_staff(app)
    for _ in range(4):  # a whole office behind one address logs in all morning
        assert log_in(app.test_client()).status_code == 302


def test_the_server_unlocks_an_account_and_resets_its_password(app, database):
    make_staff(app, "lurah", "admin")
    for _ in range(MAX_FAILURES):
        log_in(app.test_client(), "lurah", "wrong password!")
    runner = app.test_cli_runner()
    assert "unlocked lurah" in runner.invoke(args=["staff", "unlock", "lurah"]).output
    assert log_in(app.test_client(), "lurah").status_code == 302
    desk = app.test_client()
    log_in(desk, "lurah")
    result = runner.invoke(args=["staff", "reset-password", "lurah", "--password", "from the server room"])
    assert result.exit_code == 0 and "session(s) ended" in result.output
    assert desk.get("/staff/").status_code == 302
    assert log_in(app.test_client(), "lurah", "from the server room").status_code == 302


def test_a_form_token_from_another_session_is_refused(app):
    make_staff(app)
    other = app.test_client()
    token = csrf(other)
    response = app.test_client().post("/staff/login", data={"username": "petugas1", "password": PASSWORD,
                                                           "csrf_token": token})
    assert response.status_code == 400 and "form expired" in response.text
