"""Sending a prepared request with the standard library (urllib), so the
command line needs no third-party package."""

from __future__ import annotations

import http.client
import ipaddress
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Tuple

import skuwire


@dataclass
class RetryPolicy:
    """How the command line follows the library's retry advice."""

    max_retries: int = 5
    #: Backoff: exponential with full jitter, uniform(0, min(cap, base·2^attempt)) seconds.
    base: float = 0.5
    cap: float = 30.0

    def delay(self, attempt: int) -> float:
        return random.uniform(0.0, min(self.cap, self.base * (2 ** attempt)))


@dataclass
class Stats:
    calls: int = 0
    retries: Dict[str, int] = field(default_factory=dict)
    transport_errors: int = 0

    def retried(self, advice: str) -> None:
        self.retries[advice] = self.retries.get(advice, 0) + 1


@dataclass
class Answer:
    status: int
    body: bytes
    headers: Dict[str, str]

    def header(self, name: str) -> Optional[str]:
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None


class TransportError(Exception):
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


class Sender:
    """Sends requests; proxies from the environment apply, except to
    loopback addresses (a local sandbox is never reached through a proxy)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._proxied = urllib.request.build_opener(_NoRedirect())
        self._direct = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def send(self, request: skuwire.Request) -> Answer:
        req = urllib.request.Request(request.url, data=request.body, headers=dict(request.headers), method=request.method)
        opener = self._direct if _is_loopback(request.url) else self._proxied
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return Answer(resp.status, resp.read(), dict(resp.headers.items()))
        except urllib.error.HTTPError as e:
            # A non-2xx answer is still an answer: the library reads it.
            try:
                body = e.read()
            except (OSError, http.client.HTTPException):
                body = b""
            return Answer(e.code, body, dict(e.headers.items()) if e.headers else {})
        except urllib.error.URLError as e:
            raise TransportError(_describe(e.reason))
        except (OSError, http.client.HTTPException, socket.timeout) as e:
            raise TransportError(_describe(e))


def _describe(e: object) -> str:
    # Never the URL: a flagship URL carries the salt.
    if isinstance(e, BaseException):
        text = str(e) or type(e).__name__
        return "%s: %s" % (type(e).__name__, text) if type(e).__name__ not in text else text
    return str(e)


ADVICE = ("resign", "backoff", "resend")


def exchange(
    sign: Callable[[], skuwire.Request],
    read: Callable[[int, bytes], Any],
    lost: Callable[[str], Any],
    set_clock_offset: Callable[[int], None],
    sender: Sender,
    policy: RetryPolicy,
    stats: Stats,
    sleep: Callable[[float], None] = time.sleep,
) -> Tuple[Any, int]:
    """Signs, sends and reads one call, following the library's advice until
    it says "no" or the retries run out. ``read(status, body)`` and
    ``lost(message)`` turn an answer (or its absence) into something with a
    ``.retry`` advice (an Outcome, or a query page's outcome). Returns the
    last result and the number of attempts.

    * ``backoff`` (rate limit) and ``resend`` (answer lost, call is an
      upsert): wait with full jitter, sign again, send again;
    * ``resign`` (clock error): take the clock offset from the answer's
      ``Date`` header, sign again, send again;
    * anything else: stop — the library never advises resending a call that
      is not safe to repeat.
    """
    attempt = 0
    while True:
        request = sign()  # at send time: the clock window is short
        stats.calls += 1
        answer: Optional[Answer] = None
        try:
            answer = sender.send(request)
            result = read(answer.status, answer.body)
        except TransportError as e:
            stats.transport_errors += 1
            result = lost(str(e))
        advice = _advice(result)
        if advice not in ADVICE or attempt >= policy.max_retries:
            return result, attempt + 1
        stats.retried(advice)
        if advice == "resign":
            date = answer.header("Date") if answer is not None else None
            if date:
                try:
                    set_clock_offset(skuwire.clock_offset_from_http_date(date))
                except skuwire.SkuwireError:
                    pass  # an unreadable Date header: sign again with the same offset
            if attempt > 0:
                sleep(policy.delay(attempt))
        else:
            sleep(policy.delay(attempt))
        attempt += 1


def _advice(result: Any) -> str:
    outcome = getattr(result, "outcome", result)
    return str(getattr(outcome, "retry", "no"))
