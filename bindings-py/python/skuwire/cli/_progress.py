"""A one-line progress bar on stderr, drawn only when stderr is a terminal
(a pipe or a CI log gets nothing, not a stream of carriage returns):
items done (of the total, when known), calls, rate and time left.

Log lines on the same terminal clear it first and draw it again after
(see ``_log``)."""

from __future__ import annotations

import time
from typing import Optional, TextIO

from . import _log


def _clock(secs: float) -> str:
    secs = int(max(secs, 0) + 0.5)
    h, rest = divmod(secs, 3600)
    m, s = divmod(rest, 60)
    return "%d:%02d:%02d" % (h, m, s) if h else "%d:%02d" % (m, s)


class Progress:
    def __init__(self, stream: TextIO, total: int, label: str, enabled: bool, unit: str = "rows") -> None:
        self.stream = stream
        #: Items expected; 0 when unknown (then no bar, and time left only from ``fraction``).
        self.total = max(total, 0)
        self.label = label
        self.unit = unit
        self.enabled = enabled and _isatty(stream)
        self.done = 0
        self.calls = 0
        #: Share of the work done when the caller knows it better than done/total (a query's windows).
        self.fraction: Optional[float] = None
        self.note = ""
        self._started = time.monotonic()
        self._drawn = 0.0
        self._width = 0
        if self.enabled:
            _log.TERMINAL.progress = self

    def update(self, done: int, calls: int, fraction: Optional[float] = None, note: str = "") -> None:
        self.done, self.calls = done, calls
        self.fraction = fraction
        self.note = note
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= 0.1 or (self.total and done >= self.total)):
            self._drawn = now
            self._draw(now)

    def line(self, now: float) -> str:
        """The bar as text (also for tests): items, calls, rate, time left."""
        elapsed = max(now - self._started, 1e-9)
        rate = self.done / elapsed
        frac = self.fraction if self.fraction is not None else (self.done / self.total if self.total else None)
        parts = [self.label]
        if self.total:
            width = 24
            filled = int(min(self.done / self.total, 1.0) * width)
            parts.append("[%s%s] %s/%s %s" % ("#" * filled, "." * (width - filled), format(self.done, ","), format(self.total, ","), self.unit))
        else:
            parts.append("%s %s" % (format(self.done, ","), self.unit))
        parts.append("%s calls" % format(self.calls, ","))
        parts.append("%.0f %s/s" % (rate, self.unit) if rate >= 10 else "%.1f %s/s" % (rate, self.unit))
        if self.note:
            parts.append(self.note)
        if frac is not None and 0 < frac < 1:
            parts.append("ETA %s" % _clock(elapsed * (1 - frac) / frac))
        elif frac is not None and frac >= 1:
            parts.append("done in %s" % _clock(elapsed))
        else:
            parts.append("elapsed %s" % _clock(elapsed))
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def clear(self) -> None:
        """Erases the bar (a log line is about to be written)."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()

    def redraw(self) -> None:
        if self.enabled and self._width:
            self._width = 0
            self._draw(time.monotonic())

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            if _log.TERMINAL.progress is self:
                _log.TERMINAL.progress = None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
