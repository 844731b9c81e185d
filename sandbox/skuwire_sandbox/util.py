"""Small helpers shared by the platform modules."""
import json
import re
import threading
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
_STRICT_DT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_LOOSE_DT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$")


class Clock:
    """The sandbox's notion of "now": real time plus an offset, or frozen."""

    def __init__(self):
        self._lock = threading.Lock()
        self.offset = 0.0
        self.frozen = None

    def now(self):
        with self._lock:
            if self.frozen is not None:
                return float(self.frozen)
            return time.time() + self.offset

    def set(self, offset=None, now=None):
        with self._lock:
            if now is not None:
                self.frozen = float(now)
                self.offset = 0.0
            else:
                self.frozen = None
                self.offset = float(offset or 0.0)

    def reset(self):
        self.set(offset=0.0)

    def state(self):
        with self._lock:
            return {"offset": self.offset, "frozen": self.frozen}


def bj_format(ts):
    """Unix seconds -> 'yyyy-MM-dd HH:mm:ss' in Beijing time."""
    return datetime.fromtimestamp(int(ts), BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def bj_parse_strict(text):
    """'yyyy-MM-dd HH:mm:ss' (Beijing time) -> Unix seconds, or None."""
    if not isinstance(text, str) or not _STRICT_DT.match(text):
        return None
    try:
        dt = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return int(dt.replace(tzinfo=BEIJING).timestamp())


def bj_parse_loose(text):
    """'2016-9-9 0:0:0' / '2016-09-09' (Beijing time) -> Unix seconds, or None."""
    if not isinstance(text, str):
        return None
    m = _LOOSE_DT.match(text.strip())
    if not m:
        return None
    parts = [int(p) if p is not None else 0 for p in m.groups()]
    try:
        dt = datetime(*parts, tzinfo=BEIJING)
    except ValueError:
        return None
    return int(dt.timestamp())


def to_decimal(value, default=None):
    """Number / numeric string -> Decimal, or raise ValueError. None/'' -> default."""
    if value is None or value == "":
        if default is None:
            return None
        return Decimal(default)
    if isinstance(value, bool):
        raise ValueError("bool is not a number")
    if isinstance(value, (int, Decimal)):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError("not a number: %r" % (value,))
    else:
        raise ValueError("not a number: %r" % (value,))
    if not d.is_finite():
        raise ValueError("not a finite number")
    return d


def dec4(value):
    """Decimal(19,4) text as the WDT servers print it: '496.0000'."""
    if value is None or value == "":
        value = 0
    d = value if isinstance(value, Decimal) else to_decimal(value, "0")
    return str(d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def fits_decimal_19_4(d):
    return abs(d) < Decimal(10) ** 15


def _default(obj):
    if isinstance(obj, Decimal):
        # Keep integers integral, otherwise plain notation.
        if obj == obj.to_integral_value():
            return int(obj)
        return float(obj)
    if isinstance(obj, (set, tuple)):
        return list(obj)
    raise TypeError("not JSON serializable: %r" % (obj,))


def dumps(obj):
    """Compact JSON, UTF-8 characters kept (as the vendors answer)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_default)


def dumps_doc(obj):
    """JSON for storage: Decimals kept exactly as strings."""
    def d(o):
        if isinstance(o, Decimal):
            return str(o)
        return _default(o)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=d)


def loads_body(text):
    """JSON with Decimals for non-integers (money is never a float here)."""
    return json.loads(text, parse_float=Decimal)


def text(value, default=""):
    """Scalar -> str the way PHP would print it; None -> default."""
    if value is None:
        return default
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dict, list)):
        return dumps(value)
    return str(value)
