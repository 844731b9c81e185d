"""Sending a prepared request: with the standard library (urllib), with an
``httpx`` or ``requests`` client, or with any callable. The library itself
never imports httpx or requests: a client of theirs is recognised by its
module and used through its own methods.

Every sender returns an :class:`Answer` or raises :class:`NoAnswer` when
there was none (timeout, refused or reset connection)."""

from __future__ import annotations

import http.client
import inspect
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Awaitable, Callable, List, Optional, Tuple

import skuwire
from skuwire.error import ArgumentError

Headers = List[Tuple[str, str]]


class Answer:
    """An HTTP answer: status, headers (pairs) and body."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: Headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> Optional[str]:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class NoAnswer(Exception):
    """No answer: timeout, refused or reset connection."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Following a redirect would resend a signed POST as a GET without its
    # body; the answer is handed to the library as it is instead.
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def describe(e: BaseException) -> str:
    """An exception as a short text. Never the URL: a flagship URL carries the salt."""
    text = str(e) or type(e).__name__
    return "%s: %s" % (type(e).__name__, text) if type(e).__name__ not in text else text


class UrllibSender:
    """The standard library's HTTP client. Proxies from the environment
    apply, except to loopback addresses (a local sandbox is never reached
    through a proxy)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._proxied = urllib.request.build_opener(_NoRedirect())
        self._direct = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def __call__(self, request: skuwire.Request) -> Answer:
        req = urllib.request.Request(request.url, data=request.body, headers=dict(request.headers), method=request.method)
        opener = self._direct if _is_loopback(request.url) else self._proxied
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return Answer(resp.status, list(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as e:
            # A non-2xx answer is still an answer: the library reads it.
            try:
                body = e.read()
            except (OSError, http.client.HTTPException):
                body = b""
            return Answer(e.code, list(e.headers.items()) if e.headers else [], body)
        except urllib.error.URLError as e:
            raise NoAnswer(describe(e.reason) if isinstance(e.reason, BaseException) else str(e.reason))
        except (OSError, http.client.HTTPException, socket.timeout) as e:
            raise NoAnswer(describe(e))


def _family(http: Any) -> str:
    return type(http).__module__.split(".")[0]


def sync_sender(http: Any, timeout: float) -> Callable[[skuwire.Request], Answer]:
    """A sender for ``http``: ``None`` (the standard library), an
    ``httpx.Client``, a ``requests.Session`` (or anything with their
    ``request`` method), or a callable ``(request) -> (status, headers, body)``
    that raises ``OSError`` when there is no answer."""
    if http is None:
        return UrllibSender(timeout)
    family = _family(http)
    if family == "httpx":
        if inspect.iscoroutinefunction(getattr(http, "request", None)):
            raise ArgumentError("an httpx.AsyncClient needs `await client.apush(...)`", code="invalid_argument",
                                msg_zh="httpx.AsyncClient 请使用 `await client.apush(...)`")
        import httpx

        def send_httpx(request: skuwire.Request) -> Answer:
            try:
                r = http.request(request.method, request.url, headers=request.headers, content=request.body,
                                 timeout=timeout, follow_redirects=False)
            except httpx.TransportError as e:
                raise NoAnswer(describe(e))
            return Answer(r.status_code, list(r.headers.multi_items()), r.content)

        return send_httpx
    if family == "requests":
        import requests

        def send_requests(request: skuwire.Request) -> Answer:
            try:
                r = http.request(request.method, request.url, headers=request.headers, data=request.body,
                                 timeout=timeout, allow_redirects=False)
            except requests.RequestException as e:
                raise NoAnswer(describe(e))
            return Answer(r.status_code, list(r.headers.items()), r.content)

        return send_requests
    if callable(http):
        def send_callable(request: skuwire.Request) -> Answer:
            try:
                status, headers, body = http(request)
            except OSError as e:
                raise NoAnswer(describe(e))
            return Answer(int(status), _pairs(headers), body)

        return send_callable
    raise ArgumentError("http must be None, an httpx.Client, a requests.Session or a callable, not %s" % type(http).__name__,
                        code="invalid_argument",
                        msg_zh="http 应为 None、httpx.Client、requests.Session 或可调用对象，而不是 %s" % type(http).__name__)


def async_sender(http: Any, timeout: float) -> Tuple[Callable[[skuwire.Request], Awaitable[Answer]], Optional[Any]]:
    """An async sender for ``http`` and the client it created (to close):
    an ``httpx.AsyncClient``, an async callable ``(request) -> (status,
    headers, body)``, or ``None`` — a new ``httpx.AsyncClient`` when httpx
    is installed, else the standard library on worker threads."""
    owned = None
    if http is None:
        try:
            import httpx
        except ImportError:
            import asyncio

            stdlib = UrllibSender(timeout)

            async def send_thread(request: skuwire.Request) -> Answer:
                return await asyncio.get_running_loop().run_in_executor(None, stdlib, request)

            return send_thread, None
        http = owned = httpx.AsyncClient(trust_env=False)
    if _family(http) == "httpx":
        import httpx

        if not inspect.iscoroutinefunction(getattr(http, "request", None)):
            raise ArgumentError("apush needs an httpx.AsyncClient (an httpx.Client goes with client.push)",
                                code="invalid_argument", msg_zh="apush 需要 httpx.AsyncClient（httpx.Client 请用 client.push）")

        async def send_httpx(request: skuwire.Request) -> Answer:
            try:
                r = await http.request(request.method, request.url, headers=request.headers, content=request.body,
                                       timeout=timeout, follow_redirects=False)
            except httpx.TransportError as e:
                raise NoAnswer(describe(e))
            return Answer(r.status_code, list(r.headers.multi_items()), r.content)

        return send_httpx, owned
    if callable(http):
        async def send_callable(request: skuwire.Request) -> Answer:
            try:
                status, headers, body = await http(request)
            except OSError as e:
                raise NoAnswer(describe(e))
            return Answer(int(status), _pairs(headers), body)

        return send_callable, None
    raise ArgumentError("http must be None, an httpx.AsyncClient or an async callable, not %s" % type(http).__name__,
                        code="invalid_argument",
                        msg_zh="http 应为 None、httpx.AsyncClient 或异步可调用对象，而不是 %s" % type(http).__name__)


def _pairs(headers: Any) -> Headers:
    if headers is None:
        return []
    items = headers.items() if hasattr(headers, "items") else headers
    return [(str(k), str(v)) for k, v in items]
