"""The lurah's pages: the summary (Ringkasan, with charts), the printable monthly report for the
camat, and the exports of the queue and of the month as CSV and XLSX (no NIK; each one logged)."""

from .views import bp

__all__ = ["bp"]
