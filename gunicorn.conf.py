"""Gunicorn settings every deployment shares (gunicorn reads ./gunicorn.conf.py at start).

The access log names the path without its query string: provider callbacks carry CALLBACK_TOKEN
as ?token=, and a log line must never hold it.
"""

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
