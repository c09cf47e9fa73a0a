"""The engine's Records port over SQL: what a phone may see of applications."""

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from menus.catalog import Text
from menus.records import Summary

from .applications import Application


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
