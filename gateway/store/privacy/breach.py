"""Breach readiness (Pasal 46): the access log for a time window as CSV (who saw or changed what,
from where), and a draft of the written notice, filled from it, for a person to finish and send."""

import csv
import io
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..applications import Application
from ..staff import AuditEntry
from .policy import PrivacyPolicy

# What each logged action lets a staff member see or change, in the notice's words.
DATA_SEEN = {
    "view_queue": "daftar permohonan: nama, nomor HP tersamar, RT/RW",
    "view_application": "permohonan: nama, nomor HP, RT/RW, NIK tersamar, kelengkapan berkas",
    "reveal_nik": "NIK lengkap",
    "checklist": "kelengkapan berkas permohonan",
    "move": "status permohonan",
    "view_messages": "isi SMS dan nomor HP (tersamar, kecuali yang gagal terkirim)",
    "send_notice": "nomor HP dan isi pesan",
    "rights_export": "seluruh data seorang warga (nama, NIK, nomor HP, RT/RW, permohonan, SMS)",
    "rights_print": "seluruh data seorang warga (nama, NIK, nomor HP, RT/RW, permohonan, SMS)",
    "rights_find": "hasil pencarian warga",
    "rights_correct": "perbaikan data warga",
    "rights_erase": "penghapusan data warga",
}
COLUMNS = ("when", "who", "action", "target", "detail", "address")


def access_rows(session: Session, start: datetime, end: datetime) -> list[AuditEntry]:
    """Every access-log row from `start` up to (not including) `end`, oldest first."""
    return list(session.scalars(select(AuditEntry).where(AuditEntry.at >= start, AuditEntry.at < end)
                                .order_by(AuditEntry.at, AuditEntry.id)))


def access_csv(rows: list[AuditEntry], timezone: str) -> str:
    """The rows as CSV, times in the office's zone."""
    zone, out = ZoneInfo(timezone), io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in rows:
        writer.writerow([e.at.astimezone(zone).isoformat(timespec="seconds"), e.staff, e.action, e.target,
                         e.detail, e.ip])
    return out.getvalue()


def affected_residents(session: Session, rows: list[AuditEntry]) -> int:
    """How many residents the rows touch: through application codes and resident ids."""
    codes = {e.target for e in rows if e.target}
    ids = {int(t.split(":", 1)[1]) for e in rows for t in e.target.split() if t.startswith("resident:")
           and t.split(":", 1)[1].isdigit()}
    if codes:
        ids |= set(session.scalars(select(Application.resident_id).where(Application.code.in_(codes))).all())
    return len(ids)


def notice_draft(rows: list[AuditEntry], affected: int, start: datetime, end: datetime, office: str,
                 policy: PrivacyPolicy, timezone: str, today: datetime) -> str:
    """A draft of the Pasal 46 notice in Bahasa Indonesia; [brackets] mark what a person must write."""
    zone = ZoneInfo(timezone)
    when = (f"{start.astimezone(zone):%d-%m-%Y %H:%M} sampai {end.astimezone(zone):%d-%m-%Y %H:%M} "
            f"({timezone})")
    actions = Counter(e.action for e in rows)
    seen = [f"   - {DATA_SEEN[a]} ({n} kali)" for a, n in actions.most_common() if a in DATA_SEEN]
    staff = sorted({e.staff for e in rows if not e.action.startswith("login_")})
    addresses = sorted({e.ip for e in rows if e.ip})
    failed = sum(n for a, n in actions.items() if a.startswith("login_") and a != "login_ok")
    dpo = f"{policy.dpo_name or '[nama pejabat]'}, {policy.dpo_contact or '[kontak]'}"
    return "\n".join([
        "DRAF - lengkapi bagian [dalam kurung] sebelum dikirim",
        "",
        "PEMBERITAHUAN KEGAGALAN PELINDUNGAN DATA PRIBADI",
        "(Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 46)",
        "",
        "Kepada: [subjek data pribadi yang terdampak] dan [lembaga penyelenggara pelindungan data pribadi]",
        f"Dari: {office}",
        f"Tanggal: {today.astimezone(zone):%d-%m-%Y}",
        "",
        "1. Data pribadi yang terungkap",
        *(seen or ["   - [tidak ada akses data pribadi tercatat pada rentang ini]"]),
        f"2. Kapan: rentang yang diperiksa {when}. Kegagalan diketahui pada [tanggal dan jam].",
        f"3. Bagaimana: [uraikan penyebabnya]. Catatan akses mencatat {len(rows)} kejadian oleh "
        f"{len(staff)} akun ({', '.join(staff) or '-'}) dari {len(addresses)} alamat jaringan; "
        f"{failed} percobaan masuk gagal.",
        f"4. Warga terdampak: {affected} orang menurut catatan akses [periksa dan lengkapi].",
        "5. Upaya penanganan dan pemulihan: [mis. akun dinonaktifkan, sesi diakhiri, kata sandi dan "
        "kunci diganti, celah ditutup].",
        "6. Yang dapat dilakukan warga: [mis. waspada terhadap pesan atau telepon yang mengatasnamakan "
        "kantor].",
        f"7. Narahubung (pejabat pelindungan data pribadi): {dpo}.",
        "",
        "Pemberitahuan ini disampaikan secara tertulis paling lambat 3 x 24 jam sejak kegagalan diketahui.",
    ]) + "\n"
