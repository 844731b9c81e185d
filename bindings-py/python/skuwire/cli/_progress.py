"""A one-line progress bar on stderr, drawn only when stderr is a terminal
(a pipe or a CI log gets nothing, not a stream of carriage returns)."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO, total: int, label: str, enabled: bool) -> None:
        self.stream = stream
        self.total = max(total, 0)
        self.label = label
        self.enabled = enabled and _isatty(stream)
        self.done = 0
        self.calls = 0
        self._started = time.monotonic()
        self._drawn = 0.0

    def update(self, done: int, calls: int) -> None:
        self.done, self.calls = done, calls
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= 0.1 or done >= self.total):
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        width = 30
        frac = self.done / self.total if self.total else 1.0
        filled = int(frac * width)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write("\r%s [%s] %d/%d rows  %d calls  %.1fs " % (
            self.label, bar, self.done, self.total, self.calls, now - self._started))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
