"""Console sessions live on the server: logging out, a deactivation, a password change or an admin
ends them for good, whatever cookie the browser still holds."""

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.logins import LOGIN_PREFIX, SESSION_PREFIX, handle_of
from gateway.store.staff import AuditEntry, StaffUser
from tests.support.staff import PASSWORD, log_in, make_staff, post_form, signed_in

COOKIE = "sapa_console"


def cookie_of(client) -> str:
    return client.get_cookie(COOKIE).value


def client_with(app, cookie: str):
    """Another browser that replays a stolen or kept cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie)
    return other


def test_a_cookie_kept_after_logout_opens_nothing(app):
    desk = signed_in(app)
    kept = cookie_of(desk)
    assert client_with(app, kept).get("/staff/").status_code == 200
    post_form(desk, "/staff/logout", {})
    response = client_with(app, kept).get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_the_session_id_changes_at_log_in_and_the_old_one_is_dropped(app, redis_client):
    make_staff(app)
    desk = app.test_client()
    desk.get("/staff/login")
    before = cookie_of(desk)
    log_in(desk)
    after = cookie_of(desk)
    assert after != before
    assert not redis_client.exists(SESSION_PREFIX + before) and redis_client.exists(SESSION_PREFIX + after)
    assert client_with(app, before).get("/staff/").status_code == 302


def test_deactivating_a_member_ends_every_session_they_hold(app, database):
    admin = signed_in(app, "admin")
    make_staff(app, "petugas2")
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, "petugas2")
    log_in(phone, "petugas2")
    with Session(database) as db:
        member = db.scalar(select(StaffUser).where(StaffUser.username == "petugas2"))
    post_form(admin, f"/staff/admin/users/{member.id}/deactivate", {}, "/staff/admin/users")
    assert laptop.get("/staff/").status_code == 302 and phone.get("/staff/").status_code == 302


def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(app):
    make_staff(app)
    desk, home = app.test_client(), app.test_client()
    log_in(desk)
    log_in(home)
    response = post_form(desk, "/staff/password", {"current": PASSWORD, "new": "a new long password",
                                                   "again": "a new long password"}, "/staff/password")
    assert response.status_code == 302
    assert desk.get("/staff/").status_code == 200
    assert home.get("/staff/").status_code == 302
    assert log_in(app.test_client(), password="a new long password").status_code == 302


def test_a_wrong_current_password_changes_nothing(app):
    desk = signed_in(app)
    response = post_form(desk, "/staff/password", {"current": "not it at all", "new": "a new long password",
                                                   "again": "a new long password"}, "/staff/password")
    assert response.status_code == 400 and desk.get("/staff/").status_code == 200
    assert log_in(app.test_client()).status_code == 302


def test_an_admin_resets_a_password_and_the_members_sessions_end(app, database):
    admin = signed_in(app, "admin")
    desk = signed_in(app)
    with Session(database) as db:
        member = db.scalar(select(StaffUser).where(StaffUser.username == "petugas1"))
    post_form(admin, f"/staff/admin/users/{member.id}/password", {"password": "given at the desk"},
              "/staff/admin/users")
    assert desk.get("/staff/").status_code == 302
    assert log_in(app.test_client(), password=PASSWORD).status_code == 401
    assert log_in(app.test_client(), password="given at the desk").status_code == 302


def test_an_admin_sees_who_is_signed_in_from_where_and_ends_a_session(app, database):
    admin = signed_in(app, "admin")
    make_staff(app)
    desk = app.test_client()
    desk.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    log_in(desk)
    desk.get("/staff/")
    page = admin.get("/staff/admin/sessions").text
    assert "petugas1" in page and "10.1.2.3" in page and "admin1" in page
    assert cookie_of(desk) not in page  # the page names sessions by a hash: an id would let a reader in
    with Session(database) as db:
        member = db.scalar(select(StaffUser.id).where(StaffUser.username == "petugas1"))
    action = f"/staff/admin/sessions/{member}/{handle_of(cookie_of(desk))}/end"
    assert action in page
    post_form(admin, action, {}, "/staff/admin/sessions")
    assert desk.get("/staff/").status_code == 302
    with Session(database) as db:
        assert "end_session" in db.scalars(select(AuditEntry.action)).all()


def test_a_session_ends_when_idle_and_after_its_longest_life(app, redis_client):
    desk = signed_in(app)
    logins = services_of(app).logins
    sid = cookie_of(desk)
    idle = logins.idle_seconds
    assert idle - 5 <= redis_client.ttl(LOGIN_PREFIX + sid) <= idle
    assert idle - 5 <= redis_client.ttl(SESSION_PREFIX + sid) <= idle
    assert logins.touch(sid, int(redis_client.hget(LOGIN_PREFIX + sid, "staff_id")), "", time.time())
    staff_id = int(redis_client.hget(LOGIN_PREFIX + sid, "staff_id"))
    assert not logins.touch(sid, staff_id, "", time.time() + logins.max_seconds + 1)
    assert desk.get("/staff/").status_code == 302


def test_the_callbacks_take_posts_without_a_console_token(client):
    response = client.post("/ussd", data={"sessionId": "s1", "serviceCode": "*384*123#",
                                          "phoneNumber": "+6281234567890", "text": ""})
    assert response.status_code == 200 and response.text.startswith("CON")
    assert client.get_cookie(COOKIE) is None
