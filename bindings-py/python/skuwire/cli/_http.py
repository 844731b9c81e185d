"""Sending a prepared request with the standard library (urllib), so the
command line needs no third-party package."""

from __future__ import annotations

import http.client
import ipaddress
import logging
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Tuple

import skuwire

from ._log import event
from ._text import t


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
    context: Optional[Dict[str, Any]] = None,
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

    Each attempt is logged (``call``, INFO: ``context``'s op and batch, the
    attempt, HTTP status, outcome, retry advice, latency) and every wait
    says how long and why (``backoff``, WARNING).
    """
    ctx = dict(context or {})
    lang = str(ctx.pop("lang", "en"))
    attempt = 0
    while True:
        request = sign()  # at send time: the clock window is short
        stats.calls += 1
        answer: Optional[Answer] = None
        started = time.monotonic()
        error: Optional[str] = None
        try:
            answer = sender.send(request)
            result = read(answer.status, answer.body)
        except TransportError as e:
            stats.transport_errors += 1
            error = str(e)
            result = lost(error)
        latency_ms = round((time.monotonic() - started) * 1000)
        advice = _advice(result)
        outcome = getattr(result, "outcome", result)
        status = answer.status if answer is not None else None
        event(logging.INFO, "call", "call %s attempt %d: %s, %s (retry: %s, %d ms)" % (
            _what(ctx), attempt + 1,
            "HTTP %d" % status if status is not None else "no answer (%s)" % error,
            getattr(outcome, "status", "?"), advice, latency_ms),
            **ctx, attempt=attempt + 1, status=status, outcome=getattr(outcome, "status", None),
            reason=getattr(outcome, "reason", None), retry=advice, latency_ms=latency_ms)
        if advice not in ADVICE or attempt >= policy.max_retries:
            if advice in ADVICE:
                event(logging.WARNING, "gave_up", t(lang, "gave up after %d attempts (advice still %s)" % (attempt + 1, advice),
                                                    "尝试%d次后放弃（建议仍为%s）" % (attempt + 1, advice)),
                      **ctx, attempts=attempt + 1, retry=advice)
            return result, attempt + 1
        stats.retried(advice)
        delay = 0.0
        if advice == "resign":
            date = answer.header("Date") if answer is not None else None
            if date:
                try:
                    offset = skuwire.clock_offset_from_http_date(date)
                    set_clock_offset(offset)
                    event(logging.WARNING, "resign", t(lang, "the platform refused our clock: clock offset set to %+d s from its Date header; signing again" % offset,
                                                       "平台拒绝了本机时间：按其Date头把时钟偏差设为%+d秒，重新签名" % offset),
                          **ctx, clock_offset=offset, retry=advice)
                except skuwire.SkuwireError:
                    pass  # an unreadable Date header: sign again with the same offset
            if attempt > 0:
                delay = policy.delay(attempt)
        else:
            delay = policy.delay(attempt)
        if delay > 0:
            event(logging.WARNING, "backoff", _why(lang, advice, delay, attempt + 2, ctx, outcome),
                  **ctx, wait_s=round(delay, 3), next_attempt=attempt + 2, retry=advice, reason=getattr(outcome, "reason", None))
            sleep(delay)
        attempt += 1


def _what(ctx: Dict[str, Any]) -> str:
    """``goods.Goods.batchPush batch 3`` / ``vip_api_goods_query.php window 1 page 2``."""
    parts = [str(ctx["op"])] if ctx.get("op") else ["the call"]
    return " ".join(parts + ["%s %s" % (k, ctx[k]) for k in ("batch", "window", "page") if k in ctx])


def _why(lang: str, advice: str, delay: float, next_attempt: int, ctx: Dict[str, Any], outcome: Any) -> str:
    """"waiting 1.3 s before attempt 2 of <op> batch 3: <why>"."""
    reason = getattr(outcome, "reason", None) or ""
    message = getattr(outcome, "message", None)
    what = _what(ctx)
    en = {
        "backoff": "the platform asks us to slow down (rate limited)",
        "resend": "the answer was lost or unreadable (%s) and the call is safe to repeat" % reason,
        "resign": "the platform refused our clock again",
    }[advice]
    zh = {
        "backoff": "平台要求降低频率（限流）",
        "resend": "应答丢失或无法读取（%s），且此调用可以安全重发" % reason,
        "resign": "平台再次拒绝了本机时间",
    }[advice]
    said = (": " + message) if message else ""
    return t(lang, "waiting %.1f s before attempt %d of %s: %s%s" % (delay, next_attempt, what, en, said),
             "等待%.1f秒后进行第%d次尝试（%s）：%s%s" % (delay, next_attempt, what, zh, said))


def _advice(result: Any) -> str:
    outcome = getattr(result, "outcome", result)
    return str(getattr(outcome, "retry", "no"))
