# Type stubs for the native module skuwire._skuwire (checked against the
# built module by `python -m mypy.stubtest skuwire` in scripts/test-py.sh).
# The blocks between `# <generated …>` and `# </generated>` are written by
# bindings-py/tools/gen_types.py from the core registry; the rest by hand.

from datetime import datetime
import email.message
import os
from typing import Any, Awaitable, Callable, Dict, Iterable, Iterator, List, Literal, Mapping, NoReturn, Optional, Protocol, Sequence, Tuple, TypedDict, TypeVar, Union, final, overload

import skuwire._push

from typing_extensions import disjoint_base

from skuwire.types import (
    ErrorCode,
    ErrorRecord,
    ErrorTypeName,
    Kind,
    OnInvalid,
    OperationName,
    PlatformName,
    PushOperationName,
    QueryOperationName,
    Reason,
    Retry,
    Status,
    WindowInfo,
)
# <generated item-imports>
from skuwire.types import (
    AddCategoryItem,
    AddGoodsItem,
    EditCategoryItem,
    GoodsApiGoodsUploadItem,
    GoodsGoodsBatchPushItem,
    GoodsRemoveItem,
    PurchaseProviderGoodsUploadItem,
    SkuRemoveItem,
    UpdateGoodsByAddSKUItem,
    UpdateGoodsByDelSalePropItem,
    UpdateGoodsImageItem,
    UpdateGoodsItem,
    UpdateGoodsRecItem,
    UpdateGoodsRecRelItem,
    UpdateGoodsRelItem,
    UpdateGoodsSaleModeItem,
    UpdateGoodsUserGroupItem,
    UpdateSkuQtyItem,
    UpdateTopicItem,
)
# </generated>

_T = TypeVar("_T")

_Window = Tuple[datetime, datetime]
"""``(start, end)`` of a query window, both included, aware (UTC+8)."""

_Body = Union[bytes, bytearray, memoryview, str]
"""An answer's body as received."""

class _ArrowStream(Protocol):
    """A table: anything with the Arrow PyCapsule stream interface (a
    pyarrow Table or RecordBatchReader, a polars or pandas ≥ 2.2 DataFrame,
    a DuckDB result)."""

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...

_Items = Union[Iterable[Mapping[str, Any]], Mapping[str, Any], str, bytes, bytearray, memoryview, _ArrowStream]
"""Items as Python mappings, one mapping, JSON text/bytes, or a table."""

_ItemsOf = Union[Iterable[_T], _T, str, bytes, bytearray, memoryview, _ArrowStream]
"""Items of one operation's item type, one item, JSON text/bytes, or a table
(whose rows a type checker cannot see)."""

_Nest = Union[bool, str, Mapping[str, Sequence[str]], None]
"""How flat rows become items: ``True`` by column names (``spec_list[].spec_no``),
a list field's name (its elements' documented fields go there too), or
``{list: [columns]}``."""

_NestKey = Union[str, Sequence[str], None]
"""The item-level columns whose values say where an item starts."""

_State = Union[str, bytes, bytearray, memoryview, Mapping[str, Any]]
"""A query plan's ``state()`` text, or the dict ``json.loads`` makes of it."""

__all__ = [
    "__version__",
    "FLAGSHIP_TEST_URL",
    "FLAGSHIP_PRODUCTION_URL",
    "ENTERPRISE_SANDBOX_URL",
    "ENTERPRISE_PRODUCTION_URL",
    "MAX_DEPTH",
    "REDACTED",
    "ERROR_TYPES",
    "PLATFORMS",
    "KINDS",
    "RETRIES",
    "STATUSES",
    "REASONS",
    "ON_INVALID",
    "ERROR_CODES",
    "Operation",
    "operations",
    "operation",
    "validate",
    "Plan",
    "Batch",
    "InvalidItem",
    "_restore_batch",
    "_restore_plan",
    "_nest_rows",
    "Outcome",
    "_restore_outcome",
    "Rejected",
    "_restore_rejected",
    "AssignedId",
    "_restore_assigned_id",
    "QueryPlan",
    "Page",
    "_restore_query_plan",
    "PushDriver",
    "PushAction",
    "PushReport",
    "_restore_push_driver",
    "_restore_push_report",
    "Request",
    "_restore_request",
    "clock_offset_from_http_date",
    "Client",
    "Flagship",
    "Enterprise",
    "Ymcart",
    "_panic_for_tests",
]

__version__: str
"""The version of skuwire (the Rust core's)."""
FLAGSHIP_TEST_URL: str
"""The flagship test endpoint."""
FLAGSHIP_PRODUCTION_URL: str
"""The flagship production endpoint (``Flagship``'s default ``base_url``)."""
ENTERPRISE_SANDBOX_URL: str
"""The enterprise sandbox endpoint."""
ENTERPRISE_PRODUCTION_URL: str
"""The enterprise production endpoint (``Enterprise``'s default ``base_url``)."""
MAX_DEPTH: int
"""Deepest nesting of an input value skuwire reads; deeper is a ``nesting_too_deep`` record."""
REDACTED: str
"""What a secret prints as (``** REDACTED **``)."""
ERROR_TYPES: List[ErrorTypeName]
"""The catalogue of validation error types (``ErrorRecord["type"]``), in the core's order."""
PLATFORMS: Tuple[PlatformName, ...]
"""Every platform's name, in the core's order."""
KINDS: Tuple[Kind, ...]
"""``Operation.kind`` values: ``push``, ``query``."""
RETRIES: Tuple[Retry, ...]
"""``Outcome.retry`` values: ``no``, ``resign``, ``backoff``, ``resend``."""
STATUSES: Tuple[Status, ...]
"""``Outcome.status`` values: ``success``, ``partial``, ``failure``."""
REASONS: Tuple[Reason, ...]
"""``Outcome.reason`` values."""
ON_INVALID: Tuple[OnInvalid, ...]
"""``client.plan(on_invalid=…)`` values: ``raise``, ``skip``."""
ERROR_CODES: Tuple[ErrorCode, ...]
"""``SkuwireError.code`` values."""

@final
class Operation:
    """One operation skuwire models (read-only): ``skuwire.operation(name)``."""

    @property
    def name(self) -> OperationName:
        """The name exactly as the vendor writes it (``goods.Goods.batchPush``)."""
    @property
    def platform(self) -> PlatformName:
        """``"flagship"``, ``"enterprise"`` or ``"ymcart"``."""
    @property
    def kind(self) -> Kind:
        """``"push"`` (planned into batches) or ``"query"`` (paged)."""
    @property
    def max_items(self) -> int:
        """Most items per call."""
    @property
    def documented_limit(self) -> bool:
        """Whether ``max_items`` is the vendor's documented limit (``False``: skuwire's conservative default)."""
    @property
    def max_body_bytes(self) -> Optional[int]:
        """Default body-size cap in bytes, if any."""
    @property
    def upsert(self) -> bool:
        """Whether repeating the call is harmless (the platform upserts by key)."""
    @property
    def title_zh(self) -> str:
        """The vendor's Chinese title (货品批量推送)."""
    @property
    def item_name(self) -> str:
        """What one input item is, in words."""
    @property
    def source(self) -> str:
        """The vendor page this entry was written from."""
    @property
    def item_key(self) -> Optional[str]:
        """The item field an answer names items by (``Rejected.key``), or ``None``."""
    @property
    def window(self) -> Optional[WindowInfo]:
        """A time-ranged query's window ``{"start", "end", "max_days"}``, else ``None``."""
    def describe(self) -> Dict[str, Any]:
        """The core's whole description as a new dict: limits, unique keys,
        ``item_key``, ``paging`` and the item schema with every field's rule
        (numbers as ``int``)."""
    def json_schema(self) -> Optional[Dict[str, Any]]:
        """The JSON Schema (draft 2020-12) of one item, generated from the
        registry: lengths in characters, enums, the decimal rule as a
        ``pattern``; titles are the English labels, ``x-label-zh`` the
        vendor's. ``None`` for a query operation."""
    def labels(self) -> Dict[str, Dict[str, str]]:
        """Every documented field of an item by path (list elements are
        transparent: ``"spec_list.spec_no"``) with its labels
        ``{"zh": "商家编码", "en": "Merchant SKU code"}``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> Any: ...

def operations() -> List[Operation]:
    """Every operation skuwire models, flagship first, in the vendors' page order."""

def operation(name: str) -> Operation:
    """The operation with this exact vendor name; ``SkuwireError`` with code
    ``"unknown_operation"`` otherwise."""

def validate(
    op: OperationName, payload: _Items, strict: bool = False, *, lax: bool = False, nest: _Nest = None, nest_key: _NestKey = None
) -> List[ErrorRecord]:
    """Every problem of ``payload`` (a list of items, one item mapping, JSON
    text/bytes, or a table) as records ``{type, loc, msg, msg_zh, input,
    ctx}`` — empty when valid. ``strict`` also reports undocumented fields;
    ``lax`` reads NaN/NaT/None as not given and integral numbers as integers
    or text; ``nest``/``nest_key`` group flat rows into items (as for
    ``Client.plan``). Bad data is never raised here: only a wrong argument is."""

def _nest_rows(
    rows: Iterable[Mapping[str, Any]], nest: _Nest = None, nest_key: _NestKey = None, columns: Optional[List[str]] = None
) -> List[Tuple[Dict[str, Any], int, Dict[str, List[int]], List[ErrorRecord]]]: ...

def clock_offset_from_http_date(date_header: str, local_time: Optional[float] = None) -> int:
    """The server's clock minus ours, in seconds, from an HTTP ``Date``
    header and the local Unix time the answer arrived (default: now).
    Assign it to ``client.clock_offset`` after a ``"resign"`` outcome."""

@final
class Request:
    """A signed request as plain data: send ``method``, ``url``, ``headers``
    and ``body`` exactly as they are. ``repr()`` shows it with secrets redacted."""

    @property
    def method(self) -> str:
        """The HTTP method (``POST``)."""
    @property
    def url(self) -> str:
        """The full URL, query string included (the flagship salt is a parameter)."""
    @property
    def headers(self) -> Dict[str, str]:
        """The headers to send (a new dict)."""
    @property
    def body(self) -> bytes:
        """The body, byte for byte what was signed."""
    @property
    def sign(self) -> str:
        """The signature."""
    @property
    def timestamp(self) -> int:
        """The Unix time it was signed for."""
    @property
    def string_to_sign(self) -> str:
        """The signed string, secrets redacted (for debugging a signature)."""
    @property
    def sorted_params(self) -> List[Tuple[str, str]]:
        """The signed parameters in signing order, secrets redacted."""
    @property
    def redacted_url(self) -> str:
        """``url`` with secrets redacted (for logs)."""
    @property
    def redacted_body(self) -> str:
        """``body`` as text with secrets redacted (for logs)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> Any: ...

@final
class Rejected:
    """An item the platform refused."""

    @property
    def index(self) -> Optional[int]:
        """Its position in your input, or ``None`` when the answer names an item skuwire cannot place."""
    @property
    def key(self) -> Optional[str]:
        """The key the answer named it by (``Operation.item_key``'s value)."""
    @property
    def message(self) -> str:
        """The platform's reason, as it wrote it."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> Any: ...

@final
class AssignedId:
    """An id the platform assigned to an input item (e.g. ``rec_id``)."""

    @property
    def index(self) -> int:
        """The item's position in your input."""
    @property
    def id(self) -> Any:
        """The id as the answer gave it."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> Any: ...

@final
class Outcome:
    """What an answer says: which input positions were accepted or rejected,
    and whether to retry. An answer is never an exception."""

    @property
    def ok(self) -> bool:
        """Everything in the batch was accepted."""
    @property
    def partial(self) -> bool:
        """Some items were accepted, some rejected."""
    @property
    def status(self) -> Status:
        """``"success"``, ``"partial"`` or ``"failure"``."""
    @property
    def reason(self) -> Optional[Reason]:
        """Why the call did not fully succeed (``None`` on success)."""
    @property
    def retry(self) -> Retry:
        """What to do next: ``"no"``, ``"resign"`` (fix the clock offset, sign
        again), ``"backoff"`` (wait, then sign and send again) or
        ``"resend"`` (sign and send again)."""
    @property
    def http_status(self) -> int:
        """The HTTP status the answer came with."""
    @property
    def code(self) -> Optional[int]:
        """The platform's business code, when the answer has one."""
    @property
    def message(self) -> Optional[str]:
        """The platform's message, when the answer has one."""
    @property
    def accepted(self) -> List[int]:
        """Input positions the answer confirmed."""
    @property
    def rejected(self) -> List[Rejected]:
        """Items the answer refused."""
    @property
    def ids(self) -> List[AssignedId]:
        """Ids the platform assigned to input items."""
    @property
    def total_count(self) -> Optional[int]:
        """A query's total row count, when the answer gives it."""
    @property
    def data(self) -> Any:
        """The answer's data part (numbers as ``int``/``Decimal``)."""
    @property
    def notes(self) -> List[str]:
        """What skuwire noticed but could not settle (e.g. ids it could not match)."""
    @property
    def unknown(self) -> List[int]:
        """Input positions whose fate the answer does not settle (no answer, a 5xx, a garbled body, or not mentioned in a per-item result)."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> Any: ...

@final
class Batch:
    """One call's worth of items, unsigned: sign it right before sending,
    then hand the answer to ``parse``."""

    @property
    def op(self) -> Optional[OperationName]:
        """The operation (``None`` for a generic ``client.call``)."""
    @property
    def method(self) -> str:
        """The vendor method the request calls."""
    @property
    def items(self) -> List[Any]:
        """The items of this call, as sent (a new list)."""
    @property
    def platform(self) -> PlatformName:
        """The platform."""
    @property
    def indices(self) -> List[int]:
        """The items' positions in your input."""
    @property
    def upsert(self) -> bool:
        """Whether resending it is harmless."""
    @property
    def payload(self) -> Any:
        """The request payload as Python values."""
    @property
    def client(self) -> Client:
        """The client that signs this batch."""
    def body_json(self) -> bytes:
        """The payload as the exact JSON bytes that are signed and sent."""
    def __len__(self) -> int:
        """How many items."""
    def sign(self, timestamp: Optional[int] = None) -> Request:
        """Signs with the batch's client at ``timestamp`` (Unix seconds;
        default: now plus the client's ``clock_offset``)."""
    def parse(self, status: int, body: _Body) -> Outcome:
        """Reads the platform's answer: the HTTP status (an ``int``) and the
        body (``bytes``/``str``/a buffer)."""
    def transport_error(self, message: str) -> Outcome:
        """The outcome of a call that got no answer (timeout, reset): the
        retry advice stays in one place."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> Any: ...

@final
class InvalidItem:
    """An item left out of a ``skip``-mode plan; unpacks as ``index, errors``."""

    @property
    def index(self) -> int:
        """Its position in your input."""
    @property
    def errors(self) -> List[ErrorRecord]:
        """Every problem it has."""
    def __len__(self) -> int:
        """2: it unpacks as ``index, errors``."""
    def __getitem__(self, key: int, /) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...

@final
class Plan:
    """An iterator of :class:`Batch` (consumed once)."""

    @property
    def op(self) -> PushOperationName:
        """The operation."""
    @property
    def invalid(self) -> List[InvalidItem]:
        """Items left out so far (``skip`` mode); grows while the plan runs."""
    @property
    def done(self) -> bool:
        """Every batch has been handed out."""
    def __iter__(self) -> Plan: ...
    def __next__(self) -> Batch:
        """The next batch."""
    def __reduce__(self) -> Any: ...

@disjoint_base
class Client:
    """Base of the platform clients (``Flagship``, ``Enterprise``, ``Ymcart``).
    The credentials stay inside; ``repr()`` never shows them."""

    @property
    def platform(self) -> PlatformName:
        """``"flagship"``, ``"enterprise"`` or ``"ymcart"``."""
    @property
    def base_url(self) -> str:
        """The endpoint (YMCart: the URL template with ``{method}``)."""
    @property
    def clock_offset(self) -> int:
        """Seconds added to the local clock when signing without a timestamp
        (server − local); see :func:`clock_offset_from_http_date`."""
    @clock_offset.setter
    def clock_offset(self, secs: int) -> None: ...
    # <generated client-plan>
    @overload
    def plan(
        self,
        op: Literal["goods.ApiGoods.upload"],
        items: _ItemsOf[GoodsApiGoodsUploadItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["goods.Goods.batchPush"],
        items: _ItemsOf[GoodsGoodsBatchPushItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["purchase.ProviderGoods.upload"],
        items: _ItemsOf[PurchaseProviderGoodsUploadItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["skuRemove"],
        items: _ItemsOf[SkuRemoveItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsImage"],
        items: _ItemsOf[UpdateGoodsImageItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsByAddSKU"],
        items: _ItemsOf[UpdateGoodsByAddSKUItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsByDelSaleProp"],
        items: _ItemsOf[UpdateGoodsByDelSalePropItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsRel"],
        items: _ItemsOf[UpdateGoodsRelItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["editCategory"],
        items: _ItemsOf[EditCategoryItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["UpdateGoodsSaleMode"],
        items: _ItemsOf[UpdateGoodsSaleModeItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["UpdateGoodsRecRel"],
        items: _ItemsOf[UpdateGoodsRecRelItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateTopic"],
        items: _ItemsOf[UpdateTopicItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsUserGroup"],
        items: _ItemsOf[UpdateGoodsUserGroupItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsRec"],
        items: _ItemsOf[UpdateGoodsRecItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["goodsRemove"],
        items: _ItemsOf[GoodsRemoveItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoods"],
        items: _ItemsOf[UpdateGoodsItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateSkuQty"],
        items: _ItemsOf[UpdateSkuQtyItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["addGoods"],
        items: _ItemsOf[AddGoodsItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["addCategory"],
        items: _ItemsOf[AddCategoryItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    # </generated>
    def query(
        self,
        op: QueryOperationName,
        params: Optional[Mapping[str, Any]] = None,
        /,
        *,
        page_size: Optional[int] = None,
        max_window_secs: Optional[int] = None,
        strict: bool = False,
        dedup: bool = True,
        **kwargs: Any,
    ) -> QueryPlan:
        """A :class:`QueryPlan` for a query operation. The vendor's
        parameters come as a mapping, as keywords, or both (``start_time`` /
        ``end_time`` as ``datetime`` — aware converted, naive taken as
        Beijing time — or text); the plan sets ``page_no``. ``page_size`` is
        a parameter too (default: the operation's); ``max_window_secs``
        (narrower windows), ``strict`` (report undocumented parameters) and
        ``dedup`` are options. Bad values are a ``ValidationError``."""
    def push_driver(
        self,
        op: PushOperationName,
        items: _Items,
        *,
        on_invalid: str = "skip",
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
        concurrency: int = 1,
        rate: Optional[float] = None,
        rate_margin: float = 0.05,
        seed: int = 0,
        max_attempts: int = 6,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        journal: Optional[bytes] = None,
        resend_unknown: bool = False,
        resend_rejected: bool = False,
    ) -> PushDriver:
        """A :class:`PushDriver` for a push of ``items`` (planned as ``plan``
        does; invalid items are skipped and reported unless
        ``on_invalid="raise"``). ``rate``: calls per second (counted over
        ``1 + rate_margin`` seconds); ``backoff_base``/``backoff_cap``:
        seconds; ``journal``: an earlier run's journal bytes, to resume it."""
    def push(
        self,
        op: PushOperationName,
        items: _Items,
        *,
        http: Any = None,
        journal: Union[None, str, "os.PathLike[str]", "skuwire._push.Journal"] = None,
        on_invalid: str = "skip",
        concurrency: int = 1,
        rate: Optional[float] = None,
        rate_margin: float = 0.05,
        timeout: float = 30.0,
        seed: Optional[int] = None,
        max_attempts: int = 6,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
        resend_unknown: bool = False,
        resend_rejected: bool = False,
        on_answer: Optional[Callable[[List[int], Outcome], None]] = None,
    ) -> PushReport:
        """Pushes ``items`` and returns a :class:`PushReport` — the whole
        loop: each call signed when it is sent, the retry advice followed, at
        most ``concurrency`` calls at once and ``rate`` calls per second.
        ``http``: ``None`` (the standard library), an ``httpx.Client``, a
        ``requests.Session``, or a callable ``(request) -> (status, headers,
        body)``; ``journal``: a path or :class:`Journal` — the same call
        again resumes a killed push without sending anything twice."""
    def apush(
        self,
        op: PushOperationName,
        items: _Items,
        *,
        http: Any = None,
        journal: Union[None, str, "os.PathLike[str]", "skuwire._push.Journal"] = None,
        on_invalid: str = "skip",
        concurrency: int = 1,
        rate: Optional[float] = None,
        rate_margin: float = 0.05,
        timeout: float = 30.0,
        seed: Optional[int] = None,
        max_attempts: int = 6,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
        resend_unknown: bool = False,
        resend_rejected: bool = False,
        on_answer: Optional[Callable[[List[int], Outcome], None]] = None,
    ) -> Awaitable[PushReport]:
        """``push`` for asyncio: ``await client.apush(op, items,
        http=httpx.AsyncClient(), concurrency=8)``."""
    def call(self, method: str, *args: Any) -> Batch:
        """A batch for a method skuwire does not model (enterprise/YMCart:
        one mapping of parameters). Signed and parsed like any batch; not
        validated."""
    def sign(self, batch: Batch, timestamp: Optional[int] = None) -> Request:
        """Signs ``batch`` with this client (as ``batch.sign``)."""

@final
class PushAction:
    """What a :class:`PushDriver` says to do next: ``send`` a call, ``wait``, or ``done``."""

    @property
    def kind(self) -> Literal["send", "wait", "done"]:
        """``"send"`` (``call``, ``request``, ``positions`` are set), ``"wait"`` or ``"done"``."""
    @property
    def call(self) -> Optional[int]:
        """The call's id, to feed its answer back (a ``send`` action)."""
    @property
    def request(self) -> Optional[Request]:
        """The request to send, signed just now (a ``send`` action)."""
    @property
    def positions(self) -> List[int]:
        """The input positions the call carries."""
    @property
    def attempt(self) -> int:
        """1 for a first send, more for a retry."""
    @property
    def retry(self) -> Optional[Retry]:
        """Why this is sent again (the advice it follows), or ``None``."""
    @property
    def wait(self) -> Optional[float]:
        """Seconds to wait (a ``wait`` action; ``None``: until a call in flight is answered)."""

@final
class PushReport:
    """The result of a push: every input position accepted, rejected,
    invalid, unknown or unsent, the calls made and the retries."""

    @property
    def op(self) -> PushOperationName:
        """The operation."""
    @property
    def items(self) -> int:
        """Input items read."""
    @property
    def ok(self) -> bool:
        """Every item accepted."""
    @property
    def accepted(self) -> List[int]:
        """Input positions the platform confirmed."""
    @property
    def rejected(self) -> List[Rejected]:
        """Items the platform refused, with its reason."""
    @property
    def invalid(self) -> List[InvalidItem]:
        """Items left out for failing validation (never sent)."""
    @property
    def unknown(self) -> List[int]:
        """Input positions whose fate no answer settled (check them on the platform)."""
    @property
    def unsent(self) -> List[int]:
        """Input positions never sent (the push stopped, or retries ran out)."""
    @property
    def ids(self) -> List[AssignedId]:
        """Ids the platform assigned to input items."""
    @property
    def calls(self) -> int:
        """Calls sent, retries included."""
    @property
    def retries(self) -> Dict[str, int]:
        """Retries by advice (``resign``, ``backoff``, ``resend``)."""
    @property
    def clock_offset(self) -> int:
        """The clock offset the push ended with (server − local seconds)."""
    def to_dict(self) -> Dict[str, Any]:
        """The report as plain data (JSON-ready)."""
    def __reduce__(self) -> Any: ...

@final
class PushDriver:
    """The core's sans-I/O push loop, step by step: ``next()`` says what to
    do, you send, ``feed()`` the answer. ``client.push``/``apush`` drive it
    for you."""

    def next(self, now: Optional[float] = None) -> PushAction:
        """What to do at ``now`` (Unix seconds; default: the clock)."""
    def feed(
        self,
        call: int,
        status: int,
        body: _Body,
        headers: Union[None, Mapping[str, str], Iterable[Tuple[str, str]], "email.message.Message"] = None,
        now: Optional[float] = None,
    ) -> Outcome:
        """Reports the answer to ``call``: HTTP status, body and headers
        (``Date`` is read after a clock error, ``Retry-After`` after a rate
        limit), received at ``now``. Returns what it meant."""
    def feed_transport_error(self, call: int, message: str, now: Optional[float] = None) -> Outcome:
        """Reports that ``call`` got no answer (timeout, connection reset)."""
    def take_journal(self) -> bytes:
        """The journal lines written since the last call (JSON Lines):
        append them before sending, and after each answer."""
    @property
    def journal_keep(self) -> int:
        """Bytes of the journal given at the start that were complete lines:
        truncate the file to this before appending."""
    def stop(self) -> None:
        """Sends nothing more; calls in flight can still be fed."""
    @property
    def done(self) -> bool:
        """Nothing left to send or to wait for."""
    @property
    def in_flight(self) -> List[int]:
        """Ids of the calls sent and not answered yet."""
    @property
    def op(self) -> PushOperationName:
        """The operation."""
    @property
    def upsert(self) -> bool:
        """Whether resending a call is harmless."""
    @property
    def client(self) -> Client:
        """The client that signs the calls."""
    @property
    def clock_offset(self) -> int:
        """The clock offset in use (server − local seconds)."""
    def report(self) -> PushReport:
        """The report so far."""
    def state(self) -> str:
        """The push as JSON text: plan, options and history (no credentials)."""
    @staticmethod
    def restore(state: str, client: Client) -> PushDriver:
        """Continues a push from ``state()`` with ``client`` (calls in flight
        when the state was taken are treated as after a crash). The order is
        the Node package's: ``PushDriver.restore(state, client)``."""
    def __reduce__(self) -> Any: ...

def _restore_push_driver(client: Client, state: str) -> PushDriver: ...
def _restore_plan(client: Client, op: str, data: bytes) -> Plan: ...
def _restore_push_report(data: bytes) -> PushReport: ...

@final
class Page:
    """One answer of a query, read: typed, de-duplicated rows and what the
    answer said."""

    @property
    def items(self) -> List[Dict[str, Any]]:
        """The rows in the answer's field order: ``int``, ``Decimal`` with its
        exact text, aware ``datetime`` (UTC+8), ``str``, ``bool``, ``None``."""
    @property
    def page_no(self) -> int:
        """The page number asked for."""
    @property
    def total_count(self) -> Optional[int]:
        """The total row count, when the answer gives it."""
    @property
    def window(self) -> Optional[_Window]:
        """The time window of this page, or ``None``."""
    @property
    def window_index(self) -> int:
        """Which window (from 0)."""
    @property
    def received(self) -> int:
        """Rows in the answer, duplicates included."""
    @property
    def duplicates_dropped(self) -> int:
        """Rows already delivered on an earlier page, left out."""
    @property
    def done(self) -> bool:
        """This was the last page of the run."""
    @property
    def ok(self) -> bool:
        """The answer was read and the plan advanced."""
    @property
    def outcome(self) -> Outcome:
        """The usual outcome: on failure ``.retry`` says what to do (the plan has not advanced)."""
    @property
    def notes(self) -> List[str]:
        """What did not parse as its documented type (kept as text, never dropped)."""

@final
class QueryPlan:
    """A query in progress, driven by you: ``next_request()`` (or iterate
    the plan), send it, ``feed(status, body)``; after each page,
    ``state()`` is the progress to save."""

    def next_request(self, timestamp: Optional[int] = None) -> Optional[Request]:
        """The next request, signed now (or at ``timestamp``); ``None`` when
        done. Until an answer is fed, the same page again, signed afresh."""
    def next_batch(self) -> Optional[Batch]:
        """The next request as an unsigned :class:`Batch`; ``None`` when done."""
    def feed(self, status: int, body: _Body) -> Page:
        """Reads the answer to the outstanding request. On success the plan
        advances; otherwise it does not, and ``page.outcome.retry`` says what to do."""
    def feed_transport_error(self, message: str) -> Page:
        """The outstanding request got no answer (timeout, reset): the plan
        does not advance; the outcome advises resending."""
    def state(self) -> str:
        """The progress as of the last completed page, as compact JSON text
        (every digit kept). Save it after storing each page's rows."""
    @staticmethod
    def resume(state: _State, client: Client) -> QueryPlan:
        """Continues a run from ``state()`` (its text, or the dict
        ``json.loads`` makes of it) with ``client``, which signs from now on.
        The order is the Node package's: ``QueryPlan.resume(state, client)``."""
    @property
    def op(self) -> QueryOperationName:
        """The operation."""
    @property
    def client(self) -> Client:
        """The client that signs the requests."""
    @property
    def done(self) -> bool:
        """Every page of every window has been read."""
    @property
    def page_no(self) -> int:
        """The page the next request asks for."""
    @property
    def page_size(self) -> Optional[int]:
        """Rows per page (``None`` for a query read in one request)."""
    @property
    def window_index(self) -> int:
        """The current window (from 0)."""
    @property
    def window_count(self) -> int:
        """How many windows the range was split into."""
    @property
    def current_window(self) -> Optional[_Window]:
        """The current window, or ``None``."""
    @property
    def total(self) -> Optional[int]:
        """The total the platform reported for the current window."""
    @property
    def rows_delivered(self) -> int:
        """Rows handed out so far."""
    @property
    def duplicates_dropped(self) -> int:
        """Rows left out as already delivered."""
    def windows(self) -> List[_Window]:
        """Every window of the run."""
    def __iter__(self) -> QueryPlan: ...
    def __next__(self) -> Request:
        """As ``next_request()``; stops when done."""
    def __reduce__(self) -> Any: ...

@final
class Flagship(Client):
    """WDT flagship (旺店通旗舰版). ``appsecret`` is ``"secret:salt"``;
    ``base_url`` defaults to ``FLAGSHIP_PRODUCTION_URL`` (``None`` is refused)."""

    def __new__(
        cls,
        sid: str,
        appkey: str,
        appsecret: str,
        base_url: str = ...,  # FLAGSHIP_PRODUCTION_URL
        clock_offset: int = 0,
    ) -> Flagship: ...
    # <generated flagship-plan>
    @overload  # type: ignore[override]
    def plan(
        self,
        op: Literal["goods.ApiGoods.upload"],
        items: _ItemsOf[GoodsApiGoodsUploadItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["goods.Goods.batchPush"],
        items: _ItemsOf[GoodsGoodsBatchPushItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["purchase.ProviderGoods.upload"],
        items: _ItemsOf[PurchaseProviderGoodsUploadItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    # </generated>
    def call(self, method: str, *args: Any, pager: Optional[Mapping[str, Any]] = None) -> Batch:
        """A batch for a method skuwire does not model: the positional
        arguments, and ``pager={"page_no", "page_size", "calc_total"}`` for
        the paging system parameters. Not validated."""
    @property
    def sid(self) -> str:
        """The seller account."""
    @property
    def appkey(self) -> str:
        """The appkey."""
    def __reduce__(self) -> Any: ...

@final
class Enterprise(Client):
    """WDT enterprise (旺店通企业版, openapi2); ``base_url`` defaults to
    ``ENTERPRISE_PRODUCTION_URL`` (``None`` is refused)."""

    def __new__(
        cls,
        sid: str,
        appkey: str,
        appsecret: str,
        base_url: str = ...,  # ENTERPRISE_PRODUCTION_URL
        clock_offset: int = 0,
    ) -> Enterprise: ...
    # <generated enterprise-plan>
    def plan(  # type: ignore[override]
        self,
        op: NoReturn,
        items: _Items,
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """This platform has no push operation skuwire models: nothing can be planned."""
    # </generated>
    @property
    def sid(self) -> str:
        """The seller account."""
    @property
    def appkey(self) -> str:
        """The appkey."""
    def __reduce__(self) -> Any: ...

@final
class Ymcart(Client):
    """The YMCart shop API. ``base_url`` is required and may be a template
    with ``{method}``; ``update_options`` (e.g. ``{"update_listorder": 1}``)
    travels with every updateSkuQty."""

    def __new__(cls, token: str, base_url: str, update_options: Optional[Mapping[str, Any]] = None) -> Ymcart: ...
    # <generated ymcart-plan>
    @overload  # type: ignore[override]
    def plan(
        self,
        op: Literal["skuRemove"],
        items: _ItemsOf[SkuRemoveItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsImage"],
        items: _ItemsOf[UpdateGoodsImageItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsByAddSKU"],
        items: _ItemsOf[UpdateGoodsByAddSKUItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsByDelSaleProp"],
        items: _ItemsOf[UpdateGoodsByDelSalePropItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsRel"],
        items: _ItemsOf[UpdateGoodsRelItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["editCategory"],
        items: _ItemsOf[EditCategoryItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["UpdateGoodsSaleMode"],
        items: _ItemsOf[UpdateGoodsSaleModeItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["UpdateGoodsRecRel"],
        items: _ItemsOf[UpdateGoodsRecRelItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateTopic"],
        items: _ItemsOf[UpdateTopicItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsUserGroup"],
        items: _ItemsOf[UpdateGoodsUserGroupItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoodsRec"],
        items: _ItemsOf[UpdateGoodsRecItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["goodsRemove"],
        items: _ItemsOf[GoodsRemoveItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateGoods"],
        items: _ItemsOf[UpdateGoodsItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["updateSkuQty"],
        items: _ItemsOf[UpdateSkuQtyItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["addGoods"],
        items: _ItemsOf[AddGoodsItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    @overload
    def plan(
        self,
        op: Literal["addCategory"],
        items: _ItemsOf[AddCategoryItem],
        on_invalid: OnInvalid = "raise",
        *,
        max_items: Optional[int] = None,
        max_body_bytes: Optional[int] = None,
        strict: bool = False,
        lax: bool = False,
        nest: _Nest = None,
        nest_key: _NestKey = None,
    ) -> Plan:
        """Validates ``items`` and plans them into batches within the
        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).

        ``items``: mappings (typed by the operation: ``skuwire.types``),
        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).
        ``on_invalid="raise"`` checks
        everything first and raises :class:`ValidationError` listing every
        problem; ``"skip"`` streams and lists left-out items in
        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower
        the operation's limits; ``strict`` reports undocumented fields;
        ``lax`` reads NaN/NaT/None as not given and integral numbers as
        integers or text; ``nest`` groups flat rows into items (``True``:
        by names like ``spec_list[].spec_no``; a list's name; or
        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.
        """
    # </generated>
    @property
    def update_options(self) -> Optional[Dict[str, Any]]:
        """The options sent with updateSkuQty, or ``None``."""
    def __reduce__(self) -> Any: ...

def _restore_batch(client: Client, data: bytes) -> Batch: ...
def _restore_request(data: bytes) -> Request: ...
def _restore_outcome(data: bytes) -> Outcome: ...
def _restore_rejected(index: Optional[int], key: Optional[str], message: str) -> Rejected: ...
def _restore_assigned_id(index: int, id: str) -> AssignedId: ...
def _restore_query_plan(client: Client, state: _State) -> QueryPlan: ...
def _panic_for_tests() -> None: ...
