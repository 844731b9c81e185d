"""skuwire — correct, signed, limit-respecting requests for the goods APIs of
WDT 旺店通 (flagship 旗舰版, enterprise 企业版) and YMCart, sans-I/O.

skuwire never opens a socket: it validates and batches your items, signs
each batch just before you send it with your own HTTP client (requests,
httpx, aiohttp…), and reads the answer back into an :class:`Outcome`.

Whole pushes: ``client.push(op, items)`` (or ``await client.apush(...)``)
sends every batch with your HTTP client or the standard library, following
the retry advice under a concurrency and rate limit, and returns a
:class:`PushReport`; with ``journal=path`` a killed push resumes without
sending anything twice. :class:`PushDriver` is the same loop step by step.

Queries (:meth:`Client.query`) are driven the same way: the
:class:`QueryPlan` hands out the next request, you send it and feed the
answer back, and it returns a :class:`Page` of typed rows.

Money and quantities are :class:`decimal.Decimal` both ways.

Pickling a client (or a batch or query plan, which reference their client)
includes the credentials: that is what lets worker processes sign. Treat
such pickles as secrets.
"""

from __future__ import annotations

from skuwire._skuwire import (
    ENTERPRISE_PRODUCTION_URL,
    ENTERPRISE_SANDBOX_URL,
    ERROR_CODES,
    ERROR_TYPES,
    FLAGSHIP_PRODUCTION_URL,
    FLAGSHIP_TEST_URL,
    KINDS,
    MAX_DEPTH,
    ON_INVALID,
    PLATFORMS,
    REASONS,
    REDACTED,
    RETRIES,
    STATUSES,
    AssignedId,
    Batch,
    Client,
    Enterprise,
    Flagship,
    InvalidItem,
    Operation,
    Outcome,
    Page,
    Plan,
    PushAction,
    PushDriver,
    PushReport,
    QueryPlan,
    Rejected,
    Request,
    Ymcart,
    __version__,
    clock_offset_from_http_date,
    operation,
    operations,
    validate,
)
from skuwire import types
from skuwire.error import ArgumentError, ArgumentValidationError, SkuwireError, ValidationError
from skuwire._push import Journal

__all__ = [
    "ENTERPRISE_PRODUCTION_URL",
    "ENTERPRISE_SANDBOX_URL",
    "ERROR_CODES",
    "ERROR_TYPES",
    "FLAGSHIP_PRODUCTION_URL",
    "FLAGSHIP_TEST_URL",
    "KINDS",
    "MAX_DEPTH",
    "ON_INVALID",
    "PLATFORMS",
    "REASONS",
    "REDACTED",
    "RETRIES",
    "STATUSES",
    "ArgumentError",
    "ArgumentValidationError",
    "AssignedId",
    "Batch",
    "Client",
    "Enterprise",
    "Flagship",
    "InvalidItem",
    "Journal",
    "Operation",
    "Outcome",
    "Page",
    "Plan",
    "PushAction",
    "PushDriver",
    "PushReport",
    "QueryPlan",
    "Rejected",
    "Request",
    "SkuwireError",
    "ValidationError",
    "Ymcart",
    "__version__",
    "clock_offset_from_http_date",
    "operation",
    "operations",
    "types",
    "validate",
]
