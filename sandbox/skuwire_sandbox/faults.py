"""Queued fault injection.

A fault answers the next request(s) that match it (by platform and/or
operation) instead of, or after, the normal processing.
"""
import threading

KINDS = ("rate_limit", "http_502_html", "empty_body", "timeout",
         "partial_failure", "clock_skew", "expired_credential")
PLATFORMS = ("flagship", "enterprise", "ymcart")

# Which platforms each kind can apply to (YMCart has no clock).
_APPLIES = {
    "clock_skew": ("flagship", "enterprise"),
}


class FaultError(ValueError):
    pass


class Fault:
    """One queued fault.

    kind      one of KINDS (expired_credential: the platform's answer to an
              expired appkey or token, the request not processed)
    times     how many matching requests it answers (>= 1)
    method    operation filter: flagship method ("goods.Goods.batchPush"),
              enterprise script ("vip_api_goods_query.php"), YMCart method
              ("addGoods"); None matches every operation
    platform  "flagship" | "enterprise" | "ymcart" | None
    applied   http_502_html / empty_body / timeout: process the request
              (persist it) before answering with the fault
    delay     timeout: seconds to wait (default: the sandbox's timeout_delay)
    mode      timeout: "close" (default; close the connection without an
              answer) or "late" (answer normally after the delay; implies
              applied)
    http_status  rate_limit: HTTP status of the envelope (default 200; 429 allowed)
    indices   partial_failure: 0-based item positions to reject (negative
              counts from the end); default [-1], the last item
    error     partial_failure: the per-item error text (default per operation)
    """

    FIELDS = ("kind", "times", "method", "platform", "applied", "delay", "mode",
              "http_status", "indices", "error")

    def __init__(self, kind, times=1, method=None, platform=None, applied=False,
                 delay=None, mode="close", http_status=None, indices=None, error=None):
        if kind not in KINDS:
            raise FaultError("unknown fault kind %r (known: %s)" % (kind, ", ".join(KINDS)))
        try:
            times = int(times)
        except (TypeError, ValueError):
            raise FaultError("times must be an integer")
        if times < 1:
            raise FaultError("times must be >= 1")
        if platform is not None and platform not in PLATFORMS:
            raise FaultError("unknown platform %r" % (platform,))
        if mode not in ("close", "late"):
            raise FaultError("timeout mode must be 'close' or 'late'")
        if delay is not None:
            delay = float(delay)
            if delay < 0:
                raise FaultError("delay must be >= 0")
        if http_status is not None:
            http_status = int(http_status)
            if not 100 <= http_status <= 599:
                raise FaultError("http_status out of range")
        if indices is not None:
            if not isinstance(indices, (list, tuple)) or not all(
                    isinstance(i, int) and not isinstance(i, bool) for i in indices):
                raise FaultError("indices must be a list of integers")
            indices = list(indices)
        if method is not None:
            method = str(method).lstrip("/")
        self.kind = kind
        self.times = times
        self.method = method
        self.platform = platform
        self.applied = bool(applied) or (kind == "timeout" and mode == "late")
        self.delay = delay
        self.mode = mode
        self.http_status = http_status
        self.indices = indices
        self.error = error

    @classmethod
    def from_json(cls, obj):
        if not isinstance(obj, dict):
            raise FaultError("a fault must be an object")
        unknown = set(obj) - set(cls.FIELDS)
        if unknown:
            raise FaultError("unknown fault option(s): %s" % ", ".join(sorted(unknown)))
        if "kind" not in obj:
            raise FaultError("a fault needs a kind")
        return cls(**obj)

    def matches(self, platform, op):
        if platform not in _APPLIES.get(self.kind, PLATFORMS):
            return False
        if self.platform is not None and self.platform != platform:
            return False
        if self.method is not None:
            names = {op}
            if op and op.endswith(".php"):
                names.add(op[:-4])
            if self.method not in names:
                return False
        return True

    def rejected(self, n):
        """Positions (0-based) among n items that a partial_failure rejects."""
        idx = self.indices if self.indices is not None else [-1]
        out = set()
        for i in idx:
            j = i + n if i < 0 else i
            if 0 <= j < n:
                out.add(j)
        return out

    def to_json(self):
        return {k: getattr(self, k) for k in self.FIELDS}


class FaultQueue:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, fault):
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self):
        with self._lock:
            self._faults.clear()

    def pending(self):
        with self._lock:
            return [f.to_json() for f in self._faults]

    def take(self, platform, op, partial):
        """First queued fault matching (platform, op); partial selects whether
        partial_failure faults (True) or all other kinds (False) are wanted."""
        with self._lock:
            for f in self._faults:
                if (f.kind == "partial_failure") != partial:
                    continue
                if f.matches(platform, op):
                    f.times -= 1
                    if f.times <= 0:
                        self._faults.remove(f)
                    return f
        return None
