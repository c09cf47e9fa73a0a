"""The queue's filters (status, service, a search by code, phone or NIK) and its pages, read from a
form: shared by the queue page and its exports, so an export holds what the page showed."""

from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from menus import Catalog
from menus.codes import read_code
from menus.lifecycle import Status
from menus.nik import mask_nik, nik_problem, normalise_nik
from menus.phones import parse_phone

from ..store.applications import Application, Resident
from ..store.vault import Vault

PAGE_SIZES = (25, 50, 100, 200)


@dataclass(frozen=True)
class QueueFilter:
    """What the queue is narrowed to, and which page of it is shown."""

    status: str = ""
    service: str = ""
    query: str = ""
    page: int = 1
    per_page: int = PAGE_SIZES[1]

    @classmethod
    def from_request(cls, catalog: Catalog) -> "QueueFilter":
        """Read the form (or the query string); anything unknown is dropped, not trusted."""
        status, service, query = (request.values.get(k, "")[:40].strip() for k in ("status", "service", "q"))
        per_page = _number(request.values.get("per", ""), PAGE_SIZES[1])
        return cls(status=status if status in set(Status) else "",
                   service=service if catalog.service(service) else "", query=query,
                   page=max(1, _number(request.values.get("page", ""), 1)),
                   per_page=per_page if per_page in PAGE_SIZES else PAGE_SIZES[1])

    def where(self, stmt: Select, vault: Vault) -> Select:
        if self.status:
            stmt = stmt.where(Application.status == self.status)
        if self.service:
            stmt = stmt.where(Application.service_key == self.service)
        if self.query:
            stmt = stmt.where(_search(self.query, vault))
        return stmt

    def rows(self, vault: Vault, paged: bool = True) -> Select:
        """Applications newest first (one page of them when `paged`), with their residents."""
        stmt = self.where(select(Application).options(joinedload(Application.resident)), vault).order_by(
            Application.created_at.desc(), Application.id.desc())
        return stmt.limit(self.per_page).offset((self.page - 1) * self.per_page) if paged else stmt

    def count(self, vault: Vault) -> Select:
        return self.where(select(func.count()).select_from(Application), vault)

    @property
    def shown_query(self) -> str:
        """The search as the page may show it again: a NIK masked."""
        return mask_nik(normalise_nik(self.query)) if nik_problem(self.query) is None else self.query

    def describe(self) -> str:
        """For the access log: the filters, and whether there was a search (never what it was)."""
        return f"status={self.status} service={self.service} search={'yes' if self.query else 'no'}"


def _search(query: str, vault: Vault):
    """A code, a phone number (08..., 62..., +62..., in any digits) or a NIK, matched exactly."""
    code = read_code(query)
    if code:
        return Application.code == code
    if nik_problem(query) is None:
        hashes = vault.search_hashes(normalise_nik(query))  # two while DATA_KEY is being rotated
        return Application.resident_id.in_(select(Resident.id).where(Resident.nik_hash.in_(hashes)))
    phone = parse_phone(query)
    return Application.phone == phone if phone else Application.code == "none"


def _number(raw: str, default: int) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 7 else default
