"""Every USSD screen by name. A hop's state names one of these; each builds its View."""

from collections.abc import Callable

from . import apply_views, status_views, views
from .view import Context, View

NODES: dict[str, Callable[[Context, str, str, dict], View]] = {
    "root": views.root,
    "services": views.services,
    "requirements": views.requirements,
    "office": views.office,
    "language": views.language,
    "resume": views.resume,
    "apply_service": apply_views.apply_service,
    "apply_name": apply_views.apply_name,
    "apply_nik": apply_views.apply_nik,
    "apply_rt_rw": apply_views.apply_rt_rw,
    "apply_consent": apply_views.apply_consent,
    "apply_confirm": apply_views.apply_confirm,
    "status": status_views.status,
    "status_code": status_views.status_code,
    "status_result": status_views.status_result,
}
