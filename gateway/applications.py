"""Applications in the database: create one from a USSD journey, and read them for residents."""

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from menus import Catalog
from menus.catalog import Text
from menus.lifecycle import Status, can_move
from menus.records import Summary

from .records import Application, ChecklistItem, Resident, StatusChange
from .vault import Vault


def create_application(session: Session, vault: Vault, catalog: Catalog, data: dict, phone: str,
                       dedupe_key: str) -> Application:
    """Add the application (and its resident, checklist and first history row); idempotent per key."""
    existing = session.scalar(select(Application).where(Application.dedupe_key == dedupe_key))
    if existing:
        return existing
    nik_hash = vault.search_hash(data["nik"])
    resident = session.scalar(select(Resident).where(Resident.nik_hash == nik_hash))
    if resident is None:
        resident = Resident(nik_hash=nik_hash, nik_encrypted=vault.encrypt(data["nik"]))
        session.add(resident)
    # The resident row holds the latest details (broadcasts by RT/RW use it); each application
    # keeps its own copy of what was given with it.
    resident.name, resident.phone, resident.rt_rw = data["name"], phone, data["rt_rw"]
    service = catalog.service(data["service"])
    application = Application(
        code=data["code"], dedupe_key=dedupe_key, service_key=service.key, status=Status.RECEIVED,
        resident=resident, phone=phone, applicant_name=data["name"], rt_rw=data["rt_rw"],
        items=[ChecklistItem(position=n, text_id=doc.id, text_en=doc.en)
               for n, doc in enumerate(service.requirements, start=1)],
        history=[StatusChange(to_status=Status.RECEIVED, by="resident", reason="USSD")])
    session.add(application)
    return application


class DbRecords:
    """The engine's Records port over SQL; what it returns depends on who asks."""

    def __init__(self, database: Engine):
        self.database = database

    def recent(self, phone: str) -> list[Summary]:
        with Session(self.database) as session:
            rows = session.scalars(select(Application).where(Application.phone == phone)
                                   .order_by(Application.created_at.desc(), Application.id.desc())
                                   .limit(3)).all()
            return [summarise(row, phone) for row in rows]

    def find(self, code: str, phone: str) -> Summary | None:
        with Session(self.database) as session:
            row = session.scalar(select(Application).where(Application.code == code))
            return summarise(row, phone) if row else None


def summarise(application: Application, phone: str) -> Summary:
    """What a phone may see of an application: details only for the phone that applied."""
    own = application.phone == phone
    missing = tuple(Text(i.text_id, i.text_en) for i in application.items if i.missing) if own else ()
    ready = application.ready_on.strftime("%d-%m-%Y") if own and application.ready_on else ""
    return Summary(application.code, application.service_key, application.status, own, missing, ready)


def cancel_by_resident(session: Session, code: str, phone: str) -> bool:
    """Cancel an open application from the phone that made it (SMS BATAL); record who and why."""
    application = session.scalar(select(Application).where(Application.code == code))
    if application is None or application.phone != phone or not can_move(application.status,
                                                                          Status.CANCELLED):
        return False
    application.history.append(StatusChange(from_status=application.status, to_status=Status.CANCELLED,
                                            by="resident", reason="SMS BATAL"))
    application.status = Status.CANCELLED
    return True
