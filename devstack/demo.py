"""`make demo`: fill a development database with realistic applications for staff to practise on.

About three months of applications across every service, status, channel and RT/RW, with their
history, checklists, SMS and notices, plus two training accounts whose passwords are printed once.
Names are common Indonesian names; every NIK has a valid shape but a serial of 99xx, and every
phone number starts +62812000, so none is a real resident's. It refuses a database that already
has applications (unless --force) and refuses to run with SAPA_ENV=production.
"""

import argparse
import os
import random
import secrets
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.bootstrap import read_settings
from gateway.errors import SettingsError
from gateway.store.applications import Application, ChecklistItem, Resident, StatusChange
from gateway.store.catalog import load_catalog, versions
from gateway.store.database import make_engine
from gateway.store.messages import MessageStatus, OutboundSms, Purpose
from gateway.store.phones import set_broadcasts
from gateway.store.schema import upgrade
from gateway.store.staff import StaffUser, create_staff
from gateway.store.vault import Vault, random_code_symbols
from menus import parse_catalog
from menus.codes import format_code
from menus.lifecycle import Status
from menus.resources import default_texts

from .__main__ import ROOT, development_environment

WOMEN = ["Siti Aminah", "Nur Hasanah", "Dewi Lestari", "Sri Wahyuni", "Rina Marlina", "Fitri Handayani",
         "Yuliana Sari", "Ani Suryani", "Maria Ulfa", "Rahmawati", "Wulan Dari", "Intan Permata"]
MEN = ["Budi Santoso", "Ahmad Hidayat", "Joko Susilo", "Rudi Hartono", "Agus Salim", "Hendra Gunawan",
       "Yusuf Maulana", "Andi Pratama", "Dedi Kurniawan", "Irfan Hakim", "Bambang Riyadi", "Taufik Rahman"]
STAFF = (("admin.latihan", "admin"), ("petugas.latihan", "petugas"))
# Where an application of a given age has got to: (status, weight), younger to older.
PATHS = [(7, [(Status.RECEIVED, 5), (Status.REVIEW, 3), (Status.INCOMPLETE, 2)]),
         (21, [(Status.INCOMPLETE, 2), (Status.VERIFIED, 3), (Status.READY, 4), (Status.CANCELLED, 1)]),
         (999, [(Status.DONE, 8), (Status.READY, 1), (Status.CANCELLED, 1)])]
STEPS = {Status.RECEIVED: [], Status.REVIEW: [Status.REVIEW],
         Status.INCOMPLETE: [Status.REVIEW, Status.INCOMPLETE],
         Status.VERIFIED: [Status.REVIEW, Status.VERIFIED],
         Status.READY: [Status.REVIEW, Status.VERIFIED, Status.READY],
         Status.DONE: [Status.REVIEW, Status.VERIFIED, Status.READY, Status.DONE],
         Status.CANCELLED: [Status.REVIEW, Status.CANCELLED]}


def fake_nik(rng: random.Random, woman: bool, serial: int) -> str:
    """Batam (2171), a real birth date (+40 for women), serial 99xx: a valid shape, no real person."""
    born = datetime(1960, 1, 1) + timedelta(days=rng.randrange(0, 45 * 365))
    return f"21710{rng.randint(1, 9)}{born.day + (40 if woman else 0):02d}{born:%m%y}99{serial % 100:02d}"


def fill(session: Session, vault: Vault, catalog, count: int, now: datetime, seed: int = 2026) -> int:
    """Add `count` applications with residents, checklists, history and SMS; return how many."""
    rng = random.Random(seed)
    for n in range(count):
        woman = rng.random() < 0.55
        name = rng.choice(WOMEN if woman else MEN)
        phone, nik = f"+62812000{rng.randrange(10000, 99999)}", fake_nik(rng, woman, n)
        rt_rw = f"{rng.randint(1, 8):03d}/{rng.randint(1, 4):03d}"
        service = rng.choice(catalog.services)
        made = now - timedelta(days=rng.uniform(0, 92))
        made = made.replace(hour=rng.randint(0, 8), minute=rng.randrange(60))  # 07:00-15:59 WIB
        age = (now - made).days
        choices = next(options for limit, options in PATHS if age <= limit)
        status = rng.choices([s for s, _ in choices], [w for _, w in choices])[0]
        channel = rng.choices(["ussd", "counter", "sms", "whatsapp"], [5, 3, 1, 1])[0]
        resident = session.scalar(select(Resident).where(Resident.nik_hash == vault.search_hash(nik)))
        if resident is None:
            resident = Resident(nik_hash=vault.search_hash(nik), nik_encrypted=vault.encrypt(nik),
                                name=name, phone=phone, rt_rw=rt_rw, created_at=made)
        code = format_code(random_code_symbols())
        documents = range(1, len(service.requirements) + 1)
        missing = rng.sample(documents, 1) if status == Status.INCOMPLETE else []
        done = status in (Status.VERIFIED, Status.READY, Status.DONE)
        staff = rng.choice(STAFF)[0]
        history = [StatusChange(to_status=Status.RECEIVED, by=staff if channel == "counter" else "resident",
                                reason=channel, at=made)]
        at, before = made, Status.RECEIVED
        for step in STEPS[status]:
            at = min(now, at + timedelta(hours=rng.uniform(2, 40)))
            history.append(StatusChange(from_status=before, to_status=step, by=staff, at=at,
                                        reason="Pemohon membatalkan" if step == Status.CANCELLED else ""))
            before = step
        application = Application(
            code=code, dedupe_key=f"demo:{code}", service_key=service.key, status=status, resident=resident,
            phone=phone, channel=channel, applicant_name=name, rt_rw=rt_rw, created_at=made, updated_at=at,
            ready_on=(at + timedelta(days=1)).date() if status in (Status.READY, Status.DONE) else None,
            items=[ChecklistItem(position=p, text_id=d.id, text_en=d.en, checked=done or (p not in missing
                                 and status != Status.RECEIVED), missing=p in missing)
                   for p, d in enumerate(service.requirements, start=1)],
            history=history)
        session.add(application)
        set_broadcasts(session, phone, rng.random() < 0.7)
        for change in history:
            state = rng.choices([MessageStatus.DELIVERED, MessageStatus.SENT, MessageStatus.UNDELIVERED,
                                 MessageStatus.FAILED], [20, 3, 1, 1])[0]
            session.add(OutboundSms(
                dedupe_key=f"demo:{code}:{change.to_status}", phone=phone, segments=1, provider="console",
                purpose=Purpose.REPLY if change.to_status == Status.RECEIVED else Purpose.NOTICE,
                text=f"[demo] {service.short('id')} {code}: {change.to_status}", status=state, attempts=1,
                cost="IDR 350.0000", created_at=change.at, updated_at=change.at, sent_at=change.at,
                last_error="" if state != MessageStatus.FAILED else "InvalidPhoneNumber"))
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="add applications even if some exist")
    parser.add_argument("--count", type=int, default=80, help="how many applications (default 80)")
    args = parser.parse_args(argv)
    instance = Path(os.environ.get("SAPA_INSTANCE_DIR", ROOT / "instance"))
    instance.mkdir(parents=True, exist_ok=True)
    env, _ = development_environment(instance, start_redis=False)
    if env["SAPA_ENV"] != "development":
        print("make demo runs only with SAPA_ENV=development: it writes fake residents", file=sys.stderr)
        return 2
    env.setdefault("REDIS_URL", "unix:///make-demo-uses-no-redis")
    try:
        settings = read_settings(env)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 1
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with Session(engine) as session, session.begin():
        if session.scalar(select(func.count()).select_from(Application)) and not args.force:
            print("the database already has applications; run `make demo ARGS=--force` to add more",
                  file=sys.stderr)
            return 3
        row = versions.latest(session)
        catalog = parse_catalog(row.toml) if row else load_catalog(settings.catalog_path, default_texts())
        added = fill(session, Vault(settings.data_key), catalog, args.count, datetime.now(UTC),
                     seed=secrets.randbelow(10**6) if args.force else 2026)
        accounts = []
        for username, role in STAFF:
            if session.scalar(select(StaffUser).where(StaffUser.username == username)) is None:
                password = secrets.token_urlsafe(12)
                create_staff(session, username, password, role)
                accounts.append(f"  {username} ({role}): {password}")
    engine.dispose()
    print(f"added {added} demo applications (fake names, NIKs and phones) to {settings.database_url}")
    print("training accounts (passwords shown once):\n" + "\n".join(accounts) if accounts
          else "training accounts exist already (passwords unchanged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
