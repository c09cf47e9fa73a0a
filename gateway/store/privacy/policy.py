"""How long personal data is kept, and who answers for it: the privacy settings section."""

from dataclasses import dataclass

from ...settings import Env


@dataclass(frozen=True)
class PrivacyPolicy:
    """Days each kind of record is kept (see README, "Retention"), and the data protection officer
    (Pasal 53) named in breach notices and in the reply to a resident's DATA request."""

    retention_days: int  # closed applications keep the person this long after closing
    sms_body_days: int  # SMS texts are cleared after this long; the row (masked) stays for costs
    session_end_days: int  # USSD session-end reports (masked phone, cost) are deleted after this
    audit_days: int  # the access log and answered requests: the record of processing
    dpo_name: str
    dpo_contact: str


def read_section(env: Env) -> PrivacyPolicy:
    """Read RETENTION_DAYS, SMS_BODY_DAYS, SESSION_END_DAYS, AUDIT_DAYS, DPO_NAME and DPO_CONTACT."""
    retention = env.number("RETENTION_DAYS", 365, 30, 3650)
    audit = env.number("AUDIT_DAYS", 730, 365, 3650)
    if audit < retention:
        env.problem(f"AUDIT_DAYS={audit}: must be at least RETENTION_DAYS ({retention}), so the log can "
                    "say who saw any record still held")
    policy = PrivacyPolicy(retention_days=retention, sms_body_days=env.number("SMS_BODY_DAYS", 90, 1, 3650),
                           session_end_days=env.number("SESSION_END_DAYS", 90, 1, 3650), audit_days=audit,
                           dpo_name=env.text("DPO_NAME")[:80], dpo_contact=env.text("DPO_CONTACT")[:80])
    # Not refused at start (an upgrade must not stop a running office), but the admin's rights and
    # breach pages say so in red until the officer is named.
    return policy
