"""Edit the catalog as a draft, check it, publish it, restore an old version.

The checks take seconds (they walk every USSD screen), so they run between two short
transactions: the draft is read, changed and checked, then written only if nobody saved it
meanwhile. Every step writes an access-log row.
"""

import tomllib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from menus import parse_catalog
from menus.changes import describe_changes
from menus.checks import Checked, check_catalog_text
from menus.export import write_catalog

from ...services import Services
from ...store.catalog import versions
from ...web.login import log_access


class EditError(ValueError):
    """An edit, publish or restore that cannot be done; `key` names the console text saying why."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Working:
    """What the editor works on: the draft's text (the version in force when there is no draft)."""

    text: str
    draft_id: int | None
    based_on: int

    def data(self) -> dict:
        return tomllib.loads(self.text)


def working(database) -> Working:
    with Session(database) as session:
        row, current = versions.draft(session), versions.latest(session)
        if current is None:
            raise EditError("catalog_unavailable")
        if row is None:
            return Working(current.toml, None, current.number)
        return Working(row.toml, row.id, row.based_on or current.number)


def edit(services: Services, by: str, change: Callable[[dict], str | None]) -> Checked:
    """Apply `change` to the working data, check the result and keep it as the draft. `change` may
    return a short note for the access log."""
    base = working(services.database)
    data = base.data()
    note = change(data) or ""
    text = write_catalog(data)
    checked = check_catalog_text(text, services.texts, "draft")
    with Session(services.database) as session, session.begin():
        row = versions.draft(session)
        if (row.id if row else None) != base.draft_id or (row is not None and row.toml != base.text):
            raise EditError("catalog_conflict")  # another admin saved the draft meanwhile
        versions.save_draft(session, text, checked.problems, by, base.based_on)
        log_access(session, "catalog_save", "draft", f"{note}; {len(checked.problems)} problem(s)")
    return checked


def publish_draft(services: Services, by: str) -> tuple[int, str]:
    """Make the draft the catalog in force; return its number and what changed."""
    try:
        with Session(services.database) as session, session.begin():
            row, current = versions.draft(session), versions.latest(session)
            if row is None:
                raise EditError("catalog_no_draft")
            if row.problem_list:
                raise EditError("catalog_has_problems")
            if current is None or row.based_on != current.number:
                raise EditError("catalog_stale_draft")
            summary = describe_changes(parse_catalog(current.toml), parse_catalog(row.toml))
            versions.publish(session, row, by, summary)
            number = row.number
            log_access(session, "catalog_publish", f"v{number}", summary)
    except IntegrityError:  # another admin published at the same moment
        raise EditError("catalog_conflict") from None
    return number, summary


def restore(services: Services, number: int, by: str) -> tuple[int, str]:
    """Publish an old version again, as a new version; checked again first, since the rules may have
    tightened since. One that fails becomes the draft instead, with its problems listed."""
    with Session(services.database) as session:
        old, current = versions.version(session, number), versions.latest(session)
        if old is None or current is None:
            raise EditError("catalog_no_version")
        text, current_text, current_number = old.toml, current.toml, current.number
    checked = check_catalog_text(text, services.texts, f"version {number}")
    if not checked.ok:
        with Session(services.database) as session, session.begin():
            versions.save_draft(session, text, checked.problems, by, current_number)
            log_access(session, "catalog_restore_failed", f"v{number}", f"{len(checked.problems)} problem(s)")
        raise EditError("catalog_restore_problems")
    try:
        with Session(services.database) as session, session.begin():
            summary = f"v{number} restored: " + describe_changes(parse_catalog(current_text), checked.catalog)
            row = versions.publish(session, versions.new_version(text, by, current_number), by, summary)
            new_number = row.number
            log_access(session, "catalog_restore", f"v{new_number}", summary)
    except IntegrityError:
        raise EditError("catalog_conflict") from None
    return new_number, summary


def discard(database, by: str) -> None:
    with Session(database) as session, session.begin():
        row = versions.draft(session)
        if row is not None:
            session.delete(row)
            log_access(session, "catalog_discard", "draft")
