"""The catalog edited in the console: a checked draft, published to every process within seconds
with no restart, versions kept with who, when and what, restore, and the TOML export."""

import time
import tomllib
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Application
from gateway.store.catalog import VERSION_KEY, CatalogVersion
from gateway.store.staff import AuditEntry
from menus import parse_catalog
from menus.resources import packaged
from tests.support.catalog import EDITOR, service_form
from tests.support.phone import Phone
from tests.support.sms import post_incoming
from tests.support.staff import csrf, post_form, signed_in


def edit_service(client, app, key: str, **changes) -> str:
    """Send the service's form as the page would, with some fields changed; return the page after."""
    response = post_form(client, f"{EDITOR}/services/{key}", service_form(app, key, **changes), EDITOR)
    assert response.status_code == 302, response.text
    return client.get(EDITOR).text


def publish(client):
    return client.post(f"{EDITOR}/publish", data={"csrf_token": csrf(client, EDITOR)})


def sktm_screens(app) -> str:
    phone = Phone(app.test_client(), number="+6281299990000")
    return "\n".join([phone.dial("1*2"), phone.press("98"), phone.press("98")])


def rows(database) -> list[CatalogVersion]:
    with Session(database) as db:
        return list(db.scalars(select(CatalogVersion).order_by(CatalogVersion.id)))


def test_the_first_start_seeds_version_1_from_the_file_and_later_starts_read_it(app, make_app, environ,
                                                                                database):
    [seed] = rows(database)
    assert (seed.number, seed.published_by) == (1, "CATALOG_PATH")
    assert seed.summary == "8 services from catalog.toml"
    later = make_app(environ)
    assert services_of(later).catalogs.number == 1 and len(rows(database)) == 1


def test_a_published_fee_reaches_a_hop_at_once_here_and_within_seconds_in_another_process(
        app, make_app, environ, database):
    other = make_app(environ)  # a second web process: same Redis and database, its own memory
    admin = signed_in(app, "admin")
    page = edit_service(admin, app, "sktm", fee_id="Rp 10.000", fee_en="IDR 10,000")
    assert "Semua pemeriksaan lolos" in page and "Biaya: Rp 10.000" in page  # the draft's own screens
    assert "Gratis" in sktm_screens(app)  # a draft is not in force
    assert publish(admin).status_code == 302
    assert "Biaya: Rp 10.000" in sktm_screens(app)
    deadline = time.monotonic() + 5
    while "Rp 10.000" not in sktm_screens(other):
        assert time.monotonic() < deadline, "the other process never saw the new version"
        time.sleep(0.2)
    assert services_of(other).catalogs.number == 2
    assert services_of(app).redis.get(VERSION_KEY) == b"2"
    [_, published] = rows(database)
    assert (published.number, published.published_by, published.summary) == (2, "admin1", "sktm: fee")


def test_a_worker_answers_sms_from_the_version_published_elsewhere(sms_app, sms_app_with, run_worker,
                                                                   stand_in):
    worker = sms_app_with()  # the worker process builds its own services
    edit_service(admin := signed_in(sms_app, "admin"), sms_app, "sktm", fee_id="Rp 7.500", fee_en="IDR 7,500")
    publish(admin)
    time.sleep(1.1)  # the worker asks Redis for news at most once a second
    post_incoming(sms_app.test_client(), "SYARAT 2")
    run_worker(worker)
    assert "Rp 7.500" in stand_in.sent_texts()[-1]


def test_hops_ask_redis_for_the_version_at_most_once_a_second(app, client):
    catalogs = services_of(app).catalogs
    now = [1000.0]
    asked = []

    class Counting:
        def get(self, key):
            asked.append(key)
            return real.get(key)

        def set(self, *args, **kwargs):
            return real.set(*args, **kwargs)

    real, catalogs.client = catalogs.client, Counting()
    catalogs.clock, catalogs._asked = lambda: now[0], now[0]
    for _ in range(12):  # under the phone's 30 hops a minute
        Phone(client).dial("1*2")
    assert asked == []
    now[0] += 1.0
    for _ in range(12):  # under the phone's 30 hops a minute
        Phone(client).dial("1*2")
    assert asked == [VERSION_KEY]


def test_a_draft_with_an_emoji_names_the_field_and_cannot_be_published(app, database):
    admin = signed_in(app, "admin")
    page = edit_service(admin, app, "sktm", fee_en="Free \u2728", name_id="Surat \u201cTidak Mampu\u201d")
    assert "service 2 &#39;sktm&#39;.fee.en: characters" in page and "Perbaiki dulu" in page
    assert 'name.id = "Surat \\"Tidak Mampu\\""' in rows(database)[-1].toml  # curly quotes made plain
    publish(admin)
    assert "Draf masih punya masalah" in admin.get(EDITOR).text
    assert [r.number for r in rows(database)] == [1, None]


def test_services_are_added_moved_and_removed_and_the_summary_says_so(app, database):
    admin = signed_in(app, "admin")
    new = {"key": "waris", "short_id": "Ahli Waris", "short_en": "Heirs",
           "name_id": "Surat Keterangan Ahli Waris", "name_en": "Certificate of Heirs",
           "requirements_id": "- Surat pengantar RT/RW\n- Fotokopi KK",
           "requirements_en": "Cover letter from RT/RW\nCopy of KK", "processing_id": "3 hari kerja",
           "processing_en": "3 working days", "fee_id": "Gratis", "fee_en": "Free"}
    post_form(admin, f"{EDITOR}/services/new", new, EDITOR)
    post_form(admin, f"{EDITOR}/services/domisili/down", {}, EDITOR)
    post_form(admin, f"{EDITOR}/services/pindah/remove", {}, EDITOR)
    publish(admin)
    catalog = services_of(app).catalog
    keys = [s.key for s in catalog.services]
    assert keys[:2] == ["sktm", "domisili"] and keys[-2:] == ["nikah", "waris"]
    assert catalog.service("waris").requirements[0].id == "Surat pengantar RT/RW"
    assert rows(database)[-1].summary == "added: waris; removed: pindah; order"
    assert post_form(admin, f"{EDITOR}/services/new", {**new, "key": "Bad Key!"}, EDITOR).status_code == 400


def test_a_session_on_a_service_that_was_removed_carries_on(app, client):
    phone = Phone(client)
    phone.dial()
    phone.press("2", "8", "Siti Aminah")  # applying for Pindah, the eighth service
    admin = signed_in(app, "admin")
    post_form(admin, f"{EDITOR}/services/pindah/remove", {}, EDITOR)
    publish(admin)
    phone.press("3171014708900003", "3/7", "1")
    screen = phone.press("1")
    # No application for a service that is gone: the welcome screen, under a short notice.
    assert screen.startswith("CON Pilihan salah, ulangi.\nSelamat datang")
    with Session(services_of(app).database) as db:
        assert db.scalar(select(Application)) is None


def test_an_old_version_is_restored_as_a_new_one_and_the_export_is_what_is_in_force(app, database):
    admin = signed_in(app, "admin")
    edit_service(admin, app, "sktm", fee_id="Rp 10.000", fee_en="IDR 10,000")
    publish(admin)
    response = post_form(admin, f"{EDITOR}/versions/1/restore", {}, EDITOR)
    assert "Versi 3 diterbitkan" in admin.get(response.headers["Location"]).text
    assert [r.summary for r in rows(database)] == ["8 services from catalog.toml", "sktm: fee",
                                                   "v1 restored: sktm: fee"]
    assert "Gratis" in sktm_screens(app)
    exported = admin.get(f"{EDITOR}/versions/3/catalog.toml")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="catalog-v3.toml"'
    assert parse_catalog(exported.text) == services_of(app).catalog
    tomllib.loads(exported.text)
    with Session(database) as db:
        actions = [e.action for e in db.scalars(select(AuditEntry).where(AuditEntry.staff == "admin1"))]
    assert actions[1:] == ["catalog_save", "catalog_publish", "catalog_restore", "catalog_export"]


def test_only_an_admin_edits_the_catalog(app):
    desk = signed_in(app)
    assert desk.get(EDITOR).status_code == 403
    assert post_form(desk, f"{EDITOR}/publish", {}).status_code == 403


def test_a_technician_publishes_a_checked_file_and_exports_the_catalog_in_force(app, tmp_path, database):
    broken, good = tmp_path / "broken.toml", tmp_path / "office.toml"
    broken.write_text(packaged("catalog.toml").replace('short.id = "SKTM"', 'short.id = "SKTM \u2728"'))
    good.write_text(packaged("catalog.toml").replace('contact = "0771-000123"', 'contact = "0771-000999"'))
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["catalog", "publish", str(broken)])
    assert refused.exit_code == 1 and "service 2 'sktm'.short.id: characters" in refused.output
    published = runner.invoke(args=["catalog", "publish", str(good)])
    assert published.exit_code == 0 and "version 2 published (office: contact)" in published.output
    assert services_of(app).catalog.office.contact == "0771-000999"
    exported = runner.invoke(args=["catalog", "export"])
    assert parse_catalog(exported.output) == services_of(app).catalog
    assert rows(database)[-1].published_by == "flask catalog publish"


def test_versions_are_listed_in_the_offices_time(app, database):
    with Session(database) as db, db.begin():
        db.get(CatalogVersion, rows(database)[0].id).published_at = datetime(2026, 11, 28, 23, 11, tzinfo=UTC)
    page = signed_in(app, "admin").get(EDITOR).text
    assert "29-11-2026 06:11 WIB" in page and "23:11" not in page
