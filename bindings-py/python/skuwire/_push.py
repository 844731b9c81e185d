"""Ready senders around :class:`skuwire.PushDriver`: ``client.push(...)``
(threads, any sync HTTP client) and ``await client.apush(...)`` (asyncio),
and the journal file that makes a push resumable.

The driver (in the Rust core) decides everything — what to send, when,
what to retry, what an answer meant; this module only owns the sockets, the
clock, the threads and the file.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import skuwire
from skuwire._http import Answer, NoAnswer, async_sender, sync_sender

try:
    import fcntl
except ImportError:  # Windows: no advisory lock
    fcntl = None  # type: ignore[assignment]

OnAnswer = Callable[[List[int], "skuwire.Outcome"], None]


class Journal:
    """A push journal: a JSON Lines file, one line per call sent and per
    answer read, so that a push killed at any point resumes without sending
    anything twice (``client.push(..., journal=Journal(path))`` again with the
    same items). Pickles as its path — put it on a disk every worker sees.

    While a push writes it, the file is locked (``flock``): a second push of
    the same journal waits up to ``lock_timeout`` seconds, then fails.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"], lock_timeout: float = 10.0) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise skuwire.ArgumentError("path should be str/os.PathLike, not %s" % type(path).__name__, "invalid_argument",
                                        "参数path应为str/os.PathLike，而不是%s" % type(path).__name__)
        if isinstance(lock_timeout, bool) or not isinstance(lock_timeout, (int, float)) or not lock_timeout == lock_timeout:
            raise skuwire.ArgumentError("lock_timeout should be a number of seconds, not %s" % type(lock_timeout).__name__,
                                        "invalid_argument", "参数lock_timeout应为秒数，而不是%s" % type(lock_timeout).__name__)
        self.path = os.fspath(path)
        self.lock_timeout = lock_timeout

    def read(self) -> bytes:
        """The journal's bytes (empty when there is none yet)."""
        try:
            with open(self.path, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""

    def __reduce__(self) -> Tuple[Any, Tuple[str, float]]:
        return (Journal, (self.path, self.lock_timeout))

    def __repr__(self) -> str:
        return "Journal(%r)" % self.path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Journal) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def _open(self) -> "_Writer":
        parent = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(parent, exist_ok=True)
        f = open(self.path, "a+b")
        try:
            if fcntl is not None:
                deadline = time.monotonic() + self.lock_timeout
                while True:
                    try:
                        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise skuwire.SkuwireError(
                                "journal %s is in use by another push" % self.path, code="state",
                                msg_zh="日志 %s 正被另一个推送使用" % self.path)
                        time.sleep(0.05)
            f.seek(0)
            return _Writer(f, f.read())
        except BaseException:
            f.close()
            raise


class _Writer:
    """The open, locked journal of one run."""

    def __init__(self, f: Any, existing: bytes) -> None:
        self.f = f
        self.existing = existing
        self.durable = False

    def start(self, keep: int, durable: bool) -> None:
        # A last line cut short by a crash (or a journal started afresh) is
        # dropped before appending.
        self.f.truncate(keep)
        self.f.seek(0, os.SEEK_END)
        self.durable = durable

    def write(self, data: bytes) -> None:
        if not data:
            return
        self.f.write(data)
        self.f.flush()
        # Not an upsert: a `send` line lost in a power cut would mean sending twice.
        if self.durable:
            os.fsync(self.f.fileno())

    def close(self) -> None:
        self.f.close()  # closing releases the lock


class _NoJournal:
    existing = b""

    def start(self, keep: int, durable: bool) -> None:
        pass

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def _argument_error(name: str, wanted_en: str, wanted_zh: str, value: Any) -> "skuwire.ArgumentError":
    t = type(value).__name__
    return skuwire.ArgumentError("%s should be %s, not %s" % (name, wanted_en, t), "invalid_argument",
                                 "参数%s应为%s，而不是%s" % (name, wanted_zh, t))


def _check_sender_options(timeout: Any, journal: Any, on_answer: Any) -> None:
    """The senders' own options (the driver checks the rest): checked before
    anything is read or sent, so a wrong type is the library's ArgumentError
    naming the option, never a TypeError from deep inside a worker thread."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0 or timeout == float("inf"):
        if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
            raise skuwire.ArgumentError("timeout should be a positive, finite number of seconds, not %r" % timeout,
                                        "invalid_argument", "参数timeout应为有限的正秒数，而不是%r" % timeout)
        raise _argument_error("timeout", "a number of seconds", "秒数", timeout)
    if journal is not None and not isinstance(journal, (Journal, str, os.PathLike)):
        raise _argument_error("journal", "None, a path or a skuwire.Journal", "None、路径或 skuwire.Journal", journal)
    if on_answer is not None and not callable(on_answer):
        raise _argument_error("on_answer", "None or a callable (positions, outcome)", "None 或可调用对象 (positions, outcome)", on_answer)


def _start(client: "skuwire.Client", op: "skuwire.types.PushOperationName", items: Any, journal: Any, kw: Dict[str, Any]) -> Tuple["skuwire.PushDriver", Any]:
    if kw.get("seed") is None:
        kw["seed"] = random.getrandbits(64)
    if journal is None:
        return client.push_driver(op, items, **kw), _NoJournal()
    j = journal if isinstance(journal, Journal) else Journal(journal)
    writer = j._open()
    try:
        driver = client.push_driver(op, items, journal=writer.existing or None, **kw)
        writer.start(driver.journal_keep, durable=not driver.upsert)
        writer.write(driver.take_journal())
    except BaseException:
        writer.close()
        raise
    return driver, writer


def _feed(driver: "skuwire.PushDriver", act: "skuwire.PushAction", result: Union[Answer, NoAnswer],
          on_answer: Optional[OnAnswer]) -> None:
    now = time.time()
    assert act.call is not None
    if isinstance(result, NoAnswer):
        outcome = driver.feed_transport_error(act.call, str(result), now=now)
    else:
        outcome = driver.feed(act.call, result.status, result.body, headers=result.headers, now=now)
    if on_answer is not None:
        on_answer(list(act.positions), outcome)


def _call(send: Callable[["skuwire.Request"], Answer], request: "skuwire.Request") -> Union[Answer, NoAnswer]:
    try:
        return send(request)
    except NoAnswer as e:
        return e


def push(client: "skuwire.Client", op: "skuwire.types.PushOperationName", items: Any, *, http: Any = None, journal: Any = None,
         on_invalid: str = "skip", concurrency: int = 1, rate: Optional[float] = None, rate_margin: float = 0.05,
         timeout: float = 30.0,
         seed: Optional[int] = None, max_attempts: int = 6, backoff_base: float = 0.5, backoff_cap: float = 30.0,
         max_items: Optional[int] = None, max_body_bytes: Optional[int] = None, strict: bool = False,
         lax: bool = False, nest: Any = None, nest_key: Any = None,
         resend_unknown: bool = False, resend_rejected: bool = False,
         on_answer: Optional[OnAnswer] = None) -> "skuwire.PushReport":
    """See ``Client.push``."""
    _check_sender_options(timeout, journal, on_answer)
    kw = dict(on_invalid=on_invalid, concurrency=concurrency, rate=rate, rate_margin=rate_margin, seed=seed, max_attempts=max_attempts,
              backoff_base=backoff_base, backoff_cap=backoff_cap, max_items=max_items, max_body_bytes=max_body_bytes,
              strict=strict, lax=lax, nest=nest, nest_key=nest_key, resend_unknown=resend_unknown, resend_rejected=resend_rejected)
    send = sync_sender(http, timeout)
    driver, writer = _start(client, op, items, journal, kw)
    try:
        return run(driver, send, writer, concurrency, on_answer)
    finally:
        writer.close()


#: ``on_event(kind, data)`` of :func:`run`: ``"send"`` (call, attempt,
#: positions, retry), ``"answer"`` (call, attempt, positions, status — None
#: without an answer —, latency_ms, outcome), ``"wait"`` (seconds, in_flight).
OnEvent = Callable[[str, Dict[str, Any]], None]


def run(driver: "skuwire.PushDriver", send: Callable[["skuwire.Request"], Answer], writer: Any, concurrency: int,
        on_answer: Optional[OnAnswer] = None, on_event: Optional[OnEvent] = None) -> "skuwire.PushReport":
    """Drives ``driver`` to the end with ``send`` on up to ``concurrency``
    threads, appending its journal lines to ``writer``; ``on_event`` sees
    every send, answer and wait (the command line logs them)."""
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="skuwire-push") if concurrency > 1 else None
    running: Dict[Future, "skuwire.PushAction"] = {}
    sent_at: Dict[int, float] = {}

    def event(kind: str, **data: Any) -> None:
        if on_event is not None:
            on_event(kind, data)

    def answered(act: "skuwire.PushAction", result: Union[Answer, NoAnswer]) -> None:
        assert act.call is not None
        latency = time.monotonic() - sent_at.pop(act.call, time.monotonic())
        captured: List["skuwire.Outcome"] = []

        def keep(positions: List[int], outcome: "skuwire.Outcome") -> None:
            captured.append(outcome)
            if on_answer is not None:
                on_answer(positions, outcome)

        _feed(driver, act, result, keep)
        event("answer", call=act.call, attempt=act.attempt, positions=list(act.positions),
              status=None if isinstance(result, NoAnswer) else result.status, error=str(result) if isinstance(result, NoAnswer) else None,
              latency_ms=round(latency * 1000), outcome=captured[0] if captured else None)

    try:
        while True:
            act = driver.next(time.time())
            if act.kind == "send":
                writer.write(driver.take_journal())  # before the request goes out
                assert act.request is not None and act.call is not None
                event("send", call=act.call, attempt=act.attempt, positions=list(act.positions), retry=act.retry)
                sent_at[act.call] = time.monotonic()
                if pool is None:
                    answered(act, _call(send, act.request))
                    writer.write(driver.take_journal())
                else:
                    running[pool.submit(_call, send, act.request)] = act
                continue
            if act.kind == "done":
                break
            if act.wait is not None:
                event("wait", seconds=act.wait, in_flight=len(running))
            if running:
                done, _ = wait(list(running), timeout=act.wait, return_when=FIRST_COMPLETED)
                for fut in done:
                    answered(running.pop(fut), fut.result())
                    writer.write(driver.take_journal())
            elif act.wait is not None:
                time.sleep(act.wait)
            else:  # pragma: no cover - the driver never waits on nothing
                raise skuwire.SkuwireError("push driver waits for an answer with none in flight", code="internal")
    finally:
        # On an exception (Ctrl-C…) calls still in flight are left to the
        # journal: a resumed push resends an upsert's, reports the others unknown.
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    return driver.report()


async def apush(client: "skuwire.Client", op: "skuwire.types.PushOperationName", items: Any, *, http: Any = None, journal: Any = None,
                on_invalid: str = "skip", concurrency: int = 1, rate: Optional[float] = None, rate_margin: float = 0.05,
         timeout: float = 30.0,
                seed: Optional[int] = None, max_attempts: int = 6, backoff_base: float = 0.5, backoff_cap: float = 30.0,
                max_items: Optional[int] = None, max_body_bytes: Optional[int] = None, strict: bool = False,
         lax: bool = False, nest: Any = None, nest_key: Any = None,
                resend_unknown: bool = False, resend_rejected: bool = False,
                on_answer: Optional[OnAnswer] = None) -> "skuwire.PushReport":
    """See ``Client.apush``."""
    _check_sender_options(timeout, journal, on_answer)
    kw = dict(on_invalid=on_invalid, concurrency=concurrency, rate=rate, rate_margin=rate_margin, seed=seed, max_attempts=max_attempts,
              backoff_base=backoff_base, backoff_cap=backoff_cap, max_items=max_items, max_body_bytes=max_body_bytes,
              strict=strict, lax=lax, nest=nest, nest_key=nest_key, resend_unknown=resend_unknown, resend_rejected=resend_rejected)
    send, owned = async_sender(http, timeout)
    running: Dict["asyncio.Future[Any]", "skuwire.PushAction"] = {}

    async def call(request: "skuwire.Request") -> Union[Answer, NoAnswer]:
        try:
            return await send(request)
        except NoAnswer as e:
            return e

    try:
        driver, writer = _start(client, op, items, journal, kw)
        try:
            while True:
                act = driver.next(time.time())
                if act.kind == "send":
                    writer.write(driver.take_journal())
                    assert act.request is not None
                    running[asyncio.ensure_future(call(act.request))] = act
                    continue
                if act.kind == "done":
                    break
                if running:
                    done, _ = await asyncio.wait(list(running), timeout=act.wait, return_when=asyncio.FIRST_COMPLETED)
                    for task in done:
                        _feed(driver, running.pop(task), task.result(), on_answer)
                        writer.write(driver.take_journal())
                elif act.wait is not None:
                    await asyncio.sleep(act.wait)
                else:  # pragma: no cover
                    raise skuwire.SkuwireError("push driver waits for an answer with none in flight", code="internal")
        finally:
            for task in running:
                task.cancel()
            writer.close()
    finally:
        if owned is not None:
            await owned.aclose()
    return driver.report()


__all__ = ["Journal", "push", "apush", "run"]
