"""Every process serves the newest published catalog: three gunicorn workers swap within seconds of
a publish, Redis losing the version key costs no SQL on the hop path, and with the database
unreachable at start the file's catalog is served."""

import time

import requests
from sqlalchemy import event

from gateway.services import services_of
from gateway.store.catalog import VERSION_KEY
from gateway.store.catalog.source import RESYNC_SECONDS
from tests.support.catalog import EDITOR, service_form
from tests.support.gunicorn import gunicorn
from tests.support.phone import Phone
from tests.support.staff import csrf, post_form, signed_in


def hop(url: str, n: int) -> str:
    phone = f"+62812999{n % 10:05d}"  # ten phones share the hops: no phone meets its minute's limit
    return requests.post(f"{url}/ussd", data={"sessionId": f"cat-{n}", "serviceCode": "*384*123#",
                                             "phoneNumber": phone, "text": "1"}, timeout=10).text


def test_three_gunicorn_workers_serve_a_published_catalog_within_seconds(app, environ, tmp_path, database):
    with gunicorn(environ, tmp_path / "gunicorn.log") as url:
        assert all("2. SKTM" in hop(url, n) for n in range(6))
        admin = signed_in(app, "admin")
        post_form(admin, f"{EDITOR}/services/sktm", service_form(app, "sktm", short_id="Tidak Mampu"), EDITOR)
        admin.post(f"{EDITOR}/publish", data={"csrf_token": csrf(admin, EDITOR)})
        published = time.monotonic()
        n, since_all = 100, None
        while True:  # every hop after some moment, from whichever worker, shows the new label
            n += 1
            fresh = "2. Tidak Mampu" in hop(url, n)
            since_all = (since_all or n) if fresh else None
            if since_all and n - since_all >= 15:
                break
            assert time.monotonic() - published < 5, "a worker kept the old catalog"
            time.sleep(0.05)


def test_redis_losing_the_version_key_costs_no_sql_until_the_rare_resync(app, client, redis_client):
    catalogs, now = services_of(app).catalogs, [1000.0]
    catalogs.clock, catalogs._asked, catalogs._resynced = (lambda: now[0]), now[0], now[0]
    statements = []
    event.listen(services_of(app).database, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: statements.append(statement))
    redis_client.delete(VERSION_KEY)
    for step in range(5):
        now[0] += 1.0
        Phone(client, number=f"+6281234500{step:03d}").dial("1")
    assert [s for s in statements if "catalog_versions" in s] == []
    now[0] += RESYNC_SECONDS
    Phone(client).dial("1")
    assert len([s for s in statements if "catalog_versions" in s]) == 1
    assert redis_client.get(VERSION_KEY) == b"1"  # put back for every process


def test_with_the_database_unreachable_at_start_the_file_is_served(app_with, unreachable_database_url):
    app = app_with(DATABASE_URL=unreachable_database_url)
    assert services_of(app).catalogs.number == 0
    assert "2. SKTM" in Phone(app.test_client()).dial("1")
