"""Alembic migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from gateway.store.database import Base


def test_migrations_match_the_models(database):
    with database.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_to_0005_copies_each_residents_details_onto_their_applications(tmp_path):
    from sqlalchemy import text

    from gateway.store.database import make_engine
    from gateway.store.schema import upgrade

    engine = make_engine(f"sqlite:///{tmp_path}/old.db")
    upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO residents (id, nik_hash, nik_encrypted, name, phone, rt_rw, "
                                "created_at) VALUES (1, 'h', 'x', 'Siti', '+62812', '003/007', "
                                "'2026-11-01 00:00:00')"))
        connection.execute(text("INSERT INTO applications (id, code, dedupe_key, service_key, status, "
                                "resident_id, phone, created_at, updated_at) VALUES (1, 'AB-23456', 'k', "
                                "'sktm', 'diterima', 1, '+62812', '2026-11-01', '2026-11-01')"))
    upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT applicant_name, rt_rw FROM applications")).one()
    engine.dispose()
    assert tuple(row) == ("Siti", "003/007")


def test_upgrading_to_0006_reads_kept_reports_in_our_words(tmp_path):
    from sqlalchemy import text

    from gateway.store.database import make_engine
    from gateway.store.schema import upgrade

    engine = make_engine(f"sqlite:///{tmp_path}/old.db")
    upgrade(engine, "0005")
    with engine.begin() as connection:
        for n, (status, reason) in enumerate([("Success", ""), ("Rejected", "UserInBlackList"),
                                              ("Buffered", "")]):
            connection.execute(text("INSERT INTO sms_early_reports (id, provider_message_id, status, "
                                    "failure_reason, received_at) VALUES (:n, :id, :s, :r, '2026-11-01')"),
                               {"n": n + 1, "id": f"ATXid_{n}", "s": status, "r": reason})
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT state, opted_out FROM sms_early_reports ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("delivered", False), ("failed", True), ("pending", False)]
