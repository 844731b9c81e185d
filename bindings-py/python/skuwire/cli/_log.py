"""The command line's log: Python's ``logging`` (logger ``skuwire.cli``) on
stderr, as text or JSON Lines, secrets redacted.

Levels: the default shows warnings — among them every backoff wait (how
long, and why); ``-v`` adds one record per call (op, batch, attempt, HTTP
status, outcome, retry advice, latency); ``-vv`` debug; ``-q`` errors only.
Each record carries its fields as ``record.fields`` (a dict); the JSON
format writes them as keys, the text format as ``key=value``. A progress
bar on the same terminal is cleared before a line is written and drawn
again after it.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Any, Dict, Iterable, Optional, TextIO

from ._text import Redactor, dumps

LOGGER = logging.getLogger("skuwire.cli")
FORMATS = ("text", "json")


class _Terminal:
    """What else draws on the log's stream (the progress bar)."""

    progress: Any = None


TERMINAL = _Terminal()


def level_for(verbose: int, quiet: int) -> int:
    if quiet:
        return logging.ERROR
    return {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)


class _Formatter(logging.Formatter):
    def __init__(self, fmt: str, redact: Redactor) -> None:
        super().__init__()
        self.fmt = fmt
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        fields: Dict[str, Any] = dict(getattr(record, "fields", None) or {})
        message = record.getMessage()
        if self.fmt == "json":
            rec = {
                "time": _dt.datetime.fromtimestamp(record.created, _dt.timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(),
                "event": getattr(record, "event", None) or "message",
                "message": message,
            }
            rec.update(fields)
            return self.redact(dumps(rec))
        extra = " ".join("%s=%s" % (k, _text(v)) for k, v in fields.items() if v is not None)
        return self.redact("skuwire: %s%s" % (message, (" [" + extra + "]") if extra and getattr(record, "show_fields", True) else ""))


def _text(v: Any) -> str:
    s = v if isinstance(v, str) else dumps(v)
    return s if s and " " not in s else dumps(s)


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes lines between redraws of the progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        progress = TERMINAL.progress
        if progress is not None:
            progress.clear()
        super().emit(record)
        if progress is not None:
            progress.redraw()


def setup(stream: TextIO, verbose: int = 0, quiet: int = 0, fmt: str = "text", secrets: Iterable[str] = ()) -> logging.Handler:
    """Sends ``skuwire.cli`` records to ``stream``; returns the handler (pass it to :func:`teardown`)."""
    handler = _Handler(stream)
    handler.setFormatter(_Formatter(fmt, Redactor(secrets)))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level_for(verbose, quiet))
    LOGGER.propagate = False
    return handler


def add_secrets(handler: Optional[logging.Handler], secrets: Iterable[str]) -> None:
    """Redacts these too (credentials are known once a platform's endpoint is built)."""
    if handler is not None and isinstance(handler.formatter, _Formatter):
        handler.formatter.redact.add(secrets)


def teardown(handler: Optional[logging.Handler]) -> None:
    if handler is not None:
        LOGGER.removeHandler(handler)
        handler.flush()


def event(level: int, name: str, message: str, **fields: Any) -> None:
    """One record: ``name`` is its kind (``call``, ``backoff``…), ``fields`` its data."""
    LOGGER.log(level, message, extra={"event": name, "fields": fields})
