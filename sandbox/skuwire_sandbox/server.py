"""The HTTP server, routing, control endpoints and the programmatic ``Sandbox``."""
import base64
import collections
import hashlib
import json
import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import parse_qsl, urlsplit

from . import enterprise, flagship, ymcart
from .faults import Fault, FaultError, FaultQueue
from .signing import WDT_EPOCH
from .store import Store
from .util import Clock, dumps
from .wire import Ctx, Response

MAX_BODY = 64 * 1024 * 1024
SECRET_FIELDS = ("salt", "token", "appsecret", "secret")


class Credentials:
    """Accounts the sandbox accepts.

    flagship:   list of {"sid", "appkey", "appsecret"} (appsecret is "secret:salt")
    enterprise: list of {"sid", "appkey", "appsecret"}
    ymcart_tokens: list of accepted tokens
    """

    DEFAULT_FLAGSHIP = {"sid": "sandbox", "appkey": "sandbox-key",
                        "appsecret": "sandbox-secret:sandbox-salt"}
    DEFAULT_ENTERPRISE = {"sid": "sandbox", "appkey": "sandbox-key", "appsecret": "sandbox-secret"}
    DEFAULT_TOKEN = "sandbox-token"

    def __init__(self, flagship=None, enterprise=None, ymcart_tokens=None):
        self.flagship = self._accounts(flagship, self.DEFAULT_FLAGSHIP)
        self.enterprise = self._accounts(enterprise, self.DEFAULT_ENTERPRISE)
        if ymcart_tokens is None:
            ymcart_tokens = [self.DEFAULT_TOKEN]
        elif isinstance(ymcart_tokens, str):
            ymcart_tokens = [ymcart_tokens]
        self.ymcart_tokens = [str(t) for t in ymcart_tokens]

    @staticmethod
    def _accounts(value, default):
        if value is None:
            return [dict(default)]
        if isinstance(value, dict):
            value = [value]
        out = []
        for a in value:
            if not all(isinstance(a.get(k), str) and a.get(k) for k in ("sid", "appkey", "appsecret")):
                raise ValueError("an account needs non-empty sid, appkey and appsecret")
            out.append({"sid": a["sid"], "appkey": a["appkey"], "appsecret": a["appsecret"]})
        return out

    @classmethod
    def coerce(cls, value):
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            tokens = value.get("ymcart_tokens", value.get("ymcart_token"))
            return cls(value.get("flagship"), value.get("enterprise"), tokens)
        raise TypeError("credentials must be a Credentials or a dict")

    def flagship_account(self, sid):
        return next((a for a in self.flagship if a["sid"] == sid), None)

    def enterprise_account(self, sid):
        return next((a for a in self.enterprise if a["sid"] == sid), None)

    def token_ok(self, token):
        return token in self.ymcart_tokens


def redact_query(query):
    """Query string with secret-bearing values replaced by ***."""
    pairs = parse_qsl(query or "", keep_blank_values=True)
    return "&".join("%s=%s" % (k, "***" if k in SECRET_FIELDS else v) for k, v in pairs)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, handler, sandbox, family):
        self.address_family = family
        self.sandbox = sandbox
        self.open_sockets = set()
        self.sockets_lock = threading.Lock()
        ThreadingHTTPServer.__init__(self, addr, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 60

    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        # Headers and body go out in two writes; without NODELAY, Nagle and
        # delayed ACKs stall every answer by ~40 ms on loopback.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        with self.server.sockets_lock:
            self.server.open_sockets.add(self.connection)

    def finish(self):
        try:
            BaseHTTPRequestHandler.finish(self)
        finally:
            with self.server.sockets_lock:
                self.server.open_sockets.discard(self.connection)

    def log_message(self, format, *args):  # noqa: A002 - never echo URLs (they carry the salt)
        pass

    def date_time_string(self, timestamp=None):
        # The Date header follows the sandbox clock, so a client that corrects
        # its clock offset from it (as the vendors' clients must) succeeds
        # after POST /_sandbox/clock too.
        if timestamp is None:
            timestamp = self.server.sandbox.now()
        return BaseHTTPRequestHandler.date_time_string(self, timestamp)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")

    def do_PUT(self):
        self._serve("PUT")

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            total = 0
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > MAX_BODY:
                    raise ValueError("body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self, http_method):
        sb = self.server.sandbox
        # Arrival, before the body is read: what a platform's rate limit counts.
        started = time.time()
        arrived = time.monotonic()
        try:
            body = self._read_body()
        except ValueError:
            self._write(Response.json({"error": "bad body"}, status=413))
            self.close_connection = True
            return
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        if path.startswith("/_sandbox/") or path == "/_sandbox":
            self._write(sb._control(http_method, path, query, body))
            return
        resp, ctx = sb._handle(http_method, path, query, dict(self.headers.items()), body, arrived)
        # recorded before answering: a client that got its answer sees the entry
        sb._record(ctx, http_method, path, query, self.headers, body, resp, started)
        if resp.action == "close":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        else:
            self._write(resp)

    def _write(self, resp):
        try:
            self.send_response(resp.status)
            self.send_header("Content-Type", resp.content_type)
            self.send_header("Content-Length", str(len(resp.body)))
            for k, v in resp.headers.items():
                if k.lower() != "server":
                    self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(resp.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def _num(x):
    return ("%g" % x) if x is not None else "-"


class Sandbox:
    """An offline WDT flagship / WDT enterprise / YMCart server.

    >>> with Sandbox() as sb:             # doctest: +SKIP
    ...     sb.url                        # http://127.0.0.1:<port>
    """

    def __init__(self, db=":memory:", host="127.0.0.1", port=0, credentials=None, *,
                 ymcart_prefix="/ymcart", unknown_shops=(), unknown_shop_prefix="missing",
                 known_shops=None, require_known_specs=False,
                 ymcart_user_groups=("Member", "VIP1"), timeout_delay=5.0,
                 log=False, log_stream=None, request_log_size=1000,
                 latency=0.0, rate_limit=None, rate_limits=None) -> None:
        self.db = db
        self.host = host
        self.port = int(port)
        self.credentials = Credentials.coerce(credentials)
        prefix = (ymcart_prefix or "").strip()
        if prefix and not prefix.startswith("/"):
            prefix = "/" + prefix
        self.ymcart_prefix = prefix.rstrip("/")
        self.unknown_shops = set(unknown_shops or ())
        self.unknown_shop_prefix = unknown_shop_prefix
        self.known_shops = set(known_shops) if known_shops is not None else None
        self.require_known_specs = bool(require_known_specs)
        self.ymcart_user_groups = list(ymcart_user_groups)
        self.timeout_delay = float(timeout_delay)
        self.log = bool(log) or log_stream is not None
        self.log_stream = log_stream
        self.request_log_size = int(request_log_size)
        self.latency = float(latency)
        if self.latency < 0:
            raise ValueError("latency must be >= 0")
        self.rate_limit = None if rate_limit is None else float(rate_limit)
        self.rate_limits = {str(k): float(v) for k, v in (rate_limits or {}).items()}
        for v in [self.rate_limit] + list(self.rate_limits.values()):
            if v is not None and v <= 0:
                raise ValueError("rate limits must be > 0 calls per second")
        self._arrivals: "collections.defaultdict[str, collections.deque[float]]" = collections.defaultdict(collections.deque)
        self._rate_lock = threading.Lock()
        self.clock = Clock()
        self.faults = FaultQueue()
        self.store = None
        self._requests: "list[Any]" = []
        self._req_lock = threading.Lock()
        self._req_seq = 0
        self._server = None
        self._thread = None
        self._stopping = threading.Event()

    # ------------------------------------------------------------ lifecycle
    def start(self):
        if self._server is not None:
            raise RuntimeError("sandbox already started")
        self._stopping.clear()
        self.store = Store(self.db)
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self._server = _Server((self.host, self.port), _Handler, self, family)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="skuwire-sandbox", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        """Start and block until stop() (or KeyboardInterrupt)."""
        if self._server is None:
            self.start()
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self):
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        with self._server.sockets_lock:
            socks = list(self._server.open_sockets)
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.server_close()
        self._thread.join(5)
        self._server = None
        self._thread = None
        with self.store.lock:
            self.store.close()

    def __enter__(self) -> "Sandbox":
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self):
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "http://%s:%d" % (host, self.port)

    @property
    def flagship_url(self):
        return self.url + "/openapi"

    @property
    def enterprise_url(self):
        return self.url + "/openapi2/"

    @property
    def ymcart_url(self):
        return self.url + self.ymcart_prefix

    # ------------------------------------------------------------ test helpers
    def inject(self, kind: str, times: int = 1, method: Optional[str] = None, **options: Any) -> Fault:
        """Queue a fault for the next matching request(s); returns the Fault."""
        return self.faults.add(Fault(kind, times=times, method=method, **options))

    def clear_faults(self):
        self.faults.clear()

    def set_clock(self, offset=None, now=None):
        """Shift the server clock by offset seconds, or freeze it at Unix time now."""
        self.clock.set(offset=offset, now=now)

    def now(self):
        return self.clock.now()

    def requests(self):
        with self._req_lock:
            return [dict(r) for r in self._requests]

    def request_count(self):
        """How many requests the log holds (cheap: no copy)."""
        with self._req_lock:
            return len(self._requests)

    def snapshot(self):
        return self.store.snapshot()

    def reset(self, data=True, faults=True, requests=True, clock=True):
        if data and self.store is not None:
            self.store.clear()
        if faults:
            self.faults.clear()
        if requests:
            with self._req_lock:
                self._requests.clear()
            with self._rate_lock:
                self._arrivals.clear()
        if clock:
            self.clock.reset()

    def shop_known(self, shop_no):
        if shop_no in self.unknown_shops:
            return False
        if self.unknown_shop_prefix and shop_no.startswith(self.unknown_shop_prefix):
            return False
        if self.known_shops is not None and shop_no not in self.known_shops:
            return False
        return True

    def wait(self, seconds):
        """Sleep that stop() interrupts."""
        self._stopping.wait(seconds)

    # ------------------------------------------------------------ dispatch
    def _route(self, path, query):
        if path in ("/openapi", "/openapi/"):
            return "flagship", flagship.method_of(query), flagship
        if path.startswith("/openapi2/") and path.endswith(".php") and path.count("/") == 2:
            return "enterprise", path[len("/openapi2/"):], enterprise
        pre = self.ymcart_prefix + "/"
        if path.startswith(pre):
            name = path[len(pre):]
            if name and "/" not in name:
                return "ymcart", name, ymcart
        return None, None, None

    def app_of(self, ctx):
        """Who the platform counts a call against: the flagship ``key``, the
        enterprise ``appkey``, a YMCart token (as a short hash: the token is
        a secret). ``None`` when the request names none."""
        try:
            if ctx.platform == "flagship":
                return flagship.parse_query(ctx.query)[0].get("key") or None
            if ctx.platform == "enterprise":
                return enterprise.parse_form(ctx.body)[0].get("appkey") or None
            if ctx.platform == "ymcart":
                token = ymcart.parse_params(ctx).get("token") or ""
                return "token:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12] if token else None
        except (UnicodeDecodeError, ValueError):
            return None
        return None

    def limit_of(self, app):
        """Calls per second allowed for ``app`` (``rate_limits``, else ``rate_limit``)."""
        return self.rate_limits.get(app, self.rate_limit) if app is not None else None

    def _over_limit(self, app, arrived):
        """Counts the call against its app's limit: True when it is one call
        too many within the last second (refused calls count too, as they
        do on the platforms)."""
        limit = self.limit_of(app)
        if limit is None:
            return False
        with self._rate_lock:
            q = self._arrivals[app]
            while q and q[0] <= arrived - 1.0:
                q.popleft()
            over = len(q) >= limit
            q.append(arrived)
            return over

    def _handle(self, http_method, path, query, headers, body, arrived=None):
        platform, op, mod = self._route(path, query)
        ctx = Ctx(self, http_method, path, query, headers, body, platform, op)
        ctx.arrived = time.monotonic() if arrived is None else arrived
        if self._stopping.is_set():
            ctx.verdict = "stopping"
            return Response.close(), ctx
        if mod is None:
            ctx.verdict = "not found"
            return Response.json({"error": "not found", "path": path}, status=404), ctx
        allowed = ("GET", "POST") if platform == "ymcart" else ("POST",)
        if http_method not in allowed:
            ctx.verdict = "method not allowed"
            return Response.json({"error": "method not allowed"}, status=405,
                                 headers={"Allow": ", ".join(allowed)}), ctx
        try:
            ctx.app = self.app_of(ctx)
            if self._over_limit(ctx.app, ctx.arrived):
                ctx.verdict = "rate limited (over %s calls/s)" % _num(self.limit_of(ctx.app))
                return mod.rate_limited(Fault("rate_limit")), ctx
            if self.latency:
                self.wait(self.latency)
            return self._with_faults(ctx, mod), ctx
        except Exception:  # a sandbox bug: answer like a broken server, show the trace
            traceback.print_exc(file=sys.stderr)
            ctx.verdict = "internal error"
            return mod.internal_error() if hasattr(mod, "internal_error") else \
                Response.json({"error": "internal"}, status=500), ctx

    def _with_faults(self, ctx, mod):
        fault = self.faults.take(ctx.platform, ctx.op, partial=False)
        if fault is None:
            return mod.handle(ctx)
        kind = fault.kind
        if kind == "rate_limit":
            ctx.verdict = "fault: rate_limit"
            return mod.rate_limited(fault)
        if kind == "clock_skew":
            ctx.verdict = "fault: clock_skew"
            return mod.clock_error()
        if kind == "expired_credential":
            ctx.verdict = "fault: expired_credential"
            return mod.expired_credential()
        real = None
        if fault.applied:
            real = mod.handle(ctx)
        ctx.verdict = "fault: %s%s" % (kind, " (applied: %s)" % ctx.verdict if fault.applied else " (not applied)")
        if kind == "http_502_html":
            return Response.html_502()
        if kind == "empty_body":
            return Response.empty()
        # timeout
        self.wait(self.timeout_delay if fault.delay is None else fault.delay)
        if fault.mode == "late" and not self._stopping.is_set():
            return real
        return Response.close()

    # ------------------------------------------------------------ request log
    def _record(self, ctx, http_method, path, query, headers, body, resp, started):
        entry = {
            "received": started,
            "time": round(time.time(), 3),
            "app": getattr(ctx, "app", None),
            "applied": ctx.applied,
            "http_method": http_method,
            "path": path,
            "query": query,
            "headers": dict(headers.items()),
            "body_b64": base64.b64encode(body).decode("ascii"),
            "platform": ctx.platform,
            "op": ctx.op,
            "verdict": ctx.verdict,
            "items": ctx.items,
            "http_status": None if resp.action == "close" else resp.status,
            "answered": resp.action != "close",
        }
        with self._req_lock:
            self._req_seq += 1
            entry["id"] = self._req_seq
            self._requests.append(entry)
            if len(self._requests) > self.request_log_size:
                del self._requests[: len(self._requests) - self.request_log_size]
        if self.log:
            line = "sandbox %s %s %s op=%s verdict=%s items=%s http=%s %dms\n" % (
                time.strftime("%H:%M:%S"), http_method, path, ctx.op, ctx.verdict,
                ctx.items if ctx.items is not None else "-",
                entry["http_status"] if entry["answered"] else "closed",
                (time.time() - started) * 1000)
            stream = self.log_stream or sys.stderr
            try:
                stream.write(line)
                stream.flush()
            except (OSError, ValueError):
                pass

    # ------------------------------------------------------------ control endpoints
    def _control(self, http_method, path, query, body):
        try:
            payload = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (UnicodeDecodeError, ValueError):
            return Response.json({"error": "control body must be JSON"}, status=400)
        name = path[len("/_sandbox/"):].strip("/") if path.startswith("/_sandbox/") else ""
        try:
            if name == "health" and http_method == "GET":
                return Response.json({"ok": True, "url": self.url})
            if name == "faults":
                if http_method == "GET":
                    return Response.json({"faults": self.faults.pending()})
                if http_method == "DELETE":
                    self.faults.clear()
                    return Response.json({"ok": True})
                if http_method == "POST":
                    specs = payload.get("faults") if isinstance(payload, dict) else None
                    if specs is None and isinstance(payload, dict) and "kind" in payload:
                        specs = [payload]
                    if not isinstance(specs, list) or not specs:
                        raise FaultError('expected {"faults": [{"kind": ...}, ...]}')
                    faults = [Fault.from_json(s) for s in specs]
                    for f in faults:
                        self.faults.add(f)
                    return Response.json({"ok": True, "queued": [f.to_json() for f in faults]})
            if name == "requests":
                if http_method == "GET":
                    return Response.json({"requests": self.requests()})
                if http_method == "DELETE":
                    with self._req_lock:
                        self._requests.clear()
                    return Response.json({"ok": True})
            if name == "reset" and http_method == "POST":
                opts = payload if isinstance(payload, dict) else {}
                self.reset(**{k: bool(opts.get(k, True)) for k in ("data", "faults", "requests", "clock")})
                return Response.json({"ok": True})
            if name == "clock":
                if http_method == "POST":
                    if not isinstance(payload, dict):
                        raise FaultError('expected {"offset": seconds} or {"now": unix_seconds}')
                    self.set_clock(offset=payload.get("offset"), now=payload.get("now"))
                if http_method in ("GET", "POST"):
                    now = self.clock.now()
                    state = self.clock.state()
                    state.update({"now": now, "wdt_timestamp": int(now) - WDT_EPOCH})
                    return Response.json(state)
            if name == "data" and http_method == "GET":
                return Response.json(self.snapshot())
        except (FaultError, TypeError, ValueError) as e:
            return Response.json({"error": str(e)}, status=400)
        return Response.json({"error": "unknown control endpoint", "path": path}, status=404)
