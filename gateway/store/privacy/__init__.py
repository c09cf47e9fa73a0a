"""Personal data duties (UU 27/2022): residents' requests and their deadlines, finding and exporting
all that is held about a person, correcting and erasing it, retention, key rotation, and the
access-log export and notice draft for a breach."""

from .breach import access_csv, access_rows, affected_residents, notice_draft
from .erasure import correct_resident, erase_subject, forget_cached
from .people import Subject, applications_of, export_subject, find_subject, read_query
from .policy import PrivacyPolicy, read_section
from .requests import (
    Channel,
    PrivacyRequest,
    RequestKind,
    answer_request,
    count_open,
    open_request_from,
    recent_requests,
    record_request,
)
from .retention import RetentionReport, apply_retention
from .rotation import RotationReport, keys_pending, rotate_nik_keys

__all__ = ["Channel", "PrivacyPolicy", "PrivacyRequest", "RequestKind", "RetentionReport", "RotationReport",
           "Subject", "access_csv", "access_rows", "affected_residents", "answer_request", "applications_of",
           "apply_retention", "correct_resident", "count_open", "erase_subject", "export_subject",
           "find_subject", "forget_cached",
           "keys_pending", "notice_draft", "open_request_from", "read_query", "read_section",
           "recent_requests", "record_request", "rotate_nik_keys"]
