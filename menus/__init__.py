"""Sapa's pure core: the USSD menu engine, the service catalog and SMS text rules.

Nothing here does I/O, reads the environment or the clock; the gateway and workers do that.
"""

from .catalog import Catalog, Service, Text, parse_catalog
from .effects import Effect
from .engine import Reply, handle, start
from .errors import CatalogError
from .gsm7 import is_gsm7, sms_cost, to_gsm7
from .hop import HopInputs, read_hop
from .texts import Texts, parse_texts
from .view import Context

__all__ = [
    "Catalog", "CatalogError", "Context", "Effect", "HopInputs", "Reply", "Service", "Text",
    "Texts", "handle", "is_gsm7", "parse_catalog", "parse_texts", "read_hop", "sms_cost",
    "start", "to_gsm7",
]
