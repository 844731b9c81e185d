"""skuwire — correct, signed, limit-respecting requests for the goods APIs of
WDT 旺店通 (flagship 旗舰版, enterprise 企业版) and YMCart, sans-I/O.

skuwire never opens a socket: it validates and batches your items, signs
each batch just before you send it with your own HTTP client (requests,
httpx, aiohttp…), and reads the answer back into an :class:`Outcome`.

Money and quantities are :class:`decimal.Decimal` both ways.

Pickling a client (or a batch, which references its client) includes the
credentials: that is what lets worker processes sign. Treat such pickles
as secrets.
"""

from __future__ import annotations

from skuwire._skuwire import (
    ENTERPRISE_PRODUCTION_URL,
    ENTERPRISE_SANDBOX_URL,
    ERROR_TYPES,
    FLAGSHIP_PRODUCTION_URL,
    FLAGSHIP_TEST_URL,
    MAX_DEPTH,
    REDACTED,
    AssignedId,
    Batch,
    Client,
    Enterprise,
    Flagship,
    InvalidItem,
    Operation,
    Outcome,
    Plan,
    Rejected,
    Request,
    Ymcart,
    __version__,
    clock_offset_from_http_date,
    operation,
    operations,
    validate,
)
from skuwire.error import SkuwireError, ValidationError

__all__ = [
    "ENTERPRISE_PRODUCTION_URL",
    "ENTERPRISE_SANDBOX_URL",
    "ERROR_TYPES",
    "FLAGSHIP_PRODUCTION_URL",
    "FLAGSHIP_TEST_URL",
    "MAX_DEPTH",
    "REDACTED",
    "AssignedId",
    "Batch",
    "Client",
    "Enterprise",
    "Flagship",
    "InvalidItem",
    "Operation",
    "Outcome",
    "Plan",
    "Rejected",
    "Request",
    "SkuwireError",
    "ValidationError",
    "Ymcart",
    "__version__",
    "clock_offset_from_http_date",
    "operation",
    "operations",
    "validate",
]
