"""Say in a line what changed between two catalogs, for the list of published versions."""

from .catalog import Catalog, Service

FIELDS = ("short", "name", "requirements", "processing", "fee", "notes")


def describe_changes(old: Catalog | None, new: Catalog) -> str:
    """Return e.g. "office: hours; sktm: requirements (+1), fee; added: waris; removed: pindah"."""
    if old is None:
        return f"{len(new.services)} services"
    parts = []
    office = [f for f in ("name", "address", "hours", "contact", "ussd_code")
              if getattr(old.office, f) != getattr(new.office, f)]
    if office:
        parts.append(f"office: {', '.join(office)}")
    old_keys, new_keys = [s.key for s in old.services], [s.key for s in new.services]
    for service in new.services:
        before = old.service(service.key)
        if before is not None and before != service:
            parts.append(f"{service.key}: {', '.join(_fields(before, service))}")
    added = [k for k in new_keys if k not in old_keys]
    removed = [k for k in old_keys if k not in new_keys]
    if added:
        parts.append(f"added: {', '.join(added)}")
    if removed:
        parts.append(f"removed: {', '.join(removed)}")
    if [k for k in old_keys if k in new_keys] != [k for k in new_keys if k in old_keys]:
        parts.append("order")
    return "; ".join(parts) or "no change"


def _fields(old: Service, new: Service) -> list[str]:
    changed = []
    for field in FIELDS:
        if getattr(old, field) == getattr(new, field):
            continue
        if field == "requirements":
            gone = sum(1 for doc in old.requirements if doc not in new.requirements)
            came = sum(1 for doc in new.requirements if doc not in old.requirements)
            changed.append(f"requirements (+{came} -{gone})" if came or gone else "requirements (order)")
        else:
            changed.append(field)
    return changed
